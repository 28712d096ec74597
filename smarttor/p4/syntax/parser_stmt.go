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
	case ERROR, LIST:
		return p.peek(1).tok != PERIOD
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
		return p.parseBlock()
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
	case IDENT, PERIOD, THIS, APPLY, STATE, TYPE, LPAREN, ERROR:
	default:
		p.errorExpected("statement")
		p.sync(true)
		return &BadStmt{From: pos, To: p.pos}
	}
	lhs := p.parseExpr()
	if p.tok == ASSIGN {
		s := &AssignStmt{LHS: lhs, Assign: p.pos}
		p.next()
		s.RHS = p.parseExpr()
		s.Semi = p.expectSemi()
		return s
	}
	call, ok := lhs.(*CallExpr)
	if !ok {
		p.errorExpected("'=' or '('")
		p.sync(true)
		return &BadStmt{From: pos, To: p.pos}
	}
	return &CallStmt{Call: call, Semi: p.expectSemi()}
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
