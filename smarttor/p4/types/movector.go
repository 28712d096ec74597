package types

import (
	"strconv"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Constructor calls as constructor arguments.
//
// A parser or control may instantiate something with an instance built in
// place as an argument: C2(C1()) c2; or Use(register<bit<8>>(4)) u;. p4c
// gives such an argument an instance of its own in one of two ways.
//
// When a parser or control is instantiated with arguments that are all
// constants or such constructor calls (the usual case), p4c specializes
// it (SpecializeAll): a copy of C2 declares the argument first among its
// locals, named as the constructor parameter it is given for. So the
// instance belongs to c2: with control C2(...)(Ct c), C1's table t is
// I.c2.c.t, and with Use(...)(register<bit<8>> r) the register is I.u.r.
// Here such an argument becomes an instantiation marked InPlace, checked
// before c2 under an internal name, that the instance tree puts in c2.
//
// Otherwise (an extern's constructor, or an argument naming an instance)
// MoveConstructors declares it in the enclosing block just before the
// instantiation, named by p4c's name generator: "tmp", then "tmp_0",
// "tmp_1"... skipping every name the program already uses, without @name
// (I.tmp, and a table of C1 is I.tmp.t); inner calls first. p4c's own
// earlier passes may have taken some tmp names already (temporaries of
// side-effect ordering); programs that need those and such constructor
// calls can differ.

// moveCtorArgs returns l, a declaration local to a parser or control,
// preceded by the instantiations made of the constructor calls among its
// arguments if it is an instantiation. The names in its arguments must
// be declared already: call it just before checking l.
func (c *checker) moveCtorArgs(s *Scope, l syntax.Decl) []syntax.Decl {
	d, ok := l.(*syntax.Instantiation)
	if !ok || d == nil {
		return []syntax.Decl{l}
	}
	var moved []syntax.Decl
	if d.Name != nil && c.specializes(s, d.Type, d.Args) {
		c.inPlace(s, "#"+d.Name.Name, d.Type, d.Args, &moved)
	} else {
		for i, a := range d.Args {
			d.Args[i] = c.moveCtorArg(s, a, &moved)
		}
	}
	return append(moved, l)
}

// specializes reports whether p4c specializes an instantiation of type t
// with args: t is a parser or control and every argument is a value or a
// constructor call of such arguments (not an instance).
func (c *checker) specializes(s *Scope, t syntax.Type, args []syntax.Expr) bool {
	if _, ok := c.namedType(s, t).(*Block); !ok {
		return false
	}
	for _, a := range args {
		if !c.simpleArg(s, a) {
			return false
		}
	}
	return true
}

func (c *checker) simpleArg(s *Scope, a syntax.Expr) bool {
	switch a := unparen(a).(type) {
	case *syntax.KeyValueExpr:
		return a != nil && c.simpleArg(s, a.Value)
	case *syntax.Ident:
		if a == nil {
			return true
		}
		switch o := c.lookup(s, a).(type) {
		case *Instance:
			return false
		case *Var:
			switch o.Type().(type) {
			case *Extern, *Block:
				return false
			}
		}
	case *syntax.CallExpr:
		if a != nil && c.ctorType(s, a) != nil {
			for _, x := range a.Args {
				if !c.simpleArg(s, x) {
					return false
				}
			}
		}
	}
	return true
}

// inPlace replaces the constructor calls among args (of an instantiation
// of type t, which specializes) by the internal names of instantiations
// appended to moved, named prefix.param.
func (c *checker) inPlace(s *Scope, prefix string, t syntax.Type, args []syntax.Expr, moved *[]syntax.Decl) {
	bt, _ := c.namedType(s, t).(*Block)
	if bt == nil {
		return
	}
	for i, a := range args {
		slot := &args[i]
		name := ""
		if i < len(bt.CtorParams) {
			name = bt.CtorParams[i].Name
		}
		if kv, ok := a.(*syntax.KeyValueExpr); ok && kv != nil {
			slot = &kv.Value
			if kv.Key != nil {
				name = kv.Key.Name
			}
		}
		call, ok := unparen(*slot).(*syntax.CallExpr)
		if !ok || call == nil || name == "" {
			continue
		}
		ct := c.ctorType(s, call)
		if ct == nil {
			continue
		}
		internal := prefix + "." + name
		c.inPlace(s, internal, ct, call.Args, moved)
		pos := call.Pos()
		d := &syntax.Instantiation{
			Type: ct, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen,
			Name: &syntax.Ident{NamePos: pos, Name: internal}, Semi: call.Rparen,
		}
		if c.inPlaceNames == nil {
			c.inPlaceNames = map[*syntax.Instantiation]string{}
		}
		c.inPlaceNames[d] = name
		*moved = append(*moved, d)
		*slot = &syntax.Ident{NamePos: pos, Name: internal}
	}
}

// namedType resolves a type written as a name (C or C<T>), nil if it is
// not one.
func (c *checker) namedType(s *Scope, t syntax.Type) Type {
	var nt *syntax.NamedType
	switch t := t.(type) {
	case *syntax.NamedType:
		nt = t
	case *syntax.SpecializedType:
		nt = t.Base
	}
	if nt == nil || nt.Name == nil {
		return nil
	}
	if tn, ok := c.lookup(s, nt.Name).(*TypeName); ok {
		return tn.Type()
	}
	return nil
}

// moveCtorArg returns a, or, if a is a constructor call of an extern,
// parser or control type, the name of a new instance appended to moved.
func (c *checker) moveCtorArg(s *Scope, a syntax.Expr, moved *[]syntax.Decl) syntax.Expr {
	if kv, ok := a.(*syntax.KeyValueExpr); ok && kv != nil {
		kv.Value = c.moveCtorArg(s, kv.Value, moved)
		return kv
	}
	call, ok := a.(*syntax.CallExpr)
	if !ok || call == nil {
		return a
	}
	t := c.ctorType(s, call)
	if t == nil {
		return a
	}
	for i, x := range call.Args {
		call.Args[i] = c.moveCtorArg(s, x, moved)
	}
	name := c.tmpName()
	pos := call.Pos()
	*moved = append(*moved, &syntax.Instantiation{
		Type: t, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen,
		Name: &syntax.Ident{NamePos: pos, Name: name}, Semi: call.Rparen,
	})
	return &syntax.Ident{NamePos: pos, Name: name}
}

// ctorType returns the type a constructor call constructs, written as a
// type, or nil if call does not name an extern, parser or control type.
func (c *checker) ctorType(s *Scope, call *syntax.CallExpr) syntax.Type {
	var nt *syntax.NamedType
	var t syntax.Type
	switch f := call.Fun.(type) {
	case *syntax.Ident:
		if f == nil {
			return nil
		}
		nt = &syntax.NamedType{Name: f}
		t = nt
		if len(call.TypeArgs) > 0 {
			t = &syntax.SpecializedType{Base: nt, Lt: f.End(), Args: call.TypeArgs, Gt: call.Lparen}
		}
	case *syntax.TypeExpr:
		if f == nil {
			return nil
		}
		switch ft := f.Type.(type) {
		case *syntax.NamedType:
			nt = ft
		case *syntax.SpecializedType:
			nt = ft.Base
		}
		t = f.Type
	}
	if nt == nil || nt.Name == nil {
		return nil
	}
	tn, ok := c.lookup(s, nt.Name).(*TypeName)
	if !ok {
		return nil
	}
	switch tn.Type().(type) {
	case *Extern, *Block:
		return t
	}
	return nil
}

// tmpName returns a name no declaration or reference in the program uses,
// as p4c's name generator: tmp, tmp_0, tmp_1...
func (c *checker) tmpName() string {
	if c.usedNames == nil {
		c.usedNames = map[string]bool{}
		if c.prog.Syntax != nil {
			syntax.Inspect(c.prog.Syntax, func(n syntax.Node) bool {
				if id, ok := n.(*syntax.Ident); ok && id != nil {
					c.usedNames[id.Name] = true
				}
				return true
			})
		}
	}
	name := "tmp"
	for c.usedNames[name] {
		name = "tmp_" + strconv.Itoa(c.tmpCount)
		c.tmpCount++
	}
	c.usedNames[name] = true
	return name
}
