package exec

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// runExtern runs the extern-call opcodes; false for an unknown opcode.
func (w *Worker) runExtern(c *ir.Code, pc int, in *ir.Instr, b uint64) bool {
	a := w.arena
	p := w.p
	prog := p.prog
	switch in.Op {
	case ir.OpCount:
		ctr := p.counters[in.A]
		if b >= uint64(len(ctr.cells)) {
			w.runtimeError(c, pc, fmt.Sprintf("counter %s index %d out of range", ctr.ir.Name, b))
			return true
		}
		ctr.cells[b].count(w.ingressLen)
	case ir.OpMeter:
		m := p.meters[in.A]
		idx := a[in.B]
		if idx >= uint64(len(m.cells)) {
			w.runtimeError(c, pc, fmt.Sprintf("meter %s index %d out of range", m.ir.Name, idx))
			return true
		}
		a[in.Dst] = uint64(m.execute(&m.cells[idx], w)) & mask(in.W)
	case ir.OpDirectMeter:
		a[in.Dst] = 0
		if e := w.running; e != nil && e.stats != nil {
			a[in.Dst] = uint64(p.meters[in.A].execute(&e.stats.meter, w)) & mask(in.W)
		}
	case ir.OpRegRead:
		r := p.registers[in.A]
		idx := a[in.B]
		if idx >= uint64(len(r.cells)) {
			a[in.Dst] = 0
			w.runtimeError(c, pc, fmt.Sprintf("register %s index %d out of range", r.ir.Name, idx))
			return true
		}
		a[in.Dst] = r.cells[idx].Load() & mask(in.W)
	case ir.OpRegWrite:
		r := p.registers[in.A]
		idx := a[in.B]
		if idx >= uint64(len(r.cells)) {
			w.runtimeError(c, pc, fmt.Sprintf("register %s index %d out of range", r.ir.Name, idx))
			return true
		}
		r.cells[idx].Store(a[in.C] & ir.Mask(r.ir.Width))
	case ir.OpHash:
		h := prog.Hashes[in.A]
		sum := p.hashers[h.Algo].sum(w, w.pack(prog.Lists[h.List]))
		base, max := a[h.Base], a[h.Max]
		v := base
		if max != 0 {
			v = base + sum%max
		}
		a[in.Dst] = v & mask(in.W)
	case ir.OpRandom:
		lo, hi := a[in.A], a[in.B]
		v := lo
		if hi > lo {
			v = lo + w.random()%(hi-lo+1)
		}
		a[in.Dst] = v & mask(in.W)
	case ir.OpDigest:
		w.digest(int(in.A), prog.Lists[in.B])
	case ir.OpClone:
		w.clone = cloneReq{set: true, session: uint32(a[in.A]), typ: in.K, fl: int(in.B)}
	case ir.OpResubmit:
		w.resubmit, w.resubmitFL = true, int(in.A)
	case ir.OpRecirculate:
		w.recirc, w.recircFL = true, int(in.A)
	case ir.OpTruncate:
		w.truncate = int(a[in.A])
	case ir.OpAssert, ir.OpAssume:
		if a[in.A] == 0 {
			w.s.stats.assertFailures.Add(1)
			if w.trace != nil {
				w.tracef("%s failed at %s", in.Op, w.position(c, pc))
			}
		}
	case ir.OpLog:
		if w.trace != nil {
			w.tracef("log_msg: %s", w.format(prog.Messages[in.A], int(in.B)))
		}
	case ir.OpVerifyCsum:
		ck := prog.Checksums[in.A]
		if a[ck.Cond] != 0 && w.checksum(ck) != a[ck.Field] {
			a[prog.Std.ChecksumError] = 1
			if w.trace != nil {
				w.tracef("checksum error at %s", w.position(c, pc))
			}
		}
	case ir.OpUpdateCsum:
		ck := prog.Checksums[in.A]
		if a[ck.Cond] != 0 {
			a[ck.Field] = w.checksum(ck)
		}
	default:
		return false
	}
	return true
}

// format expands the {} of a log_msg format with the list's values.
func (w *Worker) format(msg string, list int) string {
	if list < 0 {
		return msg
	}
	var sb strings.Builder
	for _, o := range w.p.prog.Lists[list] {
		i := strings.Index(msg, "{}")
		if i < 0 {
			break
		}
		sb.WriteString(msg[:i])
		if o.Width <= 64 {
			sb.WriteString(strconv.FormatUint(w.arena[o.Slot], 10))
		} else {
			fmt.Fprintf(&sb, "0x%x", ir.AppendBytes(nil, w.arena[o.Slot:], o.Width))
		}
		msg = msg[i+2:]
	}
	sb.WriteString(msg)
	return sb.String()
}

