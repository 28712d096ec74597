package syntax

func (p *parser) parseBlock() *BlockStmt {
	b := &BlockStmt{Lbrace: p.expect(LBRACE)}
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		b.Stmts = append(b.Stmts, p.parseStmt())
		if p.i == start {
			p.next()
		}
	}
	b.Rbrace = p.expect(RBRACE)
	return b
}

// looksLikeDecl reports whether the statement at the current token is a
// declaration: Type Name ... or Type(Args) Name ....
func (p *parser) looksLikeDecl() bool {
	switch p.tok {
	case BIT, INT_KW, VARBIT, BOOL, STRING_KW, TUPLE, MATCHKIND:
		return true
	case ERROR:
		return p.peek(1).tok != PERIOD
	case LIST:
		return p.peek(1).tok == LSS
	}
	j, ok := p.skipType(p.i)
	if !ok {
		return false
	}
	if isName(p.at(j).tok) {
		return true
	}
	if p.at(j).tok == LPAREN {
		k, ok := p.matchParen(j)
		return ok && isName(p.at(k).tok)
	}
	return false
}

func (p *parser) parseStmt() Stmt {
	if !p.enter() {
		return &BadStmt{From: p.pos, To: p.pos}
	}
	defer p.leave()
	as := p.parseAnnotations()
	pos := p.pos
	switch p.tok {
	case LBRACE:
		b := p.parseBlock()
		b.Annotations = as
		return b
	case IF:
		s := &IfStmt{If: pos}
		p.next()
		p.expect(LPAREN)
		s.Cond = p.parseExpr()
		p.expect(RPAREN)
		s.Then = p.parseStmt()
		if p.got(ELSE) {
			s.Else = p.parseStmt()
		}
		return s
	case SWITCH:
		return p.parseSwitch()
	case EXIT:
		p.next()
		return &ExitStmt{Exit: pos, Semi: p.expectSemi()}
	case BREAK:
		p.next()
		return &BreakStmt{Break: pos, Semi: p.expectSemi()}
	case CONTINUE:
		p.next()
		return &ContinueStmt{Continue: pos, Semi: p.expectSemi()}
	case FOR:
		return p.parseFor()
	case RETURN:
		p.next()
		s := &ReturnStmt{Return: pos}
		if p.tok != SEMI {
			s.Result = p.parseExpr()
		}
		s.Semi = p.expectSemi()
		return s
	case SEMI:
		p.next()
		return &EmptyStmt{Semi: pos}
	case CONST:
		return &DeclStmt{Decl: p.parseConstDecl(as)}
	case HASH:
		p.errorAt(pos, "unexpected preprocessor directive")
		p.sync(true)
		return &BadStmt{From: pos, To: p.pos}
	}
	if p.looksLikeDecl() {
		return &DeclStmt{Decl: p.parseTypedDecl(as, false)}
	}
	switch p.tok {
	case IDENT, PERIOD, THIS, APPLY, STATE, TYPE, LIST, LPAREN, ERROR:
	default:
		p.errorExpected("statement")
		p.sync(true)
		return &BadStmt{From: pos, To: p.pos}
	}
	s := p.parseSimpleStmt()
	if _, bad := s.(*BadStmt); bad {
		p.sync(true)
		return &BadStmt{From: pos, To: p.pos}
	}
	switch s := s.(type) {
	case *AssignStmt:
		s.Semi = p.expectSemi()
	case *CallStmt:
		s.Semi = p.expectSemi()
	}
	return s
}

// assignOp returns the assignment operator at the current token: '>'
// followed by an adjacent '>=' is '>>='.
func (p *parser) assignOp() (Token, int) {
	if p.tok == GTR {
		if n := p.peek(1); n.tok == GEQ && n.pos == p.pos+1 {
			return SHR_ASSIGN, 2
		}
	}
	if p.tok.IsAssign() {
		return p.tok, 1
	}
	return ILLEGAL, 0
}

// parseSimpleStmt parses an assignment or a call without its ';'.
func (p *parser) parseSimpleStmt() Stmt {
	pos := p.pos
	lhs := p.parseExpr()
	if op, n := p.assignOp(); n > 0 {
		s := &AssignStmt{LHS: lhs, Assign: p.pos, Op: op}
		for ; n > 0; n-- {
			p.next()
		}
		s.RHS = p.parseExpr()
		return s
	}
	call, ok := lhs.(*CallExpr)
	if !ok {
		p.errorExpected("'=' or '('")
		return &BadStmt{From: pos, To: p.pos}
	}
	return &CallStmt{Call: call}
}

// parseFor parses both forms of for.
func (p *parser) parseFor() Stmt {
	pos := p.expect(FOR)
	p.expect(LPAREN)
	// for (T x in e) has an 'in' before any ';' at depth 1.
	isIn := false
	depth := 0
scan:
	for j := p.i; j < len(p.toks); j++ {
		switch p.toks[j].tok {
		case LPAREN, LBRACE, LBRACK:
			depth++
		case RPAREN, RBRACE, RBRACK:
			if depth == 0 {
				break scan
			}
			depth--
		case IN:
			if depth == 0 {
				isIn = true
				break scan
			}
		case SEMI, EOF:
			break scan
		}
	}
	if isIn {
		s := &ForInStmt{For: pos}
		p.parseAnnotations()
		s.Type = p.parseType()
		s.Name = p.parseName()
		p.expect(IN)
		s.Range = p.parseSimpleKeyset()
		p.expect(RPAREN)
		s.Body = p.parseStmt()
		return s
	}
	s := &ForStmt{For: pos}
	for p.tok != SEMI && p.tok != EOF {
		start := p.i
		if p.looksLikeDecl() {
			d := &VarDecl{Annotations: p.parseAnnotations(), Type: p.parseType(), Name: p.parseName()}
			if p.got(ASSIGN) {
				d.Value = p.parseExpr()
			}
			s.Init = append(s.Init, &DeclStmt{Decl: d})
		} else {
			s.Init = append(s.Init, p.parseSimpleStmt())
		}
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	p.expect(SEMI)
	if p.tok != SEMI {
		s.Cond = p.parseExpr()
	}
	p.expect(SEMI)
	for p.tok != RPAREN && p.tok != EOF {
		start := p.i
		s.Post = append(s.Post, p.parseSimpleStmt())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	p.expect(RPAREN)
	s.Body = p.parseStmt()
	return s
}

func (p *parser) parseSwitch() *SwitchStmt {
	s := &SwitchStmt{Switch: p.expect(SWITCH)}
	p.expect(LPAREN)
	s.Tag = p.parseExpr()
	p.expect(RPAREN)
	s.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		c := &SwitchCase{}
		if p.tok == DEFAULT {
			c.Label = &DefaultExpr{DefaultPos: p.pos}
			p.next()
		} else {
			c.Label = p.parseExpr()
		}
		c.Colon = p.expect(COLON)
		if p.tok == LBRACE {
			c.Body = p.parseBlock()
		}
		s.Cases = append(s.Cases, c)
		if p.i == start {
			p.next()
		}
	}
	s.Rbrace = p.expect(RBRACE)
	return s
}
