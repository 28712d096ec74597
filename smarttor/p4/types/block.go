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
	var locals []syntax.Decl
	for _, l := range d.Locals {
		for _, m := range c.moveCtorArgs(s, l) {
			c.localDecl(s, m, b)
			locals = append(locals, m)
		}
	}
	d.Locals = locals
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
	var locals []syntax.Decl
	for _, l := range d.Locals {
		for _, m := range c.moveCtorArgs(s, l) {
			c.localDecl(s, m, b)
			locals = append(locals, m)
		}
	}
	d.Locals = locals
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
		// The grammar has functions at the top level only; checked
		// anyway so that their bodies report their own errors.
		c.errorf(d.Pos(), "functions can only be declared at the top level, not in %s %q", parent.Kind, parent.Name)
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
	if name, ok := c.inPlaceNames[d]; ok {
		// Declared under its internal name, named as its parameter.
		in.name, in.InPlace = name, true
	}
	if len(d.Body) > 0 {
		if _, ok := t.(*Extern); !ok && t != nil {
			c.errorf(d.Pos(), "only extern instances can implement abstract methods")
		}
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
		c.ctorCall(s, d.Pos(), d.Args, in, tt)
		c.abstractMethods(s, d, in, tt)
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
func (c *checker) ctorCall(s *Scope, pos syntax.Pos, args []syntax.Expr, in *Instance, e *Extern) {
	var cands []*Signature
	for _, k := range e.Ctors {
		if arityOK(k, args) {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		c.errorf(pos, "no constructor of %s takes %d arguments", e.Name, len(args))
		for _, a := range args {
			c.expr(s, a)
		}
		return
	}
	sig := substSig(cands[0], externBindings(e))
	in.Ctor = sig
	in.Args, in.Values = c.bindArgs(s, pos, sig, args, nil, "constructor of "+e.Name, true)
}

// abstractMethods checks the implementations of an extern's abstract
// methods given with an instantiation: Type(args) name = { ... };. Inside
// them, this is the instance.
func (c *checker) abstractMethods(s *Scope, d *syntax.Instantiation, in *Instance, e *Extern) {
	done := map[string]bool{}
	for _, b := range d.Body {
		fd, ok := b.(*syntax.FunctionDecl)
		if !ok || fd.Name == nil || fd.Body == nil {
			if !isNilNode(b) {
				c.errorf(b.Pos(), "expected an implementation of an abstract method of %s", e.Name)
			}
			continue
		}
		var m *Method
		for _, mm := range e.Methods {
			if mm.Name == fd.Name.Name && mm.Abstract {
				m = mm
			}
		}
		if m == nil {
			c.errorf(fd.Name.Pos(), "%s has no abstract method %q", e.Name, fd.Name.Name)
			continue
		}
		done[m.Name] = true
		want := substSig(m.Sig, externBindings(e))
		fs := NewScope(s)
		sig := &Signature{Params: c.params(fs, fd.Params), Result: c.resolveType(fs, fd.Result)}
		if len(sig.Params) != len(want.Params) {
			c.errorf(fd.Name.Pos(), "%s.%s takes %d parameters, the implementation %d", e.Name, m.Name, len(want.Params), len(sig.Params))
		} else {
			for i, p := range sig.Params {
				w := want.Params[i]
				if p.Dir != w.Dir || (p.Type != nil && w.Type != nil && !Identical(p.Type, w.Type)) {
					c.errorf(p.Pos, "parameter %q of %s.%s must be %s %s", p.Name, e.Name, m.Name, w.Dir, w.Type)
				}
			}
		}
		if sig.Result != nil && want.Result != nil && !Identical(sig.Result, want.Result) {
			c.errorf(fd.Name.Pos(), "%s.%s returns %s, not %s", e.Name, m.Name, want.Result, sig.Result)
		}
		f := &Func{object: object{fd.Name.Name, fd.Name.Pos(), &FuncType{Sig: sig}}, Sig: sig, Annotations: fd.Annotations, Decl: fd}
		f.Overloads = []*Func{f}
		c.info.Defs[fd.Name] = f
		in.Methods = append(in.Methods, f)
		body := NewScope(fs)
		c.declareParams(body, fd.Params, sig.Params)
		savedFn, savedThis := c.fn, c.this
		c.fn, c.this = f, in
		c.blockStmt(body, fd.Body)
		c.fn, c.this = savedFn, savedThis
		if _, void := sig.Result.(*Void); !void && sig.Result != nil && !returns(fd.Body) {
			c.errorf(fd.Body.Rbrace, "missing return at end of %s", fd.Name.Name)
		}
	}
	for _, m := range e.Methods {
		if m.Abstract && !done[m.Name] {
			c.errorf(d.Pos(), "instance %q of %s does not implement abstract method %q", in.Name(), e.Name, m.Name)
		}
	}
}

// propertyInstance checks an extern instance constructed in place in a
// table property (implementation = action_profile(128)). As in p4c, it is
// named after the property (its @name, else "implementation", "counters"
// or "meters"), without prefix.
func (c *checker) propertyInstance(s *Scope, p *syntax.ValueProperty, call *syntax.CallExpr) *Instance {
	var t Type
	if id, ok := call.Fun.(*syntax.Ident); ok {
		o := c.lookup(s, id)
		if tn, ok := o.(*TypeName); ok {
			c.info.Uses[id] = o
			c.info.Types[id] = TypeAndValue{Type: tn.Type(), IsType: true}
			t = tn.Type()
		}
	}
	e, ok := t.(*Extern)
	if !ok {
		c.errorf(call.Pos(), "%s must be an extern instance or constructor call", p.Name.Name)
		c.argsOnly(s, call.Args)
		return nil
	}
	if len(call.TypeArgs) > 0 {
		e, _ = c.specialize(call.Pos(), e, c.typeArgs(s, call.TypeArgs)).(*Extern)
		if e == nil {
			return nil
		}
	} else if len(e.TypeParams) > 0 {
		e = &Extern{Name: e.Name, TypeParams: e.TypeParams, Ctors: e.Ctors, Methods: e.Methods, Annotations: e.Annotations, Decl: e.Decl, Generic: e, Args: make([]Type, len(e.TypeParams))}
	}
	name := ControlPlaneName(p.Annotations, p.Name.Name)
	if len(name) > 0 && name[0] == '.' {
		name = name[1:]
	}
	in := &Instance{object: object{name, call.Pos(), e}, Annotations: p.Annotations, Parent: c.block, Property: p}
	c.ctorCall(s, call.Pos(), call.Args, in, e)
	c.info.Types[call] = TypeAndValue{Type: e}
	c.info.Calls[call] = &Call{Kind: CallConstructor, Name: e.Name, Sig: in.Ctor, Args: in.Args}
	return in
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
			// An in parameter where the architecture has inout only
			// reads the value (p4c accepts it, e.g. VerifyChecksum(in H)).
			if gp.Dir != wp.Dir && (gp.Dir != DirIn || wp.Dir != DirInOut) {
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
	var bt *Block
	if tn, ok := o.(*TypeName); ok {
		bt, _ = tn.Type().(*Block)
	}
	if bt == nil {
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
	c.info.Types[call.Fun] = TypeAndValue{Type: bt, IsType: true}
	c.info.Calls[call] = &Call{Kind: CallConstructor, Name: bt.Name, Block: bt, Sig: &Signature{Params: bt.CtorParams}, Args: call.Args}
	return bt
}
