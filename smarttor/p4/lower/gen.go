package lower

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// gen generates the code of one control apply block, action or parser
// state.
type gen struct {
	l      *lowerer
	c      *ir.CodeBuilder
	env    *env
	bi     *types.BlockInstance
	ret    *ir.Label // return in an inlined control apply block
	action bool
	// result receives the value of return in an inlined function.
	result *loc
	// exits emit, innermost last, the copy-out of the inlined controls
	// enclosing this code: exit still copies out inout and out
	// parameters (P4_16 spec, the exit statement).
	exits []func()
	// dynIdx fixes run-time stack indexes to one element while code for
	// that element is generated (dynamicIndex).
	dynIdx map[*syntax.IndexExpr]int
	// acceptTo is the state accept goes to in an inlined sub-parser
	// (0 or ir.StateAccept: accept).
	acceptTo int
	// loops are the enclosing for loops, innermost last.
	loops []loopLabels
	// targs binds the type parameters of the generic functions being
	// inlined to their calls' type arguments.
	targs map[*types.TypeParam]types.Type
}

// typ returns t with the type arguments of the inlined generic
// functions substituted.
func (g *gen) typ(t types.Type) types.Type {
	if len(g.targs) == 0 {
		return t
	}
	return types.Subst(t, g.targs)
}

// loopLabels are where continue and break of a for loop jump.
type loopLabels struct{ cont, end *ir.Label }

// dynamicIndex returns the first stack index in the location path x
// (a.b[i].c) that is not a constant and not yet fixed, or nil.
func (g *gen) dynamicIndex(x syntax.Expr) *syntax.IndexExpr {
	for {
		switch e := x.(type) {
		case *syntax.ParenExpr:
			x = e.X
		case *syntax.MemberExpr:
			x = e.X
		case *syntax.IndexExpr:
			if _, fixed := g.dynIdx[e]; !fixed {
				if _, ok := g.constInt(e.Index); !ok {
					return e
				}
			}
			x = e.X
		default:
			return nil
		}
	}
}

// eachIndex lowers a location with a run-time stack index as a branch
// per element: body runs with the index fixed to each element in turn,
// guarded by index == k. An index out of range does nothing.
func (g *gen) eachIndex(ix *syntax.IndexExpr, body func()) bool {
	base := g.lvalue(ix.X)
	if base == nil || base.elems == nil {
		return false
	}
	idx := g.expr(ix.Index)
	end := g.c.NewLabel()
	if g.dynIdx == nil {
		g.dynIdx = map[*syntax.IndexExpr]int{}
	}
	for k := range base.elems {
		skip := g.c.NewLabel()
		if idx.Width < 64 && uint64(k) > ir.Mask(idx.Width) {
			break
		}
		g.c.JumpIfNot(g.c.BinK(ir.OpEq, idx, uint64(k)), skip)
		g.dynIdx[ix] = k
		body()
		delete(g.dynIdx, ix)
		g.c.Jump(end)
		g.c.Bind(skip)
	}
	g.c.Bind(end)
	return true
}

// exit lowers exit: the copy-outs of the enclosing inlined controls,
// innermost first, then the exit.
func (g *gen) exit() {
	for i := len(g.exits) - 1; i >= 0; i-- {
		g.exits[i]()
	}
	g.c.Exit()
}

func (g *gen) errorf(pos syntax.Pos, format string, args ...any) { g.l.errorf(pos, format, args...) }

func (g *gen) stmts(list []syntax.Stmt) {
	for _, s := range list {
		g.stmt(s)
	}
}

