package types

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// maxErrors bounds the errors one run reports.
const maxErrors = 200

// Check resolves names and checks types in prog, whose positions belong to
// fset. It reports every error it finds as a syntax.ErrorList with
// file:line:col positions; the returned Program is usable (with gaps) even
// when there are errors. Check never panics on any input.
func Check(fset *syntax.FileSet, prog *syntax.Program) (p *Program, err error) {
	c := newChecker(fset, prog)
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				// A checker bug must not take the caller down: report it
				// as an error at the start of the program.
				c.errorf(syntax.NoPos, "internal error: %v", r)
			}
			p, err = c.prog, c.errs.Err()
		}
	}()
	c.checkProgram()
	c.errs.Sort()
	return c.prog, c.errs.Err()
}

type bailout struct{}

type checker struct {
	fset *syntax.FileSet
	prog *Program
	info *Info
	errs syntax.ErrorList

	// shadowedFuncs are the architecture's extern functions whose names a
	// program's parser or control type took; calls still reach them.
	shadowedFuncs map[string]*Func

	top        *Scope
	errorEnum  *Enum
	matchKinds *Enum

	// the enclosing declaration while checking bodies
	block   *Block    // parser or control being checked
	action  *Action   // action being checked
	fn      *Func     // function being checked
	table   *Table    // table being checked (for action_run labels)
	this    *Instance // the instance whose abstract methods are checked
	depth   int
	loops   int // for loops enclosing the statement being checked
	digests []digestSite
	// direct holds, per parser or control (its Root), the anonymous
	// instances of direct type invocations (C.apply()) in its body.
	direct   map[*Block][]*Instance
	directAt map[*syntax.CallExpr]*Instance
	// usedNames and tmpCount name the instances of constructor calls
	// moved out of constructor arguments (see moveCtorArgs).
	usedNames map[string]bool
	tmpCount  int
	// inPlaceNames names the instantiations made of constructor calls
	// given as constructor arguments, by the parameter (see inPlace).
	inPlaceNames map[*syntax.Instantiation]string
}

func newChecker(fset *syntax.FileSet, prog *syntax.Program) *checker {
	if prog == nil {
		prog = &syntax.Program{}
	}
	info := &Info{
		Types:     map[syntax.Expr]TypeAndValue{},
		Defs:      map[*syntax.Ident]Object{},
		Uses:      map[*syntax.Ident]Object{},
		Calls:     map[*syntax.CallExpr]*Call{},
		TypeOf:    map[syntax.Type]Type{},
		Members:   map[*syntax.MemberExpr]int{},
		Instances: map[*syntax.Instantiation]*Instance{},
		TableOf:   map[*syntax.TableDecl]*Table{},
		ActionOf:  map[*syntax.ActionDecl]*Action{},
		Keysets:   map[*syntax.SelectCase][]*Keyset{},
		StateOf:   map[*syntax.ParserState]*State{},
		BlockOf:   map[syntax.Decl]*Block{},
	}
	c := &checker{fset: fset, info: info, top: NewScope(nil)}
	c.errorEnum = &Enum{Kind: KindError, Name: "error"}
	c.matchKinds = &Enum{Kind: KindMatchKind, Name: "match_kind"}
	c.prog = &Program{Syntax: prog, Files: fset, Info: info, Scope: c.top, Errors: c.errorEnum, MatchKinds: c.matchKinds}
	return c
}

func (c *checker) errorf(pos syntax.Pos, format string, args ...any) {
	var p syntax.Position
	if c.fset != nil && pos.IsValid() {
		p = c.fset.Position(pos)
	}
	// One error per position is enough: later ones are usually follow-ups.
	for _, e := range c.errs {
		if e.Pos == p && pos.IsValid() {
			return
		}
	}
	c.errs.Add(p, fmt.Sprintf(format, args...))
	if len(c.errs) >= maxErrors {
		c.errs.Add(p, "too many errors")
		panic(bailout{})
	}
}

