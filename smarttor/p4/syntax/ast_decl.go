package syntax

// Program is a parsed P4 program: the declarations of the preprocessed
// source, in order, including those of core.p4 and v1model.p4.
type Program struct {
	File  *File // the preprocessed text's File; positions map to originals
	Decls []Decl
}

// Param is a parameter of an action, function, method, parser, control or
// package. Dir is IN, OUT, INOUT, or ILLEGAL when no direction is given.
type Param struct {
	Annotations Annotations
	DirPos      Pos
	Dir         Token
	Type        Type
	Name        *Ident
	Default     Expr // nil unless "= value" is given
}

// Pos returns the position of the parameter's first token.
func (p *Param) Pos() Pos {
	if len(p.Annotations) > 0 {
		return p.Annotations[0].Pos()
	}
	if p.DirPos.IsValid() {
		return p.DirPos
	}
	return nodePos(p.Type, identPos(p.Name))
}

// End returns the position after the parameter.
func (p *Param) End() Pos {
	if !isNil(p.Default) {
		return p.Default.End()
	}
	return nodeEnd(p.Name, nodeEnd(p.Type, p.DirPos))
}

// Field is a field of a header, header_union or struct.
type Field struct {
	Annotations Annotations
	Type        Type
	Name        *Ident
	Semi        Pos
}

// Pos returns the position of the field's first token.
func (f *Field) Pos() Pos {
	if len(f.Annotations) > 0 {
		return f.Annotations[0].Pos()
	}
	return nodePos(f.Type, f.Semi)
}

// End returns the position after the field's ';'.
func (f *Field) End() Pos { return f.Semi + 1 }

// EnumMember is a member of an enum; Value is set only for members of a
// serializable enum.
type EnumMember struct {
	Annotations Annotations
	Name        *Ident
	Value       Expr
}

// Pos returns the member's position.
func (m *EnumMember) Pos() Pos { return identPos(m.Name) }

// End returns the position after the member.
func (m *EnumMember) End() Pos { return nodeEnd(m.Value, nodeEnd(m.Name, NoPos)) }

