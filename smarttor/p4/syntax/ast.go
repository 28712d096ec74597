package syntax

import "math/big"

// Node is any node of the syntax tree.
type Node interface {
	Pos() Pos // first byte of the node
	End() Pos // first byte after the node
}

// Expr is an expression (including keyset expressions: masks, ranges,
// default and _).
type Expr interface {
	Node
	exprNode()
}

// Type is a type expression: bit<8>, T, register<bit<32>>, h_t[4], ...
type Type interface {
	Node
	typeNode()
}

// Stmt is a statement of a block, an action or a parser state.
type Stmt interface {
	Node
	stmtNode()
}

// Decl is a declaration: at top level, or local to a parser or a control.
type Decl interface {
	Node
	declNode()
}

// ---------------------------------------------------------------------
// Annotations

// Annotation is @Name, @Name(body) or @Name[body]. The body is kept as raw
// tokens; when it parses as a list of expressions it is also in Args (so
// @name("x"), @id(3), @priority(10), @brief("...") are structured), and
// when it is a list of key=value pairs, in KVs.
type Annotation struct {
	At     Pos
	Name   *Ident
	Open   Pos // '(' or '['; NoPos without a body
	Body   []TokenLit
	Close  Pos
	Args   []Expr          // body as an expression list, if it is one
	KVs    []*KeyValueExpr // body as key=value pairs, if it is that
	Square bool            // structured annotation @Name[...]
	Pragma bool            // written @pragma Name body-to-end-of-line
}

// TokenLit is one raw token of an annotation body.
type TokenLit struct {
	Pos Pos
	Tok Token
	Lit string // source text
}

// Annotations is the list of annotations of a declaration.
type Annotations []*Annotation

// Get returns the last annotation with the given name, or nil.
func (as Annotations) Get(name string) *Annotation {
	for i := len(as) - 1; i >= 0; i-- {
		if as[i] != nil && as[i].Name != nil && as[i].Name.Name == name {
			return as[i]
		}
	}
	return nil
}

// StringArg returns the value of a single string argument, as in
// @name("x").
func (a *Annotation) StringArg() (string, bool) {
	if a == nil || len(a.Args) != 1 {
		return "", false
	}
	s, ok := a.Args[0].(*StringLit)
	if !ok {
		return "", false
	}
	return s.Value, true
}

// IntArg returns the value of a single integer argument, as in @id(3) or
// @priority(10).
func (a *Annotation) IntArg() (*big.Int, bool) {
	if a == nil || len(a.Args) != 1 {
		return nil, false
	}
	x := a.Args[0]
	neg := false
	if u, ok := x.(*UnaryExpr); ok && u.Op == SUB {
		neg, x = true, u.X
	}
	lit, ok := x.(*IntLit)
	if !ok || lit.Value == nil {
		return nil, false
	}
	v := new(big.Int).Set(lit.Value)
	if neg {
		v.Neg(v)
	}
	return v, true
}

// Pos returns the position of '@'.
func (a *Annotation) Pos() Pos { return a.At }

// End returns the position after the annotation.
func (a *Annotation) End() Pos {
	if n := len(a.Body); a.Pragma && n > 0 {
		return a.Body[n-1].Pos + Pos(len(a.Body[n-1].Lit))
	}
	if a.Close.IsValid() {
		return a.Close + 1
	}
	if a.Name != nil {
		return a.Name.End()
	}
	return a.At + 1
}

// ---------------------------------------------------------------------
// Expressions

