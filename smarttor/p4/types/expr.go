package types

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// operand is the result of checking an expression.
type operand struct {
	typ    Type
	val    Value
	lvalue bool
	isType bool
	obj    Object // what an identifier or member resolved to
}

const maxExprDepth = 500

func (c *checker) record(x syntax.Expr, op operand) operand {
	if op.typ != nil {
		c.info.Types[x] = TypeAndValue{Type: op.typ, Value: op.val, IsType: op.isType, LValue: op.lvalue}
	}
	return op
}

// expr checks x without an expected type.
func (c *checker) expr(s *Scope, x syntax.Expr) operand {
	if isNilNode(x) {
		return operand{}
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxExprDepth {
		c.errorf(x.Pos(), "expression nested too deeply")
		return operand{}
	}
	return c.record(x, c.expr1(s, x, nil))
}

// exprWant checks x as a value assigned to a location of type want
// (nil: any), applying implicit conversions and recording the converted
// type.
func (c *checker) exprWant(s *Scope, x syntax.Expr, want Type) operand {
	if isNilNode(x) {
		return operand{}
	}
	if want == nil {
		return c.expr(s, x)
	}
	if l, ok := unparen(x).(*syntax.ListExpr); ok {
		op := c.listExpr(s, l, want)
		c.record(l, op)
		if l != x {
			c.record(x, op)
		}
		return op
	}
	if d, ok := unparen(x).(*syntax.DotsExpr); ok {
		return c.record(x, c.defaultValue(d, want))
	}
	op := c.expr(s, x)
	return c.assign(x, op, want)
}

// defaultValue checks ... initializing a location of type want: the
// spec's default values are zero (bit, int, varbit, serializable enums),
// false, the first member of an enum or error.NoError, an invalid header
// or header union, and those of the fields or elements of a struct,
// tuple or stack.
func (c *checker) defaultValue(d *syntax.DotsExpr, want Type) operand {
	if !hasDefault(want, 0) {
		c.errorf(d.Pos(), "%s has no default value", want)
		return operand{}
	}
	return operand{typ: want, val: defaultConst(want, false, 0)}
}

// defaultConst returns the default value of t as a constant, nil if it
// has none (an invalid header is no constant). inList tells that t is the
// type of a whole {...}: a header given so is valid, its fields zero.
func defaultConst(t Type, inList bool, depth int) Value {
	if depth > 32 {
		return nil
	}
	switch u := Underlying(t).(type) {
	case *Bits:
		return &Int{V: new(big.Int), Type: t}
	case *Bool:
		return &BoolValue{}
	case *Enum:
		if u.Underlying != nil {
			return &Int{V: new(big.Int), Type: t}
		}
		for _, m := range u.Members {
			if u.Kind != KindError || m.Name() == "NoError" {
				return m
			}
		}
	case *Struct:
		if u.Kind == KindHeaderUnion || (u.Kind == KindHeader && !inList) {
			return nil
		}
		lv := &ListValue{Type: t}
		for _, f := range u.Fields {
			v := defaultConst(f.Type, false, depth+1)
			if v == nil {
				return nil
			}
			lv.Elems = append(lv.Elems, v)
		}
		return lv
	case *Tuple:
		lv := &ListValue{Type: t}
		for _, e := range u.Elems {
			v := defaultConst(e, false, depth+1)
			if v == nil {
				return nil
			}
			lv.Elems = append(lv.Elems, v)
		}
		return lv
	}
	return nil
}

func hasDefault(t Type, depth int) bool {
	if depth > 32 {
		return false
	}
	switch u := Underlying(t).(type) {
	case *Bits, *Varbit, *Bool, *Enum:
		return true
	case *Struct:
		for _, f := range u.Fields {
			if !hasDefault(f.Type, depth+1) {
				return false
			}
		}
		return true
	case *Tuple:
		for _, e := range u.Elems {
			if !hasDefault(e, depth+1) {
				return false
			}
		}
		return true
	case *Stack:
		return hasDefault(u.Elem, depth+1)
	}
	return false
}

func unparen(x syntax.Expr) syntax.Expr {
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok || isNilNode(p.X) {
			return x
		}
		x = p.X
	}
}

