package syntax

import "reflect"

type (
	// BadStmt stands for a statement that could not be parsed.
	BadStmt struct{ From, To Pos }

	// AssignStmt is LHS = RHS; or a compound assignment LHS op= RHS;
	// (Op is ASSIGN or one of ADD_ASSIGN ... SUBSAT_ASSIGN).
	AssignStmt struct {
		LHS    Expr
		Assign Pos
		Op     Token
		RHS    Expr
		Semi   Pos // NoPos inside a for header
	}

	// ForStmt is for (Init; Cond; Post) Body. Init holds DeclStmt,
	// AssignStmt and CallStmt; Post holds AssignStmt and CallStmt.
	ForStmt struct {
		For  Pos
		Init []Stmt
		Cond Expr // nil if omitted
		Post []Stmt
		Body Stmt
	}

	// ForInStmt is for (Type Name in Range) Body; Range is a list
	// expression or a lo .. hi BinaryExpr.
	ForInStmt struct {
		For   Pos
		Type  Type
		Name  *Ident
		Range Expr
		Body  Stmt
	}

	// BreakStmt is break;.
	BreakStmt struct {
		Break Pos
		Semi  Pos
	}

	// ContinueStmt is continue;.
	ContinueStmt struct {
		Continue Pos
		Semi     Pos
	}

	// CallStmt is a call used as a statement: f(x);, t.apply();,
	// pkt.extract(h);.
	CallStmt struct {
		Call *CallExpr
		Semi Pos
	}

	// BlockStmt is { Stmts }, also the body of an action, a function or
	// apply. A block statement may carry annotations, as in @atomic { }.
	BlockStmt struct {
		Annotations Annotations
		Lbrace      Pos
		Stmts       []Stmt
		Rbrace      Pos
	}

	// IfStmt is if (Cond) Then [else Else].
	IfStmt struct {
		If   Pos
		Cond Expr
		Then Stmt
		Else Stmt // nil without else
	}

	// SwitchStmt is switch (Tag) { Cases }: Tag is t.apply().action_run
	// or an expression.
	SwitchStmt struct {
		Switch Pos
		Tag    Expr
		Lbrace Pos
		Cases  []*SwitchCase
		Rbrace Pos
	}

	// ExitStmt is exit;.
	ExitStmt struct {
		Exit Pos
		Semi Pos
	}

	// ReturnStmt is return [Result];.
	ReturnStmt struct {
		Return Pos
		Result Expr // nil for a bare return
		Semi   Pos
	}

	// EmptyStmt is a lone ';'.
	EmptyStmt struct{ Semi Pos }

	// DeclStmt is a local declaration among statements: a VarDecl,
	// ConstDecl or Instantiation.
	DeclStmt struct{ Decl Decl }
)

// SwitchCase is one label of a switch. Body is nil for a label that falls
// through to the next one.
type SwitchCase struct {
	Label Expr // an action name (Ident), DefaultExpr, or an expression
	Colon Pos
	Body  *BlockStmt
}

// Pos returns the label's position.
func (c *SwitchCase) Pos() Pos { return nodePos(c.Label, c.Colon) }

// End returns the position after the body or the colon.
func (c *SwitchCase) End() Pos {
	if c.Body != nil {
		return c.Body.End()
	}
	return c.Colon + 1
}

func (s *BadStmt) Pos() Pos      { return s.From }
func (s *ForStmt) Pos() Pos      { return s.For }
func (s *ForInStmt) Pos() Pos    { return s.For }
func (s *BreakStmt) Pos() Pos    { return s.Break }
func (s *ContinueStmt) Pos() Pos { return s.Continue }
func (s *ForStmt) End() Pos      { return nodeEnd(s.Body, s.For+3) }
func (s *ForInStmt) End() Pos    { return nodeEnd(s.Body, s.For+3) }
func (s *BreakStmt) End() Pos    { return s.Semi + 1 }
func (s *ContinueStmt) End() Pos { return s.Semi + 1 }
func (*ForStmt) stmtNode()       {}
func (*ForInStmt) stmtNode()     {}
func (*BreakStmt) stmtNode()     {}
func (*ContinueStmt) stmtNode()  {}
func (s *AssignStmt) Pos() Pos   { return nodePos(s.LHS, s.Assign) }
func (s *CallStmt) Pos() Pos     { return nodePos(s.Call, s.Semi) }
func (s *BlockStmt) Pos() Pos    { return s.Lbrace }
func (s *IfStmt) Pos() Pos       { return s.If }
func (s *SwitchStmt) Pos() Pos   { return s.Switch }
func (s *ExitStmt) Pos() Pos     { return s.Exit }
func (s *ReturnStmt) Pos() Pos   { return s.Return }
func (s *EmptyStmt) Pos() Pos    { return s.Semi }
func (s *DeclStmt) Pos() Pos     { return nodePos(s.Decl, NoPos) }

func (s *BadStmt) End() Pos { return s.To }
func (s *AssignStmt) End() Pos {
	if s.Semi.IsValid() {
		return s.Semi + 1
	}
	return nodeEnd(s.RHS, s.Assign+1)
}
func (s *CallStmt) End() Pos {
	if s.Semi.IsValid() {
		return s.Semi + 1
	}
	return nodeEnd(s.Call, NoPos)
}
func (s *BlockStmt) End() Pos { return s.Rbrace + 1 }
func (s *IfStmt) End() Pos {
	if !isNil(s.Else) {
		return s.Else.End()
	}
	return nodeEnd(s.Then, s.If+2)
}
func (s *SwitchStmt) End() Pos { return s.Rbrace + 1 }
func (s *ExitStmt) End() Pos   { return s.Semi + 1 }
func (s *ReturnStmt) End() Pos { return s.Semi + 1 }
func (s *EmptyStmt) End() Pos  { return s.Semi + 1 }
func (s *DeclStmt) End() Pos   { return nodeEnd(s.Decl, NoPos) }

func (*BadStmt) stmtNode()    {}
func (*AssignStmt) stmtNode() {}
func (*CallStmt) stmtNode()   {}
func (*BlockStmt) stmtNode()  {}
func (*IfStmt) stmtNode()     {}
func (*SwitchStmt) stmtNode() {}
func (*ExitStmt) stmtNode()   {}
func (*ReturnStmt) stmtNode() {}
func (*EmptyStmt) stmtNode()  {}
func (*DeclStmt) stmtNode()   {}

// isNil reports whether n is nil or an interface holding a nil pointer.
func isNil(n any) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
