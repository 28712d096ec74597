package types

import (
	"fmt"
	"slices"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// digestSite is a digest call found while checking, attributed to the
// block declaration it is in.
type digestSite struct {
	call  *syntax.CallExpr
	block *Block
	typ   Type
	recv  Value
}

func (c *checker) call(s *Scope, x *syntax.CallExpr) operand {
	switch f := x.Fun.(type) {
	case *syntax.Ident:
		return c.callName(s, x, f)
	case *syntax.MemberExpr:
		return c.callMethod(s, x, f)
	case *syntax.TypeExpr:
		c.errorf(x.Pos(), "constructor calls are only allowed in instantiations and package arguments")
	default:
		c.expr(s, x.Fun)
		c.errorf(x.Pos(), "cannot call %s", exprString(x.Fun))
	}
	c.argsOnly(s, x.Args)
	return operand{}
}

func (c *checker) argsOnly(s *Scope, args []syntax.Expr) {
	for _, a := range args {
		if kv, ok := a.(*syntax.KeyValueExpr); ok {
			a = kv.Value
		}
		if _, ok := a.(*syntax.DontCare); ok {
			continue
		}
		c.expr(s, a)
	}
}

func (c *checker) typeArgs(s *Scope, ts []syntax.Type) []Type {
	var out []Type
	for _, t := range ts {
		out = append(out, c.resolveType(s, t))
	}
	return out
}

func (c *checker) callName(s *Scope, x *syntax.CallExpr, id *syntax.Ident) operand {
	o := c.lookup(s, id)
	if f := c.shadowedFuncs[id.Name]; f != nil && o != nil && o == c.top.LookupLocal(id.Name) {
		o = f // a call of the extern function a control's name hides
	}
	if o == nil {
		c.errorf(id.Pos(), "undeclared name %q", id.Name)
		c.argsOnly(s, x.Args)
		return operand{}
	}
	c.info.Uses[id] = o
	switch o := o.(type) {
	case *Func:
		var f *Func
		for _, g := range o.Overloads {
			if arityOK(g.Sig, x.Args) {
				f = g
				break
			}
		}
		if f == nil {
			c.errorf(x.Pos(), "no overload of %q takes %d arguments", o.Name(), len(x.Args))
			c.argsOnly(s, x.Args)
			return operand{}
		}
		c.info.Uses[id] = f
		c.record(x.Fun, operand{typ: f.Type()})
		if c.fn != nil && f.Decl != nil && c.fn.Decl == f.Decl {
			// Only direct recursion is possible (names are declared
			// before use), and P4 has none.
			c.errorf(x.Pos(), "recursive call of function %q", f.Name())
		}
		kind := CallFunction
		if f.Extern {
			kind = CallExternFunction
		}
		call := &Call{Kind: kind, Name: f.Name(), Func: f}
		res := c.callSig(s, x, call, f.Sig, nil, nil, f.Name())
		if f.Extern && f.Name() == "verify" && c.top.LookupLocal("verify") == o && (c.block == nil || c.block.Kind != KindParser) {
			c.errorf(x.Pos(), "verify can only be called in a parser")
		}
		if f.Extern && f.Name() == "static_assert" && c.top.LookupLocal("static_assert") == o && len(call.Args) > 0 && !isNilNode(call.Args[0]) {
			// core.p4's static_assert is evaluated here: a constant
			// false fails the compilation; the call is true.
			if b, ok := c.info.Types[call.Args[0]].Value.(*BoolValue); !ok {
				c.errorf(call.Args[0].Pos(), "static_assert needs a compile-time constant condition")
			} else if !b.V {
				msg := "static assertion failed"
				if len(call.Args) > 1 && !isNilNode(call.Args[1]) {
					if sv, ok := c.info.Types[call.Args[1]].Value.(*StringValue); ok {
						msg += ": " + sv.V
					}
				}
				c.errorf(x.Pos(), "%s", msg)
			}
			return operand{typ: TypeBool, val: &BoolValue{V: true}}
		}
		if f.Extern && f.Name() == "digest" && len(call.TypeArgs) == 1 && c.top.LookupLocal("digest") == o {
			var recv Value
			if len(call.Args) > 0 && !isNilNode(call.Args[0]) {
				recv = c.info.Types[call.Args[0]].Value
			}
			c.digests = append(c.digests, digestSite{call: x, block: c.block, typ: call.TypeArgs[0], recv: recv})
		}
		return res
	case *Action:
		c.record(x.Fun, operand{typ: o.Type()})
		if c.table != nil {
			c.errorf(x.Pos(), "action calls are not allowed here")
		}
		if c.action != nil && o.Decl != nil && c.action.Decl == o.Decl {
			c.errorf(x.Pos(), "recursive call of action %q", o.Name())
		}
		call := &Call{Kind: CallAction, Name: o.Name(), Action: o}
		if len(x.TypeArgs) > 0 {
			c.errorf(x.Pos(), "actions take no type arguments")
		}
		return c.callSig(s, x, call, &Signature{Params: o.Params, Result: TypeVoid}, nil, nil, "action "+o.Name())
	case *TypeName:
		c.errorf(x.Pos(), "constructor calls are only allowed in instantiations and package arguments")
	default:
		c.errorf(id.Pos(), "cannot call %q (%s)", id.Name, describe(o))
	}
	c.argsOnly(s, x.Args)
	return operand{}
}

func describe(o Object) string {
	switch o.(type) {
	case *Const:
		return "a constant"
	case *Var:
		return "a variable"
	case *Table:
		return "a table; call apply()"
	case *Instance:
		return "an instance"
	case *EnumMember:
		return "an enum member"
	case *State:
		return "a parser state"
	case *ValueSet:
		return "a value set"
	}
	return "not a function"
}

func (c *checker) callMethod(s *Scope, x *syntax.CallExpr, m *syntax.MemberExpr) operand {
	if m.Sel == nil {
		c.argsOnly(s, x.Args)
		return operand{}
	}
	recv := c.expr(s, m.X)
	if recv.typ == nil {
		c.argsOnly(s, x.Args)
		return operand{}
	}
	name := m.Sel.Name
	inst, _ := recv.obj.(*Instance)
	c.record(m, operand{typ: &FuncType{}})
	noArgs := func(res Type, kind CallKind) operand {
		if len(x.Args) > 0 {
			c.errorf(x.Pos(), "%s takes no arguments", name)
		}
		c.info.Calls[x] = &Call{Kind: kind, Name: name, Recv: m.X, Sig: &Signature{Result: res}}
		return operand{typ: res}
	}
	if op, ok := c.sizeMethod(x, name, recv.typ); ok {
		return op
	}
	if bt, ok := recv.typ.(*Block); ok && recv.isType && name == "apply" && len(bt.CtorParams) == 0 && c.block != nil && hasBody(bt) {
		// Direct type invocation: C.apply() applies an anonymous
		// instance of C local to the enclosing block, named C.
		// As p4c, every call site has an instance of its own.
		in := c.directAt[x]
		if in == nil {
			in = &Instance{object: object{bt.Name, m.X.Pos(), bt}, Parent: c.block}
			root := c.block.Root()
			if c.direct == nil {
				c.direct = map[*Block][]*Instance{}
				c.directAt = map[*syntax.CallExpr]*Instance{}
			}
			c.direct[root] = append(c.direct[root], in)
			c.directAt[x] = in
		}
		recv.isType, recv.obj = false, in
		inst = in
	}
	if recv.isType {
		c.errorf(m.Sel.Pos(), "type %s has no method %q", recv.typ, name)
		c.argsOnly(s, x.Args)
		return operand{}
	}
	switch t := recv.typ.(type) {
	case *Struct:
		if t.Kind == KindStruct {
			break
		}
		switch name {
		case "isValid":
			return noArgs(TypeBool, CallHeaderMethod)
		case "setValid", "setInvalid":
			if t.Kind != KindHeader {
				break
			}
			if !recv.lvalue {
				c.errorf(m.X.Pos(), "%s is read-only", exprString(m.X))
			}
			return noArgs(TypeVoid, CallHeaderMethod)
		}
	case *Stack:
		if name == "push_front" || name == "pop_front" {
			if !recv.lvalue {
				c.errorf(m.X.Pos(), "%s is read-only", exprString(m.X))
			}
			call := &Call{Kind: CallStackMethod, Name: name, Recv: m.X}
			sig := &Signature{Params: []*Param{{Name: "count", Type: TypeInfInt}}, Result: TypeVoid}
			res := c.callSig(s, x, call, sig, nil, nil, name)
			if len(call.Args) == 1 && !isNilNode(call.Args[0]) {
				if tv := c.info.Types[call.Args[0]]; tv.Value == nil && tv.Type != nil {
					c.errorf(call.Args[0].Pos(), "%s needs a constant count", name)
				} else if v, ok := IntOf(tv.Value); ok && v.Sign() < 0 {
					c.errorf(call.Args[0].Pos(), "%s needs a non-negative count, not %s", name, v)
				}
			}
			return res
		}
	case *TableType:
		if name == "apply" {
			if c.action != nil {
				c.errorf(x.Pos(), "tables cannot be applied inside actions")
			}
			op := noArgs(&ApplyResult{Table: t.Table}, CallTableApply)
			c.info.Calls[x].Table = t.Table
			return op
		}
	case *Block:
		if name == "apply" {
			var ctor *Param
			if v, ok := recv.obj.(*Var); ok && inst == nil && v.Param != nil && c.block != nil && containsParam(c.block.CtorParams, v.Param) {
				// A constructor parameter of a control or parser type:
				// the instance given for it is applied.
				ctor = v.Param
			}
			if inst == nil && ctor == nil {
				c.errorf(m.X.Pos(), "apply needs an instance of %s", t.Name)
				break
			}
			if c.action != nil {
				c.errorf(x.Pos(), "controls cannot be applied inside actions")
			}
			call := &Call{Kind: CallBlockApply, Name: name, Block: t, Instance: inst, CtorParam: ctor, Recv: m.X}
			return c.callSig(s, x, call, &Signature{Params: t.Params, Result: TypeVoid}, nil, nil, t.Name+".apply")
		}
	case *Extern:
		var cands []*Method
		for _, mm := range t.Methods {
			if mm.Name == name {
				cands = append(cands, mm)
			}
		}
		if len(cands) == 0 {
			break
		}
		var meth *Method
		for _, mm := range cands {
			if arityOK(mm.Sig, x.Args) {
				meth = mm
				break
			}
		}
		if meth == nil {
			c.errorf(x.Pos(), "no overload of %s.%s takes %d arguments", t.Name, name, len(x.Args))
			c.argsOnly(s, x.Args)
			return operand{}
		}
		call := &Call{Kind: CallExternMethod, Name: name, Method: meth, Instance: inst, Recv: m.X}
		op := c.callSig(s, x, call, meth.Sig, t, nil, t.Name+"."+name)
		c.packetMethod(t, call)
		return op
	}
	c.errorf(m.Sel.Pos(), "%s (type %s) has no method %q", exprString(m.X), recv.typ, name)
	c.argsOnly(s, x.Args)
	return operand{}
}

// callSig checks the arguments of a call against sig, inferring type
// arguments of sig and, for methods of a generic extern instance whose
// type arguments are not known yet, of the extern; it records the Call.
func (c *checker) callSig(s *Scope, x *syntax.CallExpr, call *Call, sig *Signature, ext *Extern, _ any, what string) operand {
	binds := map[*TypeParam]Type{}
	free := append([]*TypeParam(nil), sig.TypeParams...)
	var extFree []int
	if ext != nil {
		for tp, t := range externBindings(ext) {
			binds[tp] = t
		}
		root := ext.Root()
		for i, tp := range root.TypeParams {
			if i < len(ext.Args) && ext.Args[i] == nil {
				free = append(free, tp)
				extFree = append(extFree, i)
			}
		}
	}
	if len(x.TypeArgs) > 0 {
		targs := c.typeArgs(s, x.TypeArgs)
		if len(targs) != len(sig.TypeParams) {
			c.errorf(x.Pos(), "%s takes %d type arguments, got %d", what, len(sig.TypeParams), len(targs))
		} else {
			for i, tp := range sig.TypeParams {
				if targs[i] != nil {
					if _, dc := targs[i].(*DontCare); !dc {
						binds[tp] = targs[i]
					}
				}
			}
		}
	}
	args, _ := c.bindArgsInfer(s, x.Pos(), sig, x.Args, binds, free, what)
	call.Args = args
	for _, tp := range sig.TypeParams {
		call.TypeArgs = append(call.TypeArgs, binds[tp])
	}
	if ext != nil {
		root := ext.Root()
		for _, i := range extFree {
			if t := binds[root.TypeParams[i]]; t != nil {
				ext.Args[i] = t
			}
		}
	}
	call.Sig = substSig(sig, binds)
	c.info.Calls[x] = call
	res := call.Sig.Result
	if res == nil {
		res = TypeVoid
	}
	if containsFree(res, free) {
		c.errorf(x.Pos(), "cannot infer the result type of %s; give type arguments", what)
		return operand{}
	}
	return operand{typ: res}
}

// bindArgs checks the arguments of a non-generic call (constructors),
// returning them in parameter order with their constant values.
func (c *checker) bindArgs(s *Scope, pos syntax.Pos, sig *Signature, args []syntax.Expr, binds map[*TypeParam]Type, what string, ctor bool) ([]syntax.Expr, []Value) {
	if binds == nil {
		binds = map[*TypeParam]Type{}
	}
	exprs, vals := c.bindArgsInfer(s, pos, sig, args, binds, nil, what)
	if ctor {
		for i, p := range sig.Params {
			if i >= len(exprs) || isNilNode(exprs[i]) || p.Dir != DirNone {
				continue
			}
			if !isValueType(c.info.Types[exprs[i]].Type) || c.knownArg(exprs[i]) {
				continue
			}
			c.errorf(exprs[i].Pos(), "%s: argument %s for %q is not known at compile time", what, exprString(exprs[i]), p.Name)
		}
	}
	return exprs, vals
}

// isValueType reports whether t is the type of a data value (not of an
// object such as an extern or block instance, passed by reference).
func isValueType(t Type) bool {
	switch Underlying(t).(type) {
	case *Bits, *Bool, *Enum, *String, *InfInt, *Varbit, *Tuple, *Struct, *Stack:
		return true
	}
	return false
}

// knownArg reports whether a constructor argument x is known when its
// instance is created: a compile-time constant, a constructor parameter of
// the enclosing block (known per instance), or an expression of those.
func (c *checker) knownArg(x syntax.Expr) bool {
	if tv, ok := c.info.Types[x]; ok && tv.Value != nil {
		return true
	}
	switch x := x.(type) {
	case *syntax.ParenExpr:
		return c.knownArg(x.X)
	case *syntax.Ident:
		v, ok := c.info.Uses[x].(*Var)
		return ok && v.Param != nil && c.block != nil && containsParam(c.block.CtorParams, v.Param)
	case *syntax.UnaryExpr:
		return c.knownArg(x.X)
	case *syntax.BinaryExpr:
		return c.knownArg(x.X) && c.knownArg(x.Y)
	case *syntax.CastExpr:
		return c.knownArg(x.X)
	case *syntax.ListExpr:
		for _, e := range x.Elems {
			if kv, ok := e.(*syntax.KeyValueExpr); ok {
				e = kv.Value
			}
			if !c.knownArg(e) {
				return false
			}
		}
		return true
	}
	return false
}

func (c *checker) bindArgsInfer(s *Scope, pos syntax.Pos, sig *Signature, args []syntax.Expr, binds map[*TypeParam]Type, free []*TypeParam, what string) ([]syntax.Expr, []Value) {
	ordered, err := orderArgs(sig.Params, args)
	if err != "" {
		c.errorf(pos, "%s: %s", what, err)
		c.argsOnly(s, args)
		return make([]syntax.Expr, len(sig.Params)), make([]Value, len(sig.Params))
	}
	vals := make([]Value, len(sig.Params))
	ops := make([]operand, len(sig.Params))
	var deferred, postponed []int
	for i, p := range sig.Params {
		a := ordered[i]
		if isNilNode(a) {
			if p.Default == nil && !isOptional(p) {
				c.errorf(pos, "%s: missing argument for parameter %q", what, p.Name)
			}
			continue
		}
		if _, ok := a.(*syntax.DontCare); ok {
			if p.Dir != DirOut && p.Dir != DirInOut {
				c.errorf(a.Pos(), "_ can only be passed to an out parameter")
			}
			c.record(a, operand{typ: TypeDontCare})
			continue
		}
		pt := subst(p.Type, binds)
		if containsFree(pt, free) {
			deferred = append(deferred, i)
			continue
		}
		ops[i] = c.exprWant(s, a, pt)
	}
	for _, i := range deferred {
		a, p := ordered[i], sig.Params[i]
		pt := subst(p.Type, binds)
		var op operand
		if l, ok := unparen(a).(*syntax.ListExpr); ok {
			if _, bare := pt.(*TypeParam); bare {
				op = c.record(a, c.listExpr(s, l, nil))
			} else {
				op = c.exprWant(s, a, pt)
			}
		} else {
			op = c.expr(s, a)
		}
		ops[i] = op
		if op.typ == nil {
			continue
		}
		if isInf(op.typ) {
			postponed = append(postponed, i)
			continue
		}
		if !c.unify(pt, op.typ, binds, free) {
			c.errorf(a.Pos(), "%s: cannot use %s (type %s) as %s", what, exprString(a), op.typ, subst(pt, binds))
		}
	}
	for _, i := range postponed {
		a, p := ordered[i], sig.Params[i]
		pt := subst(p.Type, binds)
		if tp, ok := pt.(*TypeParam); ok && containsFree(pt, free) && !slices.Contains(sig.TypeParams, tp) {
			// A type argument of the extern left to inference and given
			// only an integer literal (register<T> r; r.read(x, 0) with
			// v1model's register<T, I>) is bit<32>, v1model's index type.
			binds[tp] = &Bits{Width: 32}
			pt = binds[tp]
		}
		if containsFree(pt, free) {
			c.errorf(a.Pos(), "%s: cannot infer a type for %s; give it a width, e.g. (bit<32>)%s", what, exprString(a), exprString(a))
			continue
		}
		ops[i] = c.assign(a, ops[i], pt)
	}
	for i, p := range sig.Params {
		a := ordered[i]
		if isNilNode(a) {
			continue
		}
		vals[i] = ops[i].val
		if p.Dir == DirOut || p.Dir == DirInOut {
			if _, ok := a.(*syntax.DontCare); ok {
				continue
			}
			if ops[i].typ != nil && !ops[i].lvalue {
				c.errorf(a.Pos(), "%s: %s argument %s is not assignable", what, p.Dir, exprString(a))
			}
		}
	}
	return ordered, vals
}

// isOptional reports whether p is annotated @optional.
func isOptional(p *Param) bool { return p.Annotations.Get("optional") != nil }

// orderArgs puts arguments in parameter order, resolving named arguments.
func orderArgs(ps []*Param, args []syntax.Expr) ([]syntax.Expr, string) {
	out := make([]syntax.Expr, len(ps))
	named := false
	for _, a := range args {
		if _, ok := a.(*syntax.KeyValueExpr); ok {
			named = true
		}
	}
	if !named {
		if len(args) > len(ps) {
			return nil, fmt.Sprintf("too many arguments (%d, want %d)", len(args), len(ps))
		}
		copy(out, args)
		return out, ""
	}
	for _, a := range args {
		kv, ok := a.(*syntax.KeyValueExpr)
		if !ok || kv.Key == nil {
			return nil, "cannot mix named and positional arguments"
		}
		found := false
		for i, p := range ps {
			if p.Name == kv.Key.Name {
				if out[i] != nil {
					return nil, fmt.Sprintf("argument %q given twice", p.Name)
				}
				out[i] = kv.Value
				found = true
			}
		}
		if !found {
			return nil, fmt.Sprintf("no parameter named %q", kv.Key.Name)
		}
	}
	return out, ""
}

// arityOK reports whether args can be passed to sig.
func arityOK(sig *Signature, args []syntax.Expr) bool {
	ordered, err := orderArgs(sig.Params, args)
	if err != "" {
		return false
	}
	for i, p := range sig.Params {
		if ordered[i] == nil && p.Default == nil && !isOptional(p) {
			return false
		}
	}
	return true
}

// externBindings returns the known type arguments of an extern.
func externBindings(e *Extern) map[*TypeParam]Type {
	m := map[*TypeParam]Type{}
	root := e.Root()
	for i, tp := range root.TypeParams {
		if i < len(e.Args) && e.Args[i] != nil {
			m[tp] = e.Args[i]
		}
	}
	return m
}

func containsFree(t Type, free []*TypeParam) bool {
	if len(free) == 0 || t == nil {
		return false
	}
	switch t := t.(type) {
	case *TypeParam:
		for _, f := range free {
			if f == t {
				return true
			}
		}
	case *Tuple:
		for _, e := range t.Elems {
			if containsFree(e, free) {
				return true
			}
		}
	case *Extern:
		for _, e := range t.Args {
			if containsFree(e, free) {
				return true
			}
		}
	case *Block:
		for _, p := range t.Params {
			if containsFree(p.Type, free) {
				return true
			}
		}
	}
	return false
}

// unify binds free type parameters in p so that p matches a.
func (c *checker) unify(p, a Type, binds map[*TypeParam]Type, free []*TypeParam) bool {
	if p == nil || a == nil {
		return true
	}
	switch pt := p.(type) {
	case *TypeParam:
		if b, ok := binds[pt]; ok {
			return Identical(b, a) || c.unify(b, a, binds, free)
		}
		for _, f := range free {
			if f == pt {
				binds[pt] = a
				return true
			}
		}
		return Identical(p, a)
	case *Tuple:
		at, ok := a.(*Tuple)
		if !ok || len(at.Elems) != len(pt.Elems) {
			return false
		}
		for i := range pt.Elems {
			if !c.unify(pt.Elems[i], at.Elems[i], binds, free) {
				return false
			}
		}
		return true
	case *Extern:
		at, ok := a.(*Extern)
		if !ok || at.Root() != pt.Root() || len(at.Args) != len(pt.Args) {
			return false
		}
		for i := range pt.Args {
			if !c.unify(pt.Args[i], at.Args[i], binds, free) {
				return false
			}
		}
		return true
	}
	return Identical(p, a)
}

// Subst returns t with the type parameters bound in m replaced (the
// lowering inlines generic functions with their call's type arguments).
func Subst(t Type, m map[*TypeParam]Type) Type { return subst(t, m) }

// subst replaces bound type parameters in t.
func subst(t Type, m map[*TypeParam]Type) Type {
	if len(m) == 0 || t == nil {
		return t
	}
	switch x := t.(type) {
	case *TypeParam:
		if r, ok := m[x]; ok && r != nil {
			return r
		}
	case *Tuple:
		n := &Tuple{Elems: make([]Type, len(x.Elems))}
		for i, e := range x.Elems {
			n.Elems[i] = subst(e, m)
		}
		return n
	case *Extern:
		if len(x.Args) == 0 {
			return x
		}
		n := *x
		n.Args = make([]Type, len(x.Args))
		for i, e := range x.Args {
			n.Args[i] = subst(e, m)
		}
		return &n
	case *Block:
		n := *x
		n.Params = substParams(x.Params, m)
		return &n
	case *Struct:
		if len(x.Args) == 0 {
			return x
		}
		n := *x
		n.Args = make([]Type, len(x.Args))
		changed := false
		for i, e := range x.Args {
			n.Args[i] = subst(e, m)
			changed = changed || n.Args[i] != e
		}
		if !changed {
			return x
		}
		n.Fields = nil
		for _, f := range x.Fields {
			nf := *f
			nf.Type = subst(f.Type, m)
			n.Fields = append(n.Fields, &nf)
		}
		return &n
	}
	return t
}

func substParams(ps []*Param, m map[*TypeParam]Type) []*Param {
	out := make([]*Param, len(ps))
	for i, p := range ps {
		np := *p
		np.Type = subst(p.Type, m)
		out[i] = &np
	}
	return out
}

func substSig(sig *Signature, m map[*TypeParam]Type) *Signature {
	if len(m) == 0 {
		return sig
	}
	return &Signature{TypeParams: sig.TypeParams, Params: substParams(sig.Params, m), Result: subst(sig.Result, m)}
}

// packetMethod checks the arguments of packet_in.extract, lookahead and
// packet_out.emit, whose generic signatures accept more than the spec
// allows.
func (c *checker) packetMethod(e *Extern, call *Call) {
	root := e.Root()
	if o, ok := c.top.LookupLocal(root.Name).(*TypeName); !ok || o.Type() != Type(root) {
		return
	}
	switch {
	case root.Name == "packet_in" && call.Name == "extract" && len(call.Args) > 0 && !isNilNode(call.Args[0]):
		t := c.info.Types[call.Args[0]].Type
		if _, dc := call.Args[0].(*syntax.DontCare); dc && len(call.TypeArgs) == 1 {
			t = call.TypeArgs[0] // extract<H>(_) skips a header of type H
		}
		_, generic := t.(*TypeParam) // a generic parser's H: checked when instantiated
		if st, ok := t.(*Struct); t != nil && !generic && (!ok || st.Kind != KindHeader) {
			c.errorf(call.Args[0].Pos(), "extract needs a header, not %s", t)
		}
	case root.Name == "packet_in" && call.Name == "lookahead" && len(call.TypeArgs) == 1:
		if t := call.TypeArgs[0]; t != nil && BitWidth(t) == 0 {
			c.errorf(call.Recv.Pos(), "lookahead needs a fixed-width type, not %s", t)
		}
	case root.Name == "packet_out" && call.Name == "emit" && len(call.Args) > 0 && !isNilNode(call.Args[0]):
		if t := c.info.Types[call.Args[0]].Type; t != nil && !emittable(t, 0) {
			c.errorf(call.Args[0].Pos(), "emit needs a header, header stack, header union or struct of those, not %s", t)
		}
	}
}

// emittable reports whether packet_out.emit accepts a value of type t.
func emittable(t Type, depth int) bool {
	if depth > 32 {
		return false
	}
	switch t := t.(type) {
	case *Stack:
		return true
	case *Struct:
		if t.Kind != KindStruct {
			return true
		}
		for _, f := range t.Fields {
			if !emittable(f.Type, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// hasBody reports whether a parser or control type is declared with a
// body (not only as a type: control C(...);).
func hasBody(b *Block) bool {
	switch b.Root().Decl.(type) {
	case *syntax.ParserDecl, *syntax.ControlDecl:
		return true
	}
	return false
}
