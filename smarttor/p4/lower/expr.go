package lower

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

var binOps = map[syntax.Token]ir.Op{
	syntax.ADD: ir.OpAdd, syntax.SUB: ir.OpSub, syntax.MUL: ir.OpMul, syntax.QUO: ir.OpDiv, syntax.REM: ir.OpMod,
	syntax.ADDSAT: ir.OpAddSat, syntax.SUBSAT: ir.OpSubSat, syntax.AND: ir.OpAnd, syntax.OR: ir.OpOr,
	syntax.XOR: ir.OpXor, syntax.SHL: ir.OpShl, syntax.SHR: ir.OpShr,
	syntax.EQL: ir.OpEq, syntax.NEQ: ir.OpNe, syntax.LSS: ir.OpLt, syntax.GTR: ir.OpGt, syntax.LEQ: ir.OpLe, syntax.GEQ: ir.OpGe,
}

func isCompare(t syntax.Token) bool {
	switch t {
	case syntax.EQL, syntax.NEQ, syntax.LSS, syntax.GTR, syntax.LEQ, syntax.GEQ:
		return true
	}
	return false
}

// typeWidth returns the IR width of an expression's type (64 for
// untyped integers).
func (g *gen) typeWidth(x syntax.Expr) int {
	tv := g.l.info.Types[x]
	if w, ok := width(tv.Type); ok {
		return w
	}
	return 64
}

func (g *gen) isConst(x syntax.Expr) bool {
	tv, ok := g.l.info.Types[x]
	return ok && tv.Value != nil
}

// constValue returns the constant x has as an integer.
func (g *gen) constValue(x syntax.Expr) (*big.Int, bool) {
	tv := g.l.info.Types[x]
	switch v := tv.Value.(type) {
	case *types.EnumMember:
		if v.Value == nil {
			return big.NewInt(int64(v.Index)), true
		}
	}
	return types.IntOf(tv.Value)
}

// constant materializes an integer constant in w bits (two's complement).
func (g *gen) constant(v *big.Int, w int) ir.Value {
	m := new(big.Int).Lsh(big.NewInt(1), uint(w))
	r := new(big.Int).Mod(v, m)
	if w <= 64 {
		return g.c.Const(w, r.Uint64())
	}
	b := r.Bytes()
	return g.c.ConstBytes(w, b)
}

// exprWidth evaluates x as a w-bit value: constants take the width,
// other values are cast.
func (g *gen) exprWidth(x syntax.Expr, w int) ir.Value {
	if g.isConst(x) {
		if v, ok := g.constValue(x); ok {
			return g.constant(v, w)
		}
	}
	v := g.typed(x)
	if v.Width != w {
		v = g.c.Cast(v, w, v.Signed)
	}
	return v
}

// typed evaluates x with the signedness of its type (whatever computed
// it): a widening cast sign-extends an int<W> result of -, ?: or a
// call as it does a variable.
func (g *gen) typed(x syntax.Expr) ir.Value {
	v := g.expr(x)
	if tv, ok := g.l.info.Types[x]; ok && tv.Type != nil {
		if _, bitLike := width(tv.Type); bitLike {
			v.Signed = signed(tv.Type)
		}
	}
	return v
}

