package syntax

import (
	"io"
	"strings"
)

// Fprint writes node (a *Program, Decl, Stmt, Expr, Type, or another
// node of the tree) to w as canonical P4 source: one declaration or
// statement per line, four-space indentation, comments dropped. Printing
// the result and parsing it again yields the same text, which the golden
// tests rely on.
func Fprint(w io.Writer, node Node) error {
	pr := &printer{}
	pr.node(node)
	_, err := io.WriteString(w, pr.b.String())
	return err
}

// Sprint returns the canonical P4 text of node.
func Sprint(node Node) string {
	pr := &printer{}
	pr.node(node)
	return pr.b.String()
}

type printer struct {
	b      strings.Builder
	indent int
	// parens prints every binary, unary and conditional expression in
	// parentheses; tests use it to check precedence.
	parens bool
}

// Pos returns the position of the first declaration.
func (p *Program) Pos() Pos {
	if len(p.Decls) > 0 {
		return nodePos(p.Decls[0], NoPos)
	}
	return NoPos
}

// End returns the position after the last declaration.
func (p *Program) End() Pos {
	if n := len(p.Decls); n > 0 {
		return nodeEnd(p.Decls[n-1], NoPos)
	}
	return NoPos
}

func (pr *printer) w(ss ...string) {
	for _, s := range ss {
		pr.b.WriteString(s)
	}
}

func (pr *printer) nl() {
	pr.b.WriteByte('\n')
	for i := 0; i < pr.indent; i++ {
		pr.b.WriteString("    ")
	}
}

func (pr *printer) node(n Node) {
	if isNil(n) {
		return
	}
	switch n := n.(type) {
	case *Program:
		for i, d := range n.Decls {
			if i > 0 {
				pr.b.WriteByte('\n')
			}
			pr.decl(d)
			pr.b.WriteByte('\n')
		}
	case Decl:
		pr.decl(n)
	case Stmt:
		pr.stmt(n)
	case Expr:
		pr.expr(n)
	case Type:
		pr.typ(n)
	case *Param:
		pr.param(n)
	case *Annotation:
		pr.annotation(n)
	case TableProperty:
		pr.property(n)
	case *ParserState:
		pr.state(n)
	default:
		pr.w("/* unprintable node */")
	}
}

func (pr *printer) annotation(a *Annotation) {
	if a.Pragma {
		pr.w("@pragma ")
		if a.Name != nil {
			pr.w(a.Name.Name)
		}
		if len(a.Body) > 0 {
			pr.w(" ", joinLits(a.Body))
		}
		return
	}
	pr.w("@")
	if a.Name != nil {
		pr.w(a.Name.Name)
	}
	if !a.Open.IsValid() {
		return
	}
	open, close := "(", ")"
	if a.Square {
		open, close = "[", "]"
	}
	pr.w(open)
	switch {
	case len(a.Args) > 0:
		pr.exprList(a.Args)
	case len(a.KVs) > 0:
		for i, kv := range a.KVs {
			if i > 0 {
				pr.w(", ")
			}
			pr.expr(kv)
		}
	default:
		pr.w(joinLits(a.Body))
	}
	pr.w(close)
}

// annotations prints annotations followed by a newline (block) or a
// space (inline).
func (pr *printer) annotations(as Annotations, block bool) {
	for _, a := range as {
		if a == nil {
			continue
		}
		pr.annotation(a)
		if block || a.Pragma {
			pr.nl() // a pragma runs to the end of its line

		} else {
			pr.w(" ")
		}
	}
}

func (pr *printer) ident(id *Ident) {
	if id == nil {
		pr.w("_")
		return
	}
	if id.Dot {
		pr.w(".")
	}
	pr.w(id.Name)
}

func (pr *printer) typeParams(ids []*Ident) {
	if len(ids) == 0 {
		return
	}
	pr.w("<")
	for i, id := range ids {
		if i > 0 {
			pr.w(", ")
		}
		pr.ident(id)
	}
	pr.w(">")
}

func (pr *printer) params(ps []*Param) {
	pr.w("(")
	for i, prm := range ps {
		if i > 0 {
			pr.w(", ")
		}
		pr.param(prm)
	}
	pr.w(")")
}

func (pr *printer) param(prm *Param) {
	pr.annotations(prm.Annotations, false)
	if prm.Dir != ILLEGAL && prm.Dir != 0 {
		pr.w(prm.Dir.String(), " ")
	}
	pr.typ(prm.Type)
	pr.w(" ")
	pr.ident(prm.Name)
	if !isNil(prm.Default) {
		pr.w(" = ")
		pr.expr(prm.Default)
	}
}

