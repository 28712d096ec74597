package types

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// maxConstBits bounds the size of constant values, so that constant
// expressions cannot make the checker allocate without limit.
const maxConstBits = 1 << 17

// binary checks X op Y with the spec's rules: both operands of one type,
// an int constant taking the type of the other operand.
// binaryOperands checks the operands of x; for == and != a list
// expression on one side takes the type of the other ({1, 2} == s
// compares with the struct s, as p4c unifies them).
func (c *checker) binaryOperands(s *Scope, x *syntax.BinaryExpr) (operand, operand) {
	if x.Op == syntax.EQL || x.Op == syntax.NEQ {
		_, lx := unparen(x.X).(*syntax.ListExpr)
		_, ly := unparen(x.Y).(*syntax.ListExpr)
		// Default values ({a = 1, ...}) only initialize; p4c rejects
		// them as operands (default-values-operations-err.p4).
		for _, l := range []syntax.Expr{unparen(x.X), unparen(x.Y)} {
			if l, ok := l.(*syntax.ListExpr); ok && l.Dots.IsValid() {
				c.errorf(l.Dots, "default values (...) cannot be compared; they only initialize")
			}
		}
		switch {
		case ly && !lx:
			a := c.expr(s, x.X)
			if a.typ == nil || a.isType {
				return a, c.expr(s, x.Y)
			}
			return a, c.exprWant(s, x.Y, a.typ)
		case lx && !ly:
			b := c.expr(s, x.Y)
			if b.typ == nil || b.isType {
				return c.expr(s, x.X), b
			}
			return c.exprWant(s, x.X, b.typ), b
		}
	}
	return c.expr(s, x.X), c.expr(s, x.Y)
}

