package stf

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

// ErrMismatch is wrapped by the error Run returns when the packets sent
// differ from the expectations (see Mismatch).
var ErrMismatch = errors.New("packets differ from the expectations")

// Mismatch is the error of a run whose packets differ from the
// expectations; Report is the readable diff, port by port.
type Mismatch struct {
	File   string
	Report string
}

// Error returns the file, ErrMismatch's message and the report.
func (m *Mismatch) Error() string {
	return fmt.Sprintf("%s: %v:\n%s", m.File, ErrMismatch, m.Report)
}

// Unwrap returns ErrMismatch.
func (m *Mismatch) Unwrap() error { return ErrMismatch }

// Target is a compiled and lowered program that STF files run against,
// each on a fresh switch.
type Target struct {
	// Program is the compiled program.
	Program *compile.Program
	index   *p4info.Index
	// newSwitch returns a switch running the program.
	newSwitch func() (*exec.Switch, error)
}

// NewTarget compiles the P4 program at path (opts may be nil) and lowers
// it for the interpreter.
func NewTarget(path string, opts *compile.Options) (*Target, error) {
	prog, err := compile.Load(path, opts)
	if err != nil {
		return nil, err
	}
	idx, err := p4info.NewIndex(prog.P4Info)
	if err != nil {
		return nil, fmt.Errorf("indexing the P4Info of %s: %w", path, err)
	}
	low, err := lower.Lower(prog.Checked, prog.P4Info)
	if err != nil {
		return nil, err
	}
	return &Target{Program: prog, index: idx, newSwitch: func() (*exec.Switch, error) {
		// A frozen clock: meters see no time pass (their buckets never
		// refill) and random() is seeded the same every run, so runs are
		// reproducible.
		sw := exec.New(exec.WithClock(func() int64 { return 1e9 }))
		if err := sw.SetProgram(low); err != nil {
			return nil, fmt.Errorf("loading %s: %w", path, err)
		}
		return sw, nil
	}}, nil
}

// Run compiles the program at programPath, runs the STF file at stfPath
// against it and returns nil when every expectation is met. The log of
// the run (statements, packets in and out, the switch's trace) goes to
// log, which may be nil. A failed expectation is a *Mismatch; a bad
// statement an *Error ("file:line: message").
func Run(programPath, stfPath string, log io.Writer) error {
	f, err := ParseFile(stfPath)
	if err != nil {
		return err
	}
	t, err := NewTarget(programPath, nil)
	if err != nil {
		return err
	}
	return t.Run(f, log)
}

// run is the state of one STF run.
type run struct {
	t      *Target
	f      *File
	sw     *exec.Switch
	log    io.Writer
	ids    map[string]*exec.TableEntry // "= ID" entries
	auto   map[uint32]int32            // entries added so far per table
	nodes  map[uint64]mcNode           // mc_node_create handles
	next   uint64
	groups map[uint32][]uint64 // group → node handles, in association order
	pvs    map[uint32][]exec.ValueSetMember
	// members counts the members added to each action profile (by id).
	members map[uint32]uint32
	got     map[uint32][][]byte
	want    map[uint32][]*Expect
	any     map[uint32]bool
	// ports are the ports some packet or expect statement names: the
	// only interfaces bmv2stf gives simple_switch, so the only ports
	// whose output it sees.
	ports map[uint32]bool
}

type mcNode struct {
	rid   uint32
	ports []uint32
}

// Run runs f on a fresh switch (see the package function Run).
func (t *Target) Run(f *File, log io.Writer) error {
	sw, err := t.newSwitch()
	if err != nil {
		return err
	}
	r := &run{t: t, f: f, sw: sw, log: log, ids: map[string]*exec.TableEntry{}, auto: map[uint32]int32{},
		nodes: map[uint64]mcNode{}, groups: map[uint32][]uint64{}, pvs: map[uint32][]exec.ValueSetMember{}, members: map[uint32]uint32{},
		got: map[uint32][][]byte{}, want: map[uint32][]*Expect{}, any: map[uint32]bool{}, ports: namedPorts(f)}
	if log != nil {
		sw.SetTrace(func(line string) { fmt.Fprintf(log, "    | %s\n", line) })
	}
	for _, s := range f.Stmts {
		if err := r.exec(s); err != nil {
			var e *Error
			if errors.As(err, &e) {
				return err
			}
			return &Error{File: f.Name, Line: s.Pos(), Msg: err.Error(), Err: err}
		}
	}
	if rep := r.compare(); rep != "" {
		return &Mismatch{File: f.Name, Report: rep}
	}
	return nil
}