// assign converts op (the value of x) to want, reporting an error when it
// is not assignable.
func (c *checker) assign(x syntax.Expr, op operand, want Type) operand {
	if op.typ == nil || want == nil {
		return op
	}
	if r, ok := c.convertible(x, op, want); ok {
		return c.record(x, r)
	}
	c.errorf(x.Pos(), "cannot use %s (type %s) as %s", exprString(x), op.typ, want)
	return operand{}
}

// convertible applies an implicit conversion of op to want if there is
// one.
func (c *checker) convertible(x syntax.Expr, op operand, want Type) (operand, bool) {
	if _, ok := want.(*TypeParam); ok {
		return op, true
	}
	if Identical(op.typ, want) {
		return op, true
	}
	if op.isType {
		return op, false
	}
	switch t := op.typ.(type) {
	case *InfInt:
		wb, ok := want.(*Bits)
		if !ok {
			return op, false
		}
		if op.val == nil {
			return op, false
		}
		v, _ := IntOf(op.val)
		if v == nil {
			return op, false
		}
		if !fits(v, wb) && !(v.Sign() < 0 && fits(v, &Bits{Width: wb.Width, Signed: true})) {
			c.errorf(x.Pos(), "constant %s does not fit in %s", v, wb)
			return operand{}, true
		}
		return operand{typ: wb, val: &Int{V: wrap(v, wb), Type: wb}}, true
	case *Block:
		// An instance of a parser or control is given for a parameter
		// of a parser or control type with the same apply parameters.
		if w, ok := want.(*Block); ok && blockConforms(t, w) {
			return operand{typ: want, obj: op.obj}, true
		}
	case *Enum:
		// A serializable enum converts to its underlying type.
		if t.Underlying != nil && Identical(t.Underlying, want) {
			r := operand{typ: want}
			if v, ok := IntOf(op.val); ok {
				// A member, or a cast constant that is none ((E)3).
				r.val = &Int{V: v, Type: want}
			}
			return r, true
		}
	case *Tuple:
		// A list value whose elements were typed without context.
		if l, ok := unparen(x).(*syntax.ListExpr); ok {
			_ = l
		}
	case *Extern:
		// An instance of a generic extern passes for a parameter of the
		// extern's bare name (control C()(counter c) given a counter of
		// v1model's counter<I>): the parameter leaves the type arguments
		// open.
		if w, ok := want.(*Extern); ok && w.Generic == nil && len(w.TypeParams) > 0 && t.Root() == w {
			return op, true
		}
		// Type arguments left to inference (register<bit<8>> for
		// register<T, I>) match any: an instance whose index type is
		// still open takes the parameter's, as p4c unifies them.
		if w, ok := want.(*Extern); ok && t.Root() == w.Root() && len(t.Args) == len(w.Args) && t.Generic != nil {
			for i := range t.Args {
				if t.Args[i] != nil && w.Args[i] != nil && !Identical(t.Args[i], w.Args[i]) {
					return op, false
				}
			}
			for i := range t.Args {
				if t.Args[i] == nil {
					t.Args[i] = w.Args[i]
				}
			}
			return op, true
		}
	case *DontCare:
		return op, false
	}
	return op, false
}

