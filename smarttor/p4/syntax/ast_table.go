package syntax

// TableProperty is one property of a table: *KeyProperty,
// *ActionsProperty, *EntriesProperty or *ValueProperty.
type TableProperty interface {
	Node
	tablePropertyNode()
}

// KeyProperty is key = { Elems }.
type KeyProperty struct {
	Annotations Annotations
	Key         Pos
	Lbrace      Pos
	Elems       []*KeyElement
	Rbrace      Pos
}

// KeyElement is Expr : MatchKind [annotations];.
type KeyElement struct {
	Expr        Expr
	Colon       Pos
	MatchKind   *Ident
	Annotations Annotations // e.g. @name("hdr.ipv4.dst")
	Semi        Pos
}

// ActionsProperty is actions = { Actions }.
type ActionsProperty struct {
	Annotations Annotations
	ActionsPos  Pos
	Lbrace      Pos
	Actions     []*ActionRef
	Rbrace      Pos
}

// ActionRef names an action with optional arguments: in an actions list
// (a; or a(x);), in default_action and in entries. Lparen is NoPos when no
// argument list was written.
type ActionRef struct {
	Annotations Annotations // e.g. @defaultonly, @tableonly
	Name        Expr        // an Ident (possibly with a leading '.')
	Lparen      Pos
	Args        []Expr
	Rparen      Pos
	Semi        Pos // NoPos outside action lists
}

// EntriesProperty is [const] entries = { Entries }.
type EntriesProperty struct {
	Annotations Annotations
	Const       Pos // NoPos unless const
	EntriesPos  Pos
	Lbrace      Pos
	Entries     []*Entry
	Rbrace      Pos
}

// Entry is one table entry: [const] [priority = P :] Keyset : Action;.
type Entry struct {
	Annotations Annotations // e.g. @priority(10), before the entry or after its action
	Const       Pos
	Priority    Expr // nil unless "priority = P :" is written
	Keyset      Expr // an expression or a TupleExpr of keyset expressions
	Colon       Pos
	Action      *ActionRef
	Semi        Pos
}

// ValueProperty is any other property: [const] Name = Value;. Its name
// tells what it is: default_action (Value is an Ident or CallExpr), size,
// counters, meters, implementation, support_timeout, or a target-specific
// property.
type ValueProperty struct {
	Annotations Annotations
	Const       Pos
	Name        *Ident
	Assign      Pos
	Value       Expr
	Semi        Pos
}

// Pos and End of the table properties, for the Node interface.

func (p *KeyProperty) Pos() Pos     { return annotatedPos(p.Annotations, p.Key) }
func (p *ActionsProperty) Pos() Pos { return annotatedPos(p.Annotations, p.ActionsPos) }
func (p *EntriesProperty) Pos() Pos {
	if p.Const.IsValid() {
		return annotatedPos(p.Annotations, p.Const)
	}
	return annotatedPos(p.Annotations, p.EntriesPos)
}
func (p *ValueProperty) Pos() Pos {
	if p.Const.IsValid() {
		return annotatedPos(p.Annotations, p.Const)
	}
	return annotatedPos(p.Annotations, identPos(p.Name))
}

func (p *KeyProperty) End() Pos     { return p.Rbrace + 1 }
func (p *ActionsProperty) End() Pos { return p.Rbrace + 1 }
func (p *EntriesProperty) End() Pos { return p.Rbrace + 1 }
func (p *ValueProperty) End() Pos   { return p.Semi + 1 }

func (*KeyProperty) tablePropertyNode()     {}
func (*ActionsProperty) tablePropertyNode() {}
func (*EntriesProperty) tablePropertyNode() {}
func (*ValueProperty) tablePropertyNode()   {}

// Pos returns the position of the key expression.
func (e *KeyElement) Pos() Pos { return nodePos(e.Expr, e.Colon) }

// End returns the position after ';'.
func (e *KeyElement) End() Pos { return e.Semi + 1 }

// Pos returns the position of the action's first token.
func (a *ActionRef) Pos() Pos { return annotatedPos(a.Annotations, nodePos(a.Name, a.Lparen)) }

// End returns the position after the reference.
func (a *ActionRef) End() Pos {
	switch {
	case a.Semi.IsValid():
		return a.Semi + 1
	case a.Rparen.IsValid():
		return a.Rparen + 1
	}
	return nodeEnd(a.Name, NoPos)
}

// Pos returns the position of the entry's first token. Annotations may
// precede the entry or follow its action.
func (e *Entry) Pos() Pos {
	p := nodePos(e.Priority, nodePos(e.Keyset, e.Colon))
	if e.Const.IsValid() {
		p = e.Const
	}
	if len(e.Annotations) > 0 && e.Annotations[0] != nil && e.Annotations[0].Pos() < p {
		p = e.Annotations[0].Pos()
	}
	return p
}

// End returns the position after ';'.
func (e *Entry) End() Pos { return e.Semi + 1 }