func (g *gen) stmt(s syntax.Stmt) {
	if s == nil {
		return
	}
	g.c.At(s.Pos())
	switch s := s.(type) {
	case *syntax.BlockStmt:
		g.stmts(s.Stmts)
	case *syntax.AssignStmt:
		g.assign(s.LHS, s.RHS)
	case *syntax.CallStmt:
		// s[i].setValid() with a run-time i: a call per element.
		if ix := g.dynamicIndex(s.Call.Fun); ix != nil && g.eachIndex(ix, func() { g.stmt(s) }) {
			break
		}
		g.call(s.Call, false)
	case *syntax.IfStmt:
		elseL, end := g.c.NewLabel(), g.c.NewLabel()
		g.branch(s.Cond, false, elseL)
		g.stmt(s.Then)
		if s.Else != nil {
			g.c.Jump(end)
		}
		g.c.Bind(elseL)
		if s.Else != nil {
			g.stmt(s.Else)
		}
		g.c.Bind(end)
	case *syntax.SwitchStmt:
		g.switchStmt(s)
	case *syntax.ExitStmt:
		g.exit()
	case *syntax.ReturnStmt:
		switch {
		case s.Result != nil && g.result != nil:
			g.assignLoc(g.result, s.Result)
			g.c.Jump(g.ret)
		case s.Result != nil:
			g.errorf(s.Pos(), "return with a value outside a function")
		case g.action:
			g.c.Return()
		case g.ret != nil:
			g.c.Jump(g.ret)
		default:
			g.c.Exit()
		}
	case *syntax.ForStmt:
		g.forStmt(s)
	case *syntax.ForInStmt:
		g.forInStmt(s)
	case *syntax.BreakStmt, *syntax.ContinueStmt:
		if len(g.loops) == 0 {
			g.errorf(s.Pos(), "break or continue outside a loop")
			break
		}
		lp := g.loops[len(g.loops)-1]
		if _, ok := s.(*syntax.BreakStmt); ok {
			g.c.Jump(lp.end)
		} else {
			g.c.Jump(lp.cont)
		}
	case *syntax.EmptyStmt:
	case *syntax.DeclStmt:
		g.decl(s.Decl)
	default:
		g.errorf(s.Pos(), "statement %T is not supported", s)
	}
}

// decl declares a local variable or constant.
func (g *gen) decl(d syntax.Decl) {
	switch d := d.(type) {
	case *syntax.VarDecl:
		v, ok := g.l.info.Defs[d.Name].(*types.Var)
		if !ok {
			g.errorf(d.Pos(), "unresolved variable %s", d.Name.Name)
			return
		}
		prefix := "local"
		if g.bi != nil {
			prefix = g.bi.Name
		}
		lc := g.env.lookup(v)
		if lc == nil {
			lc = g.l.alloc(prefix+"."+d.Name.Name, g.typ(v.Type()), nil)
			g.env.vars[key(v)] = lc
		}
		if d.Value != nil {
			g.assignLoc(lc, d.Value)
		} else {
			g.zero(lc)
		}
	case *syntax.ConstDecl:
		// Constant uses carry their values.
	default:
		g.errorf(d.Pos(), "local declaration %T is not supported", d)
	}
}

// zero resets a location (a variable without initializer is zero each
// time its declaration runs, as BMv2 leaves it: uninitialized is zero).
func (g *gen) zero(lc *loc) {
	if lc.hdr != nil {
		g.c.SetInvalid(lc.hdr)
	}
	for _, v := range lc.leaves(nil) {
		g.c.SetConst(v, 0)
	}
}

func (g *gen) switchStmt(s *syntax.SwitchStmt) {
	var tag ir.Value
	var tbl *tableInfo
	if m, ok := s.Tag.(*syntax.MemberExpr); ok && m.Sel != nil && m.Sel.Name == "action_run" {
		if call, ok := m.X.(*syntax.CallExpr); ok {
			tbl = g.applyTable(call)
		}
	}
	if tbl != nil {
		tag = g.l.b.TableActionRun(tbl.index)
	} else {
		tag = g.expr(s.Tag)
	}
	end := g.c.NewLabel()
	bodies := make([]*ir.Label, len(s.Cases))
	for i := range s.Cases {
		bodies[i] = g.c.NewLabel()
	}
	var deflt *ir.Label
	// Dispatch: compare the tag with each label; a case without a body
	// falls through to the next body.
	target := func(i int) *ir.Label {
		for j := i; j < len(s.Cases); j++ {
			if s.Cases[j].Body != nil {
				return bodies[j]
			}
		}
		return end
	}
	for i, cs := range s.Cases {
		if _, ok := cs.Label.(*syntax.DefaultExpr); ok {
			deflt = target(i)
			continue
		}
		var want ir.Value
		if tbl != nil {
			id, ok := cs.Label.(*syntax.Ident)
			a, ok2 := g.l.info.Uses[id].(*types.Action)
			if !ok || !ok2 {
				g.errorf(cs.Pos(), "switch label is not an action")
				continue
			}
			want = g.c.Const(32, uint64(g.l.action(g.declaringBlock(tbl.bi, a), a)))
		} else {
			want = g.exprWidth(cs.Label, tag.Width)
		}
		g.c.JumpIf(g.c.Bin(ir.OpEq, tag, want), target(i))
	}
	if deflt != nil {
		g.c.Jump(deflt)
	} else {
		g.c.Jump(end)
	}
	for i, cs := range s.Cases {
		g.c.Bind(bodies[i])
		if cs.Body != nil {
			g.stmts(cs.Body.Stmts)
			g.c.Jump(end)
		}
	}
	g.c.Bind(end)
}

