package exec

import (
	"math/bits"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// Results of run.
const (
	ctlEnd    = iota // end of code, or return
	ctlExit          // exit
	ctlAccept        // transition accept
	ctlReject        // transition reject
	ctlGoto          // transition to w.next
	ctlError         // parser error, stored in parser_error
)

// maxParserSteps bounds the states one parse visits (ParserTimeout).
const maxParserSteps = 1000

// maxBackJumps bounds the backward jumps (for loop iterations) of one run
// of a block or action: a loop that would not end is a runtime error that
// ends the block as exit does.
const maxBackJumps = 1 << 16

func mask(w uint16) uint64 { return ^uint64(0) >> (64 - uint(w)) }

func sext(v uint64, w uint64) int64 {
	s := 64 - w
	return int64(v<<s) >> s
}

// signedSat returns x |+| y (or x |-| y when sub) on w-bit signed values,
// clamped to [-2^(w-1), 2^(w-1)-1] and masked to w bits.
func signedSat(sub bool, x, y, w uint64) uint64 {
	a, b := sext(x, w), sext(y, w)
	lo, hi := int64(-1)<<(w-1), int64(^uint64(0)>>(65-w))
	var r int64
	if w < 64 {
		if sub {
			r = a - b
		} else {
			r = a + b
		}
		r = max(lo, min(hi, r))
	} else if sub {
		r = a - b
		if (a >= 0) != (b >= 0) && (r >= 0) != (a >= 0) {
			r = hi
			if a < 0 {
				r = lo
			}
		}
	} else {
		r = a + b
		if (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0) {
			r = hi
			if a < 0 {
				r = lo
			}
		}
	}
	return uint64(r) & mask(uint16(w))
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (w *Worker) parse() {
	pr := w.p.prog.Parser
	std := &w.p.prog.Std
	st := pr.Start
	for steps := 0; ; steps++ {
		if steps >= maxParserSteps {
			w.arena[std.ParserError] = ir.ErrParserTimeout
			break
		}
		s := pr.States[st]
		if w.trace != nil {
			w.tracef("parser state %s", s.Name)
		}
		switch w.run(s.Code) {
		case ctlGoto:
			st = w.next
			continue
		case ctlAccept:
			return
		case ctlReject, ctlEnd, ctlExit:
		case ctlError:
		}
		break
	}
	if e := w.arena[std.ParserError]; e != 0 {
		w.s.stats.parserErrors.Add(1)
		if w.trace != nil {
			w.tracef("parser error %s", w.errorName(e))
		}
	}
}

func (w *Worker) errorName(e uint64) string {
	if e < uint64(len(w.p.prog.Errors)) {
		return w.p.prog.Errors[e]
	}
	return "error?"
}

// run interprets c and reports how it ended.
func (w *Worker) run(c *ir.Code) int {
	a := w.arena
	p := w.p
	prog := p.prog
	ins := c.Instrs
	back := 0
	for pc := 0; pc < len(ins); pc++ {
		in := &ins[pc]
		var b uint64
		if in.Imm {
			b = in.K
		} else if in.B >= 0 && int(in.B) < len(a) {
			b = a[in.B]
		}
		switch in.Op {
		case ir.OpNop:
		case ir.OpConst:
			a[in.Dst] = in.K
		case ir.OpConstW:
			copy(a[in.Dst:], prog.Wide[in.A])
		case ir.OpMov:
			a[in.Dst] = a[in.A] & mask(in.W)
		case ir.OpMovN:
			copy(a[in.Dst:int(in.Dst)+int(in.K)], a[in.A:int(in.A)+int(in.K)])
		case ir.OpAdd:
			a[in.Dst] = (a[in.A] + b) & mask(in.W)
		case ir.OpSub:
			a[in.Dst] = (a[in.A] - b) & mask(in.W)
		case ir.OpMul:
			a[in.Dst] = (a[in.A] * b) & mask(in.W)
		case ir.OpDiv:
			if b == 0 {
				a[in.Dst] = 0
				w.runtimeError(c, pc, "division by zero")
			} else {
				a[in.Dst] = a[in.A] / b
			}
		case ir.OpMod:
			if b == 0 {
				a[in.Dst] = 0
				w.runtimeError(c, pc, "modulo by zero")
			} else {
				a[in.Dst] = a[in.A] % b
			}
		case ir.OpAnd:
			a[in.Dst] = a[in.A] & b
		case ir.OpOr:
			a[in.Dst] = a[in.A] | b
		case ir.OpXor:
			a[in.Dst] = a[in.A] ^ b
		case ir.OpShl:
			if b >= uint64(in.W) {
				a[in.Dst] = 0
			} else {
				a[in.Dst] = (a[in.A] << b) & mask(in.W)
			}
		case ir.OpShr:
			if b >= 64 {
				a[in.Dst] = 0
			} else {
				a[in.Dst] = a[in.A] >> b
			}
		case ir.OpSar:
			if b > 63 {
				b = 63
			}
			a[in.Dst] = uint64(sext(a[in.A], uint64(in.W))>>b) & mask(in.W)
		case ir.OpAddSat:
			s, carry := bits.Add64(a[in.A], b, 0)
			if carry != 0 || s > mask(in.W) {
				s = mask(in.W)
			}
			a[in.Dst] = s
		case ir.OpSubSat:
			if a[in.A] < b {
				a[in.Dst] = 0
			} else {
				a[in.Dst] = a[in.A] - b
			}
		case ir.OpSAddSat, ir.OpSSubSat:
			a[in.Dst] = signedSat(in.Op == ir.OpSSubSat, a[in.A], b, uint64(in.W))
		case ir.OpNot:
			a[in.Dst] = ^a[in.A] & mask(in.W)
		case ir.OpNeg:
			a[in.Dst] = -a[in.A] & mask(in.W)
		case ir.OpLNot:
			a[in.Dst] = b2u(a[in.A] == 0)
		case ir.OpEq:
			a[in.Dst] = b2u(a[in.A] == b)
		case ir.OpNe:
			a[in.Dst] = b2u(a[in.A] != b)
		case ir.OpLt:
			a[in.Dst] = b2u(a[in.A] < b)
		case ir.OpLe:
			a[in.Dst] = b2u(a[in.A] <= b)
		case ir.OpGt:
			a[in.Dst] = b2u(a[in.A] > b)
		case ir.OpGe:
			a[in.Dst] = b2u(a[in.A] >= b)
		case ir.OpSLt:
			a[in.Dst] = b2u(sext(a[in.A], in.K) < sext(b, in.K))
		case ir.OpSLe:
			a[in.Dst] = b2u(sext(a[in.A], in.K) <= sext(b, in.K))
		case ir.OpSGt:
			a[in.Dst] = b2u(sext(a[in.A], in.K) > sext(b, in.K))
		case ir.OpSGe:
			a[in.Dst] = b2u(sext(a[in.A], in.K) >= sext(b, in.K))
		case ir.OpEqW, ir.OpNeW:
			n := ir.Words(int(in.K))
			eq := true
			for i := 0; i < n; i++ {
				if a[int(in.A)+i] != a[int(in.B)+i] {
					eq = false
					break
				}
			}
			a[in.Dst] = b2u(eq == (in.Op == ir.OpEqW))
		case ir.OpAndW, ir.OpOrW, ir.OpXorW, ir.OpNotW:
			w.wideBitwise(in)
		case ir.OpSlice:
			a[in.Dst] = (a[in.A] >> in.K) & mask(in.W)
		case ir.OpSliceW:
			src := a[in.A : int(in.A)+ir.Words(int(in.C))]
			if in.W <= 64 {
				a[in.Dst] = wideBits(src, int(in.K), int(in.W))
				break
			}
			dst := a[in.Dst : int(in.Dst)+ir.Words(int(in.W))]
			for off := 0; off < int(in.W); off += 64 {
				k := min(64, int(in.W)-off)
				setBits(dst, off, k, wideBits(src, int(in.K)+off, k))
			}
		case ir.OpAddW, ir.OpSubW, ir.OpMulW, ir.OpDivW, ir.OpModW, ir.OpNegW,
			ir.OpShlW, ir.OpShrW, ir.OpSarW, ir.OpAddSatW, ir.OpSubSatW, ir.OpSAddSatW, ir.OpSSubSatW,
			ir.OpLtW, ir.OpLeW, ir.OpGtW, ir.OpGeW, ir.OpSLtW, ir.OpSLeW, ir.OpSGtW, ir.OpSGeW, ir.OpResizeW:
			w.wideArith(in, b)
		case ir.OpConcat:
			a[in.Dst] = (a[in.A]<<in.K | a[in.B]) & mask(in.W)
		case ir.OpConcatW:
			bw := int(in.K)
			dst := a[in.Dst : int(in.Dst)+ir.Words(int(in.W))]
			clear(dst)
			depositBits(dst, 0, a[in.B:int(in.B)+ir.Words(bw)], bw)
			depositBits(dst, bw, a[in.A:int(in.A)+ir.Words(int(in.W)-bw)], int(in.W)-bw)
		case ir.OpSetSliceW:
			depositBits(a[in.Dst:int(in.Dst)+ir.Words(int(in.C))], int(in.K), a[in.A:int(in.A)+ir.Words(int(in.W))], int(in.W))
		case ir.OpSext:
			a[in.Dst] = uint64(sext(a[in.A], in.K)) & mask(in.W)
		case ir.OpJmp:
			if int(in.K) <= pc {
				if back++; back > maxBackJumps {
					w.runtimeError(c, pc, "loop iteration limit reached")
					return ctlExit
				}
			}
			pc = int(in.K) - 1
		case ir.OpJz:
			if a[in.A] == 0 {
				pc = int(in.K) - 1
			}
		case ir.OpJnz:
			if a[in.A] != 0 {
				pc = int(in.K) - 1
			}
		case ir.OpJeqK:
			if a[in.A] == in.K {
				pc = int(in.C) - 1
			}
		case ir.OpJneK:
			if a[in.A] != in.K {
				pc = int(in.C) - 1
			}
		case ir.OpJeq:
			if a[in.A] == a[in.B] {
				pc = int(in.C) - 1
			}
		case ir.OpJne:
			if a[in.A] != a[in.B] {
				pc = int(in.C) - 1
			}
		case ir.OpIsValid:
			a[in.Dst] = a[prog.Headers[in.A].Valid]
		case ir.OpSetValid:
			a[prog.Headers[in.A].Valid] = 1
		case ir.OpSetInvalid:
			a[prog.Headers[in.A].Valid] = 0
		case ir.OpApply:
			if w.apply(p.tables[in.A]) == ctlExit {
				return ctlExit
			}
		case ir.OpCall:
			if w.run(prog.Actions[in.A].Code) == ctlExit {
				return ctlExit
			}
		case ir.OpCallX:
			a[in.Dst] = b2u(w.run(prog.Actions[in.A].Code) == ctlExit)
		case ir.OpExit:
			return ctlExit
		case ir.OpReturn:
			return ctlEnd
		case ir.OpMarkToDrop:
			a[prog.Std.EgressSpec] = ir.DropPort
			a[prog.Std.McastGrp] = 0
		case ir.OpExtract:
			if !w.extract(prog.Headers[in.A]) {
				return ctlError
			}
		case ir.OpExtractVar:
			if !w.extractVar(prog.Headers[in.A], a[in.B]) {
				return ctlError
			}
		case ir.OpAdvance:
			n := a[in.A]
			if n%8 != 0 {
				// BMv2 advances by whole bytes only.
				a[prog.Std.ParserError] = ir.ErrParserInvalidArgument
				return ctlError
			}
			if uint64(w.cursor)+n > uint64(len(w.in))*8 {
				a[prog.Std.ParserError] = ir.ErrPacketTooShort
				return ctlError
			}
			w.cursor += int(n)
		case ir.OpLookahead:
			off := w.cursor + int(in.K)
			if in.K > 1<<20 || off+int(in.W) > len(w.in)*8 {
				a[prog.Std.ParserError] = ir.ErrPacketTooShort
				return ctlError
			}
			if in.W <= 64 {
				a[in.Dst] = getBits(w.in, off, int(in.W))
			} else {
				getWideBits(a[in.Dst:int(in.Dst)+ir.Words(int(in.W))], w.in, off, int(in.W))
			}
		case ir.OpVerify:
			if a[in.A] == 0 {
				a[prog.Std.ParserError] = in.K
				if in.C == 1 {
					a[prog.Std.ParserError] = b
				}
				return ctlError
			}
		case ir.OpEmit:
			w.emit(prog.Headers[in.A])
		case ir.OpAccept:
			return ctlAccept
		case ir.OpReject:
			return ctlReject
		case ir.OpGoto:
			w.next = int(in.K)
			return w.transition()
		case ir.OpSelect:
			if !w.selectState(prog.Selects[in.A]) {
				a[prog.Std.ParserError] = ir.ErrNoMatch
				return ctlError
			}
			return w.transition()
		default:
			if !w.runExtern(c, pc, in, b) {
				w.runtimeError(c, pc, "unknown opcode "+in.Op.String())
			}
		}
	}
	return ctlEnd
}

func (w *Worker) transition() int {
	switch w.next {
	case ir.StateAccept:
		return ctlAccept
	case ir.StateReject:
		return ctlReject
	}
	return ctlGoto
}

func (w *Worker) wideBitwise(in *ir.Instr) {
	a := w.arena
	n := ir.Words(int(in.W))
	for i := 0; i < n; i++ {
		x := a[int(in.A)+i]
		var r uint64
		switch in.Op {
		case ir.OpAndW:
			r = x & a[int(in.B)+i]
		case ir.OpOrW:
			r = x | a[int(in.B)+i]
		case ir.OpXorW:
			r = x ^ a[int(in.B)+i]
		case ir.OpNotW:
			r = ^x
		}
		if i == 0 {
			if top := int(in.W) % 64; top != 0 {
				r &= ir.Mask(top)
			}
		}
		a[int(in.Dst)+i] = r
	}
}

// wideBits returns w bits starting at bit lo (from the least significant
// end) of a wide value in words (most significant word first).
func wideBits(words []uint64, lo, w int) uint64 {
	n := len(words)
	wi := n - 1 - lo/64
	sh := uint(lo % 64)
	v := words[wi] >> sh
	if sh != 0 && wi > 0 {
		v |= words[wi-1] << (64 - sh)
	}
	return v & ir.Mask(w)
}

// setBits sets n ≤ 64 bits at bit lo (from the least significant end) of
// a wide value in words (most significant word first) to v.
func setBits(words []uint64, lo, n int, v uint64) {
	wi := len(words) - 1 - lo/64
	sh := uint(lo % 64)
	m := ir.Mask(n)
	v &= m
	words[wi] = words[wi]&^(m<<sh) | v<<sh
	if sh != 0 && int(sh)+n > 64 && wi > 0 {
		hm := ir.Mask(int(sh) + n - 64)
		words[wi-1] = words[wi-1]&^hm | v>>(64-sh)&hm
	}
}

// depositBits copies the n-bit value src (one word, or most significant
// word first) into bits [lo, lo+n) of the wide value dst.
func depositBits(dst []uint64, lo int, src []uint64, n int) {
	for off := 0; off < n; off += 64 {
		k := min(64, n-off)
		setBits(dst, lo+off, k, wideBits(src, off, k))
	}
}

func (w *Worker) selectState(s *ir.Select) bool {
	a := w.arena
	for ci := range s.Cases {
		c := &s.Cases[ci]
		ok := true
		for i := range c.Keysets {
			k := &c.Keysets[i]
			if k.Kind == ir.KeysetValueSet {
				ok = w.inValueSet(k.ValueSet, s.Keys)
				break
			}
			if key := s.Keys[i]; key.Width > 64 {
				if k.Kind != ir.KeysetDefault {
					ok = wideKeysetMatch(a[key.Slot:int(key.Slot)+ir.Words(key.Width)], k)
				}
				if !ok {
					break
				}
				continue
			}
			v := a[s.Keys[i].Slot]
			switch k.Kind {
			case ir.KeysetValue:
				ok = v == k.Value
			case ir.KeysetMask:
				ok = v&k.Mask == k.Value&k.Mask
			case ir.KeysetRange:
				ok = v >= k.Value && v <= k.High
			}
			if !ok {
				break
			}
		}
		if ok {
			w.next = c.Next
			return true
		}
	}
	return false
}

// wideKeysetMatch matches the key words v (a key wider than 64 bits)
// against a value, mask or range keyset.
func wideKeysetMatch(v []uint64, k *ir.Keyset) bool {
	if k.Wide == nil {
		return false
	}
	switch k.Kind {
	case ir.KeysetValue:
		return wideCmp(v, k.Wide.Value) == 0
	case ir.KeysetMask:
		for i := range v {
			if v[i]&k.Wide.Mask[i] != k.Wide.Value[i]&k.Wide.Mask[i] {
				return false
			}
		}
		return true
	case ir.KeysetRange:
		return wideCmp(v, k.Wide.Value) >= 0 && wideCmp(v, k.Wide.High) <= 0
	}
	return false
}

// getWideBits reads the w bits at bit offset off of b into the wide value
// dst (most significant word first).
func getWideBits(dst []uint64, b []byte, off, w int) {
	clear(dst)
	for lo := 0; lo < w; lo += 64 {
		k := min(64, w-lo)
		setBits(dst, lo, k, getBits(b, off+w-lo-k, k))
	}
}
