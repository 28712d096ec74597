package syntax

// ---------------------------------------------------------------------
// Types

func (p *parser) parseType() Type {
	if !p.enter() {
		return &BadType{From: p.pos, To: p.pos}
	}
	defer p.leave()
	var t Type
	pos := p.pos
	switch p.tok {
	case BIT, INT_KW, VARBIT:
		bt := &BaseType{KindPos: pos, Kind: p.tok}
		p.next()
		if p.tok == LSS {
			bt.Lt = p.pos
			p.next()
			switch p.tok {
			case INT:
				bt.Width = p.parseIntLit()
			case LPAREN:
				bt.Width = p.parseParenOrTuple()
			case IDENT:
				bt.Width = p.parseName()
			default:
				p.errorExpected("width")
			}
			bt.Gt = p.expect(GTR)
		}
		t = bt
	case BOOL, ERROR, STRING_KW, VOID, MATCHKIND:
		t = &BaseType{KindPos: pos, Kind: p.tok}
		p.next()
	case TUPLE, LIST:
		tt := &TupleType{KeywordPos: pos, Keyword: p.tok}
		p.next()
		tt.Lt = p.expect(LSS)
		tt.Elems, tt.Gt = p.parseTypeArgList()
		t = tt
	case DONTCARE:
		t = &DontCareType{UnderPos: pos}
		p.next()
	case IDENT, PERIOD:
		var id *Ident
		if p.tok == PERIOD {
			p.next()
			id = p.parseName()
			id.NamePos, id.Dot = pos, true
		} else {
			id = p.parseName()
		}
		nt := &NamedType{Name: id}
		t = nt
		if p.tok == LSS {
			st := &SpecializedType{Base: nt, Lt: p.pos}
			p.next()
			st.Args, st.Gt = p.parseTypeArgList()
			t = st
		}
	default:
		p.errorExpected("type")
		return &BadType{From: pos, To: pos}
	}
	for p.tok == LBRACK {
		st := &StackType{Elem: t, Lbrack: p.pos}
		p.next()
		st.Size = p.parseExpr()
		st.Rbrack = p.expect(RBRACK)
		t = st
	}
	return t
}