// staticLvalue returns the location x denotes when it needs no run-time
// stack index (a table key hdr.s[hdr.i.index].a is read into a temporary
// instead), or nil.
func (g *gen) staticLvalue(x syntax.Expr) *loc {
	static := true
	syntax.Inspect(x, func(n syntax.Node) bool {
		if ix, ok := n.(*syntax.IndexExpr); ok {
			if _, ok := g.dynIdx[ix]; !ok {
				if _, ok := g.constInt(ix.Index); !ok {
					static = false
				}
			}
		}
		return static
	})
	if !static {
		return nil
	}
	return g.lvalue(x)
}

// lvalue returns the location an expression denotes, or nil.
func (g *gen) lvalue(x syntax.Expr) *loc {
	switch x := x.(type) {
	case *syntax.Ident:
		o := g.l.info.Uses[x]
		if o == nil {
			o = g.l.info.Defs[x]
		}
		if o == nil {
			return nil
		}
		return g.env.lookup(o)
	case *syntax.ParenExpr:
		return g.lvalue(x.X)
	case *syntax.MemberExpr:
		i, ok := g.l.info.Members[x]
		if !ok {
			return nil
		}
		base := g.lvalue(x.X)
		if base == nil || i < 0 || i >= len(base.fields) {
			return nil
		}
		return base.fields[i]
	case *syntax.IndexExpr:
		base := g.lvalue(x.X)
		if base == nil {
			return nil
		}
		if _, ok := types.Underlying(base.typ).(*types.Tuple); ok {
			// A tuple element: the index is a compile-time constant.
			iv, ok := g.constInt(x.Index)
			if !ok || !iv.IsInt64() || iv.Int64() < 0 || iv.Int64() >= int64(len(base.fields)) {
				g.errorf(x.Pos(), "tuple index must be a constant in range")
				return nil
			}
			return base.fields[iv.Int64()]
		}
		if base.elems == nil {
			return nil
		}
		if k, ok := g.dynIdx[x]; ok && k < len(base.elems) {
			return base.elems[k]
		}
		iv, ok := g.constInt(x.Index)
		if !ok || !iv.IsInt64() || iv.Int64() < 0 || iv.Int64() >= int64(len(base.elems)) {
			g.errorf(x.Pos(), "header stack index must be a constant in range")
			return base.elems[0]
		}
		return base.elems[iv.Int64()]
	}
	return nil
}

func (g *gen) constInt(x syntax.Expr) (*big.Int, bool) {
	tv, ok := g.l.info.Types[x]
	if !ok || tv.Value == nil {
		return nil, false
	}
	if m, ok := tv.Value.(*types.EnumMember); ok && m.Value == nil {
		return big.NewInt(int64(m.Index)), true
	}
	return types.IntOf(tv.Value)
}

// assign lowers LHS = RHS.
func (g *gen) assign(lhs, rhs syntax.Expr) {
	for _, x := range []syntax.Expr{lhs, rhs} {
		if ix := g.dynamicIndex(x); ix != nil && g.eachIndex(ix, func() { g.assign(lhs, rhs) }) {
			return
		}
	}
	if s, ok := lhs.(*syntax.SliceExpr); ok {
		g.assignSlice(s, rhs)
		return
	}
	dst := g.lvalue(lhs)
	if dst == nil {
		g.errorf(lhs.Pos(), "cannot assign to this expression")
		return
	}
	g.assignLoc(dst, rhs)
}