func (c *checker) binary(s *Scope, x *syntax.BinaryExpr) operand {
	switch x.Op {
	case syntax.MASK, syntax.RANGE:
		c.errorf(x.OpPos, "operator %s is only allowed in keysets", x.Op)
		c.expr(s, x.X)
		c.expr(s, x.Y)
		return operand{}
	}
	a, b := c.binaryOperands(s, x)
	if a.typ == nil || b.typ == nil {
		return operand{}
	}
	if a.isType || b.isType {
		c.errorf(x.OpPos, "operand of %s is a type, not a value", x.Op)
		return operand{}
	}
	switch x.Op {
	case syntax.LAND, syntax.LOR:
		if !isBool(a.typ) || !isBool(b.typ) {
			c.errorf(x.OpPos, "operator %s needs bool operands, not %s and %s", x.Op, a.typ, b.typ)
			return operand{}
		}
		r := operand{typ: TypeBool}
		av, aok := a.val.(*BoolValue)
		bv, bok := b.val.(*BoolValue)
		if aok && bok {
			if x.Op == syntax.LAND {
				r.val = &BoolValue{av.V && bv.V}
			} else {
				r.val = &BoolValue{av.V || bv.V}
			}
		}
		return r
	case syntax.SHL, syntax.SHR:
		return c.shift(x, a, b)
	case syntax.CONCAT:
		ab, aok := Underlying(a.typ).(*Bits)
		bb, bok := Underlying(b.typ).(*Bits)
		if !aok || !bok {
			c.errorf(x.OpPos, "operator ++ needs bit<W> or int<W> operands, not %s and %s", a.typ, b.typ)
			return operand{}
		}
		t := &Bits{Width: ab.Width + bb.Width, Signed: ab.Signed}
		r := operand{typ: t}
		av, aok := IntOf(a.val)
		bv, bok := IntOf(b.val)
		if aok && bok {
			u := wrap(bv, &Bits{Width: bb.Width})
			v := new(big.Int).Lsh(wrap(av, &Bits{Width: ab.Width}), uint(bb.Width))
			r.val = &Int{V: wrap(v.Or(v, u), t), Type: t}
		}
		return r
	}
	if (x.Op == syntax.QUO || x.Op == syntax.REM) && !c.divisionOperands(x, a, b) {
		return operand{}
	}
	// Bring both operands to one type.
	t, ok := c.unifyOperands(x, &a, &b)
	if !ok {
		return operand{}
	}
	switch x.Op {
	case syntax.EQL, syntax.NEQ:
		switch Underlying(t).(type) {
		case *Tuple, *Extern, *Block, *Package, *TableType, *Void, *DontCare:
			c.errorf(x.OpPos, "cannot compare values of type %s", t)
			return operand{}
		}
		r := operand{typ: TypeBool}
		if eq, ok := equalValues(a.val, b.val); ok {
			r.val = &BoolValue{eq == (x.Op == syntax.EQL)}
		}
		return r
	case syntax.LSS, syntax.LEQ, syntax.GTR, syntax.GEQ:
		if !isInteger(t) {
			c.errorf(x.OpPos, "operator %s needs integer operands, not %s", x.Op, t)
			return operand{}
		}
		r := operand{typ: TypeBool}
		av, aok := IntOf(a.val)
		bv, bok := IntOf(b.val)
		if aok && bok {
			cmp := av.Cmp(bv)
			var v bool
			switch x.Op {
			case syntax.LSS:
				v = cmp < 0
			case syntax.LEQ:
				v = cmp <= 0
			case syntax.GTR:
				v = cmp > 0
			default:
				v = cmp >= 0
			}
			r.val = &BoolValue{v}
		}
		return r
	case syntax.ADD, syntax.SUB, syntax.MUL, syntax.QUO, syntax.REM,
		syntax.AND, syntax.OR, syntax.XOR, syntax.ADDSAT, syntax.SUBSAT:
		if !isInteger(t) {
			c.errorf(x.OpPos, "operator %s needs integer operands, not %s", x.Op, t)
			return operand{}
		}
		bt, isBits := t.(*Bits)
		if (x.Op == syntax.ADDSAT || x.Op == syntax.SUBSAT) && !isBits {
			c.errorf(x.OpPos, "operator %s needs bit<W> or int<W> operands", x.Op)
			return operand{}
		}
		if (x.Op == syntax.AND || x.Op == syntax.OR || x.Op == syntax.XOR) && !isBits && (a.val == nil || b.val == nil) {
			c.errorf(x.OpPos, "operator %s on int needs constant operands", x.Op)
			return operand{}
		}
		if (x.Op == syntax.QUO || x.Op == syntax.REM) && isBits && bt.Signed {
			c.errorf(x.OpPos, "operator %s is not defined on signed %s", x.Op, t)
			return operand{}
		}
		r := operand{typ: t}
		av, aok := IntOf(a.val)
		bv, bok := IntOf(b.val)
		if aok && bok {
			v, ok := arith(x.Op, av, bv, bt)
			if !ok {
				c.errorf(x.OpPos, "division by zero")
				return operand{}
			}
			if v.BitLen() > maxConstBits {
				c.errorf(x.OpPos, "constant too large")
				return operand{}
			}
			r.val = &Int{V: v, Type: t}
		}
		return r
	}
	c.errorf(x.OpPos, "unknown operator %s", x.Op)
	return operand{}
}

// divisionOperands checks the operands of / and % before they are
// converted to one type: division is defined between non-negative int
// values only (a negative int constant is an error even where it would be
// converted to bit<W>), and never by a constant zero.
func (c *checker) divisionOperands(x *syntax.BinaryExpr, a, b operand) bool {
	ok := true
	for _, o := range []operand{a, b} {
		if v, known := IntOf(o.val); known && isInf(o.typ) && v.Sign() < 0 {
			c.errorf(x.OpPos, "operator %s is not defined on negative value %s", x.Op, v)
			ok = false
		}
	}
	if v, known := IntOf(b.val); known && v.Sign() == 0 {
		c.errorf(x.OpPos, "division by zero")
		ok = false
	}
	return ok
}

func isBool(t Type) bool { _, ok := t.(*Bool); return ok }

