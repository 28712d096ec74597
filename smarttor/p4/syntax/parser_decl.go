package syntax

// parseDecl parses one top-level declaration.
func (p *parser) parseDecl() Decl {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	as := p.parseAnnotations()
	start := p.pos
	switch p.tok {
	case CONST:
		return p.parseConstDecl(as)
	case TYPEDEF, TYPE:
		return p.parseTypedef(as)
	case HEADER, HEADERUNION, STRUCT:
		return p.parseStructDecl(as)
	case ENUM:
		return p.parseEnumDecl(as)
	case ERROR:
		if p.peek(1).tok == LBRACE {
			return p.parseErrorDecl(as)
		}
	case MATCHKIND:
		return p.parseMatchKindDecl(as)
	case EXTERN:
		return p.parseExtern(as)
	case ACTION:
		return p.parseAction(as)
	case PARSER:
		return p.parseParser(as)
	case CONTROL:
		return p.parseControl(as)
	case PACKAGE:
		return p.parsePackage(as)
	case TABLE:
		return p.parseTable(as)
	case VALUESET:
		return p.parseValueSet(as)
	case SEMI:
		p.next() // stray ';' between declarations is harmless
		return nil
	}
	if p.startsType() {
		return p.parseTypedDecl(as, true)
	}
	p.errorExpected("declaration")
	p.sync(true)
	return &BadDecl{From: start, To: p.pos}
}

// startsType reports whether the current token can begin a type.
func (p *parser) startsType() bool {
	switch p.tok {
	case IDENT, BIT, INT_KW, VARBIT, BOOL, ERROR, STRING_KW, VOID, TUPLE, MATCHKIND, DONTCARE:
		return true
	case LIST:
		return p.peek(1).tok == LSS
	case PERIOD:
		return p.peek(1).tok == IDENT
	}
	return false
}

// parseTypedDecl parses the declarations that start with a type: a
// function, an instantiation, or a variable. fn allows functions.
func (p *parser) parseTypedDecl(as Annotations, fn bool) Decl {
	typ := p.parseType()
	if p.tok == LPAREN {
		return p.parseInstantiation(as, typ)
	}
	name := p.parseName()
	if fn && (p.tok == LPAREN || p.tok == LSS) {
		d := &FunctionDecl{Annotations: as, Result: typ, Name: name}
		d.TypeParams = p.parseTypeParams()
		d.Params, d.Rparen = p.parseParams()
		if p.tok == LBRACE {
			d.Body = p.parseBlock()
		} else {
			p.errorExpected("'{'")
			d.Semi = p.pos
			p.sync(true)
		}
		return d
	}
	d := &VarDecl{Annotations: as, Type: typ, Name: name}
	if p.got(ASSIGN) {
		d.Value = p.parseExpr()
	}
	d.Semi = p.expectSemi()
	return d
}

// expectSemi expects ';' and, when it is missing, skips to the end of the
// statement to resynchronize.
func (p *parser) expectSemi() Pos {
	pos := p.pos
	if p.tok == SEMI {
		p.next()
		return pos
	}
	p.errorExpected("';'")
	p.sync(true)
	return pos
}

func (p *parser) parseInstantiation(as Annotations, typ Type) *Instantiation {
	d := &Instantiation{Annotations: as, Type: typ}
	d.Lparen, d.Args, d.Rparen = p.parseArgs()
	d.Name = p.parseName()
	if p.got(ASSIGN) {
		p.expect(LBRACE)
		for p.tok != RBRACE && p.tok != EOF {
			start := p.i
			das := p.parseAnnotations()
			d.Body = append(d.Body, p.parseTypedDecl(das, true))
			if p.i == start {
				p.next()
			}
		}
		p.expect(RBRACE)
	}
	d.Semi = p.expectSemi()
	return d
}

func (p *parser) parseConstDecl(as Annotations) *ConstDecl {
	d := &ConstDecl{Annotations: as, Const: p.expect(CONST)}
	d.Type = p.parseType()
	d.Name = p.parseName()
	p.expect(ASSIGN)
	d.Value = p.parseExpr()
	d.Semi = p.expectSemi()
	return d
}

func (p *parser) parseTypedef(as Annotations) Decl {
	d := &TypedefDecl{Annotations: as, KeywordPos: p.pos, Keyword: p.tok}
	p.next()
	ias := p.parseAnnotations()
	switch p.tok {
	case HEADER, HEADERUNION, STRUCT:
		sd := p.parseStructDecl(ias)
		d.Inline, d.Type = sd, &NamedType{Name: &Ident{NamePos: sd.Name.NamePos, Name: sd.Name.Name}}
	case ENUM:
		ed := p.parseEnumDecl(ias)
		d.Inline, d.Type = ed, &NamedType{Name: &Ident{NamePos: ed.Name.NamePos, Name: ed.Name.Name}}
	default:
		if len(ias) > 0 {
			p.errorAt(ias[0].Pos(), "annotations are not allowed here")
		}
		d.Type = p.parseType()
	}
	d.Name = p.parseName()
	d.Semi = p.expectSemi()
	return d
}