// namedPorts returns the ports the packet and expect statements of f
// name. bmv2stf starts simple_switch with one interface for each of
// them and nothing else, so a frame sent to any other port leaves
// through no interface and is never compared.
func namedPorts(f *File) map[uint32]bool {
	ports := map[uint32]bool{}
	for _, s := range f.Stmts {
		switch s := s.(type) {
		case *Packet:
			ports[s.Port] = true
		case *Expect:
			ports[s.Port] = true
		}
	}
	return ports
}

func (r *run) logf(format string, args ...any) {
	if r.log != nil {
		fmt.Fprintf(r.log, format, args...)
	}
}

func (r *run) exec(s Stmt) error {
	switch s := s.(type) {
	case *Packet:
		r.logf("%d: packet %d %X\n", s.Line, s.Port, s.Data)
		r.sw.Process(s.Port, s.Data, func(port uint32, frame []byte) {
			if !r.ports[port] {
				r.logf("    out %d %X (no such interface: lost)\n", port, frame)
				return
			}
			r.logf("    out %d %X\n", port, frame)
			r.got[port] = append(r.got[port], append([]byte(nil), frame...))
		})
	case *Expect:
		if s.Any {
			r.any[s.Port] = true
		} else {
			r.want[s.Port] = append(r.want[s.Port], s)
		}
	case *Add:
		r.logf("%d: add %s\n", s.Line, s.Table)
		return r.add(s)
	case *SetDefault:
		r.logf("%d: setdefault %s %s\n", s.Line, s.Table, s.Action.Name)
		t, err := findByName("table", s.Table, &r.t.index.Tables)
		if err != nil {
			return err
		}
		a, params, err := r.action(t, s.Action)
		if err != nil {
			return err
		}
		return r.sw.SetDefaultEntry(t.GetPreamble().GetId(), a, params)
	case *RemoveAll:
		for _, t := range r.t.index.Tables.All() {
			if err := r.sw.ClearTable(t.GetPreamble().GetId()); err != nil {
				return err
			}
		}
	case *CheckCounter:
		return r.checkCounter(s)
	case *Wait:
	case *Direct:
		r.logf("%d: %s %v\n", s.Line, s.Name, s.Args)
		return r.command(s)
	}
	return nil
}

func (r *run) add(s *Add) error {
	t, err := findByName("table", s.Table, &r.t.index.Tables)
	if err != nil {
		return err
	}
	fields := t.GetMatchFields()
	ms := make([]match.FieldMatch, len(fields))
	set := make([]bool, len(fields))
	for _, k := range s.Keys {
		i, err := keyField(t, k.Field)
		if err != nil {
			return err
		}
		f := fields[i]
		fm, err := matchValue(k.Value, kindOf(f), int(f.GetBitwidth()))
		if err != nil {
			return fmt.Errorf("key %q: %w", f.GetName(), err)
		}
		ms[i], set[i] = fm, true
	}
	// Omitted fields: bmv2stf fills in 0 (exact), 0/0 (lpm), 0&&&0 (ternary).
	for i, f := range fields {
		if set[i] {
			continue
		}
		switch kindOf(f) {
		case kindExact:
			ms[i] = match.FieldMatch{Value: []byte{0}}
		case kindLPM:
			ms[i] = match.FieldMatch{Value: []byte{0}, PrefixLen: 0}
		default:
			ms[i] = match.FieldMatch{Wildcard: true}
		}
	}
	a, params, err := r.action(t, s.Action)
	if err != nil {
		return err
	}
	id := t.GetPreamble().GetId()
	e := &exec.TableEntry{Table: id, Match: ms, Action: a, Params: params}
	if prof := t.GetImplementationId(); prof != 0 {
		// A table with an action profile or selector: as bmv2stf, the
		// action becomes a new member of the profile (handles from 0)
		// and the entry refers to it.
		m := r.members[prof]
		if err := r.sw.WriteProfileMember(exec.Insert, prof, m, a, params); err != nil {
			return fmt.Errorf("adding a member to the action profile of table %q: %w", t.GetPreamble().GetName(), err)
		}
		r.members[prof] = m + 1
		e.Action, e.Params, e.Indirect, e.Ref = 0, nil, exec.MemberRef, m
	}
	if needsPriority(t) {
		e.Priority = r.priority(id, s)
	}
	if err := r.sw.InsertEntry(e); err != nil {
		return fmt.Errorf("adding to table %q: %w", t.GetPreamble().GetName(), err)
	}
	if s.ID != "" {
		r.ids[s.ID] = e
	}
	return nil
}