// expr evaluates a bit-like expression.
func (g *gen) expr(x syntax.Expr) ir.Value {
	if g.isConst(x) {
		if v, ok := g.constValue(x); ok {
			c := g.constant(v, g.typeWidth(x))
			c.Signed = signed(g.l.info.Types[x].Type)
			return c
		}
	}
	switch x := x.(type) {
	case *syntax.ParenExpr:
		return g.expr(x.X)
	case *syntax.Ident, *syntax.IndexExpr:
		if id, ok := x.(*syntax.Ident); ok {
			if v, ok := g.ctorArg(id); ok {
				c := g.constant(v, g.typeWidth(x))
				c.Signed = signed(g.l.info.Types[x].Type)
				return c
			}
		}
		if v, ok := g.dynamicRead(x); ok {
			return v
		}
		if lc := g.lvalue(x); lc != nil && lc.fields == nil && lc.hdr == nil {
			return lc.val
		}
	case *syntax.MemberExpr:
		if x.Sel != nil {
			if call, ok := x.X.(*syntax.CallExpr); ok {
				if c := g.l.info.Calls[call]; c != nil && c.Kind == types.CallTableApply {
					t := g.applyTable(call)
					if t == nil {
						return g.c.Const(1, 0)
					}
					switch x.Sel.Name {
					case "hit":
						return g.l.b.TableHit(t.index)
					case "miss":
						return g.c.Un(ir.OpLNot, g.l.b.TableHit(t.index))
					case "action_run":
						return g.l.b.TableActionRun(t.index)
					}
				}
			}
		}
		if v, ok := g.dynamicRead(x); ok {
			return v
		}
		if lc := g.lvalue(x); lc != nil && lc.fields == nil && lc.hdr == nil {
			return lc.val
		}
		if v, ok := g.lookaheadField(x); ok {
			return v
		}
		if v, ok := g.stackField(x); ok {
			return v
		}
	case *syntax.UnaryExpr:
		switch x.Op {
		case syntax.NOT:
			return g.c.Un(ir.OpLNot, g.expr(x.X))
		case syntax.TILDE:
			return g.c.Un(ir.OpNot, g.expr(x.X))
		case syntax.SUB:
			return g.c.Un(ir.OpNeg, g.expr(x.X))
		case syntax.ADD:
			return g.expr(x.X)
		}
	case *syntax.BinaryExpr:
		return g.binary(x)
	case *syntax.CondExpr:
		w := g.typeWidth(x)
		t := g.l.b.Temp(w)
		cond := g.expr(x.Cond)
		g.c.If(cond, func() { g.c.Assign(t, g.exprWidth(x.Then, w)) }, func() { g.c.Assign(t, g.exprWidth(x.Else, w)) })
		return t
	case *syntax.CastExpr:
		w := g.typeWidth(x)
		return g.c.Cast(g.typed(x.X), w, signed(g.l.info.Types[x].Type))
	case *syntax.SliceExpr:
		hi, ok1 := g.constValue(x.Hi)
		lo, ok2 := g.constValue(x.Lo)
		if ok1 && ok2 {
			return g.c.Slice(g.expr(x.X), int(hi.Int64()), int(lo.Int64()))
		}
	case *syntax.CallExpr:
		// s[i].isValid() with a run-time i.
		if ix := g.dynamicIndex(x.Fun); ix != nil {
			if w, ok := width(g.l.info.Types[x].Type); ok {
				t := g.l.b.Temp(w)
				if g.eachIndex(ix, func() { g.c.Assign(t, g.expr(x)) }) {
					return t
				}
			}
		}
		return g.call(x, true)
	}
	g.errorf(x.Pos(), "unsupported expression %T", x)
	return g.c.Const(1, 0)
}

func (g *gen) binary(x *syntax.BinaryExpr) ir.Value {
	switch x.Op {
	case syntax.LAND, syntax.LOR:
		t := g.l.b.Temp(1)
		end := g.c.NewLabel()
		g.c.Assign(t, g.expr(x.X))
		if x.Op == syntax.LAND {
			g.c.JumpIfNot(t, end)
		} else {
			g.c.JumpIf(t, end)
		}
		g.c.Assign(t, g.expr(x.Y))
		g.c.Bind(end)
		return t
	case syntax.CONCAT:
		a := g.expr(x.X)
		return g.c.Concat(g.settle(a, x.Y), g.expr(x.Y))
	case syntax.EQL, syntax.NEQ:
		if _, bitLike := width(g.l.info.Types[x.X].Type); !bitLike {
			return g.compare(x)
		}
	}
	op, ok := binOps[x.Op]
	if !ok {
		g.errorf(x.Pos(), "operator %v is not supported", x.Op)
		return g.c.Const(1, 0)
	}
	// The operands' width: the result's for arithmetic, the typed
	// operand's for comparisons; shift amounts keep their own.
	w := g.typeWidth(x)
	if isCompare(x.Op) {
		w = g.typeWidth(x.X)
		if g.isConst(x.X) && !g.isConst(x.Y) {
			w = g.typeWidth(x.Y)
		}
	}
	a := g.settle(g.exprWidth(x.X, w), x.Y)
	// Signedness comes from the types, not from how a was made (a
	// constant operand is materialized unsigned).
	switch {
	case !isCompare(x.Op):
		a.Signed = signed(g.l.info.Types[x].Type)
	case g.isConst(x.X) && !g.isConst(x.Y):
		a.Signed = signed(g.l.info.Types[x.Y].Type)
	default:
		a.Signed = signed(g.l.info.Types[x.X].Type)
	}
	if x.Op == syntax.SHL || x.Op == syntax.SHR {
		if k, ok := g.constValue(x.Y); ok && g.isConst(x.Y) && k.Sign() >= 0 {
			amount := ^uint64(0) // any amount ≥ 2^64 shifts everything out
			if k.IsUint64() {
				amount = k.Uint64()
			}
			return g.c.BinK(op, a, amount)
		}
		b := g.expr(x.Y)
		t := g.l.b.Temp(w)
		t.Signed = a.Signed
		g.c.BinTo(t, op, a, b)
		return t
	}
	if g.isConst(x.Y) && w <= 64 && !a.Signed {
		if k, ok := g.constValue(x.Y); ok {
			m := new(big.Int).Lsh(big.NewInt(1), uint(w))
			return g.c.BinK(op, a, new(big.Int).Mod(k, m).Uint64())
		}
	}
	return g.c.Bin(op, a, g.exprWidth(x.Y, w))
}