func (c *checker) expr1(s *Scope, x syntax.Expr, want Type) operand {
	switch x := x.(type) {
	case *syntax.BadExpr:
		return operand{}
	case *syntax.Ident:
		return c.ident(s, x)
	case *syntax.IntLit:
		return c.intLit(x)
	case *syntax.BoolLit:
		return operand{typ: TypeBool, val: &BoolValue{x.Value}}
	case *syntax.StringLit:
		return operand{typ: TypeString, val: &StringValue{x.Value}}
	case *syntax.ParenExpr:
		op := c.expr(s, x.X)
		op.obj = nil
		return op
	case *syntax.UnaryExpr:
		return c.unary(s, x)
	case *syntax.BinaryExpr:
		return c.binary(s, x)
	case *syntax.CondExpr:
		return c.cond(s, x)
	case *syntax.CastExpr:
		return c.cast(s, x)
	case *syntax.MemberExpr:
		return c.member(s, x)
	case *syntax.IndexExpr:
		return c.index(s, x)
	case *syntax.SliceExpr:
		return c.slice(s, x)
	case *syntax.CallExpr:
		return c.call(s, x)
	case *syntax.ListExpr:
		return c.listExpr(s, x, nil)
	case *syntax.DontCare:
		return operand{typ: TypeDontCare}
	case *syntax.TypeExpr:
		t := c.resolveType(s, x.Type)
		if t == nil {
			return operand{}
		}
		return operand{typ: t, isType: true}
	case *syntax.TupleExpr:
		c.errorf(x.Pos(), "a parenthesized list is only allowed as a keyset")
	case *syntax.DefaultExpr:
		c.errorf(x.Pos(), "default is only allowed as a keyset or switch label")
	case *syntax.DotsExpr:
		c.errorf(x.Pos(), "a default value (...) needs the type it initializes")
	case *syntax.ThisExpr:
		if c.this != nil {
			return operand{typ: c.this.Type(), obj: c.this}
		}
		c.errorf(x.Pos(), "this is only allowed in abstract method implementations")
	case *syntax.KeyValueExpr:
		c.errorf(x.Pos(), "named value outside an argument list or initializer")
	case *syntax.SelectExpr:
		c.errorf(x.Pos(), "select is only allowed as a transition target")
	default:
		c.errorf(x.Pos(), "unsupported expression")
	}
	return operand{}
}

func (c *checker) ident(s *Scope, x *syntax.Ident) operand {
	o := c.lookup(s, x)
	if o == nil {
		c.errorf(x.Pos(), "undeclared name %q", x.Name)
		return operand{}
	}
	c.info.Uses[x] = o
	op := operand{typ: o.Type(), obj: o}
	switch o := o.(type) {
	case *Const:
		op.val = o.Value
	case *Var:
		op.lvalue = o.Param == nil || o.Param.Dir == DirOut || o.Param.Dir == DirInOut
	case *TypeName:
		op.isType = true
	case *EnumMember:
		op.val = o
	}
	return op
}

func (c *checker) intLit(x *syntax.IntLit) operand {
	if x.Value == nil {
		return operand{}
	}
	if !x.HasWidth {
		return operand{typ: TypeInfInt, val: &Int{V: x.Value, Type: TypeInfInt}}
	}
	if x.Width <= 0 || x.Width > 1<<16 || (x.Signed && x.Width < 1) {
		c.errorf(x.Pos(), "invalid width %d in %s", x.Width, x.Raw)
		return operand{}
	}
	t := &Bits{Width: x.Width, Signed: x.Signed}
	if !fits(x.Value, t) {
		c.errorf(x.Pos(), "value %s does not fit in %s", x.Value, t)
	}
	return operand{typ: t, val: &Int{V: wrap(x.Value, t), Type: t}}
}