// parseTypeArgList parses the types after '<' up to and including '>'.
func (p *parser) parseTypeArgList() ([]Type, Pos) {
	var args []Type
	for p.tok != GTR && p.tok != EOF {
		start := p.i
		args = append(args, p.parseType())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	return args, p.expect(GTR)
}

// skipAngles returns the index after the '>' matching the '<' at index
// j, if the tokens between can be type arguments.
func (p *parser) skipAngles(j int) (int, bool) {
	depth := 0
	for ; j < len(p.toks); j++ {
		switch p.toks[j].tok {
		case LSS:
			depth++
		case GTR:
			depth--
			if depth == 0 {
				return j + 1, true
			}
		case IDENT, INT, COMMA, PERIOD, LBRACK, RBRACK, LPAREN, RPAREN, DONTCARE,
			BIT, INT_KW, VARBIT, BOOL, ERROR, STRING_KW, VOID, TUPLE, LIST, MATCHKIND,
			ADD, SUB, MUL:
		default:
			return j, false
		}
	}
	return j, false
}

// skipType returns the index after a type starting at index j, judging
// by tokens only.
func (p *parser) skipType(j int) (int, bool) {
	switch p.at(j).tok {
	case PERIOD:
		if p.at(j+1).tok != IDENT {
			return j, false
		}
		j += 2
	case IDENT:
		j++
	case BIT, INT_KW, VARBIT, TUPLE, LIST:
		j++
	case BOOL, ERROR, STRING_KW, VOID, MATCHKIND:
		return skipBrackets(p, j+1)
	default:
		return j, false
	}
	if p.at(j).tok == LSS {
		k, ok := p.skipAngles(j)
		if !ok {
			return j, false
		}
		j = k
	}
	return skipBrackets(p, j)
}

// skipBrackets skips balanced [ ... ] groups starting at j.
func skipBrackets(p *parser, j int) (int, bool) {
	for p.at(j).tok == LBRACK {
		depth := 0
		for ; j < len(p.toks); j++ {
			t := p.toks[j].tok
			if t == LBRACK {
				depth++
			} else if t == RBRACK {
				depth--
				if depth == 0 {
					j++
					break
				}
			} else if t == SEMI || t == EOF || t == LBRACE || t == RBRACE {
				return j, false
			}
		}
	}
	return j, true
}

// matchParen returns the index after the ')' matching '(' at j.
func (p *parser) matchParen(j int) (int, bool) {
	depth := 0
	for ; j < len(p.toks); j++ {
		switch p.toks[j].tok {
		case LPAREN:
			depth++
		case RPAREN:
			depth--
			if depth == 0 {
				return j + 1, true
			}
		case SEMI, EOF:
			return j, false
		}
	}
	return j, false
}

// ---------------------------------------------------------------------
// Expressions

func (p *parser) parseExpr() Expr {
	if !p.enter() {
		return &BadExpr{From: p.pos, To: p.pos}
	}
	defer p.leave()
	x := p.parseBinary(precLOr)
	if p.tok == QUEST {
		c := &CondExpr{Cond: x, Question: p.pos}
		p.next()
		c.Then = p.parseExpr()
		c.Colon = p.expect(COLON)
		c.Else = p.parseExpr()
		return c
	}
	return x
}

// binaryOp returns the binary operator at the current token: two adjacent
// '>' make a right shift.
func (p *parser) binaryOp() (Token, int) {
	if p.tok == GTR {
		if n := p.peek(1); n.tok == GTR && n.pos == p.pos+1 {
			return SHR, 2
		} else if n.tok == GEQ && n.pos == p.pos+1 {
			return ILLEGAL, 0 // '>>=' ends the expression
		}
	}
	return p.tok, 1
}

func (p *parser) parseBinary(prec int) Expr {
	x := p.parseUnary()
	for {
		op, n := p.binaryOp()
		oprec := op.Precedence()
		if oprec < prec || oprec == 0 {
			return x
		}
		pos := p.pos
		for ; n > 0; n-- {
			p.next()
		}
		if !p.enter() {
			return x
		}
		y := p.parseBinary(oprec + 1)
		p.leave()
		x = &BinaryExpr{X: x, OpPos: pos, Op: op, Y: y}
	}
}

func (p *parser) parseUnary() Expr {
	switch p.tok {
	case NOT, TILDE, SUB, ADD:
		if !p.enter() {
			return &BadExpr{From: p.pos, To: p.pos}
		}
		defer p.leave()
		pos, op := p.pos, p.tok
		p.next()
		return &UnaryExpr{OpPos: pos, Op: op, X: p.parseUnary()}
	case LPAREN:
		if p.isCast() {
			if !p.enter() {
				return &BadExpr{From: p.pos, To: p.pos}
			}
			defer p.leave()
			c := &CastExpr{Lparen: p.pos}
			p.next()
			c.Type = p.parseType()
			c.Rparen = p.expect(RPAREN)
			c.X = p.parseUnary()
			return c
		}
	}
	return p.parsePostfix(p.parsePrimary())
}

// isCast reports whether the '(' at the current token starts a cast.
// Built-in types always do; a parenthesized name does when an operand,
// not an operator, follows it.
func (p *parser) isCast() bool {
	switch p.peek(1).tok {
	case BIT, INT_KW, VARBIT, BOOL, TUPLE, STRING_KW:
		return true
	case IDENT, PERIOD, LIST:
		// (list<T>) {...}: list is also a name, so judged as (T).
	default:
		return false
	}
	j, ok := p.skipType(p.i + 1)
	if !ok || p.at(j).tok != RPAREN {
		return false
	}
	switch p.at(j + 1).tok {
	case IDENT, INT, STRING, LPAREN, LBRACE, NOT, TILDE, TRUE, FALSE, THIS, ERROR:
		return true
	case SUB, ADD:
		// (T) -x is a cast only if T names a type.
		n := p.peek(1)
		return j == p.i+2 && n.tok == IDENT && p.typeNames[n.lit]
	}
	return false
}

func (p *parser) parseIntLit() *IntLit {
	x := &IntLit{ValuePos: p.pos, Raw: p.lit}
	v, err := ParseInt(p.lit)
	if err != nil {
		p.errorAt(p.pos, err.Error())
	}
	x.Value, x.Width, x.Signed, x.HasWidth = v.Value, v.Width, v.Signed, v.HasWidth
	p.next()
	return x
}

func (p *parser) parsePrimary() Expr {
	pos := p.pos
	switch p.tok {
	case INT:
		return p.parseIntLit()
	case STRING:
		x := &StringLit{ValuePos: pos, Raw: p.lit, Value: UnquoteString(p.lit)}
		p.next()
		return x
	case TRUE, FALSE:
		x := &BoolLit{ValuePos: pos, Value: p.tok == TRUE}
		p.next()
		return x
	case IDENT, APPLY, STATE, TYPE, LIST:
		return p.parseName()
	case PERIOD:
		p.next()
		id := p.parseName()
		id.NamePos, id.Dot = pos, true
		return id
	case THIS:
		p.next()
		return &ThisExpr{ThisPos: pos}
	case DONTCARE:
		p.next()
		return &DontCare{UnderPos: pos}
	case DEFAULT:
		p.next()
		return &DefaultExpr{DefaultPos: pos}
	case DOTS:
		p.next()
		return &DotsExpr{DotsPos: pos}
	case LBRACE:
		return p.parseListExpr()
	case LPAREN:
		return p.parseParenOrTuple()
	case ERROR, BIT, INT_KW, VARBIT, BOOL, STRING_KW, TUPLE, MATCHKIND:
		return &TypeExpr{Type: p.parseType()}
	}
	p.errorExpected("expression")
	if p.tok != RBRACE && p.tok != SEMI && p.tok != EOF && p.tok != RPAREN {
		p.next()
	}
	return &BadExpr{From: pos, To: p.pos}
}

func (p *parser) parseParenOrTuple() Expr {
	if !p.enter() {
		return &BadExpr{From: p.pos, To: p.pos}
	}
	defer p.leave()
	lparen := p.expect(LPAREN)
	x := p.parseExpr()
	if p.tok == COMMA {
		t := &TupleExpr{Lparen: lparen, Elems: []Expr{x}}
		for p.got(COMMA) && p.tok != RPAREN && p.tok != EOF {
			t.Elems = append(t.Elems, p.parseExpr())
		}
		t.Rparen = p.expect(RPAREN)
		return t
	}
	return &ParenExpr{Lparen: lparen, X: x, Rparen: p.expect(RPAREN)}
}

func (p *parser) parseListExpr() Expr {
	if !p.enter() {
		return &BadExpr{From: p.pos, To: p.pos}
	}
	defer p.leave()
	x := &ListExpr{Lbrace: p.expect(LBRACE), Elems: []Expr{}}
	if p.tok == HASH {
		// {#}: an invalid header or header union.
		x.Hash = p.pos
		p.next()
		x.Rbrace = p.expect(RBRACE)
		return x
	}
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		if p.tok == DOTS {
			x.Dots = p.pos
			p.next()
			break
		}
		x.Elems = append(x.Elems, p.parseArg())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	x.Rbrace = p.expect(RBRACE)
	return x
}

// parseArg parses an argument or initializer element: name = expr, _, or
// an expression.
func (p *parser) parseArg() Expr {
	if isName(p.tok) && p.peek(1).tok == ASSIGN {
		key := p.parseName()
		assign := p.expect(ASSIGN)
		return &KeyValueExpr{Key: key, Assign: assign, Value: p.parseExpr()}
	}
	if p.tok == DONTCARE && (p.peek(1).tok == COMMA || p.peek(1).tok == RPAREN) {
		pos := p.pos
		p.next()
		return &DontCare{UnderPos: pos}
	}
	return p.parseExpr()
}

// parseArgs parses '(' args ')'.
func (p *parser) parseArgs() (Pos, []Expr, Pos) {
	lparen := p.expect(LPAREN)
	args := []Expr{}
	for p.tok != RPAREN && p.tok != EOF {
		start := p.i
		args = append(args, p.parseArg())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	return lparen, args, p.expect(RPAREN)
}

func (p *parser) parsePostfix(x Expr) Expr {
	for n := 0; ; n++ {
		if n > maxDepth {
			p.errorAt(p.pos, "expression too long")
			p.bail()
			return x
		}
		switch p.tok {
		case PERIOD:
			p.next()
			x = &MemberExpr{X: x, Sel: p.parseMemberName()}
		case LBRACK:
			lbrack := p.pos
			p.next()
			idx := p.parseExpr()
			if p.tok == COLON {
				p.next()
				lo := p.parseExpr()
				x = &SliceExpr{X: x, Lbrack: lbrack, Hi: idx, Lo: lo, Rbrack: p.expect(RBRACK)}
			} else {
				x = &IndexExpr{X: x, Lbrack: lbrack, Index: idx, Rbrack: p.expect(RBRACK)}
			}
		case LPAREN:
			c := &CallExpr{Fun: x}
			c.Lparen, c.Args, c.Rparen = p.parseArgs()
			x = c
		case LSS:
			// A generic call f<T>(...) or a comparison a < b.
			j, ok := p.skipAngles(p.i)
			if !ok || p.at(j).tok != LPAREN || !callable(x) {
				return x
			}
			p.next()
			c := &CallExpr{Fun: x}
			c.TypeArgs, _ = p.parseTypeArgList()
			c.Lparen, c.Args, c.Rparen = p.parseArgs()
			x = c
		default:
			return x
		}
	}
}

// callable reports whether x can be followed by type arguments.
func callable(x Expr) bool {
	switch x.(type) {
	case *Ident, *MemberExpr:
		return true
	}
	return false
}