// unifyOperands gives a and b one type, converting an int constant to the
// type of the other operand.
func (c *checker) unifyOperands(x *syntax.BinaryExpr, a, b *operand) (Type, bool) {
	switch {
	case Identical(a.typ, b.typ):
		return a.typ, true
	case isInf(a.typ):
		if _, ok := Underlying(b.typ).(*Bits); ok {
			if r, ok := c.convertible(x.X, *a, Underlying(b.typ)); ok && r.typ != nil {
				c.record(x.X, r)
				*a = r
				if !Identical(r.typ, b.typ) {
					*b = c.toUnderlying(x.Y, *b)
				}
				return r.typ, true
			}
			return nil, false
		}
	case isInf(b.typ):
		if _, ok := Underlying(a.typ).(*Bits); ok {
			if r, ok := c.convertible(x.Y, *b, Underlying(a.typ)); ok && r.typ != nil {
				c.record(x.Y, r)
				*b = r
				if !Identical(r.typ, a.typ) {
					*a = c.toUnderlying(x.X, *a)
				}
				return r.typ, true
			}
			return nil, false
		}
	default:
		// A serializable enum compared with its underlying type.
		ua, ub := Underlying(a.typ), Underlying(b.typ)
		if _, ok := ua.(*Bits); ok && Identical(ua, ub) && (isSerEnum(a.typ) || isSerEnum(b.typ)) {
			*a, *b = c.toUnderlying(x.X, *a), c.toUnderlying(x.Y, *b)
			return ua, true
		}
	}
	c.errorf(x.OpPos, "operands of %s have different types %s and %s", x.Op, a.typ, b.typ)
	return nil, false
}

func isSerEnum(t Type) bool {
	e, ok := t.(*Enum)
	return ok && e.Underlying != nil
}

func (c *checker) toUnderlying(x syntax.Expr, op operand) operand {
	u := Underlying(op.typ)
	if u == op.typ {
		return op
	}
	r := operand{typ: u}
	if v, ok := IntOf(op.val); ok {
		r.val = &Int{V: v, Type: u}
	}
	return r
}

func equalValues(a, b Value) (bool, bool) {
	if a == nil || b == nil {
		return false, false
	}
	if av, ok := IntOf(a); ok {
		if bv, ok := IntOf(b); ok {
			if _, isEnum := a.(*EnumMember); !isEnum {
				return av.Cmp(bv) == 0, true
			}
		}
	}
	switch av := a.(type) {
	case *BoolValue:
		if bv, ok := b.(*BoolValue); ok {
			return av.V == bv.V, true
		}
	case *EnumMember:
		if bv, ok := b.(*EnumMember); ok {
			return av == bv, true
		}
	case *StringValue:
		if bv, ok := b.(*StringValue); ok {
			return av.V == bv.V, true
		}
	}
	return false, false
}

// arith folds a binary arithmetic operator; t is nil for int.
func arith(op syntax.Token, a, b *big.Int, t *Bits) (*big.Int, bool) {
	v := new(big.Int)
	switch op {
	case syntax.ADD, syntax.ADDSAT:
		v.Add(a, b)
	case syntax.SUB, syntax.SUBSAT:
		v.Sub(a, b)
	case syntax.MUL:
		v.Mul(a, b)
	case syntax.QUO:
		if b.Sign() == 0 {
			return nil, false
		}
		v.Quo(a, b)
	case syntax.REM:
		if b.Sign() == 0 {
			return nil, false
		}
		v.Rem(a, b)
	case syntax.AND:
		v.And(a, b)
	case syntax.OR:
		v.Or(a, b)
	case syntax.XOR:
		v.Xor(a, b)
	}
	if t == nil {
		return v, true
	}
	if op == syntax.ADDSAT || op == syntax.SUBSAT {
		// Saturating arithmetic.
		lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(t.Width))
		hi.Sub(hi, big.NewInt(1))
		if t.Signed {
			hi.Rsh(hi, 1)
			lo.Neg(hi).Sub(lo, big.NewInt(1))
		}
		if v.Cmp(hi) > 0 {
			return hi, true
		}
		if v.Cmp(lo) < 0 {
			return lo, true
		}
		return v, true
	}
	return wrap(v, t), true
}

