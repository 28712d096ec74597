package syntax

import (
	"strings"
)

const (
	maxErrors = 100
	maxDepth  = 400
)

type tokInfo struct {
	pos Pos
	tok Token
	lit string
}

// parser is a recursive-descent parser over the whole token slice of a
// file; the slice lets it look ahead as far as it needs to tell
// declarations from statements and generic calls from comparisons.
type parser struct {
	file  *File
	toks  []tokInfo
	i     int
	tok   Token
	pos   Pos
	lit   string
	errs  ErrorList
	depth int
	// line of the last error, to report only the first error of a line
	lastErrFile string
	lastErrLine int
	bailed      bool
	// typeNames holds the names the program declares as types, found by
	// a pre-pass over the tokens; it only settles (T)-x: a cast when T is
	// a type, a subtraction otherwise.
	typeNames map[string]bool
}

func newParser(file *File, src []byte) *parser {
	p := &parser{file: file}
	var s Scanner
	s.Init(file, src, func(pos Pos, msg string) { p.errorAt(pos, msg) })
	for {
		pos, tok, lit := s.Scan()
		p.toks = append(p.toks, tokInfo{pos, tok, lit})
		if tok == EOF {
			break
		}
	}
	p.i = -1
	p.next()
	p.typeNames = collectTypeNames(p.toks)
	return p
}

// collectTypeNames returns the names declared by header, header_union,
// struct, enum, extern, parser, control, package, typedef and type
// declarations, and the type parameters written after them.
func collectTypeNames(toks []tokInfo) map[string]bool {
	names := map[string]bool{}
	at := func(j int) tokInfo {
		if j < len(toks) {
			return toks[j]
		}
		return tokInfo{tok: EOF}
	}
	for i, t := range toks {
		switch t.tok {
		case HEADER, HEADERUNION, STRUCT, EXTERN, PARSER, CONTROL, PACKAGE, ENUM:
			j := i + 1
			if t.tok == ENUM && !(at(j).tok == IDENT && at(j+1).tok == LBRACE) {
				// enum bit<8> Name: the name is the identifier before '{'.
				for k := j; k < len(toks) && k < j+16; k++ {
					if toks[k].tok == LBRACE {
						j = k - 1
						break
					}
				}
			}
			if at(j).tok == IDENT {
				names[at(j).lit] = true
				if at(j+1).tok == LSS {
					for k := j + 2; k < len(toks) && toks[k].tok != GTR; k++ {
						if toks[k].tok == IDENT {
							names[toks[k].lit] = true
						}
					}
				}
			}
		case TYPEDEF, TYPE:
			depth := 0
			for k := i + 1; k < len(toks); k++ {
				switch toks[k].tok {
				case LBRACE:
					depth++
				case RBRACE:
					depth--
				}
				if depth == 0 && toks[k].tok == SEMI {
					if at(k-1).tok == IDENT {
						names[toks[k-1].lit] = true
					}
					break
				}
				if toks[k].tok == EOF || depth < 0 {
					break
				}
			}
		}
	}
	return names
}

// newSubParser parses an annotation body's tokens.
func newSubParser(file *File, toks []TokenLit, end Pos) *parser {
	p := &parser{file: file}
	for _, t := range toks {
		p.toks = append(p.toks, tokInfo{t.Pos, t.Tok, t.Lit})
	}
	p.toks = append(p.toks, tokInfo{end, EOF, ""})
	p.i = -1
	p.next()
	return p
}

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
	t := p.toks[p.i]
	p.tok, p.pos, p.lit = t.tok, t.pos, t.lit
}