func (g *gen) assignLoc(dst *loc, rhs syntax.Expr) {
	if _, ok := types.Underlying(dst.typ).(*types.List); ok {
		return // a list<T> has no run-time storage (see alloc)
	}
	if _, ok := unparen(rhs).(*syntax.DotsExpr); ok {
		g.zero(dst) // ...: the default value (zero, false, invalid)
		return
	}
	if dst.hdr == nil && dst.fields == nil && dst.elems == nil {
		g.assignValue(dst.val, rhs)
		return
	}
	if ce, ok := unparen(rhs).(*syntax.CastExpr); ok {
		if _, isList := unparen(ce.X).(*syntax.ListExpr); isList {
			rhs = ce.X // (T){...}: the list, typed by the destination
		}
	}
	if list, ok := unparen(rhs).(*syntax.ListExpr); ok && list.Hash.IsValid() {
		g.invalidate(dst) // {#}
		return
	}
	if list, ok := unparen(rhs).(*syntax.ListExpr); ok && !list.Hash.IsValid() && g.mayAlias(dst, list) {
		// p = {p.y, p.x}: the whole list is evaluated before p is
		// written (p4c's RemoveAliases), so through a temporary.
		tmp := g.l.alloc("$copy", dst.typ, nil)
		g.assignLoc(tmp, rhs)
		if dst.elems != nil && len(tmp.elems) == len(dst.elems) {
			// A list assigned to a stack leaves its nextIndex alone.
			for i := range dst.elems {
				g.copyLoc(dst.elems[i], tmp.elems[i], rhs.Pos())
			}
			return
		}
		g.copyLoc(dst, tmp, rhs.Pos())
		return
	}
	if list, ok := unparen(rhs).(*syntax.ListExpr); ok && list.Dots.IsValid() {
		// {a = 1, ...} or {1, ...}: the fields (or tuple or stack
		// elements) not given take their default values (zero, false,
		// invalid).
		g.zero(dst)
		st, _ := types.Underlying(dst.typ).(*types.Struct)
		for i, e := range list.Elems {
			if kv, ok := e.(*syntax.KeyValueExpr); ok {
				if j := fieldIndex(st, kv.Key); j >= 0 && j < len(dst.fields) {
					g.assignLoc(dst.fields[j], kv.Value)
				}
				continue
			}
			switch {
			case dst.elems != nil && i < len(dst.elems):
				g.assignLoc(dst.elems[i], e)
			case i < len(dst.fields):
				g.assignLoc(dst.fields[i], e)
			}
		}
		if dst.hdr != nil {
			g.c.SetValid(dst.hdr)
			g.invalidateSiblings(dst)
		}
		return
	}
	if list, ok := unparen(rhs).(*syntax.ListExpr); ok && dst.elems != nil {
		// {h1, h2} assigned to a header stack: element by element.
		if len(list.Elems) != len(dst.elems) {
			g.errorf(rhs.Pos(), "list of %d values assigned to a stack of %d", len(list.Elems), len(dst.elems))
			return
		}
		for i, e := range list.Elems {
			g.assignLoc(dst.elems[i], e)
		}
		return
	}
	if list, ok := unparen(rhs).(*syntax.ListExpr); ok {
		if len(list.Elems) != len(dst.fields) {
			g.errorf(rhs.Pos(), "list of %d values assigned to %d fields", len(list.Elems), len(dst.fields))
			return
		}
		st, _ := types.Underlying(dst.typ).(*types.Struct)
		for i, e := range list.Elems {
			if kv, ok := e.(*syntax.KeyValueExpr); ok {
				e = kv.Value
				// {y = 1, x = 2} sets fields by name, in any order.
				if j := fieldIndex(st, kv.Key); j >= 0 {
					i = j
				}
			}
			g.assignLoc(dst.fields[i], e)
		}
		if dst.hdr != nil {
			g.c.SetValid(dst.hdr)
			g.invalidateSiblings(dst)
		}
		return
	}
	src := g.lvalue(rhs)
	if src == nil {
		if lv, ok := g.l.info.Types[rhs].Value.(*types.ListValue); ok && dst.fields != nil {
			// A constant struct or header value (const S k = {...}).
			g.assignConst(dst, lv, rhs.Pos())
			return
		}
		if call, ok := unparen(rhs).(*syntax.CallExpr); ok {
			// A function returning a header or struct: copy its result.
			if c := g.l.info.Calls[call]; c != nil && c.Kind == types.CallFunction {
				if res := g.inlineFunction(call, c); res != nil {
					g.copyLoc(dst, res, rhs.Pos())
				}
				return
			}
			if g.lookaheadLoc(dst, call) {
				return
			}
			g.call(call, false)
			return
		}
		g.errorf(rhs.Pos(), "unsupported assignment of a %v value", dst.typ)
		return
	}
	g.copyLoc(dst, src, rhs.Pos())
}

