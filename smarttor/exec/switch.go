package exec

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/extern"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// MaxPasses bounds the ingress passes (resubmits, recirculations) and
// clones one received frame may cause.
const MaxPasses = 16

// Switch is a v1model switch running one pipeline at a time. All its
// methods are safe for concurrent use.
type Switch struct {
	pipe  atomic.Pointer[Pipeline]
	pool  sync.Pool
	mu    sync.Mutex // serializes writers of pre and value sets
	pre   atomic.Pointer[pre]
	sink  atomic.Pointer[sinkBox]
	trace atomic.Pointer[traceBox]
	clock func() int64
	stats stats
}

// Option configures a Switch.
type Option func(*Switch)

// WithClock sets the clock (nanoseconds) used for idle-timeout
// bookkeeping and meters; tests pass a fake one.
func WithClock(now func() int64) Option { return func(s *Switch) { s.clock = now } }

// New returns a switch without a pipeline: Process drops every packet
// until SetProgram.
func New(opts ...Option) *Switch {
	s := &Switch{clock: func() int64 { return time.Now().UnixNano() }}
	for _, o := range opts {
		o(s)
	}
	s.pre.Store(&pre{groups: map[uint32][]Replica{}, sessions: map[uint32]*CloneSession{}})
	s.pool.New = func() any { return s.NewWorker() }
	return s
}

// Pipeline is a program with its runtime state: tables, externs, value
// sets. It is created by SetProgram and replaced as a whole.
type Pipeline struct {
	prog      *ir.Program
	tables    []*table
	counters  []*counter
	meters    []*meter
	registers []*register
	valueSets []atomic.Pointer[valueSet]
	profiles  []*profile
	hashers   []*extern.Hasher
	rand      *extern.Rand
	// ingressLocks and egressLocks are the registers the blocks
	// read-modify-write (see rmwRegisters).
	ingressLocks, egressLocks []*extern.Register
	ids                       map[uint32]int // P4 object id → index in its kind's slice
	// meta are the arena's spans [from, to) that are not headers or
	// header stack indexes: what simple_switch's reset_metadata clears
	// in a clone.
	meta      [][2]int
	actionIDs map[uint32]int
}

// Program returns the pipeline's program.
func (p *Pipeline) Program() *ir.Program { return p.prog }

// SetProgram installs a new pipeline for prog with empty tables (constant
// entries and default actions installed), zeroed externs and empty value
// sets. Traces and runtime errors name source positions as file:line:col
// when prog.Files is set. Packets in flight finish on the old pipeline.
func (s *Switch) SetProgram(prog *ir.Program) error {
	p, err := newPipeline(prog, s.clock)
	if err != nil {
		return err
	}
	s.pipe.Store(p)
	return nil
}

// Pipeline returns the current pipeline, or nil.
func (s *Switch) Pipeline() *Pipeline { return s.pipe.Load() }

func newPipeline(prog *ir.Program, clock func() int64) (*Pipeline, error) {
	if prog == nil || prog.Parser == nil || len(prog.Parser.States) == 0 || prog.Ingress == nil {
		return nil, fmt.Errorf("%w: incomplete program", ErrInvalid)
	}
	p := &Pipeline{prog: prog, ids: map[uint32]int{}, actionIDs: map[uint32]int{}}
	for i, a := range prog.Actions {
		p.actionIDs[a.ID] = i
	}
	for i, t := range prog.Tables {
		tb, err := newTable(p, i, t)
		if err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name, err)
		}
		p.tables = append(p.tables, tb)
		p.ids[t.ID] = i
	}
	for i, c := range prog.Counters {
		p.counters = append(p.counters, &counter{ir: c, cells: extern.NewCounter(c.Size)})
		p.ids[c.ID] = i
	}
	for i, m := range prog.Meters {
		unit := extern.MeterPackets
		if m.Bytes {
			unit = extern.MeterBytes
		}
		p.meters = append(p.meters, &meter{ir: m, cells: extern.NewMeter(m.Size, unit, func() time.Duration { return time.Duration(clock()) })})
		p.ids[m.ID] = i
	}
	for i, r := range prog.Registers {
		cells, err := extern.NewRegister(r.Size, r.Width)
		if err != nil {
			return nil, fmt.Errorf("register %q: %w", r.Name, err)
		}
		p.registers = append(p.registers, &register{ir: r, cells: cells})
		p.ids[r.ID] = i
	}
	p.valueSets = make([]atomic.Pointer[valueSet], len(prog.ValueSets))
	for i, v := range prog.ValueSets {
		p.ids[v.ID] = i
		p.valueSets[i].Store(&valueSet{})
	}
	for i, d := range prog.Digests {
		p.ids[d.ID] = i
	}
	for i, ap := range prog.ActionProfiles {
		pr := &profile{ir: ap}
		pr.state.Store(&profileState{members: map[uint32]*entry{}, groups: map[uint32][]uint32{}})
		for _, t := range p.tables {
			if t.ir.Profile == i && pr.table == nil {
				pr.table = t
			}
		}
		p.profiles = append(p.profiles, pr)
		p.ids[ap.ID] = i
	}
	var err error
	if p.hashers, err = newHashers(); err != nil {
		return nil, err
	}
	p.rand = extern.NewRand(uint64(clock()))
	p.ingressLocks = p.locksOf(prog.Ingress)
	p.egressLocks = p.locksOf(prog.Egress)
	p.meta = metaSpans(prog)
	return p, nil
}