func (c *checker) shift(x *syntax.BinaryExpr, a, b operand) operand {
	if !isInteger(a.typ) {
		c.errorf(x.OpPos, "operator %s needs an integer left operand, not %s", x.Op, a.typ)
		return operand{}
	}
	switch bt := b.typ.(type) {
	case *Bits:
		if bt.Signed {
			c.errorf(x.Y.Pos(), "shift amount must be unsigned, not %s", bt)
			return operand{}
		}
	case *InfInt:
		if v, ok := IntOf(b.val); !ok || v.Sign() < 0 {
			c.errorf(x.Y.Pos(), "shift amount must be a non-negative constant or an unsigned value")
			return operand{}
		}
	default:
		c.errorf(x.Y.Pos(), "shift amount must be an unsigned integer, not %s", b.typ)
		return operand{}
	}
	if isInf(a.typ) && a.val == nil {
		c.errorf(x.X.Pos(), "shifting an int value needs a constant")
		return operand{}
	}
	if isInf(a.typ) && b.val == nil {
		// int values are known at compile time; give the value a width
		// to shift it by a run-time amount.
		c.errorf(x.Y.Pos(), "shifting an int value needs a constant shift amount, not %s", exprString(x.Y))
		return operand{}
	}
	r := operand{typ: a.typ}
	av, aok := IntOf(a.val)
	bv, bok := IntOf(b.val)
	if aok && bok && bv.IsInt64() && bv.Int64() < 1<<16 && av.BitLen()+int(bv.Int64()) <= maxConstBits {
		v := new(big.Int)
		if x.Op == syntax.SHL {
			v.Lsh(av, uint(bv.Int64()))
		} else {
			v.Rsh(av, uint(bv.Int64()))
		}
		if t, ok := a.typ.(*Bits); ok {
			v = wrap(v, t)
		}
		r.val = &Int{V: v, Type: a.typ}
	}
	return r
}

// cast checks (T)e with the spec's explicit casts.
func (c *checker) cast(s *Scope, x *syntax.CastExpr) operand {
	t := c.resolveType(s, x.Type)
	if t == nil {
		c.expr(s, x.X)
		return operand{}
	}
	if l, ok := unparen(x.X).(*syntax.ListExpr); ok {
		op := c.listExpr(s, l, t)
		c.record(x.X, op)
		return operand{typ: op.typ, val: op.val}
	}
	op := c.expr(s, x.X)
	if op.typ == nil {
		return operand{}
	}
	if op.isType {
		c.errorf(x.X.Pos(), "%s is a type, not a value", exprString(x.X))
		return operand{}
	}
	if !castOK(op.typ, t) {
		c.errorf(x.Pos(), "cannot cast %s to %s", op.typ, t)
		return operand{}
	}
	r := operand{typ: t}
	if v, ok := IntOf(op.val); ok {
		switch u := Underlying(t).(type) {
		case *Bits:
			r.val = &Int{V: wrap(v, u), Type: t}
		case *Bool:
			r.val = &BoolValue{v.Sign() != 0}
		case *InfInt:
			r.val = &Int{V: v, Type: t}
		}
		if e, ok := t.(*Enum); ok && e.Underlying != nil {
			for _, m := range e.Members {
				if mv, ok := IntOf(m.Value); ok && mv.Cmp(v) == 0 {
					r.val = m
				}
			}
		}
	} else if _, ok := op.val.(*BoolValue); ok && isBool(t) {
		r.val = op.val
	}
	return r
}

