package types

import (
	"strconv"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Constructor calls as constructor arguments.
//
// A parser or control may instantiate something with an instance built in
// place as an argument: C2(C1()) c2; or Use(register<bit<8>>(4)) u;. As
// p4c's front-end (MoveConstructors), such an argument becomes an instance
// of its own, declared just before the instantiation that uses it and
// named by p4c's name generator: "tmp", then "tmp_0", "tmp_1"... skipping
// every name the program already uses. It has no @name, so its
// control-plane name is that name in the enclosing block (I.tmp, and a
// table of C1 is I.tmp.t). Inner calls are moved first: C3(C2(C1())) c3
// gives tmp = C1(), tmp_0 = C2(tmp). p4c's own earlier passes may have
// taken some tmp names already (temporaries of side-effect ordering);
// programs that need those and nested constructor calls can differ.

// moveCtorArgs returns locals with the constructor calls in the arguments
// of its instantiations moved to instantiations of their own.
func (c *checker) moveCtorArgs(s *Scope, locals []syntax.Decl) []syntax.Decl {
	var out []syntax.Decl
	changed := false
	for _, l := range locals {
		d, ok := l.(*syntax.Instantiation)
		if !ok || d == nil {
			out = append(out, l)
			continue
		}
		var moved []syntax.Decl
		for i, a := range d.Args {
			d.Args[i] = c.moveCtorArg(s, a, &moved)
		}
		if len(moved) > 0 {
			changed = true
		}
		out = append(out, moved...)
		out = append(out, l)
	}
	if !changed {
		return locals
	}
	return out
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