type (
	// BadExpr stands for an expression that could not be parsed.
	BadExpr struct{ From, To Pos }

	// Ident is a name. Resolution is the type checker's business.
	Ident struct {
		NamePos Pos
		Name    string
		Dot     bool // written with a leading '.' (top-level scope)
	}

	// IntLit is an integer literal such as 8w255, 0x1F or 16s-1.
	IntLit struct {
		ValuePos Pos
		Raw      string   // source text
		Value    *big.Int // never nil after a successful parse
		Width    int      // 0 unless HasWidth
		Signed   bool
		HasWidth bool
	}

	// BoolLit is true or false.
	BoolLit struct {
		ValuePos Pos
		Value    bool
	}

	// StringLit is a string literal.
	StringLit struct {
		ValuePos Pos
		Raw      string // with quotes and escapes
		Value    string
	}

	// ParenExpr is (X).
	ParenExpr struct {
		Lparen Pos
		X      Expr
		Rparen Pos
	}

	// UnaryExpr is Op X for Op in ! ~ - +.
	UnaryExpr struct {
		OpPos Pos
		Op    Token
		X     Expr
	}

	// BinaryExpr is X Op Y; Op is an arithmetic, bitwise, logical,
	// comparison, concatenation (++), or, in keysets, MASK (&&&) or
	// RANGE (..) operator.
	BinaryExpr struct {
		X     Expr
		OpPos Pos
		Op    Token
		Y     Expr
	}

	// CondExpr is Cond ? Then : Else.
	CondExpr struct {
		Cond     Expr
		Question Pos
		Then     Expr
		Colon    Pos
		Else     Expr
	}

	// CastExpr is (Type) X.
	CastExpr struct {
		Lparen Pos
		Type   Type
		Rparen Pos
		X      Expr
	}

	// MemberExpr is X.Sel: a field, a method, an enum or error member,
	// hit/miss/action_run, or a header stack's next/last/size.
	MemberExpr struct {
		X   Expr
		Sel *Ident
	}

	// IndexExpr is X[Index].
	IndexExpr struct {
		X      Expr
		Lbrack Pos
		Index  Expr
		Rbrack Pos
	}

	// SliceExpr is X[Hi:Lo].
	SliceExpr struct {
		X      Expr
		Lbrack Pos
		Hi, Lo Expr
		Rbrack Pos
	}

	// CallExpr is Fun<TypeArgs>(Args). Args may contain KeyValueExpr
	// (named arguments) and DontCare.
	CallExpr struct {
		Fun      Expr
		TypeArgs []Type // nil if none were written
		Lparen   Pos
		Args     []Expr
		Rparen   Pos
	}

	// KeyValueExpr is Key = Value: a named argument or a field of a
	// struct-valued initializer.
	KeyValueExpr struct {
		Key    *Ident
		Assign Pos
		Value  Expr
	}

	// ListExpr is {e1, e2} (a tuple or list value) or {a = 1, b = 2} (a
	// struct-valued expression, whose elements are KeyValueExprs).
	ListExpr struct {
		Lbrace Pos
		Elems  []Expr
		Dots   Pos // position of a trailing "...", if any
		Hash   Pos // position of the # of {#}, the invalid header or union
		Rbrace Pos
	}

	// TupleExpr is the parenthesized keyset (k1, k2) of a select case or a
	// table entry.
	TupleExpr struct {
		Lparen Pos
		Elems  []Expr
		Rparen Pos
	}

	// DontCare is _ in an argument, a keyset or a type argument.
	DontCare struct{ UnderPos Pos }

	// DefaultExpr is the keyset or switch label default.
	DefaultExpr struct{ DefaultPos Pos }

	// DotsExpr is "..." as a value: the default value of the type it
	// initializes (zero, false, an invalid header; P4_16 1.2.3).
	DotsExpr struct{ DotsPos Pos }

	// ThisExpr is this, inside an abstract method implementation.
	ThisExpr struct{ ThisPos Pos }

	// TypeExpr is a type used where an expression is expected, as in
	// error.NoMatch, bit<8>.maxSizeInBits or a constructor call T(...).
	TypeExpr struct{ Type Type }
)

// Pos and End of the expressions, for the Node interface.

