package lower

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// For loops (P4_16 1.2.5) become jumps: the interpreter runs them as
// written, so a loop that never ends never ends here either (as in BMv2).

// body lowers a loop body with continue going to cont and break to end.
func (g *gen) body(s syntax.Stmt, cont, end *ir.Label) {
	g.loops = append(g.loops, loopLabels{cont, end})
	g.stmt(s)
	g.loops = g.loops[:len(g.loops)-1]
}

// forStmt lowers for (Init; Cond; Post) Body.
func (g *gen) forStmt(s *syntax.ForStmt) {
	g.stmts(s.Init)
	top, cont, end := g.c.NewLabel(), g.c.NewLabel(), g.c.NewLabel()
	g.c.Bind(top)
	if s.Cond != nil {
		g.branch(s.Cond, false, end)
	}
	g.body(s.Body, cont, end)
	g.c.Bind(cont)
	g.stmts(s.Post)
	g.c.Jump(top)
	g.c.Bind(end)
}

// forInStmt lowers for (T x in lo .. hi) Body (x from lo to hi included,
// nothing if lo > hi), for (T x in { a, b }) Body and for (T x in stack)
// Body (both unrolled).
func (g *gen) forInStmt(s *syntax.ForInStmt) {
	v, ok := g.l.info.Defs[s.Name].(*types.Var)
	if !ok {
		g.errorf(s.Pos(), "unresolved loop variable")
		return
	}
	lc := g.l.alloc("for."+s.Name.Name, g.typ(v.Type()), nil)
	g.env.vars[key(v)] = lc
	switch r := unparen(s.Range).(type) {
	case *syntax.ListExpr:
		end := g.c.NewLabel()
		for _, e := range r.Elems {
			cont := g.c.NewLabel()
			g.assignLoc(lc, e)
			g.body(s.Body, cont, end)
			g.c.Bind(cont)
		}
		g.c.Bind(end)
	case *syntax.BinaryExpr:
		if lc.fields != nil || lc.hdr != nil || lc.elems != nil {
			g.errorf(s.Pos(), "range of a non-integer type")
			return
		}
		w := lc.val.Width
		hi := g.l.b.Temp(w)
		hi.Signed = lc.val.Signed
		g.c.Assign(hi, g.exprWidth(r.Y, w))
		g.assignValue(lc.val, r.X)
		top, cont, end := g.c.NewLabel(), g.c.NewLabel(), g.c.NewLabel()
		g.c.JumpIf(g.c.Bin(ir.OpGt, lc.val, hi), end)
		g.c.Bind(top)
		g.body(s.Body, cont, end)
		g.c.Bind(cont)
		g.c.JumpIf(g.c.Bin(ir.OpEq, lc.val, hi), end)
		g.c.Assign(lc.val, g.c.BinK(ir.OpAdd, lc.val, 1))
		g.c.Jump(top)
		g.c.Bind(end)
	default:
		// A header stack: x is a copy of each element in turn.
		st := g.lvalue(s.Range)
		if st == nil || st.elems == nil {
			g.errorf(s.Pos(), "for-in needs a range lo .. hi, a list or a header stack")
			return
		}
		end := g.c.NewLabel()
		for _, e := range st.elems {
			cont := g.c.NewLabel()
			g.copyLoc(lc, e, s.Pos())
			g.body(s.Body, cont, end)
			g.c.Bind(cont)
		}
		g.c.Bind(end)
	}
}