func (c *checker) unary(s *Scope, x *syntax.UnaryExpr) operand {
	op := c.expr(s, x.X)
	if op.typ == nil {
		return operand{}
	}
	if op.isType {
		c.errorf(x.X.Pos(), "%s is a type, not a value", exprString(x.X))
		return operand{}
	}
	switch x.Op {
	case syntax.NOT:
		if _, ok := op.typ.(*Bool); !ok {
			c.errorf(x.Pos(), "operator ! needs a bool operand, not %s", op.typ)
			return operand{}
		}
		r := operand{typ: TypeBool}
		if b, ok := op.val.(*BoolValue); ok {
			r.val = &BoolValue{!b.V}
		}
		return r
	case syntax.TILDE:
		b, ok := op.typ.(*Bits)
		if !ok {
			c.errorf(x.Pos(), "operator ~ needs a bit<W> or int<W> operand, not %s", op.typ)
			return operand{}
		}
		r := operand{typ: b}
		if v, ok := IntOf(op.val); ok {
			r.val = &Int{V: wrap(new(big.Int).Not(v), b), Type: b}
		}
		return r
	case syntax.SUB, syntax.ADD:
		if !isInteger(op.typ) {
			c.errorf(x.Pos(), "operator %s needs an integer operand, not %s", x.Op, op.typ)
			return operand{}
		}
		r := operand{typ: op.typ}
		if v, ok := IntOf(op.val); ok {
			nv := new(big.Int).Set(v)
			if x.Op == syntax.SUB {
				nv.Neg(nv)
			}
			if b, ok := op.typ.(*Bits); ok {
				nv = wrap(nv, b)
			}
			r.val = &Int{V: nv, Type: op.typ}
		}
		return r
	}
	c.errorf(x.Pos(), "unknown unary operator %s", x.Op)
	return operand{}
}

func (c *checker) cond(s *Scope, x *syntax.CondExpr) operand {
	cond := c.exprWant(s, x.Cond, TypeBool)
	a := c.expr(s, x.Then)
	b := c.expr(s, x.Else)
	if a.typ == nil || b.typ == nil {
		return operand{}
	}
	t := a.typ
	switch {
	case Identical(a.typ, b.typ):
	case isInf(a.typ) && !isInf(b.typ):
		a = c.assign(x.Then, a, b.typ)
		t = b.typ
	case isInf(b.typ) && !isInf(a.typ):
		b = c.assign(x.Else, b, a.typ)
	default:
		c.errorf(x.Question, "branches of ?: have different types %s and %s", a.typ, b.typ)
		return operand{}
	}
	if isInf(t) && (a.val == nil || b.val == nil) {
		c.errorf(x.Question, "?: with int branches must have compile-time constant branches")
	}
	r := operand{typ: t}
	if cv, ok := cond.val.(*BoolValue); ok {
		if cv.V {
			r.val = a.val
		} else {
			r.val = b.val
		}
	}
	return r
}

func isInf(t Type) bool { _, ok := t.(*InfInt); return ok }

func (c *checker) index(s *Scope, x *syntax.IndexExpr) operand {
	op := c.expr(s, x.X)
	ix := c.expr(s, x.Index)
	if op.typ == nil || ix.typ == nil {
		return operand{}
	}
	if !isInteger(ix.typ) {
		c.errorf(x.Index.Pos(), "index must be an integer, not %s", ix.typ)
		return operand{}
	}
	switch t := op.typ.(type) {
	case *Stack:
		if isInf(ix.typ) {
			c.assign(x.Index, ix, &Bits{Width: 32})
		}
		if v, ok := IntOf(ix.val); ok && (v.Sign() < 0 || v.Cmp(big.NewInt(int64(t.Size))) >= 0) {
			c.errorf(x.Index.Pos(), "index %s out of bounds of %s", v, t)
		}
		return operand{typ: t.Elem, lvalue: op.lvalue}
	case *Tuple:
		v, ok := IntOf(ix.val)
		if !ok || !v.IsInt64() || v.Int64() < 0 || v.Int64() >= int64(len(t.Elems)) {
			c.errorf(x.Index.Pos(), "tuple index must be a constant in range")
			return operand{}
		}
		return operand{typ: t.Elems[v.Int64()], lvalue: op.lvalue}
	}
	c.errorf(x.Pos(), "cannot index %s (type %s)", exprString(x.X), op.typ)
	return operand{}
}