// priority maps an STF priority to the engine's (larger wins, no two
// overlapping entries with the same priority): the STF priority p in the
// high bits, and in the low tieBits the order of insertion, so that of
// two entries with the same STF priority the one added first wins (our
// engine refuses ties, which BMv2 accepts; insertion order keeps runs
// reproducible). Entries added without a priority get priorities above
// every explicit one, in insertion order.
func (r *run) priority(table uint32, s *Add) int32 {
	seq := r.auto[table]
	r.auto[table] = seq + 1
	if !s.HasPriority {
		return math.MaxInt32 - seq
	}
	tie := max(int32(1<<tieBits-1)-seq, 0)
	return int32(s.Priority+1)<<tieBits | tie
}

// action resolves an action call of table t into its id and parameters
// (in the action's order, each fitted to its width).
func (r *run) action(t *p4configv1.Table, call ActionCall) (uint32, [][]byte, error) {
	a, err := tableAction(r.t.index, t, call.Name)
	if err != nil {
		return 0, nil, err
	}
	given := map[string]string{}
	for _, arg := range call.Args {
		if _, dup := given[arg.Name]; dup {
			return 0, nil, fmt.Errorf("action %q: argument %q given twice", a.GetPreamble().GetName(), arg.Name)
		}
		given[arg.Name] = arg.Value
	}
	var params [][]byte
	for _, p := range a.GetParams() {
		v, ok := given[p.GetName()]
		if !ok {
			return 0, nil, fmt.Errorf("action %q: missing argument %q", a.GetPreamble().GetName(), p.GetName())
		}
		delete(given, p.GetName())
		b, err := valueBytes(v, int(p.GetBitwidth()))
		if err != nil {
			return 0, nil, fmt.Errorf("action %q argument %q: %w", a.GetPreamble().GetName(), p.GetName(), err)
		}
		params = append(params, b)
	}
	for name := range given {
		return 0, nil, fmt.Errorf("action %q has no parameter %q", a.GetPreamble().GetName(), name)
	}
	return a.GetPreamble().GetId(), params, nil
}

func (r *run) checkCounter(s *CheckCounter) error {
	var d exec.CounterData
	if id, ok := strings.CutPrefix(s.Index, "$"); ok {
		e, found := r.ids[id]
		if !found {
			return fmt.Errorf("check_counter: no entry added with id %q", id)
		}
		if _, err := findByName("direct counter", s.Counter, &r.t.index.DirectCounters); err != nil {
			return err
		}
		got, err := r.sw.ReadEntry(e)
		if err != nil {
			return fmt.Errorf("check_counter: reading entry %q: %w", id, err)
		}
		d = got.Counter
	} else {
		c, err := findByName("counter", s.Counter, &r.t.index.Counters)
		if err != nil {
			return err
		}
		index, _ := parseUint(s.Index)
		if d, err = r.sw.ReadCounter(c.GetPreamble().GetId(), index); err != nil {
			return fmt.Errorf("check_counter: %w", err)
		}
	}
	v := d.Packets
	if s.Kind == "bytes" {
		v = d.Bytes
	}
	ok := false
	switch s.Op {
	case "==":
		ok = v == s.Value
	case "!=":
		ok = v != s.Value
	case "<":
		ok = v < s.Value
	case "<=":
		ok = v <= s.Value
	case ">":
		ok = v > s.Value
	case ">=":
		ok = v >= s.Value
	}
	r.logf("%d: check_counter %s(%s) %s = %d\n", s.Line, s.Counter, s.Index, s.Kind, v)
	if !ok {
		return fmt.Errorf("check_counter %s(%s): %s is %d, want %s %d (packets %d, bytes %d)",
			s.Counter, s.Index, s.Kind, v, s.Op, s.Value, d.Packets, d.Bytes)
	}
	return nil
}

// sortedPorts returns the ports that have packets or expectations.
func (r *run) sortedPorts() []uint32 {
	seen := map[uint32]bool{}
	for p := range r.got {
		seen[p] = true
	}
	for p := range r.want {
		seen[p] = true
	}
	var ports []uint32
	for p := range seen {
		ports = append(ports, p)
	}
	sort.Slice(ports, func(i, j int) bool { return ports[i] < ports[j] })
	return ports
}

func itoa(v uint32) string { return strconv.FormatUint(uint64(v), 10) }
