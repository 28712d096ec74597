package compile

import "github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"

// instantiateDirectCalls rewrites the direct invocations of a parser or
// control type, T.apply(...) where T names a parser or control without
// constructor parameters, as p4c's front-end does before it checks types:
// the calling parser or control gets a local instance T() T; which the call
// then applies. The instance takes the type's name, so its objects are
// named T.x in P4Info as p4c names them ("IngressI.myc.myt" for myc.apply()
// in IngressI). Calls of one type in one block share that instance. A name
// declared in the block (a parameter or local) is not a type there.
func instantiateDirectCalls(prog *syntax.Program) {
	if prog == nil {
		return
	}
	direct := map[string]bool{}
	for _, d := range prog.Decls {
		switch d := d.(type) {
		case *syntax.ControlDecl:
			if d.Name != nil && len(d.CtorParams) == 0 && len(d.TypeParams) == 0 {
				direct[d.Name.Name] = true
			}
		case *syntax.ParserDecl:
			if d.Name != nil && len(d.CtorParams) == 0 && len(d.TypeParams) == 0 {
				direct[d.Name.Name] = true
			}
		}
	}
	if len(direct) == 0 {
		return
	}
	for _, d := range prog.Decls {
		switch d := d.(type) {
		case *syntax.ControlDecl:
			if d.Apply != nil {
				d.Locals = addDirectInstances(direct, d.Params, d.CtorParams, d.Locals, d.Apply)
			}
		case *syntax.ParserDecl:
			var states []syntax.Node
			for _, st := range d.States {
				states = append(states, st)
			}
			d.Locals = addDirectInstances(direct, d.Params, d.CtorParams, d.Locals, states...)
		}
	}
}

// addDirectInstances returns locals with an instance added for each type
// of direct that bodies apply directly and that the block's parameters and
// locals do not shadow.
func addDirectInstances(direct map[string]bool, params, ctorParams []*syntax.Param, locals []syntax.Decl, bodies ...syntax.Node) []syntax.Decl {
	shadowed := map[string]bool{}
	for _, ps := range [][]*syntax.Param{params, ctorParams} {
		for _, p := range ps {
			if p != nil && p.Name != nil {
				shadowed[p.Name.Name] = true
			}
		}
	}
	for _, l := range locals {
		if n := declName(l); n != "" {
			shadowed[n] = true
		}
	}
	added := map[string]bool{}
	for _, body := range bodies {
		syntax.Inspect(body, func(n syntax.Node) bool {
			call, ok := n.(*syntax.CallExpr)
			if !ok {
				return true
			}
			m, ok := call.Fun.(*syntax.MemberExpr)
			if !ok || m.Sel == nil || m.Sel.Name != "apply" {
				return true
			}
			id, ok := m.X.(*syntax.Ident)
			if !ok || id.Dot || !direct[id.Name] || shadowed[id.Name] || added[id.Name] {
				return true
			}
			added[id.Name] = true
			locals = append(locals, &syntax.Instantiation{
				Type:   &syntax.NamedType{Name: &syntax.Ident{NamePos: id.NamePos, Name: id.Name, Dot: true}},
				Lparen: id.End(), Rparen: id.End(),
				Name: &syntax.Ident{NamePos: id.NamePos, Name: id.Name},
				Semi: id.End(),
			})
			return true
		})
	}
	return locals
}

// declName returns the name a local declaration declares, "" if none.
func declName(d syntax.Decl) string {
	var id *syntax.Ident
	switch d := d.(type) {
	case *syntax.Instantiation:
		id = d.Name
	case *syntax.VarDecl:
		id = d.Name
	case *syntax.ConstDecl:
		id = d.Name
	case *syntax.ActionDecl:
		id = d.Name
	case *syntax.TableDecl:
		id = d.Name
	case *syntax.FunctionDecl:
		id = d.Name
	case *syntax.ValueSetDecl:
		id = d.Name
	}
	if id == nil {
		return ""
	}
	return id.Name
}