// settle returns a, the value of a left operand, copied to a temporary
// when evaluating the right operand y may change it (y calls a function,
// an action, an extern or applies a table): operands are evaluated left
// to right, so h.f == f(h.f) compares h.f as it was before the call
// (P4_16 spec, order of evaluation; p4c issue 2205).
func (g *gen) settle(a ir.Value, y syntax.Expr) ir.Value {
	if a.Slot == ir.NoSlot || !g.sideEffects(y) {
		return a
	}
	t := g.l.b.Temp(a.Width)
	t.Signed = a.Signed
	g.c.Assign(t, a)
	return t
}

// sideEffects reports whether evaluating x may write a variable: x
// contains a call other than isValid() and lookahead.
func (g *gen) sideEffects(x syntax.Expr) bool {
	found := false
	syntax.Inspect(x, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || found {
			return !found
		}
		c := g.l.info.Calls[call]
		switch {
		case c == nil:
		case c.Kind == types.CallHeaderMethod && c.Name == "isValid":
		case c.Kind == types.CallExternMethod && c.Name == "lookahead":
		default:
			found = true
		}
		return !found
	})
	return found
}

// dynamicRead reads a bit-like location with a run-time stack index
// (h.s[i].f) into a temporary.
func (g *gen) dynamicRead(x syntax.Expr) (ir.Value, bool) {
	ix := g.dynamicIndex(x)
	if ix == nil {
		return ir.Value{}, false
	}
	w, ok := width(g.l.info.Types[x].Type)
	if !ok {
		return ir.Value{}, false
	}
	t := g.l.b.Temp(w)
	t.Signed = signed(g.l.info.Types[x].Type)
	if !g.eachIndex(ix, func() { g.c.Assign(t, g.expr(x)) }) {
		return ir.Value{}, false
	}
	return t, true
}

// operandLoc returns the location of an operand of a comparison: a
// variable, or a temporary holding a list or struct expression ({1, 2},
// (S){a = 1, b = 2}) or a constant.
func (g *gen) operandLoc(x syntax.Expr) *loc {
	if lc := g.lvalue(x); lc != nil {
		return lc
	}
	t := g.l.info.Types[x].Type
	if t == nil {
		return nil
	}
	switch types.Underlying(t).(type) {
	case *types.Struct, *types.Tuple:
	default:
		return nil
	}
	tmp := g.l.alloc("$cmp", g.typ(t), nil)
	g.assignLoc(tmp, x)
	return tmp
}

// compare lowers == and != on headers, structs, header unions and
// header stacks: two headers are equal when both are invalid, or both
// valid with equal fields (P4_16 spec, operations on headers).
func (g *gen) compare(x *syntax.BinaryExpr) ir.Value {
	a := g.operandLoc(x.X)
	if a != nil && g.sideEffects(x.Y) {
		// Compare x.X as it was before x.Y was evaluated (see settle).
		tmp := g.l.alloc("$cmp", g.typ(g.l.info.Types[x.X].Type), nil)
		g.assignLoc(tmp, x.X)
		a = tmp
	}
	b := g.operandLoc(x.Y)
	if a == nil || b == nil {
		g.errorf(x.Pos(), "%v is supported on variables of type %v only", x.Op, g.l.info.Types[x.X].Type)
		return g.c.Const(1, 0)
	}
	eq := uint64(1)
	if x.Op == syntax.NEQ {
		eq = 0
	}
	t := g.l.b.Temp(1)
	ne, end := g.c.NewLabel(), g.c.NewLabel()
	g.c.SetConst(t, eq)
	g.compareLocs(a, b, ne, x.Pos())
	g.c.Jump(end)
	g.c.Bind(ne)
	g.c.SetConst(t, 1-eq)
	g.c.Bind(end)
	return t
}

