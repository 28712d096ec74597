package syntax

func (p *parser) parseTable(as Annotations) *TableDecl {
	d := &TableDecl{Annotations: as, Table: p.expect(TABLE)}
	d.Name = p.parseName()
	// The deprecated form "table t() {" (older P4_16 programs, still
	// accepted by p4c): an empty parameter list.
	if p.got(LPAREN) {
		p.expect(RPAREN)
	}
	d.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		if prop := p.parseTableProperty(); prop != nil {
			d.Properties = append(d.Properties, prop)
		}
		if p.i == start {
			p.next()
		}
	}
	d.Rbrace = p.expect(RBRACE)
	return d
}

func (p *parser) parseTableProperty() TableProperty {
	as := p.parseAnnotations()
	var cnst Pos
	if p.tok == CONST {
		cnst = p.pos
		p.next()
	}
	if !isName(p.tok) {
		p.errorExpected("table property")
		p.sync(true)
		return nil
	}
	name := p.parseName()
	assign := p.expect(ASSIGN)
	switch {
	case name.Name == "key" && p.tok == LBRACE:
		k := &KeyProperty{Annotations: as, Key: name.NamePos, Lbrace: p.expect(LBRACE)}
		for p.tok != RBRACE && p.tok != EOF {
			start := p.i
			e := &KeyElement{Expr: p.parseExpr()}
			e.Colon = p.expect(COLON)
			e.MatchKind = p.parseName()
			e.Annotations = p.parseAnnotations()
			e.Semi = p.expectSemi()
			k.Elems = append(k.Elems, e)
			if p.i == start {
				p.next()
			}
		}
		k.Rbrace = p.expect(RBRACE)
		return k
	case name.Name == "actions" && p.tok == LBRACE:
		a := &ActionsProperty{Annotations: as, ActionsPos: name.NamePos, Lbrace: p.expect(LBRACE)}
		for p.tok != RBRACE && p.tok != EOF {
			start := p.i
			ref := p.parseActionRef(p.parseAnnotations())
			ref.Semi = p.expectSemi()
			a.Actions = append(a.Actions, ref)
			if p.i == start {
				p.next()
			}
		}
		a.Rbrace = p.expect(RBRACE)
		return a
	case name.Name == "entries" && p.tok == LBRACE:
		e := &EntriesProperty{Annotations: as, Const: cnst, EntriesPos: name.NamePos, Lbrace: p.expect(LBRACE)}
		for p.tok != RBRACE && p.tok != EOF {
			start := p.i
			e.Entries = append(e.Entries, p.parseEntry())
			if p.i == start {
				p.next()
			}
		}
		e.Rbrace = p.expect(RBRACE)
		return e
	}
	v := &ValueProperty{Annotations: as, Const: cnst, Name: name, Assign: assign}
	v.Value = p.parseExpr()
	v.Semi = p.expectSemi()
	return v
}

// parseActionRef parses name [ '(' args ')' ].
func (p *parser) parseActionRef(as Annotations) *ActionRef {
	ref := &ActionRef{Annotations: as}
	if p.tok == PERIOD {
		dot := p.pos
		p.next()
		id := p.parseName()
		id.NamePos, id.Dot = dot, true
		ref.Name = id
	} else {
		ref.Name = p.parseName()
	}
	if p.tok == LPAREN {
		ref.Lparen, ref.Args, ref.Rparen = p.parseArgs()
	}
	return ref
}

func (p *parser) parseEntry() *Entry {
	e := &Entry{Annotations: p.parseAnnotations()}
	if p.tok == CONST {
		e.Const = p.pos
		p.next()
	}
	if p.tok == IDENT && p.lit == "priority" && p.peek(1).tok == ASSIGN {
		p.next()
		p.next()
		e.Priority = p.parseExpr()
		p.expect(COLON)
	}
	e.Keyset = p.parseKeyset()
	e.Colon = p.expect(COLON)
	e.Action = p.parseActionRef(nil)
	e.Annotations = append(e.Annotations, p.parseAnnotations()...)
	e.Semi = p.expectSemi()
	return e
}

// parseKeyset parses a keyset: default, _, an expression with an optional
// mask (&&&) or range (..), or a parenthesized tuple of those (a TupleExpr,
// possibly of one element as in (a &&& b)).
func (p *parser) parseKeyset() Expr {
	if p.tok == LPAREN && p.parenHasComma() {
		t := &TupleExpr{Lparen: p.pos}
		p.next()
		for p.tok != RPAREN && p.tok != EOF {
			start := p.i
			t.Elems = append(t.Elems, p.parseSimpleKeyset())
			if !p.got(COMMA) || p.i == start {
				break
			}
		}
		t.Rparen = p.expect(RPAREN)
		return t
	}
	return p.parseSimpleKeyset()
}

func (p *parser) parseSimpleKeyset() Expr {
	switch p.tok {
	case DEFAULT:
		x := &DefaultExpr{DefaultPos: p.pos}
		p.next()
		return x
	case DONTCARE:
		x := &DontCare{UnderPos: p.pos}
		p.next()
		return x
	}
	x := p.parseExpr()
	if p.tok == MASK || p.tok == RANGE {
		op, pos := p.tok, p.pos
		p.next()
		x = &BinaryExpr{X: x, OpPos: pos, Op: op, Y: p.parseExpr()}
	}
	return x
}

// parenHasComma reports whether the parenthesis at the current token is
// a tuple keyset: it contains a comma, a mask or a range at its top
// level, or just default or _ (p4c reads (a &&& b) as a one-element
// tuple, and (a) as an expression).
func (p *parser) parenHasComma() bool {
	if t := p.peek(1).tok; (t == DEFAULT || t == DONTCARE) && p.peek(2).tok == RPAREN {
		return true
	}
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		switch p.toks[j].tok {
		case LPAREN, LBRACE, LBRACK:
			depth++
		case RPAREN, RBRACE, RBRACK:
			depth--
			if depth == 0 {
				return false
			}
		case COMMA, MASK, RANGE:
			if depth == 1 {
				return true
			}
		case SEMI, EOF:
			return false
		}
	}
	return false
}