func (c *checker) slice(s *Scope, x *syntax.SliceExpr) operand {
	op := c.expr(s, x.X)
	hi, okh := c.constInt(s, x.Hi)
	lo, okl := c.constInt(s, x.Lo)
	if op.typ == nil || !okh || !okl {
		return operand{}
	}
	w := 0
	switch t := Underlying(op.typ).(type) {
	case *Bits:
		w = t.Width
	case *InfInt:
		w = -1
	default:
		c.errorf(x.Pos(), "cannot slice %s (type %s)", exprString(x.X), op.typ)
		return operand{}
	}
	if hi.Cmp(lo) < 0 || lo.Sign() < 0 || !hi.IsInt64() || (w >= 0 && hi.Int64() >= int64(w)) || hi.Int64() > 1<<16 {
		c.errorf(x.Lbrack, "invalid slice [%s:%s] of %s", hi, lo, op.typ)
		return operand{}
	}
	rt := &Bits{Width: int(hi.Int64()-lo.Int64()) + 1}
	r := operand{typ: rt, lvalue: op.lvalue && w >= 0}
	if v, ok := IntOf(op.val); ok {
		r.val = &Int{V: wrap(new(big.Int).Rsh(v, uint(lo.Int64())), rt), Type: rt}
	}
	return r
}

// listExpr checks {e1, e2} or {a = e1, b = e2} against want: a struct,
// header, tuple or header stack; without want it gets a tuple type or an
// anonymous struct type.
func (c *checker) listExpr(s *Scope, x *syntax.ListExpr, want Type) operand {
	if x.Hash.IsValid() {
		// {#} is an invalid header or header union of the type wanted.
		if st, ok := Underlying(want).(*Struct); ok && (st.Kind == KindHeader || st.Kind == KindHeaderUnion) {
			return operand{typ: want}
		}
		if want != nil {
			c.errorf(x.Pos(), "{#} is an invalid header or header union, not %s", want)
		} else {
			c.errorf(x.Pos(), "cannot infer the type of {#}")
		}
		return operand{}
	}
	named := len(x.Elems) > 0
	for _, e := range x.Elems {
		if _, ok := e.(*syntax.KeyValueExpr); !ok {
			named = false
		}
	}
	switch w := want.(type) {
	case *Struct:
		if named {
			return c.structInit(s, x, w)
		}
		if len(x.Elems) > len(w.Fields) || (len(x.Elems) < len(w.Fields) && !x.Dots.IsValid()) {
			c.errorf(x.Pos(), "%s has %d fields, list has %d elements", w, len(w.Fields), len(x.Elems))
			c.listElems(s, x, false)
			return operand{}
		}
		vals := make([]Value, len(x.Elems))
		allConst := true
		for i, e := range x.Elems {
			if _, ok := e.(*syntax.KeyValueExpr); ok {
				c.errorf(e.Pos(), "cannot mix named and positional elements")
				return operand{}
			}
			op := c.exprWant(s, e, w.Fields[i].Type)
			vals[i] = op.val
			allConst = allConst && op.val != nil
		}
		for _, f := range w.Fields[len(x.Elems):] {
			// {e1, ...}: the other fields take their default values.
			v := defaultConst(f.Type, false, 0)
			vals = append(vals, v)
			allConst = allConst && v != nil
		}
		r := operand{typ: w}
		if allConst {
			r.val = &ListValue{Elems: vals, Type: w}
		}
		return r
	case *List:
		if named {
			c.errorf(x.Pos(), "cannot use a list of named elements as %s", w)
			c.listElems(s, x, false)
			return operand{}
		}
		if x.Dots.IsValid() {
			c.errorf(x.Dots, "a list of type %s has no default values (...)", w)
		}
		vals := make([]Value, len(x.Elems))
		allConst := true
		for i, e := range x.Elems {
			op := c.exprWant(s, e, w.Elem)
			vals[i] = op.val
			allConst = allConst && op.val != nil
		}
		r := operand{typ: w}
		if allConst {
			r.val = &ListValue{Elems: vals, Type: w}
		}
		return r
	case *Tuple:
		// {a, ...}: the elements not given take their default values.
		if named || len(x.Elems) > len(w.Elems) || (len(x.Elems) < len(w.Elems) && !x.Dots.IsValid()) {
			c.errorf(x.Pos(), "cannot use list of %d elements as %s", len(x.Elems), w)
			c.listElems(s, x, false)
			return operand{}
		}
		for i, e := range x.Elems {
			c.exprWant(s, e, w.Elems[i])
		}
		return operand{typ: w}
	case *Stack:
		if len(x.Elems) > w.Size || (len(x.Elems) < w.Size && !x.Dots.IsValid()) {
			c.errorf(x.Pos(), "cannot use list of %d elements as %s", len(x.Elems), w)
			c.listElems(s, x, false)
			return operand{}
		}
		for _, e := range x.Elems {
			c.exprWant(s, e, w.Elem)
		}
		return operand{typ: w}
	case nil, *TypeParam:
	default:
		c.errorf(x.Pos(), "cannot use a list expression as %s", want)
		c.listElems(s, x, false)
		return operand{}
	}
	if named {
		st := &Struct{Kind: KindStruct}
		for _, e := range x.Elems {
			kv := e.(*syntax.KeyValueExpr)
			op := c.expr(s, kv.Value)
			if kv.Key != nil {
				st.Fields = append(st.Fields, &Field{Name: kv.Key.Name, Type: op.typ, Pos: kv.Key.Pos()})
			}
		}
		return operand{typ: st}
	}
	return operand{typ: &Tuple{Elems: c.listElems(s, x, true)}}
}

