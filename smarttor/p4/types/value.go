package types

import (
	"fmt"
	"math/big"
	"strings"
)

// Value is a compile-time constant value: *Int, *BoolValue, *StringValue,
// *EnumMember (enum, serializable enum, error and match_kind members) or
// *ListValue (tuples, structs, headers).
type Value interface{ String() string }

// Int is an integer constant; Type is its type after conversion (*Bits or
// *InfInt, or a new type or serializable enum over bits).
type Int struct {
	V    *big.Int
	Type Type
}

// BoolValue is a boolean constant.
type BoolValue struct{ V bool }

// StringValue is a string constant.
type StringValue struct{ V string }

// ListValue is a constant tuple, struct or header value, elements in field
// order.
type ListValue struct {
	Elems []Value
	Type  Type
}

func (v *Int) String() string         { return v.V.String() }
func (v *BoolValue) String() string   { return fmt.Sprint(v.V) }
func (v *StringValue) String() string { return fmt.Sprintf("%q", v.V) }
func (v *ListValue) String() string {
	s := make([]string, len(v.Elems))
	for i, e := range v.Elems {
		if e == nil {
			s[i] = "?"
		} else {
			s[i] = e.String()
		}
	}
	return "{" + strings.Join(s, ", ") + "}"
}

// IntOf returns the integer of v (an *Int, a serializable enum member or a
// bool as 0/1), and whether it has one.
func IntOf(v Value) (*big.Int, bool) {
	switch x := v.(type) {
	case *Int:
		return x.V, true
	case *EnumMember:
		return IntOf(x.Value)
	case *BoolValue:
		if x.V {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	return nil, false
}

// wrap reduces v modulo 2^width, as two's complement when signed.
func wrap(v *big.Int, t *Bits) *big.Int {
	if t.Width <= 0 {
		return new(big.Int)
	}
	mod := new(big.Int).Lsh(big.NewInt(1), uint(t.Width))
	r := new(big.Int).Mod(v, mod)
	if t.Signed {
		half := new(big.Int).Rsh(mod, 1)
		if r.Cmp(half) >= 0 {
			r.Sub(r, mod)
		}
	}
	return r
}