// castOK implements the explicit casts of the P4_16 spec (8.11.1).
func castOK(from, to Type) bool {
	if Identical(from, to) {
		return true
	}
	f, t := Underlying(from), Underlying(to)
	// Casts through new types and serializable enums go to and from their
	// underlying types.
	if _, ok := to.(*NewType); ok && (Identical(from, t) || isInf(from) || Identical(f, t)) {
		return true
	}
	if _, ok := from.(*NewType); ok && (Identical(f, to) || Identical(f, t)) {
		return true
	}
	if e, ok := to.(*Enum); ok {
		return e.Underlying != nil && (isInf(from) || Identical(f, e.Underlying))
	}
	if e, ok := from.(*Enum); ok {
		if e.Underlying == nil {
			return false
		}
		_, ok := t.(*Bits)
		return ok
	}
	switch ft := f.(type) {
	case *Bits:
		switch tt := t.(type) {
		case *Bits:
			// bit<W> <-> int<W>, and width changes of the same signedness.
			return ft.Signed == tt.Signed || ft.Width == tt.Width
		case *Bool:
			return !ft.Signed && ft.Width == 1
		case *InfInt:
			return true
		}
	case *Bool:
		tt, ok := t.(*Bits)
		return ok && !tt.Signed && tt.Width == 1
	case *InfInt:
		switch t.(type) {
		case *Bits, *Bool:
			return true
		}
	}
	return false
}

// member checks X.Sel for everything but method calls.
func (c *checker) member(s *Scope, x *syntax.MemberExpr) operand {
	if x.Sel == nil {
		c.expr(s, x.X)
		return operand{}
	}
	op := c.expr(s, x.X)
	if op.typ == nil {
		return operand{}
	}
	name := x.Sel.Name
	if op.isType {
		switch t := op.typ.(type) {
		case *Enum:
			m := t.Member(name)
			if m == nil {
				c.errorf(x.Sel.Pos(), "%s has no member %q", t.Name, name)
				return operand{}
			}
			c.info.Uses[x.Sel] = m
			return operand{typ: t, val: m, obj: m}
		}
		c.errorf(x.Sel.Pos(), "type %s has no member %q", op.typ, name)
		return operand{}
	}
	switch t := op.typ.(type) {
	case *Struct:
		if f := t.Field(name); f != nil {
			c.info.Members[x] = t.FieldIndex(name)
			r := operand{typ: f.Type, lvalue: op.lvalue}
			if lv, ok := op.val.(*ListValue); ok && t.FieldIndex(name) < len(lv.Elems) {
				r.val = lv.Elems[t.FieldIndex(name)]
			}
			return r
		}
		if t.Kind != KindStruct && (name == "isValid" || (t.Kind == KindHeader && (name == "setValid" || name == "setInvalid"))) {
			return operand{typ: &FuncType{}}
		}
	case *Stack:
		switch name {
		case "next", "last":
			if c.block != nil && c.block.Kind != KindParser {
				c.errorf(x.Sel.Pos(), "%s.%s is only allowed in parsers", exprString(x.X), name)
			}
			return operand{typ: t.Elem, lvalue: op.lvalue}
		case "size":
			b := &Bits{Width: 32}
			return operand{typ: b, val: &Int{V: big.NewInt(int64(t.Size)), Type: b}}
		case "lastIndex", "nextIndex":
			return operand{typ: &Bits{Width: 32}}
		case "push_front", "pop_front":
			return operand{typ: &FuncType{}}
		}
	case *ApplyResult:
		switch name {
		case "hit", "miss":
			return operand{typ: TypeBool}
		case "action_run":
			return operand{typ: &ActionEnum{Table: t.Table}}
		}
	case *Extern:
		for _, m := range t.Methods {
			if m.Name == name {
				return operand{typ: &FuncType{Sig: m.Sig}}
			}
		}
	case *TableType, *Block:
		if name == "apply" {
			return operand{typ: &FuncType{}}
		}
	}
	c.errorf(x.Sel.Pos(), "%s (type %s) has no member %q", exprString(x.X), op.typ, name)
	return operand{}
}