func (x *BadExpr) Pos() Pos      { return x.From }
func (x *Ident) Pos() Pos        { return x.NamePos }
func (x *IntLit) Pos() Pos       { return x.ValuePos }
func (x *BoolLit) Pos() Pos      { return x.ValuePos }
func (x *StringLit) Pos() Pos    { return x.ValuePos }
func (x *ParenExpr) Pos() Pos    { return x.Lparen }
func (x *UnaryExpr) Pos() Pos    { return x.OpPos }
func (x *BinaryExpr) Pos() Pos   { return nodePos(x.X, x.OpPos) }
func (x *CondExpr) Pos() Pos     { return nodePos(x.Cond, x.Question) }
func (x *CastExpr) Pos() Pos     { return x.Lparen }
func (x *MemberExpr) Pos() Pos   { return nodePos(x.X, identPos(x.Sel)) }
func (x *IndexExpr) Pos() Pos    { return nodePos(x.X, x.Lbrack) }
func (x *SliceExpr) Pos() Pos    { return nodePos(x.X, x.Lbrack) }
func (x *CallExpr) Pos() Pos     { return nodePos(x.Fun, x.Lparen) }
func (x *KeyValueExpr) Pos() Pos { return identPos(x.Key) }
func (x *ListExpr) Pos() Pos     { return x.Lbrace }
func (x *TupleExpr) Pos() Pos    { return x.Lparen }
func (x *DontCare) Pos() Pos     { return x.UnderPos }
func (x *DefaultExpr) Pos() Pos  { return x.DefaultPos }
func (x *DotsExpr) Pos() Pos     { return x.DotsPos }
func (x *ThisExpr) Pos() Pos     { return x.ThisPos }
func (x *TypeExpr) Pos() Pos     { return nodePos(x.Type, NoPos) }

func (x *BadExpr) End() Pos { return x.To }
func (x *Ident) End() Pos {
	if x.Dot {
		return x.NamePos + 1 + Pos(len(x.Name))
	}
	return x.NamePos + Pos(len(x.Name))
}
func (x *IntLit) End() Pos { return x.ValuePos + Pos(len(x.Raw)) }
func (x *BoolLit) End() Pos {
	if x.Value {
		return x.ValuePos + 4
	}
	return x.ValuePos + 5
}
func (x *StringLit) End() Pos    { return x.ValuePos + Pos(len(x.Raw)) }
func (x *ParenExpr) End() Pos    { return x.Rparen + 1 }
func (x *UnaryExpr) End() Pos    { return nodeEnd(x.X, x.OpPos+1) }
func (x *BinaryExpr) End() Pos   { return nodeEnd(x.Y, x.OpPos+1) }
func (x *CondExpr) End() Pos     { return nodeEnd(x.Else, x.Colon+1) }
func (x *CastExpr) End() Pos     { return nodeEnd(x.X, x.Rparen+1) }
func (x *MemberExpr) End() Pos   { return nodeEnd(x.Sel, x.Pos()) }
func (x *IndexExpr) End() Pos    { return x.Rbrack + 1 }
func (x *SliceExpr) End() Pos    { return x.Rbrack + 1 }
func (x *CallExpr) End() Pos     { return x.Rparen + 1 }
func (x *KeyValueExpr) End() Pos { return nodeEnd(x.Value, x.Assign+1) }
func (x *ListExpr) End() Pos     { return x.Rbrace + 1 }
func (x *TupleExpr) End() Pos    { return x.Rparen + 1 }
func (x *DontCare) End() Pos     { return x.UnderPos + 1 }
func (x *DefaultExpr) End() Pos  { return x.DefaultPos + 7 }
func (x *DotsExpr) End() Pos     { return x.DotsPos + 3 }
func (x *ThisExpr) End() Pos     { return x.ThisPos + 4 }
func (x *TypeExpr) End() Pos     { return nodeEnd(x.Type, NoPos) }