// peek returns the token n positions ahead of the current one.
func (p *parser) peek(n int) tokInfo {
	if j := p.i + n; j >= 0 && j < len(p.toks) {
		return p.toks[j]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) at(j int) tokInfo {
	if j >= 0 && j < len(p.toks) {
		return p.toks[j]
	}
	return p.toks[len(p.toks)-1]
}

// bail stops parsing: the rest of the input is treated as EOF.
func (p *parser) bail() {
	p.bailed = true
	p.i = len(p.toks) - 1
	t := p.toks[p.i]
	p.tok, p.pos, p.lit = t.tok, t.pos, t.lit
}

func (p *parser) errorAt(pos Pos, msg string) {
	if p.bailed {
		return
	}
	position := p.file.Position(pos)
	if len(p.errs) > 0 && position.Filename == p.lastErrFile && position.Line == p.lastErrLine {
		return
	}
	p.lastErrFile, p.lastErrLine = position.Filename, position.Line
	p.errs.Add(position, msg)
	if len(p.errs) >= maxErrors {
		p.errs.Add(position, "too many errors")
		p.bail()
	}
}

// describe renders the current token for "found ..." messages.
func (p *parser) describe() string {
	switch {
	case p.tok == IDENT || p.tok == INT || p.tok == STRING:
		return "'" + p.tok.String() + "' " + p.lit
	case p.tok == ILLEGAL:
		return "'ILLEGAL' " + p.lit
	case p.tok == EOF:
		return "'EOF'"
	}
	return "'" + p.tok.String() + "'"
}

func (p *parser) errorExpected(what string) {
	if p.tok == ILLEGAL {
		return // the scanner has reported it
	}
	p.errorAt(p.pos, "expected "+what+", found "+p.describe())
}

// expect consumes tok or reports an error without consuming anything.
func (p *parser) expect(tok Token) Pos {
	pos := p.pos
	if p.tok != tok {
		p.errorExpected("'" + tok.String() + "'")
		return pos
	}
	p.next()
	return pos
}

func (p *parser) got(tok Token) bool {
	if p.tok == tok {
		p.next()
		return true
	}
	return false
}

// enter guards against inputs nested deeply enough to exhaust the stack.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.errorAt(p.pos, "program nested too deeply")
		p.bail()
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// isName reports whether t can name a variable, parameter or declaration:
// identifiers and the keywords p4c allows there.
func isName(t Token) bool {
	switch t {
	case IDENT, APPLY, STATE, TYPE, LIST:
		return true
	}
	return false
}

func (p *parser) parseName() *Ident {
	pos, name := p.pos, p.lit
	if isName(p.tok) {
		if name == "" {
			name = p.tok.String()
		}
		p.next()
		return &Ident{NamePos: pos, Name: name}
	}
	p.errorExpected("identifier")
	return &Ident{NamePos: pos, Name: "_"}
}

// parseMemberName accepts any identifier or keyword after '.'.
func (p *parser) parseMemberName() *Ident {
	pos := p.pos
	if p.tok == IDENT || p.tok.IsKeyword() {
		name := p.lit
		if name == "" {
			name = p.tok.String()
		}
		p.next()
		return &Ident{NamePos: pos, Name: name}
	}
	p.errorExpected("member name")
	return &Ident{NamePos: pos, Name: "_"}
}

// skipTo advances to the next token in stop at nesting depth 0, consuming
// a final ';' when semi is set. It always consumes at least one token
// unless at EOF or a closing brace.
func (p *parser) sync(semi bool) Pos {
	start := p.i
	depth := 0
	for p.tok != EOF {
		switch p.tok {
		case LBRACE, LPAREN, LBRACK:
			depth++
		case RPAREN, RBRACK:
			if depth > 0 {
				depth--
			}
		case RBRACE:
			if depth == 0 {
				return p.pos
			}
			depth--
			if depth == 0 && !semi {
				p.next()
				return p.pos
			}
		case SEMI:
			if depth == 0 {
				if semi {
					p.next()
				}
				return p.pos
			}
		}
		if depth == 0 && p.i != start && startsDecl(p.tok) {
			return p.pos
		}
		p.next()
	}
	return p.pos
}

func startsDecl(t Token) bool {
	switch t {
	case CONST, TYPEDEF, TYPE, HEADER, HEADERUNION, STRUCT, ENUM, EXTERN, ACTION,
		PARSER, CONTROL, PACKAGE, TABLE, MATCHKIND, STATE, AT:
		return true
	}
	return false
}

// ParseFile parses src, which must already be preprocessed (directives
// are errors), as the contents of a new file named filename in fset.
func ParseFile(fset *FileSet, filename string, src []byte) (*Program, error) {
	if fset == nil {
		fset = NewFileSet()
	}
	f := fset.AddFile(filename, len(src))
	f.SetLinesForContent(src)
	return parseSource(f, src)
}

// ParseExpr parses src as a single expression (or keyset expression),
// as a convenience for tests and tools.
func ParseExpr(fset *FileSet, filename string, src []byte) (Expr, error) {
	if fset == nil {
		fset = NewFileSet()
	}
	f := fset.AddFile(filename, len(src))
	f.SetLinesForContent(src)
	p := newParser(f, src)
	x := p.parseKeyset()
	if p.tok != EOF {
		p.errorExpected("end of expression")
	}
	p.errs.Sort()
	return x, p.errs.Err()
}

// ParseSource parses the output of Preprocess.
func ParseSource(src *Source) (*Program, error) {
	if src == nil || src.File == nil {
		return &Program{}, nil
	}
	return parseSource(src.File, src.Text)
}

func parseSource(f *File, src []byte) (*Program, error) {
	p := newParser(f, src)
	prog := &Program{File: f}
	for p.tok != EOF {
		start := p.i
		d := p.parseDecl()
		if d != nil {
			prog.Decls = append(prog.Decls, d)
		}
		if p.i == start {
			p.next()
		}
	}
	p.errs.Sort()
	return prog, p.errs.Err()
}

// ParseProgram preprocesses and parses a program. If src is nil the file
// is read through opts (Options.ReadFile, Options.FS, or the OS). Errors of
// both phases are returned together as an ErrorList; the Program is
// returned even when there are errors, with Bad nodes where parsing
// failed.
func ParseProgram(fset *FileSet, filename string, src []byte, opts *Options) (*Program, error) {
	s, perr := Preprocess(fset, filename, src, opts)
	prog, err := ParseSource(s)
	var all ErrorList
	if el, ok := perr.(ErrorList); ok {
		all = append(all, el...)
	}
	if el, ok := err.(ErrorList); ok {
		all = append(all, el...)
	}
	all.Sort()
	return prog, all.Err()
}

// ---------------------------------------------------------------------
// Annotations

func (p *parser) parseAnnotations() Annotations {
	var as Annotations
	for p.tok == AT {
		as = append(as, p.parseAnnotation())
	}
	return as
}

func (p *parser) parseAnnotation() *Annotation {
	a := &Annotation{At: p.expect(AT)}
	if p.tok == IDENT || p.tok.IsKeyword() {
		a.Name = p.parseMemberName()
	} else {
		p.errorExpected("annotation name")
		a.Name = &Ident{NamePos: p.pos, Name: "_"}
		return a
	}
	if a.Name.Name == "pragma" {
		p.parsePragma(a)
		return a
	}
	open, close := LPAREN, RPAREN
	if p.tok == LBRACK {
		open, close = LBRACK, RBRACK
		a.Square = true
	} else if p.tok != LPAREN {
		return a
	}
	a.Open = p.pos
	p.next()
	depth := 0
	for p.tok != EOF {
		if p.tok == open {
			depth++
		} else if p.tok == close {
			if depth == 0 {
				break
			}
			depth--
		}
		a.Body = append(a.Body, TokenLit{Pos: p.pos, Tok: p.tok, Lit: p.tokenText()})
		p.next()
	}
	a.Close = p.expect(close)
	p.structure(a)
	return a
}

// parsePragma handles @pragma name tokens..., the P4_14-style annotation
// p4c accepts: the body is the rest of the line, and the annotation is
// named after its first word.
func (p *parser) parsePragma(a *Annotation) {
	line := p.file.Position(a.At).Line
	if p.tok == EOF || p.file.Position(p.pos).Line != line {
		p.errorAt(p.pos, "expected pragma name")
		return
	}
	if p.tok == IDENT || p.tok.IsKeyword() {
		a.Name = p.parseMemberName()
	}
	for p.tok != EOF && p.file.Position(p.pos).Line == line {
		a.Body = append(a.Body, TokenLit{Pos: p.pos, Tok: p.tok, Lit: p.tokenText()})
		p.next()
	}
	a.Pragma = true
	p.structure(a)
}

func (p *parser) tokenText() string {
	if p.lit != "" {
		return p.lit
	}
	return p.tok.String()
}

// structure fills Args or KVs when the body is an expression list or a
// key=value list.
func (p *parser) structure(a *Annotation) {
	if len(a.Body) == 0 {
		return
	}
	sub := newSubParser(p.file, a.Body, a.Close)
	sub.depth = p.depth
	kv := len(a.Body) >= 2 && a.Body[0].Tok == IDENT && a.Body[1].Tok == ASSIGN
	for sub.tok != EOF && len(sub.errs) == 0 {
		if kv {
			key := sub.parseName()
			assign := sub.expect(ASSIGN)
			a.KVs = append(a.KVs, &KeyValueExpr{Key: key, Assign: assign, Value: sub.parseExpr()})
		} else {
			a.Args = append(a.Args, sub.parseExpr())
		}
		if sub.tok != EOF {
			sub.expect(COMMA)
		}
	}
	if len(sub.errs) > 0 {
		a.Args, a.KVs = nil, nil
	}
}

// ---------------------------------------------------------------------
// Parameters

func (p *parser) parseTypeParams() []*Ident {
	if p.tok != LSS {
		return nil
	}
	p.next()
	var ids []*Ident
	for p.tok != GTR && p.tok != EOF {
		start := p.i
		ids = append(ids, p.parseName())
		if !p.got(COMMA) {
			break
		}
		if p.i == start {
			break
		}
	}
	p.expect(GTR)
	return ids
}

// parseParams parses '(' params ')' and returns the params and ')'.
func (p *parser) parseParams() ([]*Param, Pos) {
	p.expect(LPAREN)
	params := []*Param{}
	for p.tok != RPAREN && p.tok != EOF {
		start := p.i
		params = append(params, p.parseParam())
		if !p.got(COMMA) || p.i == start {
			break
		}
	}
	rparen := p.expect(RPAREN)
	return params, rparen
}

func (p *parser) parseParam() *Param {
	prm := &Param{Annotations: p.parseAnnotations(), Dir: ILLEGAL}
	switch p.tok {
	case IN, OUT, INOUT:
		prm.DirPos, prm.Dir = p.pos, p.tok
		p.next()
	}
	prm.Type = p.parseType()
	prm.Name = p.parseName()
	if p.got(ASSIGN) {
		prm.Default = p.parseExpr()
	}
	return prm
}

// joinLits renders an annotation body, with one space wherever the
// source had white space between two tokens.
func joinLits(ts []TokenLit) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 && t.Pos > ts[i-1].Pos+Pos(len(ts[i-1].Lit)) {
			b.WriteByte(' ')
		}
		b.WriteString(t.Lit)
	}
	return b.String()
}