func (c *checker) listElems(s *Scope, x *syntax.ListExpr, complain bool) []Type {
	var ts []Type
	for _, e := range x.Elems {
		if kv, ok := e.(*syntax.KeyValueExpr); ok {
			e = kv.Value
		}
		op := c.expr(s, e)
		if complain && op.typ != nil && isInf(op.typ) {
			c.errorf(e.Pos(), "cannot infer a width for %s in a list; give it a type, e.g. (bit<8>)%s", exprString(e), exprString(e))
		}
		ts = append(ts, op.typ)
	}
	return ts
}

func (c *checker) structInit(s *Scope, x *syntax.ListExpr, w *Struct) operand {
	seen := map[string]bool{}
	vals := make([]Value, len(w.Fields))
	for _, e := range x.Elems {
		kv := e.(*syntax.KeyValueExpr)
		if kv.Key == nil {
			continue
		}
		f := w.Field(kv.Key.Name)
		if f == nil {
			c.errorf(kv.Key.Pos(), "%s has no field %q", w, kv.Key.Name)
			c.expr(s, kv.Value)
			continue
		}
		if seen[f.Name] {
			c.errorf(kv.Key.Pos(), "field %q initialized twice", f.Name)
		}
		seen[f.Name] = true
		op := c.exprWant(s, kv.Value, f.Type)
		for i, wf := range w.Fields {
			if wf == f {
				vals[i] = op.val
			}
		}
	}
	if x.Dots.IsValid() {
		for i, f := range w.Fields {
			if !seen[f.Name] {
				vals[i] = defaultConst(f.Type, false, 0)
			}
		}
	}
	for _, f := range w.Fields {
		if x.Dots.IsValid() {
			break
		}
		if !seen[f.Name] {
			c.errorf(x.Pos(), "field %q of %s is not initialized", f.Name, w)
			return operand{typ: w}
		}
	}
	// A constant when every field is (const S k = {a = 1, b = true}).
	for _, v := range vals {
		if v == nil {
			return operand{typ: w}
		}
	}
	return operand{typ: w, val: &ListValue{Elems: vals, Type: w}}
}

// blockConforms reports whether a parser or control type b has the kind
// and apply parameters (directions and types) of the type want.
func blockConforms(b, want *Block) bool {
	if b.Kind != want.Kind || len(b.Params) != len(want.Params) {
		return false
	}
	for i, p := range b.Params {
		q := want.Params[i]
		if p.Dir != q.Dir || !Identical(p.Type, q.Type) {
			return false
		}
	}
	return true
}