type (
	// BadDecl stands for a declaration that could not be parsed.
	BadDecl struct{ From, To Pos }

	// ConstDecl is const Type Name = Value;.
	ConstDecl struct {
		Annotations Annotations
		Const       Pos
		Type        Type
		Name        *Ident
		Value       Expr
		Semi        Pos
	}

	// VarDecl is Type Name [= Value]; (a local variable).
	VarDecl struct {
		Annotations Annotations
		Type        Type
		Name        *Ident
		Value       Expr // nil without initializer
		Semi        Pos
	}

	// TypedefDecl is typedef Type Name; or, when Keyword is TYPE, the new
	// type declaration type Type Name;. For typedef struct S {...} Name;
	// Inline holds the StructDecl (or EnumDecl) and Type names it.
	TypedefDecl struct {
		Annotations Annotations
		KeywordPos  Pos
		Keyword     Token // TYPEDEF or TYPE
		Inline      Decl  // a *StructDecl or *EnumDecl declared in place, or nil
		Type        Type
		Name        *Ident
		Semi        Pos
	}

	// StructDecl is a header, header_union or struct declaration, told
	// apart by Kind (HEADER, HEADERUNION, STRUCT).
	StructDecl struct {
		Annotations Annotations
		KindPos     Pos
		Kind        Token
		Name        *Ident
		TypeParams  []*Ident
		Lbrace      Pos
		Fields      []*Field
		Rbrace      Pos
	}

	// EnumDecl is enum [Type] Name { Members }. Type is nil for plain
	// enums and the underlying type (bit<8>) for serializable enums.
	EnumDecl struct {
		Annotations Annotations
		Enum        Pos
		Type        Type
		Name        *Ident
		Lbrace      Pos
		Members     []*EnumMember
		Rbrace      Pos
	}

	// ErrorDecl is error { Members } (it extends the error type).
	ErrorDecl struct {
		Annotations Annotations
		Error       Pos
		Members     []*Ident
		Rbrace      Pos
	}

	// MatchKindDecl is match_kind { Members }.
	MatchKindDecl struct {
		Annotations Annotations
		MatchKind   Pos
		Members     []*Ident
		Rbrace      Pos
	}

	// ExternDecl is an extern object type with its constructors and
	// methods: extern Name<TypeParams> { Methods }; or a forward
	// declaration extern Name; (Lbrace NoPos, Rbrace at the ';').
	ExternDecl struct {
		Annotations Annotations
		Extern      Pos
		Name        *Ident
		TypeParams  []*Ident
		Lbrace      Pos
		Methods     []*Method
		Rbrace      Pos
	}

	// FunctionDecl is a function with a body, or an extern function
	// (Extern valid, Body nil).
	FunctionDecl struct {
		Annotations Annotations
		Extern      Pos // NoPos unless declared with extern
		Result      Type
		Name        *Ident
		TypeParams  []*Ident
		Params      []*Param
		Rparen      Pos
		Body        *BlockStmt // nil for extern functions
		Semi        Pos        // for extern functions
	}

	// ActionDecl is action Name(Params) Body.
	ActionDecl struct {
		Annotations Annotations
		Action      Pos
		Name        *Ident
		Params      []*Param
		Body        *BlockStmt
	}

	// ParserTypeDecl is a parser type: parser Name<T>(Params);.
	ParserTypeDecl struct {
		Annotations Annotations
		Parser      Pos
		Name        *Ident
		TypeParams  []*Ident
		Params      []*Param
		Semi        Pos
	}

	// ParserDecl is a parser with its states.
	ParserDecl struct {
		Annotations Annotations
		Parser      Pos
		Name        *Ident
		TypeParams  []*Ident
		Params      []*Param
		CtorParams  []*Param // nil unless a constructor parameter list is given
		Lbrace      Pos
		Locals      []Decl // ConstDecl, VarDecl, Instantiation, ValueSetDecl
		States      []*ParserState
		Rbrace      Pos
	}

	// ControlTypeDecl is a control type: control Name<T>(Params);.
	ControlTypeDecl struct {
		Annotations Annotations
		Control     Pos
		Name        *Ident
		TypeParams  []*Ident
		Params      []*Param
		Semi        Pos
	}

	// ControlDecl is a control with its local declarations and apply
	// block.
	ControlDecl struct {
		Annotations Annotations
		Control     Pos
		Name        *Ident
		TypeParams  []*Ident
		Params      []*Param
		CtorParams  []*Param
		Lbrace      Pos
		Locals      []Decl // ConstDecl, VarDecl, Instantiation, ActionDecl, TableDecl, FunctionDecl...
		Apply       *BlockStmt
		Rbrace      Pos
	}

	// PackageDecl is package Name<T>(Params);.
	PackageDecl struct {
		Annotations Annotations
		Package     Pos
		Name        *Ident
		TypeParams  []*Ident
		Params      []*Param
		Semi        Pos
	}

	// Instantiation is Type(Args) Name [= { Body }];, e.g.
	// counter(64, CounterType.packets) c; or V1Switch(...) main;.
	Instantiation struct {
		Annotations Annotations
		Type        Type
		Lparen      Pos
		Args        []Expr
		Rparen      Pos
		Name        *Ident
		Body        []Decl // abstract method implementations, if any
		Semi        Pos
	}

	// ValueSetDecl is value_set<ElemType>(Size) Name;.
	ValueSetDecl struct {
		Annotations Annotations
		ValueSet    Pos
		ElemType    Type
		Size        Expr
		Name        *Ident
		Semi        Pos
	}

	// TableDecl is table Name { Properties }.
	TableDecl struct {
		Annotations Annotations
		Table       Pos
		Name        *Ident
		Lbrace      Pos
		Properties  []TableProperty
		Rbrace      Pos
	}
)

