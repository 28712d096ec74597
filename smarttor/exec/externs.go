package exec

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/extern"

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
		if !ctr.cells.Count(b, w.ingressLen) {
			w.runtimeError(c, pc, fmt.Sprintf("counter %s index %d out of range", ctr.ir.Name, b))
		}
	case ir.OpMeter:
		m := p.meters[in.A]
		color, ok := m.cells.Execute(a[in.B], w.ingressLen)
		if !ok {
			w.runtimeError(c, pc, fmt.Sprintf("meter %s index %d out of range", m.ir.Name, a[in.B]))
		}
		a[in.Dst] = uint64(color) & mask(in.W)
	case ir.OpDirectMeter:
		a[in.Dst] = 0
		if e := w.running; e != nil && e.stats != nil {
			n := uint64(1)
			if p.meters[in.A].ir.Bytes {
				n = w.ingressLen
			}
			a[in.Dst] = uint64(e.stats.meter.Execute(time.Duration(w.nowNanos()), n)) & mask(in.W)
		}
	case ir.OpRegRead:
		r := p.registers[in.A]
		if in.W > 64 {
			dst := a[in.Dst : int(in.Dst)+ir.Words(int(in.W))]
			if !r.cells.ReadWords(a[in.B], dst) {
				clear(dst)
				w.runtimeError(c, pc, fmt.Sprintf("register %s index %d out of range", r.ir.Name, a[in.B]))
			}
			break
		}
		v, ok := r.cells.ReadUint(a[in.B])
		if !ok {
			w.runtimeError(c, pc, fmt.Sprintf("register %s index %d out of range", r.ir.Name, a[in.B]))
		}
		a[in.Dst] = v & mask(in.W)
	case ir.OpRegWrite:
		r := p.registers[in.A]
		if width := r.cells.Width(); width > 64 {
			if !r.cells.WriteWords(a[in.B], a[in.C:int(in.C)+ir.Words(width)]) {
				w.runtimeError(c, pc, fmt.Sprintf("register %s index %d out of range", r.ir.Name, a[in.B]))
			}
			break
		}
		if !r.cells.WriteUint(a[in.B], a[in.C]) {
			w.runtimeError(c, pc, fmt.Sprintf("register %s index %d out of range", r.ir.Name, a[in.B]))
		}
	case ir.OpHash:
		h := prog.Hashes[in.A]
		sum := p.hashers[h.Algo].Sum(w.pack(prog.Lists[h.List], h.Valid, false))
		w.setResult(in, extern.HashOffset(sum, a[h.Base], a[h.Max]))
	case ir.OpRandom:
		w.setResult(in, p.rand.Between(a[in.A], a[in.B]))
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
	if pc < len(c.Pos) {
		if s := w.p.prog.Position(c.Pos[pc]); s != "" {
			return s
		}
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

type counter struct {
	ir    *ir.Counter
	cells *extern.Counter
}

type register struct {
	ir    *ir.Register
	cells *extern.Register
}

type meter struct {
	ir    *ir.Meter
	cells *extern.Meter
}

// MeterConfig is a meter's configuration (P4Runtime MeterConfig): rates
// in units (packets or bytes) per second, bursts in units.
type MeterConfig = extern.MeterConfig

// setResult stores the at most 64-bit result v of an extern into the
// W-bit destination of in: masked, or zero-extended into the low word of
// a destination wider than 64 bits.
func (w *Worker) setResult(in *ir.Instr, v uint64) {
	if in.W <= 64 {
		w.arena[in.Dst] = v & mask(in.W)
		return
	}
	dst := w.arena[in.Dst : int(in.Dst)+ir.Words(int(in.W))]
	clear(dst)
	dst[len(dst)-1] = v
}