func (p *parser) parseStructDecl(as Annotations) *StructDecl {
	d := &StructDecl{Annotations: as, KindPos: p.pos, Kind: p.tok}
	p.next()
	d.Name = p.parseName()
	d.TypeParams = p.parseTypeParams()
	d.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		f := &Field{Annotations: p.parseAnnotations()}
		f.Type = p.parseType()
		f.Name = p.parseName()
		f.Semi = p.expectSemi()
		d.Fields = append(d.Fields, f)
		if p.i == start {
			p.next()
		}
	}
	d.Rbrace = p.expect(RBRACE)
	return d
}

func (p *parser) parseEnumDecl(as Annotations) *EnumDecl {
	d := &EnumDecl{Annotations: as, Enum: p.expect(ENUM)}
	if !(isName(p.tok) && p.peek(1).tok == LBRACE) {
		d.Type = p.parseType()
	}
	d.Name = p.parseName()
	d.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		m := &EnumMember{Annotations: p.parseAnnotations(), Name: p.parseName()}
		if p.got(ASSIGN) {
			m.Value = p.parseExpr()
		}
		d.Members = append(d.Members, m)
		if !p.got(COMMA) {
			break
		}
		if p.i == start {
			p.next()
		}
	}
	d.Rbrace = p.expect(RBRACE)
	return d
}

func (p *parser) parseIdentList() ([]*Ident, Pos) {
	p.expect(LBRACE)
	var ids []*Ident
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		ids = append(ids, p.parseName())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	return ids, p.expect(RBRACE)
}

func (p *parser) parseErrorDecl(as Annotations) *ErrorDecl {
	d := &ErrorDecl{Annotations: as, Error: p.expect(ERROR)}
	d.Members, d.Rbrace = p.parseIdentList()
	return d
}

func (p *parser) parseMatchKindDecl(as Annotations) *MatchKindDecl {
	d := &MatchKindDecl{Annotations: as, MatchKind: p.expect(MATCHKIND)}
	d.Members, d.Rbrace = p.parseIdentList()
	return d
}

// parseExtern parses an extern object or an extern function.
func (p *parser) parseExtern(as Annotations) Decl {
	ext := p.expect(EXTERN)
	object := false
	if isName(p.tok) {
		switch p.peek(1).tok {
		case SEMI:
			// A forward declaration: extern Name;
			d := &ExternDecl{Annotations: as, Extern: ext, Name: p.parseName()}
			d.Rbrace = p.expectSemi()
			return d
		case LBRACE:
			object = true
		case LSS:
			if j, ok := p.skipAngles(p.i + 1); ok && p.at(j).tok == LBRACE {
				object = true
			}
		}
	}
	if !object {
		d := &FunctionDecl{Annotations: as, Extern: ext}
		d.Result = p.parseType()
		d.Name = p.parseName()
		d.TypeParams = p.parseTypeParams()
		d.Params, d.Rparen = p.parseParams()
		d.Semi = p.expectSemi()
		return d
	}
	d := &ExternDecl{Annotations: as, Extern: ext}
	d.Name = p.parseName()
	d.TypeParams = p.parseTypeParams()
	d.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		m := &Method{Annotations: p.parseAnnotations()}
		if p.tok == ABSTRACT {
			m.Abstract = p.pos
			p.next()
		}
		if !(p.tok == IDENT && p.lit == d.Name.Name && p.peek(1).tok == LPAREN) {
			m.Result = p.parseType()
		}
		if p.tok == IDENT || p.tok.IsKeyword() {
			m.Name = p.parseMemberName()
		} else {
			m.Name = p.parseName()
		}
		m.TypeParams = p.parseTypeParams()
		m.Params, _ = p.parseParams()
		m.Semi = p.expectSemi()
		d.Methods = append(d.Methods, m)
		if p.i == start {
			p.next()
		}
	}
	d.Rbrace = p.expect(RBRACE)
	return d
}

func (p *parser) parseAction(as Annotations) *ActionDecl {
	d := &ActionDecl{Annotations: as, Action: p.expect(ACTION)}
	d.Name = p.parseName()
	d.Params, _ = p.parseParams()
	d.Body = p.parseBlock()
	return d
}

func (p *parser) parsePackage(as Annotations) *PackageDecl {
	d := &PackageDecl{Annotations: as, Package: p.expect(PACKAGE)}
	d.Name = p.parseName()
	d.TypeParams = p.parseTypeParams()
	d.Params, _ = p.parseParams()
	d.Semi = p.expectSemi()
	return d
}

