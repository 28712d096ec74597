package types

import "github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"

// directInvocations returns the instantiations implied by direct type
// invocations in a parser or control body: T.apply(args), where T names
// a parser or control type without constructor parameters, applies an
// instance of T declared in the enclosing block, named T (as p4c names
// it: objects inside get hierarchical names Block.T.name). One instance
// is declared per type named, the first time it is invoked. Names
// declared in the block itself (locals, parameters) are not types and
// are left alone.
func (c *checker) directInvocations(s *Scope, locals []syntax.Decl, body []syntax.Node) []syntax.Decl {
	declared := map[string]bool{}
	for _, l := range locals {
		if name := localName(l); name != "" {
			declared[name] = true
		}
	}
	var out []syntax.Decl
	for _, n := range body {
		if isNilNode(n) {
			continue
		}
		syntax.Inspect(n, func(n syntax.Node) bool {
			call, ok := n.(*syntax.CallExpr)
			if !ok {
				return true
			}
			m, ok := call.Fun.(*syntax.MemberExpr)
			if !ok || m.Sel == nil || m.Sel.Name != "apply" {
				return true
			}
			id, ok := m.X.(*syntax.Ident)
			if !ok || id.Dot || declared[id.Name] {
				return true
			}
			tn, ok := s.Lookup(id.Name).(*TypeName)
			if !ok {
				return true
			}
			b, ok := tn.Type().(*Block)
			if !ok || len(b.CtorParams) > 0 || len(b.TypeParams) > 0 {
				return true
			}
			switch b.Decl.(type) {
			case *syntax.ParserDecl, *syntax.ControlDecl:
			default:
				return true
			}
			declared[id.Name] = true
			name := &syntax.Ident{NamePos: id.NamePos, Name: id.Name}
			out = append(out, &syntax.Instantiation{
				Type:   &syntax.NamedType{Name: &syntax.Ident{NamePos: id.NamePos, Name: id.Name}},
				Lparen: id.NamePos,
				Rparen: id.NamePos,
				Name:   name,
				Semi:   id.NamePos,
			})
			return true
		})
	}
	return out
}

// localName returns the name a parser or control local declares.
func localName(d syntax.Decl) string {
	var id *syntax.Ident
	switch d := d.(type) {
	case *syntax.ConstDecl:
		id = d.Name
	case *syntax.VarDecl:
		id = d.Name
	case *syntax.Instantiation:
		id = d.Name
	case *syntax.ActionDecl:
		id = d.Name
	case *syntax.TableDecl:
		id = d.Name
	case *syntax.ValueSetDecl:
		id = d.Name
	case *syntax.FunctionDecl:
		id = d.Name
	}
	if id == nil {
		return ""
	}
	return id.Name
}