// Method is an extern's constructor (Result nil and Name equal to the
// extern's name) or method, possibly abstract.
type Method struct {
	Annotations Annotations
	Abstract    Pos // NoPos unless abstract
	Result      Type
	Name        *Ident
	TypeParams  []*Ident
	Params      []*Param
	Semi        Pos
}

// Pos returns the position of the method's first token.
func (m *Method) Pos() Pos {
	if len(m.Annotations) > 0 {
		return m.Annotations[0].Pos()
	}
	if m.Abstract.IsValid() {
		return m.Abstract
	}
	return nodePos(m.Result, identPos(m.Name))
}

// End returns the position after the method's ';'.
func (m *Method) End() Pos { return m.Semi + 1 }

// IsConstructor reports whether m has no result type.
func (m *Method) IsConstructor() bool { return isNil(m.Result) }

// ParserState is state Name { Stmts Transition }.
type ParserState struct {
	Annotations Annotations
	State       Pos
	Name        *Ident
	Lbrace      Pos
	Stmts       []Stmt
	Transition  *Transition // nil when omitted (the state rejects)
	Rbrace      Pos
}

// Pos returns the position of the state's first token.
func (s *ParserState) Pos() Pos { return annotatedPos(s.Annotations, s.State) }

// End returns the position after '}'.
func (s *ParserState) End() Pos { return s.Rbrace + 1 }

// Transition is transition Target;, where Target is an Ident or a
// SelectExpr. After a select, which needs no ';', Semi is the select's
// closing brace unless a ';' was written.
type Transition struct {
	Transition Pos
	Target     Expr
	Semi       Pos
}

// Pos returns the position of the transition keyword.
func (t *Transition) Pos() Pos { return t.Transition }

// End returns the position after ';'.
func (t *Transition) End() Pos { return t.Semi + 1 }

// SelectExpr is select(Keys) { Cases }; it appears only as a transition
// target.
type SelectExpr struct {
	Select Pos
	Lparen Pos
	Keys   []Expr
	Rparen Pos
	Lbrace Pos
	Cases  []*SelectCase
	Rbrace Pos
}

// SelectCase is Keyset: State;. Keyset is an expression, a mask or range
// BinaryExpr, DefaultExpr, DontCare, a TupleExpr of those, or the name of
// a value_set.
type SelectCase struct {
	Annotations Annotations
	Keyset      Expr
	Colon       Pos
	State       *Ident
	Semi        Pos
}

// Pos returns the keyset's position.
func (c *SelectCase) Pos() Pos { return annotatedPos(c.Annotations, nodePos(c.Keyset, c.Colon)) }

// End returns the position after ';'.
func (c *SelectCase) End() Pos { return c.Semi + 1 }

// Pos returns the position of the select keyword.
func (x *SelectExpr) Pos() Pos { return x.Select }

// End returns the position after '}'.
func (x *SelectExpr) End() Pos { return x.Rbrace + 1 }
func (*SelectExpr) exprNode()  {}

func annotatedPos(as Annotations, def Pos) Pos {
	if len(as) > 0 && as[0] != nil {
		return as[0].Pos()
	}
	return def
}

// Pos and End of the declarations, for the Node interface.