func (w *Worker) random() uint64 {
	// xorshift64*: cheap, per worker, no locks.
	x := w.rng
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	w.rng = x
	return x * 0x2545f4914f6cdd1d
}

func (w *Worker) digest(d int, list []ir.Operand) {
	box := w.s.sink.Load()
	w.s.stats.digests.Add(1)
	if box == nil {
		return
	}
	total := 0
	for _, o := range list {
		total += (o.Width + 7) / 8
	}
	if cap(w.dbuf) < total {
		w.dbuf = make([]byte, 0, total)
	}
	buf := w.dbuf[:0]
	w.dmsg.Fields = w.dmsg.Fields[:0]
	for _, o := range list {
		start := len(buf)
		buf = ir.AppendBytes(buf, w.arena[o.Slot:int(o.Slot)+ir.Words(o.Width)], o.Width)
		w.dmsg.Fields = append(w.dmsg.Fields, buf[start:len(buf):len(buf)])
	}
	w.dbuf = buf
	w.dmsg.Digest = d
	w.dmsg.ID = w.p.prog.Digests[d].ID
	if w.trace != nil {
		w.tracef("digest %s", w.p.prog.Digests[d].Name)
	}
	box.s.Digest(&w.dmsg)
}

func (w *Worker) position(c *ir.Code, pc int) string {
	if pc < len(c.Pos) && c.Pos[pc].IsValid() && w.p.fset != nil {
		return w.p.fset.Position(c.Pos[pc]).String()
	}
	return fmt.Sprintf("%s+%d", c.Name, pc)
}

func (w *Worker) runtimeError(c *ir.Code, pc int, msg string) {
	w.s.stats.runtimeErrors.Add(1)
	if w.trace != nil {
		w.tracef("%s: %s", w.position(c, pc), msg)
	}
}

func (w *Worker) tracef(format string, args ...any) {
	if w.trace != nil {
		w.trace(fmt.Sprintf(format, args...))
	}
}

// counterCell is one counter: packets and bytes, updated atomically.
type counterCell struct {
	packets, bytes atomic.Uint64
}

func (c *counterCell) count(bytes uint64) {
	c.packets.Add(1)
	c.bytes.Add(bytes)
}

type counter struct {
	ir    *ir.Counter
	cells []counterCell
}

type register struct {
	ir    *ir.Register
	cells []atomic.Uint64
}

// Meter colors (v1model).
const (
	ColorGreen  = 0
	ColorYellow = 1
	ColorRed    = 2
)

// MeterConfig is a two-rate three-color meter's configuration (RFC 2698):
// rates in units (packets or bytes) per second, bursts in units.
type MeterConfig struct {
	CIR, CBurst, PIR, PBurst uint64
}

// meterCell is one trTCM; unconfigured it marks everything green.
type meterCell struct {
	mu     sync.Mutex
	cfg    MeterConfig
	set    bool
	tc, tp float64
	last   int64
}

type meter struct {
	ir    *ir.Meter
	cells []meterCell
	clock func() int64
}

func newMeter(m *ir.Meter, clock func() int64) *meter {
	return &meter{ir: m, cells: make([]meterCell, m.Size), clock: clock}
}

func (m *meter) execute(c *meterCell, w *Worker) int {
	n := 1.0
	if m.ir.Bytes {
		n = float64(w.ingressLen)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set {
		return ColorGreen
	}
	now := w.nowNanos()
	dt := float64(now-c.last) / 1e9
	if dt < 0 {
		dt = 0
	}
	c.last = now
	c.tc = minf(float64(c.cfg.CBurst), c.tc+float64(c.cfg.CIR)*dt)
	c.tp = minf(float64(c.cfg.PBurst), c.tp+float64(c.cfg.PIR)*dt)
	switch {
	case c.tp < n:
		return ColorRed
	case c.tc < n:
		c.tp -= n
		return ColorYellow
	}
	c.tp -= n
	c.tc -= n
	return ColorGreen
}

func (c *meterCell) configure(cfg *MeterConfig, now int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cfg == nil {
		c.set = false
		return
	}
	c.cfg, c.set = *cfg, true
	c.tc, c.tp, c.last = float64(cfg.CBurst), float64(cfg.PBurst), now
}

func (c *meterCell) config() (MeterConfig, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg, c.set
}

func minf(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}