func (p *parser) parseValueSet(as Annotations) *ValueSetDecl {
	d := &ValueSetDecl{Annotations: as, ValueSet: p.expect(VALUESET)}
	p.expect(LSS)
	d.ElemType = p.parseType()
	p.expect(GTR)
	p.expect(LPAREN)
	d.Size = p.parseExpr()
	p.expect(RPAREN)
	d.Name = p.parseName()
	d.Semi = p.expectSemi()
	return d
}

func (p *parser) parseParser(as Annotations) Decl {
	kw := p.expect(PARSER)
	name := p.parseName()
	tps := p.parseTypeParams()
	params, _ := p.parseParams()
	if p.tok == SEMI {
		return &ParserTypeDecl{Annotations: as, Parser: kw, Name: name, TypeParams: tps, Params: params, Semi: p.expectSemi()}
	}
	d := &ParserDecl{Annotations: as, Parser: kw, Name: name, TypeParams: tps, Params: params}
	if p.tok == LPAREN {
		d.CtorParams, _ = p.parseParams()
	}
	d.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		las := p.parseAnnotations()
		switch {
		case p.tok == STATE:
			d.States = append(d.States, p.parseState(las))
		case p.tok == CONST:
			d.Locals = append(d.Locals, p.parseConstDecl(las))
		case p.tok == VALUESET:
			d.Locals = append(d.Locals, p.parseValueSet(las))
		case p.startsType():
			d.Locals = append(d.Locals, p.parseTypedDecl(las, false))
		default:
			p.errorExpected("parser state or declaration")
			p.sync(true)
		}
		if p.i == start {
			p.next()
		}
	}
	d.Rbrace = p.expect(RBRACE)
	return d
}

func (p *parser) parseState(as Annotations) *ParserState {
	s := &ParserState{Annotations: as, State: p.expect(STATE)}
	s.Name = p.parseName()
	s.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != TRANSITION && p.tok != EOF {
		start := p.i
		s.Stmts = append(s.Stmts, p.parseStmt())
		if p.i == start {
			p.next()
		}
	}
	if p.tok == TRANSITION {
		s.Transition = p.parseTransition()
	}
	s.Rbrace = p.expect(RBRACE)
	return s
}

func (p *parser) parseTransition() *Transition {
	t := &Transition{Transition: p.expect(TRANSITION)}
	if p.tok == SELECT {
		sel := p.parseSelect()
		t.Target, t.Semi = sel, sel.Rbrace // no ';' after a select
		if p.tok == SEMI {
			t.Semi = p.pos
			p.next()
		}
		return t
	}
	t.Target = p.parseName()
	t.Semi = p.expectSemi()
	return t
}

func (p *parser) parseSelect() *SelectExpr {
	x := &SelectExpr{Select: p.expect(SELECT)}
	x.Lparen = p.expect(LPAREN)
	for p.tok != RPAREN && p.tok != EOF {
		start := p.i
		x.Keys = append(x.Keys, p.parseExpr())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	x.Rparen = p.expect(RPAREN)
	x.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		c := &SelectCase{Annotations: p.parseAnnotations()}
		c.Keyset = p.parseKeyset()
		c.Colon = p.expect(COLON)
		c.State = p.parseName()
		c.Semi = p.expectSemi()
		x.Cases = append(x.Cases, c)
		if p.i == start {
			p.next()
		}
	}
	x.Rbrace = p.expect(RBRACE)
	return x
}

func (p *parser) parseControl(as Annotations) Decl {
	kw := p.expect(CONTROL)
	name := p.parseName()
	tps := p.parseTypeParams()
	params, _ := p.parseParams()
	if p.tok == SEMI {
		return &ControlTypeDecl{Annotations: as, Control: kw, Name: name, TypeParams: tps, Params: params, Semi: p.expectSemi()}
	}
	d := &ControlDecl{Annotations: as, Control: kw, Name: name, TypeParams: tps, Params: params}
	if p.tok == LPAREN {
		d.CtorParams, _ = p.parseParams()
	}
	d.Lbrace = p.expect(LBRACE)
	for p.tok != RBRACE && p.tok != EOF {
		start := p.i
		las := p.parseAnnotations()
		switch {
		case p.tok == APPLY && p.peek(1).tok == LBRACE:
			p.next()
			if d.Apply != nil {
				p.errorAt(p.pos, "duplicate apply block")
			}
			d.Apply = p.parseBlock()
		case p.tok == ACTION:
			d.Locals = append(d.Locals, p.parseAction(las))
		case p.tok == TABLE:
			d.Locals = append(d.Locals, p.parseTable(las))
		case p.tok == CONST:
			d.Locals = append(d.Locals, p.parseConstDecl(las))
		case p.startsType():
			d.Locals = append(d.Locals, p.parseTypedDecl(las, true))
		default:
			p.errorExpected("declaration or apply block")
			p.sync(true)
		}
		if p.i == start {
			p.next()
		}
	}
	if d.Apply == nil {
		p.errorAt(p.pos, "control "+d.Name.Name+" has no apply block")
	}
	d.Rbrace = p.expect(RBRACE)
	return d
}