func (d *BadDecl) Pos() Pos         { return d.From }
func (d *ConstDecl) Pos() Pos       { return annotatedPos(d.Annotations, d.Const) }
func (d *VarDecl) Pos() Pos         { return annotatedPos(d.Annotations, nodePos(d.Type, d.Semi)) }
func (d *TypedefDecl) Pos() Pos     { return annotatedPos(d.Annotations, d.KeywordPos) }
func (d *StructDecl) Pos() Pos      { return annotatedPos(d.Annotations, d.KindPos) }
func (d *EnumDecl) Pos() Pos        { return annotatedPos(d.Annotations, d.Enum) }
func (d *ErrorDecl) Pos() Pos       { return annotatedPos(d.Annotations, d.Error) }
func (d *MatchKindDecl) Pos() Pos   { return annotatedPos(d.Annotations, d.MatchKind) }
func (d *ExternDecl) Pos() Pos      { return annotatedPos(d.Annotations, d.Extern) }
func (d *ActionDecl) Pos() Pos      { return annotatedPos(d.Annotations, d.Action) }
func (d *ParserTypeDecl) Pos() Pos  { return annotatedPos(d.Annotations, d.Parser) }
func (d *ParserDecl) Pos() Pos      { return annotatedPos(d.Annotations, d.Parser) }
func (d *ControlTypeDecl) Pos() Pos { return annotatedPos(d.Annotations, d.Control) }
func (d *ControlDecl) Pos() Pos     { return annotatedPos(d.Annotations, d.Control) }
func (d *PackageDecl) Pos() Pos     { return annotatedPos(d.Annotations, d.Package) }
func (d *Instantiation) Pos() Pos   { return annotatedPos(d.Annotations, nodePos(d.Type, d.Lparen)) }
func (d *ValueSetDecl) Pos() Pos    { return annotatedPos(d.Annotations, d.ValueSet) }
func (d *TableDecl) Pos() Pos       { return annotatedPos(d.Annotations, d.Table) }
func (d *FunctionDecl) Pos() Pos {
	if d.Extern.IsValid() {
		return annotatedPos(d.Annotations, d.Extern)
	}
	return annotatedPos(d.Annotations, nodePos(d.Result, identPos(d.Name)))
}

func (d *BadDecl) End() Pos         { return d.To }
func (d *ConstDecl) End() Pos       { return d.Semi + 1 }
func (d *VarDecl) End() Pos         { return d.Semi + 1 }
func (d *TypedefDecl) End() Pos     { return d.Semi + 1 }
func (d *StructDecl) End() Pos      { return d.Rbrace + 1 }
func (d *EnumDecl) End() Pos        { return d.Rbrace + 1 }
func (d *ErrorDecl) End() Pos       { return d.Rbrace + 1 }
func (d *MatchKindDecl) End() Pos   { return d.Rbrace + 1 }
func (d *ExternDecl) End() Pos      { return d.Rbrace + 1 }
func (d *ActionDecl) End() Pos      { return nodeEnd(d.Body, d.Action) }
func (d *ParserTypeDecl) End() Pos  { return d.Semi + 1 }
func (d *ParserDecl) End() Pos      { return d.Rbrace + 1 }
func (d *ControlTypeDecl) End() Pos { return d.Semi + 1 }
func (d *ControlDecl) End() Pos     { return d.Rbrace + 1 }
func (d *PackageDecl) End() Pos     { return d.Semi + 1 }
func (d *Instantiation) End() Pos   { return d.Semi + 1 }
func (d *ValueSetDecl) End() Pos    { return d.Semi + 1 }
func (d *TableDecl) End() Pos       { return d.Rbrace + 1 }
func (d *FunctionDecl) End() Pos {
	if d.Body != nil {
		return d.Body.End()
	}
	return d.Semi + 1
}

func (*BadDecl) declNode()         {}
func (*ConstDecl) declNode()       {}
func (*VarDecl) declNode()         {}
func (*TypedefDecl) declNode()     {}
func (*StructDecl) declNode()      {}
func (*EnumDecl) declNode()        {}
func (*ErrorDecl) declNode()       {}
func (*MatchKindDecl) declNode()   {}
func (*ExternDecl) declNode()      {}
func (*FunctionDecl) declNode()    {}
func (*ActionDecl) declNode()      {}
func (*ParserTypeDecl) declNode()  {}
func (*ParserDecl) declNode()      {}
func (*ControlTypeDecl) declNode() {}
func (*ControlDecl) declNode()     {}
func (*PackageDecl) declNode()     {}
func (*Instantiation) declNode()   {}
func (*ValueSetDecl) declNode()    {}
func (*TableDecl) declNode()       {}
