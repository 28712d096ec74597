package types

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

func (c *checker) blockStmt(s *Scope, b *syntax.BlockStmt) {
	if b == nil {
		return
	}
	inner := NewScope(s)
	for _, st := range b.Stmts {
		c.stmt(inner, st)
	}
}

func (c *checker) stmt(s *Scope, st syntax.Stmt) {
	if isNilNode(st) {
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxExprDepth {
		c.errorf(st.Pos(), "statements nested too deeply")
		return
	}
	switch st := st.(type) {
	case *syntax.BadStmt, *syntax.EmptyStmt:
	case *syntax.AssignStmt:
		lhs := c.expr(s, st.LHS)
		if lhs.typ == nil {
			c.expr(s, st.RHS)
			return
		}
		if !lhs.lvalue {
			c.errorf(st.LHS.Pos(), "cannot assign to %s", exprString(st.LHS))
		}
		rhs := c.exprWant(s, st.RHS, lhs.typ)
		if st.Op == syntax.QUO_ASSIGN || st.Op == syntax.REM_ASSIGN {
			if v, ok := IntOf(rhs.val); ok && v.Sign() == 0 {
				c.errorf(st.Assign, "division by zero")
			}
		}
	case *syntax.CallStmt:
		if st.Call == nil {
			return
		}
		c.expr(s, st.Call)
	case *syntax.BlockStmt:
		c.blockStmt(s, st)
	case *syntax.IfStmt:
		c.exprWant(s, st.Cond, TypeBool)
		c.stmt(NewScope(s), st.Then)
		if !isNilNode(st.Else) {
			c.stmt(NewScope(s), st.Else)
		}
	case *syntax.SwitchStmt:
		c.switchStmt(s, st)
	case *syntax.ExitStmt:
		if c.block != nil && c.block.Kind == KindParser {
			c.errorf(st.Pos(), "exit is not allowed in a parser")
		}
	case *syntax.ReturnStmt:
		c.returnStmt(s, st)
	case *syntax.DeclStmt:
		switch d := st.Decl.(type) {
		case *syntax.VarDecl:
			c.varDecl(s, d)
		case *syntax.ConstDecl:
			c.constDecl(s, d)
		case *syntax.Instantiation:
			c.errorf(d.Pos(), "instantiations are not allowed among statements")
		default:
			if !isNilNode(st.Decl) {
				c.errorf(st.Pos(), "unexpected declaration among statements")
			}
		}
	case *syntax.ForStmt:
		inner := NewScope(s)
		for _, i := range st.Init {
			c.stmt(inner, i)
		}
		if !isNilNode(st.Cond) {
			c.exprWant(inner, st.Cond, TypeBool)
		}
		for _, p := range st.Post {
			c.stmt(inner, p)
		}
		c.loopBody(inner, st.Body)
	case *syntax.ForInStmt:
		c.forInStmt(s, st)
	case *syntax.BreakStmt, *syntax.ContinueStmt:
		if c.loops == 0 {
			c.errorf(st.Pos(), "break or continue outside a for loop")
		}
	default:
		c.errorf(st.Pos(), "unsupported statement")
	}
}

func (c *checker) loopBody(s *Scope, body syntax.Stmt) {
	c.loops++
	c.stmt(NewScope(s), body)
	c.loops--
}

// forInStmt checks for (T x in lo .. hi), for (T x in { a, b }) and
// for (T x in stack).
func (c *checker) forInStmt(s *Scope, st *syntax.ForInStmt) {
	var t Type
	if !isNilNode(st.Type) {
		t = c.resolveType(s, st.Type)
	}
	switch r := st.Range.(type) {
	case *syntax.BinaryExpr:
		if r.Op != syntax.RANGE {
			c.errorf(r.Pos(), "for-in needs a range lo .. hi or a list")
			break
		}
		if t == nil {
			t = c.expr(s, r.X).typ
		} else {
			c.exprWant(s, r.X, t)
		}
		c.exprWant(s, r.Y, t)
		if t != nil && !isInteger(t) {
			c.errorf(r.Pos(), "range of non-integer type %s", t)
		}
	case *syntax.ListExpr:
		for _, e := range r.Elems {
			if t == nil {
				t = c.expr(s, e).typ
				continue
			}
			c.exprWant(s, e, t)
		}
	default:
		if isNilNode(st.Range) {
			break
		}
		// A header stack: x takes each element in turn.
		op := c.expr(s, st.Range)
		stack, ok := op.typ.(*Stack)
		if op.typ != nil && !ok {
			c.errorf(st.Range.Pos(), "for-in needs a range lo .. hi, a list or a header stack, not %s", op.typ)
			break
		}
		if !ok {
			break
		}
		if t == nil {
			t = stack.Elem
		} else if !Identical(t, stack.Elem) {
			c.errorf(st.Range.Pos(), "loop variable of type %s over elements of type %s", t, stack.Elem)
		}
	}
	inner := NewScope(s)
	if st.Name != nil {
		c.declare(inner, st.Name, &Var{object: object{st.Name.Name, st.Name.Pos(), t}})
	}
	c.loopBody(inner, st.Body)
}

func (c *checker) returnStmt(s *Scope, st *syntax.ReturnStmt) {
	if c.fn == nil {
		if !isNilNode(st.Result) {
			c.errorf(st.Pos(), "return with a value outside a function")
			c.expr(s, st.Result)
		}
		if c.block != nil && c.block.Kind == KindParser && c.action == nil {
			c.errorf(st.Pos(), "return is not allowed in a parser")
		}
		return
	}
	res := c.fn.Sig.Result
	_, void := res.(*Void)
	switch {
	case isNilNode(st.Result) && !void && res != nil:
		c.errorf(st.Pos(), "missing return value (function %q returns %s)", c.fn.Name(), res)
	case !isNilNode(st.Result) && void:
		c.errorf(st.Result.Pos(), "function %q returns no value", c.fn.Name())
		c.expr(s, st.Result)
	case !isNilNode(st.Result):
		c.exprWant(s, st.Result, res)
	}
}

func (c *checker) switchStmt(s *Scope, st *syntax.SwitchStmt) {
	tag := c.expr(s, st.Tag)
	if tag.typ == nil {
		for _, cs := range st.Cases {
			if cs != nil && cs.Body != nil {
				c.blockStmt(s, cs.Body)
			}
		}
		return
	}
	ae, isActions := tag.typ.(*ActionEnum)
	switch Underlying(tag.typ).(type) {
	case *ActionEnum, *Bits, *Enum:
	default:
		c.errorf(st.Tag.Pos(), "cannot switch on %s", tag.typ)
	}
	seen := map[string]bool{}
	for i, cs := range st.Cases {
		if cs == nil {
			continue
		}
		switch l := cs.Label.(type) {
		case *syntax.DefaultExpr:
			if i != len(st.Cases)-1 {
				c.errorf(l.Pos(), "default must be the last switch label")
			}
		case *syntax.Ident:
			if isActions {
				var found *Action
				for _, ta := range ae.Table.Actions {
					if ta.Action != nil && ta.Action.Name() == l.Name {
						found = ta.Action
					}
				}
				if found == nil {
					c.errorf(l.Pos(), "%q is not an action of table %q", l.Name, ae.Table.Name())
				} else {
					c.info.Uses[l] = found
					c.info.Types[l] = TypeAndValue{Type: tag.typ}
				}
				if seen[l.Name] {
					c.errorf(l.Pos(), "duplicate switch label %q", l.Name)
				}
				seen[l.Name] = true
				break
			}
			c.switchLabel(s, l, tag.typ, seen)
		default:
			if isActions {
				if !isNilNode(cs.Label) {
					c.errorf(cs.Label.Pos(), "switch labels of action_run must be action names")
				}
				break
			}
			c.switchLabel(s, cs.Label, tag.typ, seen)
		}
		if cs.Body != nil {
			c.blockStmt(s, cs.Body)
		}
	}
}

func (c *checker) switchLabel(s *Scope, l syntax.Expr, t Type, seen map[string]bool) {
	if isNilNode(l) {
		return
	}
	op := c.exprWant(s, l, t)
	if op.typ != nil && op.val == nil {
		c.errorf(l.Pos(), "switch label must be a compile-time constant")
		return
	}
	if op.val != nil {
		k := op.val.String()
		if seen[k] {
			c.errorf(l.Pos(), "duplicate switch label %s", k)
		}
		seen[k] = true
	}
}