// declare adds o to s, reporting a redeclaration.
func (c *checker) declare(s *Scope, id *syntax.Ident, o Object) {
	if id != nil {
		c.info.Defs[id] = o
	}
	if o.Name() == "" {
		return
	}
	if prev := s.LookupLocal(o.Name()); prev != nil {
		if f, ok := o.(*Func); ok {
			if pf, ok := prev.(*Func); ok {
				// Overloads of functions and extern functions by arity.
				pf.Overloads = append(pf.Overloads, f)
				f.Overloads = pf.Overloads
				return
			}
		}
		if _, ok := prev.(*Func); ok && isTypeDecl(o) && strings.HasPrefix(c.fset.Position(prev.Pos()).Filename, "<") {
			// A program's parser or control type may take the name of
			// an architecture's extern function (a control named
			// verify_checksum, as p4c accepts); the program's own
			// declaration is the one its names refer to, except in
			// calls (verify_checksum(...) still calls the function).
			if c.shadowedFuncs == nil {
				c.shadowedFuncs = map[string]*Func{}
			}
			c.shadowedFuncs[o.Name()] = prev.(*Func)
			s.insert(o)
			return
		}
		c.errorf(o.Pos(), "%q redeclared (previous declaration at %s)", o.Name(), c.fset.Position(prev.Pos()))
		return
	}
	s.insert(o)
}

// isTypeDecl reports whether o names a parser or control type.
func isTypeDecl(o Object) bool {
	tn, ok := o.(*TypeName)
	if !ok {
		return false
	}
	b, ok := tn.Type().(*Block)
	return ok && (b.Kind == KindParser || b.Kind == KindControl)
}

func (c *checker) checkProgram() {
	for _, d := range c.prog.Syntax.Decls {
		if isNilNode(d) {
			continue
		}
		c.topDecl(d)
	}
	c.instantiateMain()
}

// topDecl checks one top-level declaration.
func (c *checker) topDecl(d syntax.Decl) {
	switch d := d.(type) {
	case *syntax.BadDecl:
	case *syntax.ConstDecl:
		c.constDecl(c.top, d)
	case *syntax.TypedefDecl:
		c.typedefDecl(c.top, d)
	case *syntax.StructDecl:
		c.structDecl(c.top, d)
	case *syntax.EnumDecl:
		c.enumDecl(c.top, d)
	case *syntax.ErrorDecl:
		c.addMembers(c.errorEnum, d.Members)
	case *syntax.MatchKindDecl:
		c.addMembers(c.matchKinds, d.Members)
	case *syntax.ExternDecl:
		c.externDecl(d)
	case *syntax.FunctionDecl:
		c.funcDecl(c.top, d)
	case *syntax.ActionDecl:
		c.actionDecl(c.top, d, nil)
	case *syntax.ParserTypeDecl:
		c.blockTypeDecl(d, KindParser, d.Name, d.TypeParams, d.Params, nil, d.Annotations)
	case *syntax.ControlTypeDecl:
		c.blockTypeDecl(d, KindControl, d.Name, d.TypeParams, d.Params, nil, d.Annotations)
	case *syntax.ParserDecl:
		c.parserDecl(d)
	case *syntax.ControlDecl:
		c.controlDecl(d)
	case *syntax.PackageDecl:
		c.packageDecl(d)
	case *syntax.Instantiation:
		c.instantiation(c.top, d, nil)
	case *syntax.VarDecl:
		c.errorf(d.Pos(), "variables cannot be declared at top level")
	case *syntax.TableDecl:
		c.errorf(d.Pos(), "tables must be declared in a control")
	case *syntax.ValueSetDecl:
		c.errorf(d.Pos(), "value sets must be declared in a parser")
	default:
		c.errorf(d.Pos(), "unexpected declaration")
	}
}

func (c *checker) addMembers(e *Enum, ids []*syntax.Ident) {
	for _, id := range ids {
		if id == nil {
			continue
		}
		if e.Member(id.Name) != nil {
			c.errorf(id.Pos(), "%s member %q redeclared", e.Name, id.Name)
			continue
		}
		m := &EnumMember{object: object{id.Name, id.Pos(), e}, Enum: e, Index: len(e.Members), Decl: id}
		e.Members = append(e.Members, m)
		c.info.Defs[id] = m
		if e.Kind == KindMatchKind {
			// match_kind members are also plain names (exact, lpm...).
			c.declare(c.top, nil, m)
		}
	}
}

