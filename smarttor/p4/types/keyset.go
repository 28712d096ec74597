package types

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// keysets decodes the keyset of a select case or table entry against the
// key types. inParser allows value_set names.
func (c *checker) keysets(s *Scope, ks syntax.Expr, keys []Type, inParser bool) []*Keyset {
	if isNilNode(ks) {
		return nil
	}
	var elems []syntax.Expr
	switch k := ks.(type) {
	case *syntax.TupleExpr:
		elems = k.Elems
	case *syntax.ListExpr:
		// p4c takes a list expression {a, b} as the tuple (a, b), and {a}
		// as a for a single key.
		if k.Dots.IsValid() {
			elems = []syntax.Expr{ks}
		} else {
			elems = k.Elems
		}
	case *syntax.DefaultExpr, *syntax.DontCare:
		// default matches everything, whatever the number of keys.
		out := make([]*Keyset, len(keys))
		for i := range keys {
			out[i] = &Keyset{Kind: KeysetDefault, Type: keys[i], Expr: ks}
		}
		return out
	case *syntax.Ident:
		// A value set of a struct type matches all the keys at once, one
		// field per key.
		if vs, ok := c.lookup(s, k).(*ValueSet); ok && inParser {
			if st, ok := vs.Elem.(*Struct); ok && len(st.Fields) == len(keys) {
				c.info.Uses[k] = vs
				c.info.Types[ks] = TypeAndValue{Type: vs.Type()}
				out := make([]*Keyset, len(keys))
				for i, f := range st.Fields {
					if keys[i] != nil && f.Type != nil && !Identical(Underlying(f.Type), Underlying(keys[i])) {
						c.errorf(k.Pos(), "field %q of value set %q has type %s, the key has type %s", f.Name, vs.Name(), f.Type, keys[i])
					}
					out[i] = &Keyset{Kind: KeysetValueSet, ValueSet: vs, Field: i, Type: keys[i], Expr: ks}
				}
				return out
			}
		}
		elems = []syntax.Expr{ks}
	default:
		elems = []syntax.Expr{ks}
	}
	if len(elems) != len(keys) {
		c.errorf(ks.Pos(), "keyset has %d elements, there are %d keys", len(elems), len(keys))
		for _, e := range elems {
			c.keyset(s, e, nil, inParser)
		}
		return nil
	}
	out := make([]*Keyset, len(keys))
	for i, e := range elems {
		out[i] = c.keyset(s, e, keys[i], inParser)
	}
	return out
}

func (c *checker) keyset(s *Scope, e syntax.Expr, key Type, inParser bool) *Keyset {
	k := &Keyset{Type: key, Expr: e}
	switch x := e.(type) {
	case *syntax.DefaultExpr, *syntax.DontCare:
		k.Kind = KeysetDefault
		c.info.Types[e] = TypeAndValue{Type: &Set{Elem: key}}
		return k
	case *syntax.BinaryExpr:
		if x.Op == syntax.MASK || x.Op == syntax.RANGE {
			// For a serializable enum key, p4c takes the bounds or the
			// value and mask as values of the underlying type (a mask is
			// no member of the enum).
			want := key
			if e, ok := key.(*Enum); ok && e.Underlying != nil {
				want = e.Underlying
			}
			if _, bits := Underlying(want).(*Bits); !bits && want != nil {
				c.errorf(x.OpPos, "operator %s needs a bit<W> or int<W> key, not %s", x.Op, key)
				c.expr(s, x.X)
				c.expr(s, x.Y)
				c.info.Types[e] = TypeAndValue{Type: &Set{Elem: key}}
				k.Kind = KeysetExact
				return k
			}
			a := c.keysetValue(s, x.X, want)
			b := c.keysetValue(s, x.Y, want)
			c.info.Types[e] = TypeAndValue{Type: &Set{Elem: key}}
			if x.Op == syntax.MASK {
				k.Kind, k.Value, k.Mask = KeysetMask, a, b
			} else {
				k.Kind, k.Value, k.Hi = KeysetRange, a, b
				if a != nil && b != nil && a.Cmp(b) > 0 {
					c.errorf(x.OpPos, "empty range %s..%s", a, b)
				}
			}
			return k
		}
	case *syntax.Ident:
		if vs, ok := c.lookup(s, x).(*ValueSet); ok {
			c.info.Uses[x] = vs
			if !inParser {
				c.errorf(x.Pos(), "value sets can only be used in select")
			} else if key != nil && vs.Elem != nil && !Identical(vs.Elem, key) {
				c.errorf(x.Pos(), "value set %q of %s used for a key of type %s", vs.Name(), vs.Elem, key)
			}
			c.info.Types[e] = TypeAndValue{Type: vs.Type()}
			k.Kind, k.ValueSet, k.Field = KeysetValueSet, vs, -1
			return k
		}
	}
	k.Kind = KeysetExact
	k.Value = c.keysetValue(s, e, key)
	return k
}

// keysetValue checks a constant keyset element and returns its integer
// value (as unsigned bits of the key's width).
func (c *checker) keysetValue(s *Scope, e syntax.Expr, key Type) *big.Int {
	want := key
	if en, ok := key.(*Enum); ok && en.Underlying != nil && !isMemberOf(e, en) {
		// p4c matches a serializable enum key with values of its
		// underlying type too: ((bit<16>)E.A) &&& 0xff00.
		want = en.Underlying
	}
	op := c.exprWant(s, e, want)
	if op.typ == nil {
		return nil
	}
	if op.val == nil {
		c.errorf(e.Pos(), "keyset element %s is not a compile-time constant", exprString(e))
		return nil
	}
	v, ok := IntOf(op.val)
	if !ok {
		if m, ok := op.val.(*EnumMember); ok {
			return big.NewInt(int64(m.Index))
		}
		return nil
	}
	if b, ok := Underlying(key).(*Bits); ok && v.Sign() < 0 {
		return wrap(v, &Bits{Width: b.Width})
	}
	return v
}

// isMemberOf reports whether e is written as a member of enum en (E.A).
func isMemberOf(e syntax.Expr, en *Enum) bool {
	m, ok := unparen(e).(*syntax.MemberExpr)
	if !ok {
		return false
	}
	id, ok := m.X.(*syntax.Ident)
	return ok && id.Name == en.Name
}
