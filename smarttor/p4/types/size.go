package types

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// sizeMethod checks e.minSizeInBits(), minSizeInBytes(), maxSizeInBits()
// and maxSizeInBytes() on a value or type of fixed layout (a header, a
// struct, a stack, bits): compile-time integers, a varbit field counting 0
// in the minimum and its maximum size in the maximum (bytes round up).
func (c *checker) sizeMethod(x *syntax.CallExpr, name string, t Type) (operand, bool) {
	var max, bytes bool
	switch name {
	case "minSizeInBits":
	case "minSizeInBytes":
		bytes = true
	case "maxSizeInBits":
		max = true
	case "maxSizeInBytes":
		max, bytes = true, true
	default:
		return operand{}, false
	}
	n, ok := layoutSize(t, max)
	if !ok {
		return operand{}, false
	}
	if len(x.Args) > 0 {
		c.errorf(x.Pos(), "%s takes no arguments", name)
	}
	if bytes {
		n = (n + 7) / 8
	}
	c.info.Calls[x] = &Call{Kind: CallHeaderMethod, Name: name, Sig: &Signature{Result: TypeInfInt}}
	return operand{typ: TypeInfInt, val: &Int{V: big.NewInt(int64(n)), Type: TypeInfInt}}, true
}

// layoutSize returns the size in bits of a value of type t, varbit fields
// counting their maximum when max is set and 0 otherwise.
func layoutSize(t Type, max bool) (int, bool) {
	switch u := Underlying(t).(type) {
	case *Bits:
		return u.Width, true
	case *Bool:
		return 1, true
	case *Varbit:
		if max {
			return u.Max, true
		}
		return 0, true
	case *Struct:
		n := 0
		for _, f := range u.Fields {
			w, ok := layoutSize(f.Type, max)
			if !ok {
				return 0, false
			}
			n += w
		}
		return n, true
	case *Stack:
		w, ok := layoutSize(u.Elem, max)
		return w * u.Size, ok
	}
	return 0, false
}