// metaSpans returns the spans of prog's arena that hold metadata: all but
// the headers (validity, fields, varbit length) and the stacks' indexes.
func metaSpans(prog *ir.Program) [][2]int {
	keep := make([]bool, prog.Slots)
	for _, h := range prog.Headers {
		for i := int(h.Valid); i < int(h.Valid)+h.Words && i < len(keep); i++ {
			keep[i] = true
		}
	}
	for _, s := range prog.StackNext {
		if int(s) < len(keep) {
			keep[s] = true
		}
	}
	var spans [][2]int
	for i := 0; i < len(keep); {
		if keep[i] {
			i++
			continue
		}
		j := i
		for j < len(keep) && !keep[j] {
			j++
		}
		spans = append(spans, [2]int{i, j})
		i = j
	}
	return spans
}

// Stats are the switch's packet counters.
type Stats struct {
	Received, Sent, Dropped uint64
	// ParserErrors counts packets whose parser ended in an error;
	// AssertFailures failed assert/assume; RuntimeErrors out-of-range
	// extern indexes and pass limits hit.
	ParserErrors, AssertFailures, RuntimeErrors uint64
	Digests                                     uint64
}

type stats struct {
	received, sent, dropped                     atomic.Uint64
	parserErrors, assertFailures, runtimeErrors atomic.Uint64
	digests                                     atomic.Uint64
}

// Stats returns the counters.
func (s *Switch) Stats() Stats {
	return Stats{Received: s.stats.received.Load(), Sent: s.stats.sent.Load(), Dropped: s.stats.dropped.Load(),
		ParserErrors: s.stats.parserErrors.Load(), AssertFailures: s.stats.assertFailures.Load(),
		RuntimeErrors: s.stats.runtimeErrors.Load(), Digests: s.stats.digests.Load()}
}

// DigestMessage is one digest() call: the digest's index and id in the
// program, and its field values as canonical big-endian bytes
// (ceil(width/8) each). Fields are valid only during the DigestSink call.
type DigestMessage struct {
	Digest int
	ID     uint32
	Fields [][]byte
}

// DigestSink receives digests; it is called on the packet's goroutine and
// must not block for long (the P4Runtime server batches them).
type DigestSink interface {
	Digest(m *DigestMessage)
}

type sinkBox struct{ s DigestSink }

// SetDigestSink sets where digests go (nil drops them).
func (s *Switch) SetDigestSink(sink DigestSink) {
	if sink == nil {
		s.sink.Store(nil)
		return
	}
	s.sink.Store(&sinkBox{sink})
}

// TraceFunc receives one line per event of a packet's processing, like
// BMv2's --log-console: parser states, tables hit or missed and the action
// run, drops, log_msg output, assertion failures.
type TraceFunc func(line string)

type traceBox struct{ f TraceFunc }

// SetTrace turns tracing on (nil: off, at the cost of one nil check per
// event).
func (s *Switch) SetTrace(f TraceFunc) {
	if f == nil {
		s.trace.Store(nil)
		return
	}
	s.trace.Store(&traceBox{f})
}

// Process runs one frame received on ingressPort through the pipeline and
// calls out for every frame sent, in order, on the caller's goroutine.
// frame is only read, and not retained after Process returns; the frame
// passed to out is owned by the switch and valid only during that call.
// In steady state Process does not allocate.
func (s *Switch) Process(ingressPort uint32, frame []byte, out func(port uint32, frame []byte)) {
	w := s.pool.Get().(*Worker)
	w.Process(ingressPort, frame, out)
	s.pool.Put(w)
}