// compareLocs jumps to ne if a and b differ.
func (g *gen) compareLocs(a, b *loc, ne *ir.Label, pos syntax.Pos) {
	switch {
	case a.hdr != nil && b.hdr != nil:
		va, vb := g.c.IsValid(a.hdr), g.c.IsValid(b.hdr)
		g.c.JumpIf(g.c.Bin(ir.OpNe, va, vb), ne)
		skip := g.c.NewLabel()
		g.c.JumpIfNot(va, skip)
		g.compareFields(a.fields, b.fields, ne, pos)
		g.c.Bind(skip)
	case a.elems != nil && b.elems != nil:
		g.compareFields(a.elems, b.elems, ne, pos)
	case a.fields != nil && b.fields != nil:
		g.compareFields(a.fields, b.fields, ne, pos)
	case a.hdr == nil && b.hdr == nil && a.fields == nil && b.fields == nil && a.elems == nil && b.elems == nil:
		if a.val.Width != b.val.Width {
			g.errorf(pos, "comparison of %d-bit and %d-bit values", a.val.Width, b.val.Width)
			return
		}
		g.c.JumpIf(g.c.Bin(ir.OpNe, a.val, b.val), ne)
	default:
		g.errorf(pos, "comparison of %v and %v is not supported", a.typ, b.typ)
	}
}

func (g *gen) compareFields(a, b []*loc, ne *ir.Label, pos syntax.Pos) {
	if len(a) != len(b) {
		g.errorf(pos, "comparison of values with %d and %d fields", len(a), len(b))
		return
	}
	for i := range a {
		g.compareLocs(a[i], b[i], ne, pos)
	}
}

// lookaheadField lowers pkt.lookahead<H>().f: a peek at f's bits.
func (g *gen) lookaheadField(x *syntax.MemberExpr) (ir.Value, bool) {
	call, ok := unparen(x.X).(*syntax.CallExpr)
	if !ok || x.Sel == nil {
		return ir.Value{}, false
	}
	c := g.l.info.Calls[call]
	if c == nil || c.Name != "lookahead" || len(c.TypeArgs) != 1 {
		return ir.Value{}, false
	}
	st, ok := types.Underlying(c.TypeArgs[0]).(*types.Struct)
	if !ok {
		return ir.Value{}, false
	}
	off := 0
	for _, f := range st.Fields {
		w, ok := width(f.Type)
		if !ok {
			return ir.Value{}, false
		}
		if f.Name == x.Sel.Name {
			return g.c.Lookahead(w, off), true
		}
		off += w
	}
	return ir.Value{}, false
}

// lookaheadLoc lowers dst = pkt.lookahead<T>() for a header or struct
// type T: each field takes its bits from the parse position on, in
// order, none consumed; a header becomes valid. It reports false if call
// is not such a lookahead.
func (g *gen) lookaheadLoc(dst *loc, call *syntax.CallExpr) bool {
	c := g.l.info.Calls[call]
	if c == nil || c.Name != "lookahead" || len(c.TypeArgs) != 1 {
		return false
	}
	if recv := g.lvalue(c.Recv); recv == nil || !recv.pkt {
		return false
	}
	off := 0
	var walk func(l *loc) bool
	walk = func(l *loc) bool {
		switch {
		case l.union || l.elems != nil:
			g.errorf(call.Pos(), "lookahead of a %v is not supported", l.typ)
			return false
		case l.hdr != nil || l.fields != nil:
			for _, f := range l.fields {
				if !walk(f) {
					return false
				}
			}
			if l.hdr != nil {
				g.c.SetValid(l.hdr)
				g.invalidateSiblings(l)
			}
		default:
			if _, ok := types.Underlying(l.typ).(*types.Varbit); ok {
				g.errorf(call.Pos(), "lookahead of a type with a varbit field is not supported")
				return false
			}
			g.c.Assign(l.val, g.c.Lookahead(l.val.Width, off))
			off += l.val.Width
		}
		return true
	}
	walk(dst)
	return true
}

// ctorArg returns the value a constructor parameter of the enclosing
// parser or control instance (or of one it is nested in) has there: a
// per-instance constant.
func (g *gen) ctorArg(x *syntax.Ident) (*big.Int, bool) {
	v, ok := g.l.info.Uses[x].(*types.Var)
	if !ok || v.Param == nil {
		return nil, false
	}
	for bi := g.bi; bi != nil; bi = bi.Parent {
		root := bi.Type.Root()
		for i, p := range bi.Type.CtorParams {
			if (p == v.Param || i < len(root.CtorParams) && root.CtorParams[i] == v.Param) && i < len(bi.CtorArgs) && bi.CtorArgs[i] != nil {
				if m, ok := bi.CtorArgs[i].(*types.EnumMember); ok && m.Value == nil {
					return big.NewInt(int64(m.Index)), true // a plain enum or error member
				}
				return types.IntOf(bi.CtorArgs[i])
			}
		}
	}
	return nil, false
}