func (c *checker) constDecl(s *Scope, d *syntax.ConstDecl) *Const {
	if d.Name == nil {
		return nil
	}
	t := c.resolveType(s, d.Type)
	k := &Const{object: object{d.Name.Name, d.Name.Pos(), t}, Decl: d}
	if !isNilNode(d.Value) {
		op := c.exprWant(s, d.Value, t)
		if op.val == nil && op.typ != nil && t != nil {
			c.errorf(d.Value.Pos(), "initializer of %q is not a compile-time constant", d.Name.Name)
		}
		k.Value = op.val
	}
	c.declare(s, d.Name, k)
	if s == c.top {
		c.prog.Consts = append(c.prog.Consts, k)
	}
	return k
}

func (c *checker) typedefDecl(s *Scope, d *syntax.TypedefDecl) {
	if d.Name == nil {
		return
	}
	t := c.resolveType(s, d.Type)
	if d.Keyword == syntax.TYPE {
		switch Underlying(t).(type) {
		case *Bits, *Bool, *NewType, nil:
		default:
			c.errorf(d.Pos(), "type %q must be defined over a bit<W>, int<W>, bool or another new type, not %s", d.Name.Name, t)
		}
		nt := &NewType{Name: d.Name.Name, Underlying: t, Annotations: d.Annotations, Decl: d}
		c.prog.NewTypes = append(c.prog.NewTypes, nt)
		t = nt
	}
	c.declare(s, d.Name, &TypeName{object: object{d.Name.Name, d.Name.Pos(), t}, Decl: d})
}

func (c *checker) structDecl(s *Scope, d *syntax.StructDecl) {
	if d.Name == nil {
		return
	}
	kind := KindStruct
	switch d.Kind {
	case syntax.HEADER:
		kind = KindHeader
	case syntax.HEADERUNION:
		kind = KindHeaderUnion
	}
	st := &Struct{Kind: kind, Name: d.Name.Name, Annotations: d.Annotations, Decl: d}
	// Declare first so that errors in fields do not cascade into uses.
	c.declare(s, d.Name, &TypeName{object: object{d.Name.Name, d.Name.Pos(), st}, Decl: d})
	fs, tps := c.typeParams(s, d.TypeParams)
	st.TypeParams = tps
	var varbit *syntax.Ident // a header's only varbit field
	for _, f := range d.Fields {
		if f == nil || f.Name == nil {
			continue
		}
		ft := c.resolveType(fs, f.Type)
		if st.Field(f.Name.Name) != nil {
			c.errorf(f.Name.Pos(), "field %q redeclared in %s", f.Name.Name, st.Name)
			continue
		}
		switch kind {
		case KindHeader:
			switch u := Underlying(ft).(type) {
			case *Varbit:
				if varbit != nil {
					c.errorf(f.Pos(), "header %s has a second varbit field %q (the first is %q)", st.Name, f.Name.Name, varbit.Name)
				}
				varbit = f.Name
			case *Bits, *Bool, *TypeParam, nil:
			case *Struct:
				if !headerStruct(u) {
					c.errorf(f.Pos(), "header field %q of struct type %s must have only bit<W>, int<W>, bool or serializable fields (or such structs)", f.Name.Name, ft)
				}
			default:
				c.errorf(f.Pos(), "header field %q must have a bit<W>, int<W>, varbit<W>, bool or serializable type, not %s", f.Name.Name, ft)
			}
		case KindStruct:
			switch ft.(type) {
			case *Extern, *Block, *Package, *Void:
				// Objects (and void) have no place in a value.
				c.errorf(f.Pos(), "struct field %q cannot have type %s", f.Name.Name, ft)
			}
		case KindHeaderUnion:
			if h, ok := ft.(*Struct); !ok || h.Kind != KindHeader {
				if ft != nil {
					c.errorf(f.Pos(), "header_union field %q must be a header, not %s", f.Name.Name, ft)
				}
			}
		}
		st.Fields = append(st.Fields, &Field{Name: f.Name.Name, Type: ft, Annotations: f.Annotations, Pos: f.Name.Pos()})
	}
	if len(tps) == 0 {
		c.prog.Structs = append(c.prog.Structs, st)
	}
}

