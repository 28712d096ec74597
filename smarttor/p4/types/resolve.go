package types

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// resolveType resolves type syntax in scope s; nil after an error.
func (c *checker) resolveType(s *Scope, t syntax.Type) Type {
	if isNilNode(t) {
		return nil
	}
	r := c.resolveType1(s, t)
	if r != nil {
		c.info.TypeOf[t] = r
	}
	return r
}

func (c *checker) resolveType1(s *Scope, t syntax.Type) Type {
	switch t := t.(type) {
	case *syntax.BadType:
		return nil
	case *syntax.BaseType:
		switch t.Kind {
		case syntax.BOOL:
			return TypeBool
		case syntax.STRING_KW:
			return TypeString
		case syntax.VOID:
			return TypeVoid
		case syntax.ERROR:
			return c.errorEnum
		case syntax.MATCHKIND:
			return c.matchKinds
		case syntax.INT_KW, syntax.BIT, syntax.VARBIT:
			if isNilNode(t.Width) {
				switch t.Kind {
				case syntax.INT_KW:
					return TypeInfInt
				case syntax.BIT:
					return &Bits{Width: 1}
				}
				c.errorf(t.Pos(), "varbit needs a maximum width")
				return nil
			}
			w, ok := c.constInt(s, t.Width)
			if !ok {
				return nil
			}
			if !w.IsInt64() || w.Int64() < 0 || w.Int64() > 1<<16 || (t.Kind == syntax.INT_KW && w.Sign() == 0) {
				c.errorf(t.Width.Pos(), "invalid width %s", w)
				return nil
			}
			if t.Kind == syntax.VARBIT {
				return &Varbit{Max: int(w.Int64())}
			}
			return &Bits{Width: int(w.Int64()), Signed: t.Kind == syntax.INT_KW}
		}
		c.errorf(t.Pos(), "unknown base type")
		return nil
	case *syntax.NamedType:
		if t.Name == nil {
			return nil
		}
		o := c.lookup(s, t.Name)
		if o == nil {
			c.errorf(t.Name.Pos(), "undeclared type %q", t.Name.Name)
			return nil
		}
		c.info.Uses[t.Name] = o
		tn, ok := o.(*TypeName)
		if !ok {
			c.errorf(t.Name.Pos(), "%q is not a type", t.Name.Name)
			return nil
		}
		return tn.typ
	case *syntax.SpecializedType:
		if t.Base == nil {
			return nil
		}
		base := c.resolveType(s, t.Base)
		var args []Type
		for _, a := range t.Args {
			at := c.resolveType(s, a)
			if at == nil {
				return nil
			}
			args = append(args, at)
		}
		return c.specialize(t.Pos(), base, args)
	case *syntax.TupleType:
		if t.Keyword == syntax.LIST {
			if len(t.Elems) != 1 {
				c.errorf(t.Pos(), "list takes one type argument, got %d", len(t.Elems))
				return nil
			}
			et := c.resolveType(s, t.Elems[0])
			if et == nil {
				return nil
			}
			return &List{Elem: et}
		}
		tt := &Tuple{}
		for _, e := range t.Elems {
			et := c.resolveType(s, e)
			if et == nil {
				return nil
			}
			tt.Elems = append(tt.Elems, et)
		}
		return tt
	case *syntax.StackType:
		et := c.resolveType(s, t.Elem)
		if et == nil {
			return nil
		}
		h, ok := et.(*Struct)
		if !ok || h.Kind == KindStruct {
			c.errorf(t.Pos(), "header stack element must be a header or header_union, not %s", et)
			return nil
		}
		n, ok := c.constInt(s, t.Size)
		if !ok {
			return nil
		}
		if !n.IsInt64() || n.Int64() <= 0 || n.Int64() > 1<<16 {
			c.errorf(t.Size.Pos(), "invalid header stack size %s", n)
			return nil
		}
		return &Stack{Elem: h, Size: int(n.Int64())}
	case *syntax.DontCareType:
		return TypeDontCare
	}
	c.errorf(t.Pos(), "unsupported type")
	return nil
}

// specialize applies type arguments to a generic type.
func (c *checker) specialize(pos syntax.Pos, base Type, args []Type) Type {
	var tps []*TypeParam
	switch b := base.(type) {
	case nil:
		return nil
	case *Extern:
		tps = b.TypeParams
	case *Block:
		tps = b.TypeParams
	case *Package:
		tps = b.TypeParams
	case *Struct:
		return c.specializeStruct(pos, b, args)
	default:
		c.errorf(pos, "%s is not a generic type", base)
		return nil
	}
	if _, ok := base.(*Extern); ok && len(args) > 0 && len(args) < len(tps) {
		// register<bit<32>>(n) r; for register<T, I>: the missing type
		// arguments are inferred from the first method calls, as p4c does.
		args = append(append([]Type(nil), args...), make([]Type, len(tps)-len(args))...)
		for i := range args {
			if args[i] == nil {
				args[i] = TypeDontCare
			}
		}
	}
	if len(args) != len(tps) {
		c.errorf(pos, "%s needs %d type arguments, got %d", base, len(tps), len(args))
		return nil
	}
	m := map[*TypeParam]Type{}
	for i, tp := range tps {
		if _, dc := args[i].(*DontCare); !dc {
			m[tp] = args[i]
		}
	}
	switch b := base.(type) {
	case *Extern:
		return &Extern{Name: b.Name, TypeParams: b.TypeParams, Ctors: b.Ctors, Methods: b.Methods, Annotations: b.Annotations, Decl: b.Decl, Generic: b, Args: dontCareNil(args)}
	case *Block:
		nb := *b
		nb.Generic, nb.Args = b, dontCareNil(args)
		nb.Params = substParams(b.Params, m)
		return &nb
	case *Package:
		np := *b
		np.Generic, np.Args = b, dontCareNil(args)
		np.Params = substParams(b.Params, m)
		return &np
	}
	return nil
}

func dontCareNil(args []Type) []Type {
	out := make([]Type, len(args))
	for i, a := range args {
		if _, dc := a.(*DontCare); !dc {
			out[i] = a
		}
	}
	return out
}

// specializeStruct instantiates a generic struct or header type.
func (c *checker) specializeStruct(pos syntax.Pos, st *Struct, args []Type) Type {
	if len(st.TypeParams) == 0 {
		c.errorf(pos, "%s is not a generic type", st)
		return nil
	}
	if len(args) != len(st.TypeParams) {
		c.errorf(pos, "%s needs %d type arguments, got %d", st.Name, len(st.TypeParams), len(args))
		return nil
	}
	for _, a := range args {
		// The fields of a value type have values: neither void nor _.
		switch a.(type) {
		case *Void, *DontCare:
			c.errorf(pos, "%s cannot be a type argument of %s", a, st.Name)
			return nil
		}
	}
	m := map[*TypeParam]Type{}
	for i, tp := range st.TypeParams {
		m[tp] = args[i]
	}
	n := &Struct{Kind: st.Kind, Name: st.Name, Annotations: st.Annotations, Decl: st.Decl, Generic: st, Args: args}
	for _, f := range st.Fields {
		nf := *f
		nf.Type = subst(f.Type, m)
		n.Fields = append(n.Fields, &nf)
	}
	return n
}
