package types

import (
	"reflect"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

func nilPtr(n any) bool {
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func (c *checker) parserDecl(d *syntax.ParserDecl) {
	b, ts := c.blockTypeDecl(d, KindParser, d.Name, d.TypeParams, d.Params, d.CtorParams, d.Annotations)
	if b == nil {
		return
	}
	s := NewScope(ts)
	c.declareParams(s, d.CtorParams, b.CtorParams)
	c.declareParams(s, d.Params, b.Params)
	saved := c.block
	c.block = b
	defer func() { c.block = saved }()
	for _, l := range d.Locals {
		c.localDecl(s, l, b)
	}
	// States may be referred to before their declaration.
	accept := &State{object: object{"accept", syntax.NoPos, TypeState}}
	reject := &State{object: object{"reject", syntax.NoPos, TypeState}}
	states := NewScope(s)
	states.insert(accept)
	states.insert(reject)
	for _, st := range d.States {
		if st == nil || st.Name == nil {
			continue
		}
		o := &State{object: object{st.Name.Name, st.Name.Pos(), TypeState}, Decl: st}
		if st.Name.Name == "accept" || st.Name.Name == "reject" {
			c.errorf(st.Name.Pos(), "state %q is built in and cannot be declared", st.Name.Name)
			continue
		}
		c.declare(states, st.Name, o)
		c.info.StateOf[st] = o
	}
	if states.LookupLocal("start") == nil {
		c.errorf(d.Pos(), "parser %q has no start state", b.Name)
	}
	for _, st := range d.States {
		if st == nil {
			continue
		}
		body := NewScope(states)
		for _, stmt := range st.Stmts {
			c.stmt(body, stmt)
		}
		if st.Transition != nil {
			c.transition(body, st.Transition)
		}
	}
}

func (c *checker) transition(s *Scope, t *syntax.Transition) {
	switch x := t.Target.(type) {
	case *syntax.Ident:
		c.stateRef(s, x)
	case *syntax.SelectExpr:
		c.selectExpr(s, x)
	case nil:
	default:
		if !isNilNode(x) {
			c.errorf(x.Pos(), "transition target must be a state or a select expression")
		}
	}
}

func (c *checker) stateRef(s *Scope, id *syntax.Ident) {
	if id == nil {
		return
	}
	o := c.lookup(s, id)
	st, ok := o.(*State)
	if !ok {
		c.errorf(id.Pos(), "undeclared state %q", id.Name)
		return
	}
	c.info.Uses[id] = st
	c.info.Types[id] = TypeAndValue{Type: TypeState}
}

func (c *checker) selectExpr(s *Scope, x *syntax.SelectExpr) {
	var keys []Type
	for _, k := range x.Keys {
		op := c.expr(s, k)
		if op.typ != nil {
			switch Underlying(op.typ).(type) {
			case *Bits, *Bool, *Enum, *InfInt:
			default:
				c.errorf(k.Pos(), "select key must be a bit-string-like value, not %s", op.typ)
			}
		}
		keys = append(keys, op.typ)
	}
	c.info.Types[x] = TypeAndValue{Type: TypeState}
	for _, cs := range x.Cases {
		if cs == nil {
			continue
		}
		c.info.Keysets[cs] = c.keysets(s, cs.Keyset, keys, true)
		c.stateRef(s, cs.State)
	}
}

func (c *checker) controlDecl(d *syntax.ControlDecl) {
	b, ts := c.blockTypeDecl(d, KindControl, d.Name, d.TypeParams, d.Params, d.CtorParams, d.Annotations)
	if b == nil {
		return
	}
	s := NewScope(ts)
	c.declareParams(s, d.CtorParams, b.CtorParams)
	c.declareParams(s, d.Params, b.Params)
	saved := c.block
	c.block = b
	defer func() { c.block = saved }()
	for _, l := range d.Locals {
		c.localDecl(s, l, b)
	}
	if d.Apply != nil {
		c.blockStmt(NewScope(s), d.Apply)
	} else {
		c.errorf(d.Pos(), "control %q has no apply block", b.Name)
	}
}

// localDecl checks a declaration local to a parser or control.
func (c *checker) localDecl(s *Scope, d syntax.Decl, parent *Block) {
	switch d := d.(type) {
	case nil, *syntax.BadDecl:
	case *syntax.ConstDecl:
		c.constDecl(s, d)
	case *syntax.VarDecl:
		c.varDecl(s, d)
	case *syntax.Instantiation:
		c.instantiation(s, d, parent)
	case *syntax.ActionDecl:
		if parent.Kind == KindParser {
			c.errorf(d.Pos(), "actions cannot be declared in a parser")
		}
		c.actionDecl(s, d, parent)
	case *syntax.TableDecl:
		if parent.Kind == KindParser {
			c.errorf(d.Pos(), "tables cannot be declared in a parser")
		}
		c.tableDecl(s, d, parent)
	case *syntax.ValueSetDecl:
		c.valueSetDecl(s, d)
	case *syntax.FunctionDecl:
		c.funcDecl(s, d)
	default:
		if !isNilNode(d) {
			c.errorf(d.Pos(), "unexpected declaration in %s %q", parent.Kind, parent.Name)
		}
	}
}

func (c *checker) varDecl(s *Scope, d *syntax.VarDecl) {
	if d.Name == nil {
		return
	}
	t := c.resolveType(s, d.Type)
	if t != nil {
		switch t.(type) {
		case *Extern, *Block, *Package, *Void, *InfInt:
			c.errorf(d.Type.Pos(), "cannot declare a variable of type %s", t)
		}
	}
	if !isNilNode(d.Value) {
		c.exprWant(s, d.Value, t)
	}
	c.declare(s, d.Name, &Var{object: object{d.Name.Name, d.Name.Pos(), t}, Decl: d})
}

func (c *checker) valueSetDecl(s *Scope, d *syntax.ValueSetDecl) {
	if d.Name == nil {
		return
	}
	t := c.resolveType(s, d.ElemType)
	vs := &ValueSet{object: object{d.Name.Name, d.Name.Pos(), nil}, Elem: t, Annotations: d.Annotations, Decl: d}
	vs.typ = &Set{Elem: t}
	if n, ok := c.constInt(s, d.Size); ok {
		vs.Size = n.Int64()
	}
	c.declare(s, d.Name, vs)
}

// instantiation checks Type(Args) Name; at top level or in a block.
func (c *checker) instantiation(s *Scope, d *syntax.Instantiation, parent *Block) *Instance {
	if d.Name == nil {
		return nil
	}
	t := c.resolveType(s, d.Type)
	in := &Instance{object: object{d.Name.Name, d.Name.Pos(), t}, Annotations: d.Annotations, Decl: d, Parent: parent}
	c.info.Instances[d] = in
	c.declare(s, d.Name, in)
	if len(d.Body) > 0 {
		c.errorf(d.Pos(), "abstract method implementations are not supported")
	}
	switch tt := t.(type) {
	case nil:
		for _, a := range d.Args {
			c.expr(s, a)
		}
	case *Extern:
		if tt.Generic == nil && len(tt.TypeParams) > 0 {
			// counter(...) c; for a generic extern: the type arguments
			// are inferred from the first method calls.
			tt = &Extern{Name: tt.Name, TypeParams: tt.TypeParams, Ctors: tt.Ctors, Methods: tt.Methods, Annotations: tt.Annotations, Decl: tt.Decl, Generic: tt, Args: make([]Type, len(tt.TypeParams))}
			in.typ = tt
		}
		c.ctorCall(s, d, in, tt)
	case *Block:
		if parent == nil && s == c.top {
			c.errorf(d.Pos(), "top-level instances of %s %q are not supported; instantiate it in the package arguments", tt.Kind, tt.Name)
		}
		if _, body := tt.Root().Decl.(*syntax.ParserDecl); !body {
			if _, body := tt.Root().Decl.(*syntax.ControlDecl); !body {
				c.errorf(d.Pos(), "cannot instantiate %s type %q without a body", tt.Kind, tt.Name)
			}
		}
		if parent != nil && parent.Kind != tt.Kind {
			c.errorf(d.Pos(), "cannot instantiate %s %q in a %s", tt.Kind, tt.Name, parent.Kind)
		}
		sig := &Signature{Params: tt.CtorParams}
		in.Ctor = sig
		in.Args, in.Values = c.bindArgs(s, d.Pos(), sig, d.Args, nil, "constructor of "+tt.Name, true)
	case *Package:
		if parent != nil {
			c.errorf(d.Pos(), "packages can only be instantiated at top level")
		}
		c.packageArgs(s, d, in, tt)
	default:
		c.errorf(d.Type.Pos(), "cannot instantiate %s", t)
	}
	return in
}

// ctorCall checks an extern constructor call.
func (c *checker) ctorCall(s *Scope, d *syntax.Instantiation, in *Instance, e *Extern) {
	var cands []*Signature
	for _, k := range e.Ctors {
		if arityOK(k, d.Args) {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		c.errorf(d.Pos(), "no constructor of %s takes %d arguments", e.Name, len(d.Args))
		for _, a := range d.Args {
			c.expr(s, a)
		}
		return
	}
	sig := substSig(cands[0], externBindings(e))
	in.Ctor = sig
	in.Args, in.Values = c.bindArgs(s, d.Pos(), sig, d.Args, nil, "constructor of "+e.Name, true)
}

// packageArgs checks the arguments of a package instantiation: block
// constructor calls P() or names of instances.
func (c *checker) packageArgs(s *Scope, d *syntax.Instantiation, in *Instance, p *Package) {
	sig := &Signature{TypeParams: p.TypeParams, Params: p.Params}
	in.Ctor = sig
	args, err := orderArgs(sig.Params, d.Args)
	if err != "" {
		c.errorf(d.Pos(), "%s", err)
		return
	}
	in.Args = args
	in.Values = make([]Value, len(args))
	binds := map[*TypeParam]Type{}
	for i, prm := range sig.Params {
		a := args[i]
		if isNilNode(a) {
			if prm.Default == nil {
				c.errorf(d.Pos(), "missing argument for parameter %q of %s", prm.Name, p.Name)
			}
			continue
		}
		bt := c.blockArg(s, a)
		if bt == nil {
			continue
		}
		want, ok := prm.Type.(*Block)
		if !ok {
			c.errorf(a.Pos(), "package parameter %q is not a parser or control", prm.Name)
			continue
		}
		if bt.Kind != want.Kind {
			c.errorf(a.Pos(), "argument for %q must be a %s, not %s %q", prm.Name, want.Kind, bt.Kind, bt.Name)
			continue
		}
		if len(bt.Params) != len(want.Params) {
			c.errorf(a.Pos(), "%s %q has %d parameters, %s needs %d", bt.Kind, bt.Name, len(bt.Params), prm.Name, len(want.Params))
			continue
		}
		for j, wp := range want.Params {
			gp := bt.Params[j]
			if gp.Dir != wp.Dir {
				c.errorf(a.Pos(), "parameter %q of %s %q must be %s, as in %s", gp.Name, bt.Kind, bt.Name, dirWord(wp.Dir), want.Name)
				continue
			}
			if !c.unify(wp.Type, gp.Type, binds, p.TypeParams) {
				c.errorf(a.Pos(), "parameter %q of %s %q has type %s, %s needs %s", gp.Name, bt.Kind, bt.Name, gp.Type, want.Name, subst(wp.Type, binds))
			}
		}
	}
	if d.Name != nil && d.Name.Name == "main" {
		c.prog.Main = in
	}
}

func dirWord(d Direction) string {
	if d == DirNone {
		return "directionless"
	}
	return d.String()
}

// blockArg resolves a package argument: P() or the name of a block
// instance (unsupported, reported).
func (c *checker) blockArg(s *Scope, a syntax.Expr) *Block {
	call, ok := a.(*syntax.CallExpr)
	if !ok {
		c.errorf(a.Pos(), "package argument must be a parser or control instantiation P()")
		return nil
	}
	var id *syntax.Ident
	switch f := call.Fun.(type) {
	case *syntax.Ident:
		id = f
	case *syntax.TypeExpr:
		if nt, ok := f.Type.(*syntax.NamedType); ok {
			id = nt.Name
		}
	}
	if id == nil {
		c.errorf(a.Pos(), "package argument must be a parser or control instantiation P()")
		return nil
	}
	o := c.lookup(s, id)
	if o == nil {
		c.errorf(id.Pos(), "undeclared %q", id.Name)
		return nil
	}
	c.info.Uses[id] = o
	tn, ok := o.(*TypeName)
	bt, ok2 := tn.Type().(*Block)
	if !ok || !ok2 {
		c.errorf(id.Pos(), "%q is not a parser or control", id.Name)
		return nil
	}
	if len(call.Args) != len(bt.CtorParams) {
		c.errorf(a.Pos(), "%s %q takes %d constructor arguments, got %d", bt.Kind, bt.Name, len(bt.CtorParams), len(call.Args))
	}
	for i, x := range call.Args {
		if i < len(bt.CtorParams) {
			c.exprWant(s, x, bt.CtorParams[i].Type)
		}
	}
	c.info.Types[call] = TypeAndValue{Type: bt}
	c.info.Calls[call] = &Call{Kind: CallConstructor, Name: bt.Name, Block: bt, Sig: &Signature{Params: bt.CtorParams}, Args: call.Args}
	return bt
}
