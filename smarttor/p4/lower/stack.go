package lower

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// Header stacks: constant indexes are static locations; next, last,
// nextIndex and lastIndex depend on the stack's run-time nextIndex slot
// and are lowered into a dispatch over the (few) elements.

// stackSel returns the stack of x.next or x.last.
func (g *gen) stackSel(x syntax.Expr, sel string) (*loc, bool) {
	m, ok := unparen(x).(*syntax.MemberExpr)
	if !ok || m.Sel == nil || m.Sel.Name != sel {
		return nil, false
	}
	st := g.lvalue(m.X)
	if st == nil || st.elems == nil {
		return nil, false
	}
	return st, true
}

func (g *gen) stackNext(x syntax.Expr) (*loc, bool) { return g.stackSel(x, "next") }

// extractNext lowers pkt.extract(stack.next): the element at nextIndex,
// then nextIndex+1; a full stack is error.StackOutOfBounds. bits, if not
// nil, is the size of the element's varbit field (extract(s.next, n)).
func (g *gen) extractNext(st *loc, bits *ir.Value) { g.extractNextMember(st, bits, -1) }

// extractNextMember is extractNext into member m of the element (a header
// union) at nextIndex, stack.next.m, the union's other members becoming
// invalid; m < 0 extracts the element itself.
func (g *gen) extractNextMember(st *loc, bits *ir.Value, m int) {
	end := g.c.NewLabel()
	for i, e := range st.elems {
		skip := g.c.NewLabel()
		g.c.JumpIfNot(g.c.BinK(ir.OpEq, st.next, uint64(i)), skip)
		if m >= 0 && m < len(e.fields) {
			e = e.fields[m]
		}
		if e.hdr == nil {
			g.errorf(syntax.NoPos, "extract of a stack element that is not a header")
			return
		}
		if bits != nil {
			g.c.ExtractVar(e.hdr, *bits)
		} else {
			g.c.Extract(e.hdr)
		}
		g.invalidateSiblings(e)
		g.c.SetConst(st.next, uint64(i+1))
		g.c.Jump(end)
		g.c.Bind(skip)
	}
	g.c.Verify(g.c.Const(1, 0), ir.ErrStackOutOfBounds)
	g.c.Bind(end)
}

// stackField lowers stack.last.f and stack.next.f (reads), and
// stack.nextIndex / stack.lastIndex.
func (g *gen) stackField(x *syntax.MemberExpr) (ir.Value, bool) {
	if x.Sel == nil {
		return ir.Value{}, false
	}
	if st := g.lvalue(x.X); st != nil && st.elems != nil {
		switch x.Sel.Name {
		case "nextIndex":
			return st.next, true
		case "lastIndex":
			return g.c.BinK(ir.OpSub, st.next, 1), true
		}
		return ir.Value{}, false
	}
	var st *loc
	delta := 0
	if s, ok := g.stackSel(x.X, "last"); ok {
		st, delta = s, 1
	} else if s, ok := g.stackSel(x.X, "next"); ok {
		st = s
	} else {
		return ir.Value{}, false
	}
	fi, ok := g.l.info.Members[x]
	if !ok || len(st.elems) == 0 || fi >= len(st.elems[0].fields) {
		return ir.Value{}, false
	}
	w := st.elems[0].fields[fi].val.Width
	t := g.l.b.Temp(w)
	end := g.c.NewLabel()
	for i, e := range st.elems {
		skip := g.c.NewLabel()
		g.c.JumpIfNot(g.c.BinK(ir.OpEq, st.next, uint64(i+delta)), skip)
		g.c.Assign(t, e.fields[fi].val)
		g.c.Jump(end)
		g.c.Bind(skip)
	}
	g.c.Bind(end)
	return t, true
}

// stackMethod lowers push_front(n) and pop_front(n).
func (g *gen) stackMethod(x *syntax.CallExpr, c *types.Call) {
	st := g.lvalue(c.Recv)
	if st == nil || st.elems == nil || len(c.Args) != 1 {
		g.errorf(x.Pos(), "%s of something that is not a header stack", c.Name)
		return
	}
	nv, ok := g.constValue(c.Args[0])
	if !ok {
		g.errorf(x.Pos(), "%s needs a constant count", c.Name)
		return
	}
	n, size := int(nv.Int64()), len(st.elems)
	if n < 0 {
		n = 0
	}
	// Elements are headers, or header unions (copied member by member).
	copyElem := func(dst, src *loc) {
		if dst.hdr != nil && src.hdr != nil {
			g.c.CopyHeader(dst.hdr, src.hdr)
			return
		}
		for i := range dst.fields {
			if i < len(src.fields) && dst.fields[i].hdr != nil && src.fields[i].hdr != nil {
				g.c.CopyHeader(dst.fields[i].hdr, src.fields[i].hdr)
			}
		}
	}
	switch c.Name {
	case "push_front":
		for i := size - 1; i >= 0; i-- {
			if i >= n {
				copyElem(st.elems[i], st.elems[i-n])
			} else {
				g.invalidate(st.elems[i])
			}
		}
		sum := g.c.BinK(ir.OpAdd, st.next, uint64(n))
		g.c.If(g.c.BinK(ir.OpGt, sum, uint64(size)), func() { g.c.SetConst(st.next, uint64(size)) },
			func() { g.c.Assign(st.next, sum) })
	case "pop_front":
		for i := 0; i < size; i++ {
			if i+n < size {
				copyElem(st.elems[i], st.elems[i+n])
			} else {
				g.invalidate(st.elems[i])
			}
		}
		g.c.Assign(st.next, g.c.BinK(ir.OpSubSat, st.next, uint64(n)))
	default:
		g.errorf(x.Pos(), "stack method %s is not supported", c.Name)
	}
}