// invalidate makes the header, or every member of the header union, at
// lc invalid.
func (g *gen) invalidate(lc *loc) {
	if lc.hdr != nil {
		g.c.SetInvalid(lc.hdr)
		return
	}
	for _, f := range lc.fields {
		g.invalidate(f)
	}
}

// assignConst stores the constant list value v into dst, field by field.
func (g *gen) assignConst(dst *loc, v *types.ListValue, pos syntax.Pos) {
	if len(v.Elems) != len(dst.fields) {
		g.errorf(pos, "constant of %d values assigned to %d fields", len(v.Elems), len(dst.fields))
		return
	}
	for i, e := range v.Elems {
		f := dst.fields[i]
		if lv, ok := e.(*types.ListValue); ok {
			g.assignConst(f, lv, pos)
			continue
		}
		n, ok := types.IntOf(e)
		if em, isEnum := e.(*types.EnumMember); isEnum && em.Value == nil {
			n, ok = big.NewInt(int64(em.Index)), true // plain enums and errors
		}
		if !ok || f.fields != nil || f.hdr != nil || f.elems != nil {
			g.errorf(pos, "unsupported constant %v", e)
			return
		}
		g.c.Assign(f.val, g.constant(n, f.val.Width))
	}
	if dst.hdr != nil {
		g.c.SetValid(dst.hdr)
		g.invalidateSiblings(dst)
	}
}

// assignValue assigns a bit-like expression to a slot; constants are
// stored directly.
func (g *gen) assignValue(dst ir.Value, rhs syntax.Expr) {
	if g.isConst(rhs) {
		if v, ok := g.constValue(rhs); ok {
			m := new(big.Int).Lsh(big.NewInt(1), uint(dst.Width))
			r := new(big.Int).Mod(v, m)
			if dst.Width <= 64 {
				g.c.SetConst(dst, r.Uint64())
			} else {
				g.c.SetBytes(dst, r.Bytes())
			}
			return
		}
	}
	g.c.Assign(dst, g.exprWidth(rhs, dst.Width))
}

// mayAlias reports whether evaluating the list expression x may read or
// write dst: x names a variable dst is (part of), as a value or as an
// argument of a call. (A fresh temporary never aliases, so assignLoc's
// copy through one does not recurse.)
func (g *gen) mayAlias(dst *loc, x *syntax.ListExpr) bool {
	slots := map[ir.Slot]bool{}
	for _, v := range dst.leaves(nil) {
		slots[v.Slot] = true
	}
	for _, s := range dst.validity(nil, ir.NoSlot) {
		slots[s] = s != ir.NoSlot
	}
	found := false
	syntax.Inspect(x, func(n syntax.Node) bool {
		id, ok := n.(*syntax.Ident)
		if !ok || found {
			return !found
		}
		if lc := g.lvalue(id); lc != nil {
			for _, v := range lc.leaves(nil) {
				found = found || slots[v.Slot]
			}
		}
		return !found
	})
	return found
}

func (g *gen) copyLoc(dst, src *loc, pos syntax.Pos) {
	switch {
	case dst.hdr != nil && src.hdr != nil:
		g.c.CopyHeader(dst.hdr, src.hdr)
		if dst.parent != nil {
			skip := g.c.NewLabel()
			g.c.JumpIfNot(g.c.IsValid(dst.hdr), skip)
			g.invalidateSiblings(dst)
			g.c.Bind(skip)
		}
	case dst.fields != nil && src.fields != nil && len(dst.fields) == len(src.fields):
		for i := range dst.fields {
			g.copyLoc(dst.fields[i], src.fields[i], pos)
		}
	case dst.elems != nil && src.elems != nil && len(dst.elems) == len(src.elems):
		for i := range dst.elems {
			g.copyLoc(dst.elems[i], src.elems[i], pos)
		}
		// A stack's nextIndex is part of its value (copy-in/copy-out
		// of a stack to a sub-parser keeps the parse position).
		if dst.next.Width > 0 && src.next.Width == dst.next.Width {
			g.c.Assign(dst.next, src.next)
		}
	case dst.hdr == nil && dst.fields == nil && src.fields == nil && src.hdr == nil:
		g.c.Assign(dst.val, src.val)
	default:
		g.errorf(pos, "assignment between %v and %v is not supported", dst.typ, src.typ)
	}
}