// headerStruct reports whether a struct may be the type of a header field
// (P4_16 1.2.2): its fields are bit<W>, int<W>, bool, serializable enums or
// such structs.
func headerStruct(st *Struct) bool {
	if st.Kind != KindStruct {
		return false
	}
	for _, f := range st.Fields {
		switch u := Underlying(f.Type).(type) {
		case *Bits, *Bool:
		case *Struct:
			if !headerStruct(u) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (c *checker) enumDecl(s *Scope, d *syntax.EnumDecl) {
	if d.Name == nil {
		return
	}
	e := &Enum{Kind: KindEnum, Name: d.Name.Name, Annotations: d.Annotations, Decl: d}
	if !isNilNode(d.Type) {
		t := c.resolveType(s, d.Type)
		b, ok := Underlying(t).(*Bits)
		if !ok {
			if t != nil {
				c.errorf(d.Type.Pos(), "serializable enum %q must have a bit<W> or int<W> type, not %s", d.Name.Name, t)
			}
			b = &Bits{Width: 32}
		}
		e.Underlying = b
	}
	for _, m := range d.Members {
		if m == nil || m.Name == nil {
			continue
		}
		if e.Member(m.Name.Name) != nil {
			c.errorf(m.Name.Pos(), "enum member %q redeclared", m.Name.Name)
			continue
		}
		em := &EnumMember{object: object{m.Name.Name, m.Name.Pos(), e}, Enum: e, Index: len(e.Members), Decl: m}
		if e.Underlying != nil {
			if isNilNode(m.Value) {
				c.errorf(m.Name.Pos(), "member %q of serializable enum %q needs a value", m.Name.Name, e.Name)
				em.Value = &Int{V: new(big.Int), Type: e.Underlying}
			} else {
				op := c.exprWant(s, m.Value, e.Underlying)
				if v, ok := op.val.(*Int); ok {
					em.Value = v
				} else if op.typ != nil {
					c.errorf(m.Value.Pos(), "value of %q is not a compile-time constant", m.Name.Name)
				}
			}
		} else if !isNilNode(m.Value) {
			c.errorf(m.Value.Pos(), "members of enum %q cannot have values (it has no underlying type)", e.Name)
		}
		e.Members = append(e.Members, em)
		c.info.Defs[m.Name] = em
	}
	c.prog.Enums = append(c.prog.Enums, e)
	c.declare(s, d.Name, &TypeName{object: object{d.Name.Name, d.Name.Pos(), e}, Decl: d})
}

// typeParams declares type parameters in a new scope.
func (c *checker) typeParams(s *Scope, ids []*syntax.Ident) (*Scope, []*TypeParam) {
	if len(ids) == 0 {
		return s, nil
	}
	inner := NewScope(s)
	var tps []*TypeParam
	for _, id := range ids {
		if id == nil {
			continue
		}
		tp := &TypeParam{Name: id.Name, Pos: id.Pos()}
		tps = append(tps, tp)
		c.declare(inner, id, &TypeName{object: object{id.Name, id.Pos(), tp}})
	}
	return inner, tps
}

func (c *checker) params(s *Scope, ps []*syntax.Param) []*Param {
	var out []*Param
	seen := map[string]bool{}
	for i, p := range ps {
		if p == nil {
			continue
		}
		name := ""
		pos := p.Pos()
		if p.Name != nil {
			name, pos = p.Name.Name, p.Name.Pos()
		}
		if seen[name] && name != "" {
			c.errorf(pos, "duplicate parameter %q", name)
		}
		seen[name] = true
		if tn, ok := s.LookupLocal(name).(*TypeName); ok && name != "" {
			// Type parameters and parameters share one scope.
			if _, ok := tn.Type().(*TypeParam); ok {
				c.errorf(pos, "parameter %q has the name of a type parameter", name)
			}
		}
		dir := DirNone
		switch p.Dir {
		case syntax.IN:
			dir = DirIn
		case syntax.OUT:
			dir = DirOut
		case syntax.INOUT:
			dir = DirInOut
		}
		prm := &Param{Name: name, Dir: dir, Type: c.resolveType(s, p.Type), Default: p.Default, Annotations: p.Annotations, Pos: pos, Index: i}
		if !isNilNode(p.Default) {
			c.paramDefault(s, prm)
		}
		out = append(out, prm)
	}
	for i, p := range out {
		p.Index = i
	}
	return out
}

// paramDefault checks the default value of p: only in and directionless
// parameters, not @optional ones, may have one, and it must be a
// compile-time known value of the parameter's type.
func (c *checker) paramDefault(s *Scope, p *Param) {
	switch {
	case p.Dir == DirOut || p.Dir == DirInOut:
		c.errorf(p.Default.Pos(), "%s parameter %q cannot have a default value", p.Dir, p.Name)
		return
	case isOptional(p):
		c.errorf(p.Default.Pos(), "@optional parameter %q cannot have a default value", p.Name)
		return
	case !plainValueType(p.Type):
		return
	}
	op := c.exprWant(s, p.Default, p.Type)
	if op.typ != nil && op.val == nil {
		c.errorf(p.Default.Pos(), "default value of parameter %q is not a compile-time constant", p.Name)
	}
}

// plainValueType reports whether t is a base type, an enum or a tuple of
// them: a type whose default values are checked at the declaration (those
// of generic and object types only where they are bound).
func plainValueType(t Type) bool {
	switch u := Underlying(t).(type) {
	case *Bits, *Bool, *Enum, *String:
		return true
	case *Tuple:
		for _, e := range u.Elems {
			if !plainValueType(e) {
				return false
			}
		}
		return true
	}
	return false
}

// declareParams adds parameter variables to s.
func (c *checker) declareParams(s *Scope, syn []*syntax.Param, ps []*Param) {
	j := 0
	for _, sp := range syn {
		if sp == nil {
			continue
		}
		if j >= len(ps) {
			break
		}
		p := ps[j]
		j++
		if sp.Name == nil {
			continue
		}
		c.declare(s, sp.Name, &Var{object: object{p.Name, p.Pos, p.Type}, Param: p})
	}
}

func (c *checker) externDecl(d *syntax.ExternDecl) {
	if d.Name == nil {
		return
	}
	s, tps := c.typeParams(c.top, d.TypeParams)
	e := &Extern{Name: d.Name.Name, TypeParams: tps, Annotations: d.Annotations, Decl: d}
	// The extern's own name is visible inside (for constructors and
	// methods returning it).
	c.declare(c.top, d.Name, &TypeName{object: object{d.Name.Name, d.Name.Pos(), e}, Decl: d})
	for _, m := range d.Methods {
		if m == nil || m.Name == nil {
			continue
		}
		ms, mtps := c.typeParams(s, m.TypeParams)
		sig := &Signature{TypeParams: mtps, Params: c.params(ms, m.Params)}
		if !m.IsConstructor() && m.Name.Name == e.Name {
			c.errorf(m.Name.Pos(), "constructor %q cannot have a return type", m.Name.Name)
			continue
		}
		if m.IsConstructor() {
			if m.Name.Name != e.Name {
				c.errorf(m.Name.Pos(), "constructor name %q differs from extern name %q", m.Name.Name, e.Name)
			}
			e.Ctors = append(e.Ctors, sig)
			continue
		}
		sig.Result = c.resolveType(ms, m.Result)
		for _, prev := range e.Methods {
			// Methods overload by their number of parameters only.
			if prev.Name == m.Name.Name && len(prev.Sig.Params) == len(sig.Params) {
				c.errorf(m.Name.Pos(), "method %q redeclared with %d parameters (previous declaration at %s)", m.Name.Name, len(sig.Params), c.fset.Position(prev.Decl.Name.Pos()))
			}
		}
		e.Methods = append(e.Methods, &Method{Name: m.Name.Name, Sig: sig, Abstract: m.Abstract.IsValid(), Annotations: m.Annotations, Decl: m})
	}
}

func (c *checker) funcDecl(s *Scope, d *syntax.FunctionDecl) {
	if d.Name == nil {
		return
	}
	fs, tps := c.typeParams(s, d.TypeParams)
	sig := &Signature{TypeParams: tps, Params: c.params(fs, d.Params), Result: c.resolveType(fs, d.Result)}
	f := &Func{object: object{d.Name.Name, d.Name.Pos(), &FuncType{Sig: sig}}, Sig: sig, Extern: d.Body == nil, Annotations: d.Annotations, Decl: d}
	f.Overloads = []*Func{f}
	c.declare(s, d.Name, f)
	if d.Body != nil {
		body := NewScope(fs)
		c.declareParams(body, d.Params, sig.Params)
		saved := c.fn
		c.fn = f
		c.blockStmt(body, d.Body)
		c.fn = saved
		if _, void := sig.Result.(*Void); !void && sig.Result != nil && !returns(d.Body) {
			c.errorf(d.Body.Rbrace, "missing return at end of function %q", f.Name())
		}
	}
}

// returns reports whether a statement list certainly ends with return or
// exit.
func returns(b *syntax.BlockStmt) bool {
	if b == nil || len(b.Stmts) == 0 {
		return false
	}
	return stmtReturns(b.Stmts[len(b.Stmts)-1])
}

func stmtReturns(s syntax.Stmt) bool {
	switch s := s.(type) {
	case *syntax.ReturnStmt, *syntax.ExitStmt:
		return true
	case *syntax.BlockStmt:
		return returns(s)
	case *syntax.IfStmt:
		return !isNilNode(s.Else) && stmtReturns(s.Then) && stmtReturns(s.Else)
	}
	return false
}

func (c *checker) actionDecl(s *Scope, d *syntax.ActionDecl, parent *Block) *Action {
	if d.Name == nil {
		return nil
	}
	ps := c.params(s, d.Params)
	seenNone := false
	for _, p := range ps {
		if p.Dir == DirNone {
			seenNone = true
		} else if seenNone {
			c.errorf(p.Pos, "directional parameter %q after action data parameters", p.Name)
		}
		if p.Dir == DirNone {
			switch Underlying(p.Type).(type) {
			case *Bits, *Bool, *Enum, nil:
			default:
				c.errorf(p.Pos, "action data parameter %q must have a bit-string-like type, not %s", p.Name, p.Type)
			}
		}
	}
	a := &Action{object: object{d.Name.Name, d.Name.Pos(), nil}, Params: ps, Annotations: d.Annotations, Decl: d, Parent: parent}
	a.typ = &ActionType{Action: a}
	c.declare(s, d.Name, a)
	c.info.ActionOf[d] = a
	c.prog.Actions = append(c.prog.Actions, a)
	body := NewScope(s)
	c.declareParams(body, d.Params, ps)
	saved := c.action
	c.action = a
	c.blockStmt(body, d.Body)
	c.action = saved
	return a
}

func (c *checker) blockTypeDecl(d syntax.Decl, kind BlockKind, name *syntax.Ident, tpIDs []*syntax.Ident, ps []*syntax.Param, ctor []*syntax.Param, anns syntax.Annotations) (*Block, *Scope) {
	if name == nil {
		return nil, nil
	}
	s, tps := c.typeParams(c.top, tpIDs)
	b := &Block{Kind: kind, Name: name.Name, TypeParams: tps, Params: c.params(s, ps), Annotations: anns, Decl: d}
	if ctor != nil {
		b.CtorParams = c.params(s, ctor)
	}
	for _, p := range b.Params {
		if p.Dir == DirNone {
			if _, ok := p.Type.(*Extern); !ok && p.Type != nil {
				c.errorf(p.Pos, "%s parameter %q needs a direction", kind, p.Name)
			}
		}
	}
	c.info.BlockOf[d] = b
	c.declare(c.top, name, &TypeName{object: object{name.Name, name.Pos(), b}, Decl: d})
	return b, s
}

func (c *checker) packageDecl(d *syntax.PackageDecl) {
	if d.Name == nil {
		return
	}
	s, tps := c.typeParams(c.top, d.TypeParams)
	p := &Package{Name: d.Name.Name, TypeParams: tps, Params: c.params(s, d.Params), Decl: d}
	c.declare(c.top, d.Name, &TypeName{object: object{d.Name.Name, d.Name.Pos(), p}, Decl: d})
}

// lookup resolves an identifier: a leading '.' looks in the top-level
// scope only.
func (c *checker) lookup(s *Scope, id *syntax.Ident) Object {
	if id.Dot {
		return c.top.LookupLocal(id.Name)
	}
	return s.Lookup(id.Name)
}

// constInt evaluates an integer constant expression.
func (c *checker) constInt(s *Scope, x syntax.Expr) (*big.Int, bool) {
	if isNilNode(x) {
		return nil, false
	}
	op := c.expr(s, x)
	if op.typ == nil {
		return nil, false
	}
	v, ok := IntOf(op.val)
	if !ok {
		c.errorf(x.Pos(), "expression is not a compile-time integer constant")
		return nil, false
	}
	return v, true
}

// isNilNode reports whether n is nil or holds a nil pointer.
func isNilNode(n syntax.Node) bool {
	if n == nil {
		return true
	}
	switch x := n.(type) {
	case *syntax.Ident:
		return x == nil
	case *syntax.BlockStmt:
		return x == nil
	case *syntax.CallExpr:
		return x == nil
	}
	return nilPtr(n)
}
