package ir

import (
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// CodeBuilder appends instructions to one Code. Expression methods
// allocate a temporary for their result and return it.
type CodeBuilder struct {
	b       *Builder
	code    *Code
	pos     syntax.Pos
	labels  []*Label
	done    bool
	boundAt int // the last pc a label was bound to, -1 for none
}

// Label is a jump target bound to a pc with Bind.
type Label struct {
	pc   int
	refs []int
}

// Code returns the code being built.
func (c *CodeBuilder) Code() *Code { return c.code }

// At sets the source position of the instructions that follow.
func (c *CodeBuilder) At(pos syntax.Pos) { c.pos = pos }

// Emit appends an instruction and returns its pc.
func (c *CodeBuilder) Emit(in Instr) int {
	c.code.Instrs = append(c.code.Instrs, in)
	c.code.Pos = append(c.code.Pos, c.pos)
	return len(c.code.Instrs) - 1
}

// NewLabel returns an unbound label.
func (c *CodeBuilder) NewLabel() *Label {
	l := &Label{pc: -1}
	c.labels = append(c.labels, l)
	return l
}

// Bind binds l to the next pc.
func (c *CodeBuilder) Bind(l *Label) {
	l.pc = len(c.code.Instrs)
	c.boundAt = l.pc
}

// Jump jumps to l.
func (c *CodeBuilder) Jump(l *Label) { l.refs = append(l.refs, c.Emit(Instr{Op: OpJmp})) }

// JumpIf jumps to l if cond is non-zero.
func (c *CodeBuilder) JumpIf(cond Value, l *Label) {
	if c.fuse(cond, l, true) {
		return
	}
	l.refs = append(l.refs, c.Emit(Instr{Op: OpJnz, A: cond.Slot}))
}

// JumpIfNot jumps to l if cond is zero.
func (c *CodeBuilder) JumpIfNot(cond Value, l *Label) {
	if c.fuse(cond, l, false) {
		return
	}
	l.refs = append(l.refs, c.Emit(Instr{Op: OpJz, A: cond.Slot}))
}

// fuse folds the computation of a branch condition into the branch when
// the condition is a temporary computed by the instruction just before
// (with no label bound in between): "eq/ne t = x, K" becomes one
// compare-and-branch, "lnot t = x" inverts the branch on x, and
// "isvalid t = h" branches on h's validity slot.
func (c *CodeBuilder) fuse(cond Value, l *Label, ifTrue bool) bool {
	{
		n := len(c.code.Instrs)
		if n == 0 || c.boundAt == n || cond.Slot < 0 || int(cond.Slot) >= len(c.b.p.SlotNames) ||
			!strings.HasPrefix(c.b.p.SlotNames[cond.Slot], "$t") {
			return false
		}
		prev := &c.code.Instrs[n-1]
		if prev.Dst != cond.Slot {
			return false
		}
		switch {
		case prev.Op == OpLNot:
			cond, ifTrue = Value{Slot: prev.A, Width: 1}, !ifTrue
			c.drop()
			if c.fuse(cond, l, ifTrue) {
				return true
			}
			c.branch(cond, l, ifTrue)
			return true
		case prev.Op == OpIsValid && int(prev.A) < len(c.b.p.Headers):
			valid := c.b.p.Headers[prev.A].Valid
			c.drop()
			c.branch(Value{Slot: valid, Width: 1}, l, ifTrue)
			return true
		case prev.Imm && (prev.Op == OpEq || prev.Op == OpNe):
			op := OpJneK
			if (prev.Op == OpEq) == ifTrue {
				op = OpJeqK
			}
			*prev = Instr{Op: op, A: prev.A, K: prev.K}
			l.refs = append(l.refs, n-1)
			return true
		case !prev.Imm && (prev.Op == OpEq || prev.Op == OpNe):
			op := OpJne
			if (prev.Op == OpEq) == ifTrue {
				op = OpJeq
			}
			*prev = Instr{Op: op, A: prev.A, B: prev.B}
			l.refs = append(l.refs, n-1)
			return true
		}
	}
	return false
}

// drop removes the last instruction.
func (c *CodeBuilder) drop() {
	n := len(c.code.Instrs) - 1
	c.code.Instrs, c.code.Pos = c.code.Instrs[:n], c.code.Pos[:n]
}

func (c *CodeBuilder) branch(cond Value, l *Label, ifTrue bool) {
	op := OpJz
	if ifTrue {
		op = OpJnz
	}
	l.refs = append(l.refs, c.Emit(Instr{Op: op, A: cond.Slot}))
}

// If runs then when cond is non-zero, else els (either may be nil).
func (c *CodeBuilder) If(cond Value, then, els func()) {
	elseL, end := c.NewLabel(), c.NewLabel()
	c.JumpIfNot(cond, elseL)
	if then != nil {
		then()
	}
	if els != nil {
		c.Jump(end)
	}
	c.Bind(elseL)
	if els != nil {
		els()
	}
	c.Bind(end)
}

func (c *CodeBuilder) finish() {
	if c.done {
		return
	}
	c.done = true
	for _, l := range c.labels {
		if l.pc < 0 && len(l.refs) > 0 {
			c.b.errorf("%s: jump to an unbound label", c.code.Name)
			continue
		}
		for _, r := range l.refs {
			if in := &c.code.Instrs[r]; in.Op == OpJeqK || in.Op == OpJneK || in.Op == OpJeq || in.Op == OpJne {
				in.C = Slot(l.pc)
			} else {
				in.K = uint64(l.pc)
			}
		}
	}
}

// Const returns a temporary holding v.
func (c *CodeBuilder) Const(width int, v uint64) Value {
	t := c.b.Temp(width)
	c.SetConst(t, v)
	return t
}

// ConstBytes returns a temporary holding the big-endian value v (any
// width).
func (c *CodeBuilder) ConstBytes(width int, v []byte) Value {
	t := c.b.Temp(width)
	c.SetBytes(t, v)
	return t
}

// SetConst assigns the constant v to dst (≤ 64 bits, or the low word of
// a wide dst).
func (c *CodeBuilder) SetConst(dst Value, v uint64) {
	if dst.Width > 64 {
		var be [8]byte
		for i := 0; i < 8; i++ {
			be[7-i] = byte(v >> (8 * i))
		}
		c.SetBytes(dst, be[:])
		return
	}
	c.Emit(Instr{Op: OpConst, Dst: dst.Slot, W: uint16(dst.Width), K: v & Mask(dst.Width)})
}

// SetBytes assigns the big-endian constant v to dst, truncated to its
// width.
func (c *CodeBuilder) SetBytes(dst Value, v []byte) {
	words := BytesToWords(v, dst.Width)
	if dst.Width <= 64 {
		c.Emit(Instr{Op: OpConst, Dst: dst.Slot, W: uint16(dst.Width), K: words[0]})
		return
	}
	c.b.p.Wide = append(c.b.p.Wide, words)
	c.Emit(Instr{Op: OpConstW, Dst: dst.Slot, W: uint16(dst.Width), A: Slot(len(c.b.p.Wide) - 1)})
}

// Assign copies src to dst; the widths must be equal (the lowering
// inserts casts).
func (c *CodeBuilder) Assign(dst, src Value) {
	if dst.Width != src.Width {
		c.b.errorf("%s: assignment of a %d-bit value to a %d-bit one", c.code.Name, src.Width, dst.Width)
		return
	}
	if dst.Width > 64 {
		c.Emit(Instr{Op: OpMovN, Dst: dst.Slot, A: src.Slot, W: uint16(dst.Width), K: uint64(Words(dst.Width))})
		return
	}
	c.Emit(Instr{Op: OpMov, Dst: dst.Slot, A: src.Slot, W: uint16(dst.Width)})
}

var signedOps = map[Op]Op{OpLt: OpSLt, OpLe: OpSLe, OpGt: OpSGt, OpGe: OpSGe, OpShr: OpSar, OpAddSat: OpSAddSat, OpSubSat: OpSSubSat}

// wideOps and signedWideOps map the operators on values of at most 64
// bits to those on wider values.
var wideOps = map[Op]Op{OpEq: OpEqW, OpNe: OpNeW, OpAnd: OpAndW, OpOr: OpOrW, OpXor: OpXorW,
	OpAdd: OpAddW, OpSub: OpSubW, OpMul: OpMulW, OpDiv: OpDivW, OpMod: OpModW,
	OpShl: OpShlW, OpShr: OpShrW, OpAddSat: OpAddSatW, OpSubSat: OpSubSatW,
	OpLt: OpLtW, OpLe: OpLeW, OpGt: OpGtW, OpGe: OpGeW}
var signedWideOps = map[Op]Op{OpLt: OpSLtW, OpLe: OpSLeW, OpGt: OpSGtW, OpGe: OpSGeW,
	OpShr: OpSarW, OpAddSat: OpSAddSatW, OpSubSat: OpSSubSatW}

func isCompare(op Op) bool {
	return op >= OpEq && op <= OpSGe || op == OpEqW || op == OpNeW || op >= OpLtW && op <= OpSGeW
}

func isShift(op Op) bool { return op == OpShl || op == OpShr }

// BinTo computes dst = a op b. Shifts take an amount b of any width;
// every other operator takes operands of equal widths (the lowering
// inserts casts).
func (c *CodeBuilder) BinTo(dst Value, op Op, a, b Value) {
	if isShift(op) && b.Width > 64 {
		b = c.clampShift(b)
	}
	in := Instr{Op: op, Dst: dst.Slot, A: a.Slot, B: b.Slot, W: uint16(dst.Width)}
	if a.Width > 64 || (b.Width > 64 && !isShift(op)) {
		w, ok := wideOps[op]
		if a.Signed {
			if s, sok := signedWideOps[op]; sok {
				w, ok = s, true
			}
		}
		if !ok || (a.Width != b.Width && !isShift(op)) {
			c.b.errorf("%s: %v on %d-bit values is not supported", c.code.Name, op, a.Width)
			return
		}
		in.Op = w
		if isCompare(w) {
			in.K = uint64(a.Width)
		}
	} else if a.Signed {
		if s, ok := signedOps[op]; ok {
			in.Op = s
			in.K = uint64(a.Width)
		}
	}
	c.Emit(in)
}

// clampShift returns a shift amount of more than 64 bits as a 64-bit
// value with the same effect: its low 64 bits, or all ones when any
// higher bit is set (every shift by 2^64 or more gives 0 or the sign).
func (c *CodeBuilder) clampShift(b Value) Value {
	t := c.b.Temp(64)
	c.Emit(Instr{Op: OpResizeW, Dst: t.Slot, A: b.Slot, W: 64, C: Slot(b.Width)})
	hi := c.b.Temp(b.Width)
	c.Emit(Instr{Op: OpShrW, Imm: true, Dst: hi.Slot, A: b.Slot, W: uint16(b.Width), K: 64})
	zero := c.b.Temp(b.Width) // temporaries start zero and this one is never written
	nz := c.b.Temp(1)
	c.Emit(Instr{Op: OpNeW, Dst: nz.Slot, A: hi.Slot, B: zero.Slot, W: 1, K: uint64(b.Width)})
	c.If(nz, func() { c.SetConst(t, ^uint64(0)) }, nil)
	return t
}

// Bin returns a op b: a compare is 1 bit wide, anything else as wide as a.
func (c *CodeBuilder) Bin(op Op, a, b Value) Value {
	w := a.Width
	if isCompare(op) {
		w = 1
	}
	t := c.b.Temp(w)
	t.Signed = a.Signed && !isCompare(op)
	c.BinTo(t, op, a, b)
	return t
}

// BinK returns a op k for a constant k (a of any width; k a shift
// amount, or a value that fits a's width).
func (c *CodeBuilder) BinK(op Op, a Value, k uint64) Value {
	w := a.Width
	if isCompare(op) {
		w = 1
	}
	if a.Width > 64 {
		if isShift(op) {
			t := c.b.Temp(w)
			t.Signed = a.Signed
			in := Instr{Op: wideOps[op], Imm: true, Dst: t.Slot, A: a.Slot, W: uint16(w), K: k}
			if a.Signed && op == OpShr {
				in.Op = OpSarW
			}
			c.Emit(in)
			return t
		}
		return c.Bin(op, a, c.Const(a.Width, k))
	}
	t := c.b.Temp(w)
	if !isShift(op) { // a shift amount is not a w-bit operand
		k &= Mask(a.Width)
	}
	in := Instr{Op: op, Imm: true, Dst: t.Slot, A: a.Slot, W: uint16(w), K: k}
	if a.Signed {
		if _, ok := signedOps[op]; ok {
			if isShift(op) {
				return c.Bin(op, a, c.Const(64, k))
			}
			return c.Bin(op, a, c.Const(a.Width, k))
		}
	}
	c.Emit(in)
	return t
}

// Un returns op a for OpNot, OpNeg and OpLNot.
func (c *CodeBuilder) Un(op Op, a Value) Value {
	w := a.Width
	if op == OpLNot {
		w = 1
	}
	t := c.b.Temp(w)
	if a.Width > 64 {
		switch op {
		case OpNot:
			op = OpNotW
		case OpNeg:
			op = OpNegW
		default:
			c.b.errorf("%s: %v on a %d-bit value is not supported", c.code.Name, op, a.Width)
			return t
		}
		t.Signed = a.Signed
	}
	c.Emit(Instr{Op: op, Dst: t.Slot, A: a.Slot, W: uint16(w)})
	return t
}

// Slice returns a[hi:lo].
func (c *CodeBuilder) Slice(a Value, hi, lo int) Value {
	w := hi - lo + 1
	t := c.b.Temp(w)
	if hi >= a.Width || lo < 0 || w <= 0 {
		c.b.errorf("%s: slice [%d:%d] of a %d-bit value", c.code.Name, hi, lo, a.Width)
		return t
	}
	if a.Width > 64 {
		c.Emit(Instr{Op: OpSliceW, Dst: t.Slot, A: a.Slot, W: uint16(w), K: uint64(lo), C: Slot(a.Width)})
	} else {
		c.Emit(Instr{Op: OpSlice, Dst: t.Slot, A: a.Slot, W: uint16(w), K: uint64(lo)})
	}
	return t
}

// Concat returns a ++ b.
func (c *CodeBuilder) Concat(a, b Value) Value {
	w := a.Width + b.Width
	t := c.b.Temp(w)
	if w > 64 {
		c.Emit(Instr{Op: OpConcatW, Dst: t.Slot, A: a.Slot, B: b.Slot, W: uint16(w), K: uint64(b.Width)})
		return t
	}
	c.Emit(Instr{Op: OpConcat, Dst: t.Slot, A: a.Slot, B: b.Slot, W: uint16(w), K: uint64(b.Width)})
	return t
}

// SetSlice assigns dst[lo+v.Width-1:lo] = v for a dst wider than 64 bits.
func (c *CodeBuilder) SetSlice(dst Value, lo int, v Value) {
	if lo < 0 || lo+v.Width > dst.Width {
		c.b.errorf("%s: slice [%d:%d] of a %d-bit value", c.code.Name, lo+v.Width-1, lo, dst.Width)
		return
	}
	c.Emit(Instr{Op: OpSetSliceW, Dst: dst.Slot, A: v.Slot, W: uint16(v.Width), K: uint64(lo), C: Slot(dst.Width)})
}

// Cast returns a converted to width bits (truncation, zero or sign
// extension); signed sets the signedness of the result.
func (c *CodeBuilder) Cast(a Value, width int, signed bool) Value {
	if width == a.Width {
		a.Signed = signed
		return a
	}
	t := c.b.Temp(width)
	t.Signed = signed
	switch {
	case a.Width > 64 || width > 64:
		in := Instr{Op: OpResizeW, Dst: t.Slot, A: a.Slot, W: uint16(width), C: Slot(a.Width)}
		if a.Signed && width > a.Width {
			in.K = 1
		}
		c.Emit(in)
	case a.Signed && width > a.Width:
		c.Emit(Instr{Op: OpSext, Dst: t.Slot, A: a.Slot, W: uint16(width), K: uint64(a.Width)})
	default:
		c.Emit(Instr{Op: OpMov, Dst: t.Slot, A: a.Slot, W: uint16(width)})
	}
	return t
}

// IsValid returns h.isValid().
func (c *CodeBuilder) IsValid(h *Header) Value {
	t := c.b.Temp(1)
	c.Emit(Instr{Op: OpIsValid, Dst: t.Slot, A: Slot(c.b.HeaderIndex(h)), W: 1})
	return t
}

// SetValid emits h.setValid().
func (c *CodeBuilder) SetValid(h *Header) {
	c.Emit(Instr{Op: OpSetValid, A: Slot(c.b.HeaderIndex(h))})
}

// SetInvalid emits h.setInvalid().
func (c *CodeBuilder) SetInvalid(h *Header) {
	c.Emit(Instr{Op: OpSetInvalid, A: Slot(c.b.HeaderIndex(h))})
}

// CopyHeader emits dst = src (validity included).
func (c *CodeBuilder) CopyHeader(dst, src *Header) {
	if dst.Words != src.Words || dst.Bits != src.Bits {
		c.b.errorf("%s: header %q assigned from %q of another type", c.code.Name, dst.Name, src.Name)
		return
	}
	c.Emit(Instr{Op: OpMovN, Dst: dst.Valid, A: src.Valid, K: uint64(dst.Words)})
}

// CopyStruct emits dst = src.
func (c *CodeBuilder) CopyStruct(dst, src *Struct) {
	if dst.Words != src.Words {
		c.b.errorf("%s: struct %q assigned from %q of another type", c.code.Name, dst.Name, src.Name)
		return
	}
	c.Emit(Instr{Op: OpMovN, Dst: dst.Base, A: src.Base, K: uint64(dst.Words)})
}

// Apply emits t.apply().
func (c *CodeBuilder) Apply(t int) { c.Emit(Instr{Op: OpApply, A: Slot(t)}) }

// Call emits a direct call of action a with arguments.
func (c *CodeBuilder) Call(a int, args ...Value) {
	if a < 0 || a >= len(c.b.p.Actions) {
		c.b.errorf("%s: call of unknown action %d", c.code.Name, a)
		return
	}
	act := c.b.p.Actions[a]
	if len(args) != len(act.Params) {
		c.b.errorf("%s: action %q called with %d arguments, want %d", c.code.Name, act.Name, len(args), len(act.Params))
		return
	}
	for i, p := range act.Params {
		c.Assign(Value{Slot: p.Slot, Width: p.Width}, args[i])
	}
	c.Emit(Instr{Op: OpCall, A: Slot(a)})
}

// CallPrepared emits a call of action a whose parameters the caller has
// already assigned (with ActionParam values).
func (c *CodeBuilder) CallPrepared(a int) {
	if a < 0 || a >= len(c.b.p.Actions) {
		c.b.errorf("%s: call of unknown action %d", c.code.Name, a)
		return
	}
	c.Emit(Instr{Op: OpCall, A: Slot(a)})
}

// CallCatchExit emits a call of action a (its parameters already in
// place) that does not propagate an exit: exited is set to 1 if the
// action exited, so that the caller can copy out its arguments first.
func (c *CodeBuilder) CallCatchExit(a int, exited Value) {
	if a < 0 || a >= len(c.b.p.Actions) {
		c.b.errorf("%s: call of unknown action %d", c.code.Name, a)
		return
	}
	c.Emit(Instr{Op: OpCallX, Dst: exited.Slot, A: Slot(a), W: 1})
}

// Exit emits exit.
func (c *CodeBuilder) Exit() { c.Emit(Instr{Op: OpExit}) }

// Return emits return (from an action; in a control, lowering jumps to
// the end of the inlined apply block instead).
func (c *CodeBuilder) Return() { c.Emit(Instr{Op: OpReturn}) }

// MarkToDrop emits mark_to_drop(standard_metadata).
func (c *CodeBuilder) MarkToDrop() { c.Emit(Instr{Op: OpMarkToDrop}) }

func (c *CodeBuilder) list(vals []Value) int {
	l := make([]Operand, len(vals))
	for i, v := range vals {
		l[i] = Operand{v.Slot, v.Width}
	}
	c.b.p.Lists = append(c.b.p.Lists, l)
	return len(c.b.p.Lists) - 1
}

// Count emits counter.count(index).
func (c *CodeBuilder) Count(counter int, index Value) {
	c.Emit(Instr{Op: OpCount, A: Slot(counter), B: index.Slot})
}

// CountK emits counter.count(k) for a constant index.
func (c *CodeBuilder) CountK(counter int, k uint64) {
	c.Emit(Instr{Op: OpCount, Imm: true, A: Slot(counter), K: k})
}

// ExecuteMeter emits meter.execute_meter(index, result).
func (c *CodeBuilder) ExecuteMeter(meter int, index, result Value) {
	c.Emit(Instr{Op: OpMeter, Dst: result.Slot, W: uint16(result.Width), A: Slot(meter), B: index.Slot})
}

// ReadDirectMeter emits direct_meter.read(result).
func (c *CodeBuilder) ReadDirectMeter(meter int, result Value) {
	c.Emit(Instr{Op: OpDirectMeter, Dst: result.Slot, W: uint16(result.Width), A: Slot(meter)})
}

// RegisterRead emits register.read(result, index).
func (c *CodeBuilder) RegisterRead(reg int, result, index Value) {
	c.Emit(Instr{Op: OpRegRead, Dst: result.Slot, W: uint16(result.Width), A: Slot(reg), B: index.Slot})
}

// RegisterWrite emits register.write(index, value).
func (c *CodeBuilder) RegisterWrite(reg int, index, value Value) {
	c.Emit(Instr{Op: OpRegWrite, A: Slot(reg), B: index.Slot, C: value.Slot})
}

// Hash emits hash(result, algo, base, data, max). valid, if given, holds
// for each value of data the validity slot of its header or NoSlot (see
// HashCall.Valid).
func (c *CodeBuilder) Hash(result Value, algo HashAlgo, base Value, data []Value, max Value, valid ...Slot) {
	c.b.p.Hashes = append(c.b.p.Hashes, &HashCall{Algo: algo, Base: base.Slot, Max: max.Slot, List: c.list(data), Valid: validSlots(valid)})
	c.Emit(Instr{Op: OpHash, Dst: result.Slot, W: uint16(result.Width), A: Slot(len(c.b.p.Hashes) - 1)})
}

// Random emits random(result, lo, hi).
func (c *CodeBuilder) Random(result, lo, hi Value) {
	c.Emit(Instr{Op: OpRandom, Dst: result.Slot, W: uint16(result.Width), A: lo.Slot, B: hi.Slot})
}

// Digest emits digest<T>(receiver, data) for digest type d.
func (c *CodeBuilder) Digest(d int, data []Value) {
	c.Emit(Instr{Op: OpDigest, A: Slot(d), B: Slot(c.list(data))})
}

// Clone emits clone(typ, session), or clone_preserving_field_list when
// fieldList ≥ 0 (an index from Builder.FieldList).
func (c *CodeBuilder) Clone(typ int, session Value, fieldList int) {
	c.Emit(Instr{Op: OpClone, A: session.Slot, B: Slot(fieldList), K: uint64(typ)})
}

// Resubmit emits resubmit_preserving_field_list (fieldList may be -1).
func (c *CodeBuilder) Resubmit(fieldList int) { c.Emit(Instr{Op: OpResubmit, A: Slot(fieldList)}) }

// Recirculate emits recirculate_preserving_field_list (fieldList may be
// -1).
func (c *CodeBuilder) Recirculate(fieldList int) {
	c.Emit(Instr{Op: OpRecirculate, A: Slot(fieldList)})
}

// Truncate emits truncate(length).
func (c *CodeBuilder) Truncate(length Value) { c.Emit(Instr{Op: OpTruncate, A: length.Slot}) }

// Assert emits assert(cond).
func (c *CodeBuilder) Assert(cond Value) { c.Emit(Instr{Op: OpAssert, A: cond.Slot}) }

// Assume emits assume(cond).
func (c *CodeBuilder) Assume(cond Value) { c.Emit(Instr{Op: OpAssume, A: cond.Slot}) }

// Log emits log_msg(msg, {args}); args may be nil.
func (c *CodeBuilder) Log(msg string, args []Value) {
	c.b.p.Messages = append(c.b.p.Messages, msg)
	l := Slot(-1)
	if args != nil {
		l = Slot(c.list(args))
	}
	c.Emit(Instr{Op: OpLog, A: Slot(len(c.b.p.Messages) - 1), B: l})
}

// validSlots returns valid, or nil when it holds no slot.
func validSlots(valid []Slot) []Slot {
	for _, s := range valid {
		if s != NoSlot {
			return valid
		}
	}
	return nil
}

func (c *CodeBuilder) checksum(op Op, cond Value, data []Value, field Value, algo HashAlgo, payload bool, valid []Slot) {
	c.b.p.Checksums = append(c.b.p.Checksums, &ChecksumCall{Cond: cond.Slot, List: c.list(data),
		Field: field.Slot, Width: field.Width, Algo: algo, WithPayload: payload, Valid: validSlots(valid)})
	c.Emit(Instr{Op: op, A: Slot(len(c.b.p.Checksums) - 1)})
}

// VerifyChecksum emits verify_checksum(cond, data, field, algo) (or the
// _with_payload variant); valid is as for Hash.
func (c *CodeBuilder) VerifyChecksum(cond Value, data []Value, field Value, algo HashAlgo, withPayload bool, valid ...Slot) {
	c.checksum(OpVerifyCsum, cond, data, field, algo, withPayload, valid)
}

// UpdateChecksum emits update_checksum(cond, data, field, algo) (or the
// _with_payload variant); valid is as for Hash.
func (c *CodeBuilder) UpdateChecksum(cond Value, data []Value, field Value, algo HashAlgo, withPayload bool, valid ...Slot) {
	c.checksum(OpUpdateCsum, cond, data, field, algo, withPayload, valid)
}

// Extract emits pkt.extract(h).
func (c *CodeBuilder) Extract(h *Header) { c.Emit(Instr{Op: OpExtract, A: Slot(c.b.HeaderIndex(h))}) }

// ExtractVar emits pkt.extract(h, bits) for a header whose last field is a
// varbit.
func (c *CodeBuilder) ExtractVar(h *Header, bits Value) {
	c.Emit(Instr{Op: OpExtractVar, A: Slot(c.b.HeaderIndex(h)), B: bits.Slot})
}

// Advance emits pkt.advance(bits).
func (c *CodeBuilder) Advance(bits Value) { c.Emit(Instr{Op: OpAdvance, A: bits.Slot}) }

// Lookahead returns the width bits (any width) at offset bits past the parse
// position, without consuming them: pkt.lookahead<bit<width>>(), or a
// field of pkt.lookahead<H>().
func (c *CodeBuilder) Lookahead(width, offset int) Value {
	t := c.b.Temp(width)
	c.Emit(Instr{Op: OpLookahead, Dst: t.Slot, W: uint16(width), K: uint64(offset)})
	return t
}

// Verify emits verify(cond, err).
func (c *CodeBuilder) Verify(cond Value, err uint64) {
	c.Emit(Instr{Op: OpVerify, A: cond.Slot, K: err})
}

// VerifyValue emits verify(cond, err) for an error value computed at run
// time.
func (c *CodeBuilder) VerifyValue(cond, err Value) {
	c.Emit(Instr{Op: OpVerify, A: cond.Slot, B: err.Slot, C: 1})
}

// Emit h emits pkt.emit(h).
func (c *CodeBuilder) EmitHeader(h *Header) { c.Emit(Instr{Op: OpEmit, A: Slot(c.b.HeaderIndex(h))}) }

// Accept emits transition accept.
func (c *CodeBuilder) Accept() { c.Emit(Instr{Op: OpAccept}) }

// Reject emits transition reject.
func (c *CodeBuilder) Reject() { c.Emit(Instr{Op: OpReject}) }

// Goto emits a transition to state.
func (c *CodeBuilder) Goto(state int) { c.Emit(Instr{Op: OpGoto, K: uint64(state)}) }

// Select emits transition select(keys) { cases }.
func (c *CodeBuilder) Select(keys []Value, cases []SelectCase) {
	s := &Select{Cases: cases}
	for _, k := range keys {
		s.Keys = append(s.Keys, Operand{k.Slot, k.Width})
	}
	for _, cs := range cases {
		if len(cs.Keysets) == 1 && cs.Keysets[0].Kind == KeysetValueSet {
			continue
		}
		if len(cs.Keysets) != len(keys) {
			c.b.errorf("%s: select case with %d keysets for %d keys", c.code.Name, len(cs.Keysets), len(keys))
			continue
		}
		for i, ks := range cs.Keysets {
			if ks.Kind != KeysetDefault && keys[i].Width > 64 && (ks.Wide == nil || len(ks.Wide.Value) != Words(keys[i].Width)) {
				c.b.errorf("%s: keyset of a %d-bit select key without its wide value", c.code.Name, keys[i].Width)
			}
		}
	}
	c.b.p.Selects = append(c.b.p.Selects, s)
	c.Emit(Instr{Op: OpSelect, A: Slot(len(c.b.p.Selects) - 1)})
}

// BytesToWords converts a big-endian byte string to the arena layout of a
// width-bit value (most significant word first), truncated to width.
func BytesToWords(v []byte, width int) []uint64 {
	n := Words(width)
	w := make([]uint64, n)
	PutBytes(w, v, width)
	return w
}

// PutBytes stores the big-endian byte string v into words (the arena
// layout of a width-bit value), truncated to width.
func PutBytes(words []uint64, v []byte, width int) {
	n := Words(width)
	for i := range words[:n] {
		words[i] = 0
	}
	// Fill from the least significant end.
	bit := 0
	for i := len(v) - 1; i >= 0 && bit < n*64; i-- {
		wi := n - 1 - bit/64
		words[wi] |= uint64(v[i]) << uint(bit%64)
		bit += 8
	}
	if r := width % 64; r != 0 {
		words[0] &= Mask(r)
	}
}

// AppendBytes appends the canonical big-endian bytes (ceil(width/8) of
// them) of the width-bit value in words.
func AppendBytes(dst []byte, words []uint64, width int) []byte {
	nb := (width + 7) / 8
	n := Words(width)
	for i := nb - 1; i >= 0; i-- {
		bit := i * 8
		wi := n - 1 - bit/64
		dst = append(dst, byte(words[wi]>>uint(bit%64)))
	}
	return dst
}