// copyOut copies src, an out or inout parameter, back to its argument
// arg (which may have a run-time stack index).
func (g *gen) copyOut(arg syntax.Expr, src *loc, pos syntax.Pos) {
	if isDontCare(arg) {
		return // an out argument _ discards the value
	}
	if ix := g.dynamicIndex(arg); ix != nil && g.eachIndex(ix, func() { g.copyOut(arg, src, pos) }) {
		return
	}
	if sl, ok := unparen(arg).(*syntax.SliceExpr); ok && src.hdr == nil && src.fields == nil && src.elems == nil {
		// A slice argument is written back into the bits it names.
		g.assignSliceOf(sl, func(w int) ir.Value {
			if src.val.Width == w {
				return src.val
			}
			return g.c.Cast(src.val, w, false)
		})
		return
	}
	dst := g.lvalue(arg)
	if dst == nil {
		g.errorf(arg.Pos(), "out argument is not a variable")
		return
	}
	g.copyLoc(dst, src, pos)
}

// assignSlice lowers x[hi:lo] = rhs as a read-modify-write.
func (g *gen) assignSlice(s *syntax.SliceExpr, rhs syntax.Expr) {
	g.assignSliceOf(s, func(w int) ir.Value { return g.exprWidth(rhs, w) })
}

// assignSliceOf lowers x[hi:lo] = v, v computed by val for the slice's
// width.
func (g *gen) assignSliceOf(s *syntax.SliceExpr, val func(w int) ir.Value) {
	hi, ok1 := g.constInt(s.Hi)
	lo, ok2 := g.constInt(s.Lo)
	if !ok1 || !ok2 {
		g.errorf(s.Pos(), "unsupported slice assignment")
		return
	}
	h, lw := int(hi.Int64()), int(lo.Int64())
	// x[h1:l1][h:l] is x[l1+h:l1+l].
	base := unparen(s.X)
	for {
		in, ok := base.(*syntax.SliceExpr)
		if !ok {
			break
		}
		ilo, ok := g.constInt(in.Lo)
		if !ok {
			g.errorf(s.Pos(), "unsupported slice assignment")
			return
		}
		h, lw = h+int(ilo.Int64()), lw+int(ilo.Int64())
		base = unparen(in.X)
	}
	dst := g.lvalue(base)
	if dst == nil || dst.fields != nil || dst.hdr != nil || dst.elems != nil || lw < 0 || h >= dst.val.Width {
		g.errorf(s.Pos(), "unsupported slice assignment")
		return
	}
	w := h - lw + 1
	if dst.val.Width > 64 {
		g.c.SetSlice(dst.val, lw, val(w))
		return
	}
	v := g.c.Cast(val(w), dst.val.Width, false)
	shifted := g.c.BinK(ir.OpShl, v, uint64(lw))
	m := ir.Mask(w) << uint(lw)
	kept := g.c.BinK(ir.OpAnd, dst.val, ^m&ir.Mask(dst.val.Width))
	g.c.BinTo(dst.val, ir.OpOr, kept, shifted)
}

// fieldIndex returns the index of the field of st named key, or -1.
func fieldIndex(st *types.Struct, key *syntax.Ident) int {
	if st == nil || key == nil {
		return -1
	}
	for i, f := range st.Fields {
		if f.Name == key.Name {
			return i
		}
	}
	return -1
}

func unparen(x syntax.Expr) syntax.Expr {
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

// branch jumps to l when the boolean x is equal to when, and falls
// through otherwise; && and || become short-circuit jumps rather than
// values.
func (g *gen) branch(x syntax.Expr, when bool, l *ir.Label) {
	switch e := unparen(x).(type) {
	case *syntax.UnaryExpr:
		if e.Op == syntax.NOT && !g.isConst(x) {
			g.branch(e.X, !when, l)
			return
		}
	case *syntax.BinaryExpr:
		if !g.isConst(x) && (e.Op == syntax.LAND || e.Op == syntax.LOR) {
			// For && jumping on false (|| on true), either operand decides;
			// otherwise the first operand may skip the second.
			decides := (e.Op == syntax.LAND) != when
			if decides {
				g.branch(e.X, when, l)
				g.branch(e.Y, when, l)
				return
			}
			skip := g.c.NewLabel()
			g.branch(e.X, !when, skip)
			g.branch(e.Y, when, l)
			g.c.Bind(skip)
			return
		}
	}
	v := g.expr(x)
	if when {
		g.c.JumpIf(v, l)
	} else {
		g.c.JumpIfNot(v, l)
	}
}