func (*BadExpr) exprNode()      {}
func (*Ident) exprNode()        {}
func (*IntLit) exprNode()       {}
func (*BoolLit) exprNode()      {}
func (*StringLit) exprNode()    {}
func (*ParenExpr) exprNode()    {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*CondExpr) exprNode()     {}
func (*CastExpr) exprNode()     {}
func (*MemberExpr) exprNode()   {}
func (*IndexExpr) exprNode()    {}
func (*SliceExpr) exprNode()    {}
func (*CallExpr) exprNode()     {}
func (*KeyValueExpr) exprNode() {}
func (*ListExpr) exprNode()     {}
func (*TupleExpr) exprNode()    {}
func (*DontCare) exprNode()     {}
func (*DefaultExpr) exprNode()  {}
func (*DotsExpr) exprNode()     {}
func (*ThisExpr) exprNode()     {}
func (*TypeExpr) exprNode()     {}

// nodePos returns n.Pos(), or def when n is nil (an interface holding a
// nil pointer counts as nil).
func nodePos(n Node, def Pos) Pos {
	if isNil(n) {
		return def
	}
	return n.Pos()
}

func nodeEnd(n Node, def Pos) Pos {
	if isNil(n) {
		return def
	}
	return n.End()
}

func identPos(id *Ident) Pos {
	if id == nil {
		return NoPos
	}
	return id.NamePos
}

// ---------------------------------------------------------------------
// Types

type (
	// BadType stands for a type that could not be parsed.
	BadType struct{ From, To Pos }

	// BaseType is bool, error, string, void, match_kind, int, int<W>,
	// bit, bit<W> or varbit<W>. Width is nil when not written.
	BaseType struct {
		KindPos Pos
		Kind    Token // BOOL, ERROR, STRING_KW, VOID, MATCHKIND, INT_KW, BIT, VARBIT
		Lt      Pos
		Width   Expr
		Gt      Pos
	}

	// NamedType is a type referred to by name: a typedef, header, struct,
	// enum, extern, parser, control, package or type parameter.
	NamedType struct {
		Name *Ident
	}

	// SpecializedType is Base<Args>, e.g. register<bit<32>, bit<10>>.
	SpecializedType struct {
		Base *NamedType
		Lt   Pos
		Args []Type
		Gt   Pos
	}

	// TupleType is tuple<Elems> (or list<Elems> when Keyword is LIST).
	TupleType struct {
		KeywordPos Pos
		Keyword    Token
		Lt         Pos
		Elems      []Type
		Gt         Pos
	}

	// StackType is a header stack Elem[Size].
	StackType struct {
		Elem   Type
		Lbrack Pos
		Size   Expr
		Rbrack Pos
	}

	// DontCareType is _ as a type argument.
	DontCareType struct{ UnderPos Pos }
)

// Pos and End of the types, for the Node interface.

func (t *BadType) Pos() Pos         { return t.From }
func (t *BaseType) Pos() Pos        { return t.KindPos }
func (t *NamedType) Pos() Pos       { return identPos(t.Name) }
func (t *SpecializedType) Pos() Pos { return nodePos(t.Base, t.Lt) }
func (t *TupleType) Pos() Pos       { return t.KeywordPos }
func (t *StackType) Pos() Pos       { return nodePos(t.Elem, t.Lbrack) }
func (t *DontCareType) Pos() Pos    { return t.UnderPos }

func (t *BadType) End() Pos { return t.To }
func (t *BaseType) End() Pos {
	if t.Gt.IsValid() {
		return t.Gt + 1
	}
	return t.KindPos + Pos(len(t.Kind.String()))
}
func (t *NamedType) End() Pos       { return nodeEnd(t.Name, NoPos) }
func (t *SpecializedType) End() Pos { return t.Gt + 1 }
func (t *TupleType) End() Pos       { return t.Gt + 1 }
func (t *StackType) End() Pos       { return t.Rbrack + 1 }
func (t *DontCareType) End() Pos    { return t.UnderPos + 1 }

func (*BadType) typeNode()         {}
func (*BaseType) typeNode()        {}
func (*NamedType) typeNode()       {}
func (*SpecializedType) typeNode() {}
func (*TupleType) typeNode()       {}
func (*StackType) typeNode()       {}
func (*DontCareType) typeNode()    {}