func (pr *printer) typ(t Type) {
	switch t := t.(type) {
	case nil:
		pr.w("/* missing type */")
	case *BadType:
		pr.w("/* bad type */")
	case *BaseType:
		pr.w(t.Kind.String())
		if !isNil(t.Width) {
			pr.w("<")
			pr.expr(t.Width)
			pr.w(">")
		}
	case *NamedType:
		pr.ident(t.Name)
	case *SpecializedType:
		if t.Base != nil {
			pr.ident(t.Base.Name)
		}
		pr.typeArgs(t.Args)
	case *TupleType:
		pr.w(t.Keyword.String())
		pr.typeArgs(t.Elems)
	case *StackType:
		pr.typ(t.Elem)
		pr.w("[")
		pr.expr(t.Size)
		pr.w("]")
	case *DontCareType:
		pr.w("_")
	}
}

func (pr *printer) typeArgs(ts []Type) {
	pr.w("<")
	for i, t := range ts {
		if i > 0 {
			pr.w(", ")
		}
		pr.typ(t)
	}
	pr.w(">")
}

func (pr *printer) exprList(xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			pr.w(", ")
		}
		pr.expr(x)
	}
}

func (pr *printer) expr(x Expr) {
	switch x := x.(type) {
	case nil:
		pr.w("/* missing expression */")
	case *BadExpr:
		pr.w("/* bad expression */")
	case *Ident:
		pr.ident(x)
	case *IntLit:
		pr.w(x.Raw)
	case *BoolLit:
		if x.Value {
			pr.w("true")
		} else {
			pr.w("false")
		}
	case *StringLit:
		pr.w(x.Raw)
	case *ParenExpr:
		pr.w("(")
		pr.expr(x.X)
		pr.w(")")
	case *UnaryExpr:
		if pr.parens {
			pr.w("(")
		}
		pr.w(x.Op.String())
		if u, ok := x.X.(*UnaryExpr); ok && u.Op == x.Op && (x.Op == SUB || x.Op == ADD) {
			pr.w(" ") // keep "- -x" from becoming "--x"
		}
		pr.expr(x.X)
		if pr.parens {
			pr.w(")")
		}
	case *BinaryExpr:
		if pr.parens {
			pr.w("(")
		}
		pr.expr(x.X)
		pr.w(" ", x.Op.String(), " ")
		pr.expr(x.Y)
		if pr.parens {
			pr.w(")")
		}
	case *CondExpr:
		if pr.parens {
			pr.w("(")
		}
		pr.expr(x.Cond)
		pr.w(" ? ")
		pr.expr(x.Then)
		pr.w(" : ")
		pr.expr(x.Else)
		if pr.parens {
			pr.w(")")
		}
	case *CastExpr:
		pr.w("(")
		pr.typ(x.Type)
		pr.w(")")
		pr.expr(x.X)
	case *MemberExpr:
		pr.expr(x.X)
		pr.w(".")
		pr.ident(x.Sel)
	case *IndexExpr:
		pr.expr(x.X)
		pr.w("[")
		pr.expr(x.Index)
		pr.w("]")
	case *SliceExpr:
		pr.expr(x.X)
		pr.w("[")
		pr.expr(x.Hi)
		pr.w(":")
		pr.expr(x.Lo)
		pr.w("]")
	case *CallExpr:
		pr.expr(x.Fun)
		if x.TypeArgs != nil {
			pr.typeArgs(x.TypeArgs)
		}
		pr.w("(")
		pr.exprList(x.Args)
		pr.w(")")
	case *KeyValueExpr:
		pr.ident(x.Key)
		pr.w(" = ")
		pr.expr(x.Value)
	case *ListExpr:
		pr.w("{")
		if x.Hash.IsValid() {
			pr.w("#")
		}
		pr.exprList(x.Elems)
		if x.Dots.IsValid() {
			if len(x.Elems) > 0 {
				pr.w(", ")
			}
			pr.w("...")
		}
		pr.w("}")
	case *TupleExpr:
		pr.w("(")
		pr.exprList(x.Elems)
		pr.w(")")
	case *DontCare:
		pr.w("_")
	case *DefaultExpr:
		pr.w("default")
	case *DotsExpr:
		pr.w("...")
	case *ThisExpr:
		pr.w("this")
	case *TypeExpr:
		pr.typ(x.Type)
	case *SelectExpr:
		pr.w("select(")
		pr.exprList(x.Keys)
		pr.w(") {")
		pr.indent++
		for _, c := range x.Cases {
			pr.nl()
			pr.annotations(c.Annotations, false)
			pr.expr(c.Keyset)
			pr.w(": ")
			pr.ident(c.State)
			pr.w(";")
		}
		pr.indent--
		pr.nl()
		pr.w("}")
	default:
		pr.w("/* unknown expression */")
	}
}
