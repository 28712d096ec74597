package lower

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

var hashAlgos = map[string]ir.HashAlgo{
	"crc32": ir.HashCRC32, "crc32_custom": ir.HashCRC32Custom, "crc16": ir.HashCRC16,
	"crc16_custom": ir.HashCRC16Custom, "random": ir.HashRandom, "identity": ir.HashIdentity,
	"csum16": ir.HashCsum16, "xor16": ir.HashXor16,
}

// call lowers a call; with value it returns the call's result.
func (g *gen) call(x *syntax.CallExpr, value bool) ir.Value {
	c := g.l.info.Calls[x]
	none := ir.Value{Slot: ir.NoSlot, Width: 1}
	if c == nil {
		g.errorf(x.Pos(), "unresolved call")
		return none
	}
	switch c.Kind {
	case types.CallHeaderMethod:
		h := g.lvalue(c.Recv)
		if h != nil && h.union && c.Name == "isValid" {
			t := g.l.b.Temp(1)
			g.c.SetConst(t, 0)
			for _, m := range h.fields {
				g.c.BinTo(t, ir.OpOr, t, g.c.IsValid(m.hdr))
			}
			return t
		}
		if h == nil || h.hdr == nil {
			g.errorf(x.Pos(), "%s of something that is not a header", c.Name)
			return none
		}
		switch c.Name {
		case "isValid":
			return g.c.IsValid(h.hdr)
		case "setValid":
			g.c.SetValid(h.hdr)
			g.invalidateSiblings(h)
		case "setInvalid":
			g.c.SetInvalid(h.hdr)
		}
		return none
	case types.CallTableApply:
		g.applyTable(x)
		return none
	case types.CallAction:
		g.callAction(x, c)
		return none
	case types.CallBlockApply:
		g.applyBlock(x, c)
		return none
	case types.CallExternFunction:
		return g.externFunc(x, c)
	case types.CallExternMethod:
		return g.externMethod(x, c)
	case types.CallStackMethod:
		g.stackMethod(x, c)
		return none
	case types.CallFunction:
		return g.callFunction(x, c)
	}
	g.errorf(x.Pos(), "%v calls are not supported", c.Kind)
	return none
}

func (g *gen) arg(c *types.Call, i int) syntax.Expr {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return nil
}

// values flattens a data argument (a list expression, struct or header)
// into its leaf values.
func (g *gen) values(x syntax.Expr) []ir.Value {
	x = unparen(x)
	if l, ok := x.(*syntax.ListExpr); ok {
		var out []ir.Value
		for i, e := range l.Elems {
			if kv, ok := e.(*syntax.KeyValueExpr); ok {
				e = kv.Value
			}
			out = append(out, g.settleList(g.values(e), l.Elems[i+1:])...)
		}
		return out
	}
	if lc := g.lvalue(x); lc != nil && (lc.fields != nil || lc.hdr != nil) {
		return lc.leaves(nil)
	}
	return []ir.Value{g.expr(x)}
}

// settleList keeps the values of a list element (see settle) when one of
// the later elements may write them: elements are evaluated left to
// right.
func (g *gen) settleList(vs []ir.Value, later []syntax.Expr) []ir.Value {
	for _, y := range later {
		if g.sideEffects(y) {
			for j := range vs {
				vs[j] = g.settle(vs[j], y)
			}
			break
		}
	}
	return vs
}

// hashValues returns the values of a hash or checksum's data, as values
// does, with the validity slot of the header each belongs to (NoSlot for
// metadata and expressions): BMv2 leaves fields of invalid headers out.
func (g *gen) hashValues(x syntax.Expr) ([]ir.Value, []ir.Slot) {
	x = unparen(x)
	if l, ok := x.(*syntax.ListExpr); ok {
		var vals []ir.Value
		var valid []ir.Slot
		for i, e := range l.Elems {
			if kv, ok := e.(*syntax.KeyValueExpr); ok {
				e = kv.Value
			}
			v, s := g.hashValues(e)
			v = g.settleList(v, l.Elems[i+1:])
			for j := range s {
				s[j] = g.settleList([]ir.Value{{Slot: s[j], Width: 1}}, l.Elems[i+1:])[0].Slot
			}
			vals, valid = append(vals, v...), append(valid, s...)
		}
		return vals, valid
	}
	if lc := g.lvalue(x); lc != nil && (lc.fields != nil || lc.hdr != nil || lc.elems != nil) {
		return lc.leaves(nil), lc.validity(nil, ir.NoSlot)
	}
	vals := g.values(x)
	valid := make([]ir.Slot, len(vals))
	for i := range valid {
		valid[i] = ir.NoSlot
	}
	if m, ok := x.(*syntax.MemberExpr); ok && len(vals) == 1 {
		if base := g.lvalue(m.X); base != nil && base.hdr != nil {
			valid[0] = base.hdr.Valid
		}
	}
	return vals, valid
}

func (g *gen) enumName(x syntax.Expr) string {
	if m, ok := g.l.info.Types[x].Value.(*types.EnumMember); ok {
		return m.Name()
	}
	return ""
}

// markToDrop lowers mark_to_drop(std): on the top-level standard
// metadata (or with no argument) the one-instruction form, on any other
// standard_metadata_t (a nested control's or action's copy) the same
// assignments made to that argument.
func (g *gen) markToDrop(arg syntax.Expr) {
	if arg == nil {
		g.c.MarkToDrop()
		return
	}
	lc := g.lvalue(arg)
	st, ok := types.Underlying(g.l.info.Types[arg].Type).(*types.Struct)
	if lc == nil || !ok || len(lc.fields) != len(st.Fields) {
		g.c.MarkToDrop()
		return
	}
	field := func(name string) *loc {
		for i, f := range st.Fields {
			if f.Name == name {
				return lc.fields[i]
			}
		}
		return nil
	}
	spec, grp := field("egress_spec"), field("mcast_grp")
	if spec == nil || grp == nil || spec.val.Slot == g.l.b.StdField("egress_spec").Slot {
		g.c.MarkToDrop()
		return
	}
	g.c.SetConst(spec.val, ir.DropPort)
	g.c.SetConst(grp.val, 0)
}

func (g *gen) externFunc(x *syntax.CallExpr, c *types.Call) ir.Value {
	none := ir.Value{Slot: ir.NoSlot, Width: 1}
	a := func(i int) syntax.Expr { return g.arg(c, i) }
	switch c.Name {
	case "mark_to_drop":
		g.markToDrop(a(0))
	case "verify":
		code, ok := g.constValue(a(1))
		if !ok || !g.isConst(a(1)) {
			// An error held in a variable: its code, as wide as
			// parser_error.
			g.c.VerifyValue(g.expr(a(0)), g.exprWidth(a(1), g.l.b.StdField("parser_error").Width))
			return none
		}
		g.c.Verify(g.expr(a(0)), code.Uint64())
	case "digest":
		g.digest(x, c)
	case "hash":
		dst := g.lvalue(a(0))
		algo, ok := hashAlgos[g.enumName(a(1))]
		if dst == nil || !ok {
			g.errorf(x.Pos(), "unsupported hash call")
			return none
		}
		data, valid := g.hashValues(a(3))
		g.c.Hash(dst.val, algo, g.word(a(2), 0, "base", "hash"), data, g.word(a(4), 0, "max", "hash"), valid...)
	case "verify_checksum", "update_checksum", "verify_checksum_with_payload", "update_checksum_with_payload":
		dst := g.lvalue(a(2))
		algo, ok := hashAlgos[g.enumName(a(3))]
		if dst == nil || !ok {
			g.errorf(x.Pos(), "unsupported %s call", c.Name)
			return none
		}
		payload := c.Name == "verify_checksum_with_payload" || c.Name == "update_checksum_with_payload"
		cond := g.expr(a(0))
		data, valid := g.hashValues(a(1))
		if c.Name[0] == 'v' {
			g.c.VerifyChecksum(cond, data, dst.val, algo, payload, valid...)
		} else {
			g.c.UpdateChecksum(cond, data, dst.val, algo, payload, valid...)
		}
	case "clone", "clone3", "clone_preserving_field_list":
		typ := ir.CloneI2E
		if g.enumName(a(0)) == "E2E" {
			typ = ir.CloneE2E
		}
		fl := -1
		switch c.Name {
		case "clone_preserving_field_list":
			if v, ok := g.constValue(a(2)); ok {
				fl = g.l.fieldList(int(v.Int64()))
			}
		case "clone3":
			fl = g.dataFieldList(a(2))
		}
		g.c.Clone(typ, g.exprWidth(a(1), 32), fl)
	case "resubmit_preserving_field_list", "recirculate_preserving_field_list", "resubmit", "recirculate":
		fl := -1
		switch {
		case c.Name[len(c.Name)-1] == 't' && len(c.Args) > 0:
			if v, ok := g.constValue(a(0)); ok {
				fl = g.l.fieldList(int(v.Int64()))
			}
		case len(c.Args) > 0:
			// The deprecated resubmit(data) and recirculate(data) preserve
			// the fields of data.
			fl = g.dataFieldList(a(0))
		}
		if c.Name[0] == 'r' && c.Name[2] == 's' {
			g.c.Resubmit(fl)
		} else {
			g.c.Recirculate(fl)
		}
	case "truncate":
		g.c.Truncate(g.exprWidth(a(0), 32))
	case "assert":
		g.c.Assert(g.expr(a(0)))
	case "assume":
		g.c.Assume(g.expr(a(0)))
	case "log_msg":
		msg := ""
		if s, ok := g.l.info.Types[a(0)].Value.(*types.StringValue); ok {
			msg = s.V
		} else if lit, ok := a(0).(*syntax.StringLit); ok {
			msg = lit.Value
		}
		var args []ir.Value
		if len(c.Args) > 1 && a(1) != nil {
			args = g.values(a(1))
		}
		g.c.Log(msg, args)
	case "random":
		dst := g.lvalue(a(0))
		if dst == nil {
			g.errorf(x.Pos(), "random into a non-variable")
			return none
		}
		// The bounds are read as one word: a result wider than 64 bits
		// takes bounds below 2^64 (random values are at most 64 bits,
		// as simple_switch's).
		bw := min(dst.val.Width, 64)
		g.c.Random(dst.val, g.word(a(1), bw, "lower bound", "random"), g.word(a(2), bw, "upper bound", "random"))
	case "static_assert":
		// Checked at compile time by the type checker; nothing runs.
	default:
		g.errorf(x.Pos(), "extern %s is not supported by the v1model target", c.Name)
	}
	return none
}

func (g *gen) digest(x *syntax.CallExpr, c *types.Call) {
	data := g.arg(c, 1)
	var t types.Type
	for _, dg := range g.l.prog.Digests {
		if dg.Call == x {
			t = dg.Type
			break
		}
	}
	if t == nil {
		t = g.l.info.Types[data].Type
	}
	name := g.l.digestNames[x]
	var fs []ir.FieldSpec
	switch u := types.Underlying(t).(type) {
	case *types.Struct:
		for _, f := range u.Fields {
			w, ok := width(f.Type)
			if !ok {
				g.errorf(x.Pos(), "digest field %s is not bit-like", f.Name)
			}
			fs = append(fs, ir.FieldSpec{Name: f.Name, Width: w})
		}
	case *types.Tuple:
		for i, e := range u.Elems {
			w, ok := width(e)
			if !ok {
				g.errorf(x.Pos(), "digest element %d is not bit-like", i)
			}
			fs = append(fs, ir.FieldSpec{Name: fmt.Sprintf("f%d", i), Width: w})
		}
	default:
		if w, ok := width(t); ok {
			fs = append(fs, ir.FieldSpec{Name: "value", Width: w})
		} else {
			g.errorf(x.Pos(), "digest of a %v value is not supported", t)
			return
		}
	}
	if name == "" {
		name = t.String()
	}
	d, seen := g.l.digs[name]
	if !seen {
		d = g.l.b.Digest(name, fs...)
		if id := g.l.ids["digest:"+name]; id != 0 {
			g.l.b.SetDigestID(d, id)
		}
		g.l.digs[name] = d
	}
	vals := g.values(data)
	if len(vals) != len(fs) {
		g.errorf(x.Pos(), "digest of %d values for %d fields", len(vals), len(fs))
		return
	}
	for i, f := range fs {
		if vals[i].Width != f.Width {
			vals[i] = g.c.Cast(vals[i], f.Width, false)
		}
	}
	g.c.Digest(d, vals)
}

// digestNames names digests as the P4Info does (compile's describer, after
// p4c): a struct digest after its type, a tuple digest "digest_N" by call
// site.
func digestNames(prog *types.Program) map[*syntax.CallExpr]string {
	names := map[*syntax.CallExpr]string{}
	auto := 0
	for _, dg := range prog.Digests {
		if _, ok := names[dg.Call]; ok {
			continue
		}
		name := ""
		switch t := dg.Type.(type) {
		case *types.Struct:
			name = types.ControlPlaneName(t.Annotations, t.Name)
		case *types.Enum:
			name = t.Name
		case *types.NewType:
			name = t.Name
		}
		if len(name) > 0 && name[0] == '.' {
			name = name[1:]
		}
		if name == "" {
			name = fmt.Sprintf("digest_%d", auto)
			auto++
		}
		names[dg.Call] = name
	}
	return names
}

func (g *gen) externMethod(x *syntax.CallExpr, c *types.Call) ir.Value {
	none := ir.Value{Slot: ir.NoSlot, Width: 1}
	a := func(i int) syntax.Expr { return g.arg(c, i) }
	if recv := g.lvalue(c.Recv); recv != nil && recv.pkt {
		switch c.Name {
		case "extract":
			if st, ok := g.stackNext(a(0)); ok {
				var bits *ir.Value
				if len(c.Args) > 1 && a(1) != nil {
					v := g.exprWidth(a(1), 32)
					bits = &v
				}
				g.extractNext(st, bits)
				return none
			}
			if m, ok := unparen(a(0)).(*syntax.MemberExpr); ok {
				// stack.next.member of a stack of header unions.
				if st, ok := g.stackNext(m.X); ok {
					var bits *ir.Value
					if len(c.Args) > 1 && a(1) != nil {
						v := g.exprWidth(a(1), 32)
						bits = &v
					}
					i, ok := g.l.info.Members[m]
					if !ok {
						g.errorf(x.Pos(), "extract of an unknown member")
						return none
					}
					g.extractNextMember(st, bits, i)
					return none
				}
			}
			h := g.lvalue(a(0))
			if _, dc := unparen(a(0)).(*syntax.DontCare); dc && len(c.TypeArgs) == 1 {
				// extract<H>(_): into a header of its own that nothing
				// reads, so that the bytes are consumed and checked.
				g.l.skips++
				h = g.l.alloc(fmt.Sprintf("$skip%d", g.l.skips), g.typ(c.TypeArgs[0]), nil)
			}
			if h == nil || h.hdr == nil {
				g.errorf(x.Pos(), "extract of something that is not a header")
				return none
			}
			if len(c.Args) > 1 && a(1) != nil {
				g.c.ExtractVar(h.hdr, g.exprWidth(a(1), 32))
			} else {
				g.c.Extract(h.hdr)
			}
			g.invalidateSiblings(h)
		case "lookahead":
			w := 0
			if len(c.TypeArgs) > 0 {
				w, _ = width(c.TypeArgs[0])
			}
			if w == 0 {
				g.errorf(x.Pos(), "lookahead of a non-bit type (other than a field of a header) is not supported")
				return none
			}
			return g.c.Lookahead(w, 0)
		case "advance":
			g.c.Advance(g.exprWidth(a(0), 32))
		case "emit":
			g.emit(g.lvalue(a(0)), x.Pos())
		default:
			g.errorf(x.Pos(), "packet method %s is not supported", c.Name)
		}
		return none
	}
	inst, bi := c.Instance, g.bi
	if inst == nil {
		// A method of an extern passed in as a constructor argument: the
		// instance the instantiation gave.
		inst, bi = g.ctorInstance(c.Recv)
	}
	if inst == nil {
		// Say so plainly when the target cannot run that extern at all.
		if e, ok := g.l.info.Types[c.Recv].Type.(*types.Extern); ok && c.Recv != nil && !targetExterns[e.Root().Name] {
			g.errorf(x.Pos(), "extern %s is not supported by the v1model target", e.Root().Name)
			return none
		}
		g.errorf(x.Pos(), "method %s of an unknown instance", c.Name)
		return none
	}
	ei := bi.Extern(inst)
	if ei == nil {
		g.errorf(x.Pos(), "extern instance %s not found", inst.Name())
		return none
	}
	kind := ei.Extern.Root().Name
	switch kind + "." + c.Name {
	case "counter.count":
		if v, ok := g.constValue(a(0)); ok && g.isConst(a(0)) {
			g.c.CountK(g.l.extern(ei, -1), v.Uint64())
		} else {
			g.c.Count(g.l.extern(ei, -1), g.exprWidth(a(0), 32))
		}
	case "direct_counter.count":
		// Counted by the table on a hit, as in BMv2.
	case "meter.execute_meter":
		dst := g.lvalue(a(1))
		if dst == nil {
			g.errorf(x.Pos(), "meter result is not a variable")
			return none
		}
		g.c.ExecuteMeter(g.l.extern(ei, -1), g.exprWidth(a(0), 32), dst.val)
	case "direct_meter.read":
		if isDontCare(a(0)) {
			return none // read into _: nothing to do
		}
		dst := g.lvalue(a(0))
		if dst == nil {
			g.errorf(x.Pos(), "meter result is not a variable")
			return none
		}
		g.c.ReadDirectMeter(g.l.extern(ei, -1), dst.val)
	case "register.read":
		if isDontCare(a(0)) {
			return none // read into _: nothing to do
		}
		dst := g.lvalue(a(0))
		if dst == nil {
			g.errorf(x.Pos(), "register read into a non-variable")
			return none
		}
		g.c.RegisterRead(g.l.extern(ei, -1), dst.val, g.exprWidth(a(1), 32))
	case "register.write":
		r := g.l.extern(ei, -1)
		g.c.RegisterWrite(r, g.exprWidth(a(0), 32), g.exprWidth(a(1), g.l.b.RegisterWidth(r)))
	default:
		if !targetExterns[kind] {
			g.errorf(x.Pos(), "extern %s is not supported by the v1model target", kind)
			break
		}
		g.errorf(x.Pos(), "method %s of %s is not supported", c.Name, kind)
	}
	return none
}

// emit lowers packet_out.emit of a header, or of a struct of headers in
// field order.
func (g *gen) emit(lc *loc, pos syntax.Pos) {
	switch {
	case lc == nil:
		g.errorf(pos, "emit of a non-variable")
	case lc.hdr != nil:
		g.c.EmitHeader(lc.hdr)
	case lc.fields != nil:
		for _, f := range lc.fields {
			g.emit(f, pos)
		}
	case lc.elems != nil:
		for _, e := range lc.elems {
			g.emit(e, pos)
		}
	default:
		g.errorf(pos, "emit of a %v value", lc.typ)
	}
}

// extern returns the IR index of an extern instance, declaring it on
// first use; table is the table a direct resource belongs to.
func (l *lowerer) extern(ei *types.ExternInstance, table int) int {
	if i, ok := l.exts[ei]; ok {
		return i
	}
	kind := ei.Extern.Root().Name
	in := ei.Instance
	intArg := func(i int) int {
		if i < len(in.Values) {
			if v, ok := types.IntOf(in.Values[i]); ok {
				return int(v.Int64())
			}
		}
		return 0
	}
	enumArg := func(i int) string {
		if i < len(in.Values) {
			if m, ok := in.Values[i].(*types.EnumMember); ok {
				return m.Name()
			}
		}
		return ""
	}
	ctype := func(name string) ir.CounterType {
		switch name {
		case "packets":
			return ir.CountPackets
		case "bytes":
			return ir.CountBytes
		}
		return ir.CountPacketsAndBytes
	}
	var i int
	switch kind {
	case "counter":
		i = l.b.Counter(ei.Name, intArg(0), ctype(enumArg(1)))
		if id := l.ids["counter:"+ei.Name]; id != 0 {
			l.b.SetCounterID(i, id)
		}
	case "direct_counter":
		if table < 0 {
			l.errorf(in.Pos(), "direct counter %s is not attached to a table", ei.Name)
			return 0
		}
		i = l.b.DirectCounter(ei.Name, ctype(enumArg(0)), table)
		if id := l.ids["direct_counter:"+ei.Name]; id != 0 {
			l.b.SetCounterID(i, id)
		}
	case "meter":
		i = l.b.Meter(ei.Name, intArg(0), enumArg(1) == "bytes")
		l.b.SetMeterID(i, l.ids["meter:"+ei.Name])
	case "direct_meter":
		if table < 0 {
			l.errorf(in.Pos(), "direct meter %s is not attached to a table", ei.Name)
			return 0
		}
		i = l.b.DirectMeter(ei.Name, enumArg(0) == "bytes", table)
		l.b.SetMeterID(i, l.ids["direct_meter:"+ei.Name])
	case "register":
		w := 32
		if len(ei.Extern.Args) > 0 {
			w, _ = width(ei.Extern.Args[0])
		}
		i = l.b.Register(ei.Name, intArg(0), w)
		l.b.SetRegisterID(i, l.ids["register:"+ei.Name])
	default:
		l.errorf(in.Pos(), "extern %s (%s) is not supported", ei.Name, kind)
		return 0
	}
	l.exts[ei] = i
	return i
}

// callFunction inlines a function with a body: parameters are copied in
// and out, return assigns the result.
func (g *gen) callFunction(x *syntax.CallExpr, c *types.Call) ir.Value {
	none := ir.Value{Slot: ir.NoSlot, Width: 1}
	res := g.inlineFunction(x, c)
	if res != nil && res.fields == nil && res.hdr == nil && res.elems == nil {
		return res.val
	}
	return none
}

// inlineFunction inlines a call of a function with a body and returns
// the location of its result (nil for a void function).
func (g *gen) inlineFunction(x *syntax.CallExpr, c *types.Call) *loc {
	f := c.Func
	if f == nil || f.Decl == nil || f.Decl.Body == nil || c.Sig == nil {
		g.errorf(x.Pos(), "function %s has no body", c.Name)
		return nil
	}
	e := newEnv(g.env, g.bi)
	prefix := "fn." + f.Name()
	params := c.Sig.Params
	// A generic function's locals of type T take the call's type.
	targs := g.targs
	if f.Sig != nil && len(f.Sig.TypeParams) > 0 {
		targs = map[*types.TypeParam]types.Type{}
		for tp, t := range g.targs {
			targs[tp] = t
		}
		for i, tp := range f.Sig.TypeParams {
			if i < len(c.TypeArgs) && c.TypeArgs[i] != nil {
				targs[tp] = g.typ(c.TypeArgs[i])
			}
		}
	}
	for i, p := range params {
		lc := g.l.alloc(prefix+"."+p.Name, g.typ(p.Type), nil)
		e.vars[p] = lc
		if f.Sig != nil && i < len(f.Sig.Params) {
			e.vars[f.Sig.Params[i]] = lc
		}
		if i < len(c.Args) && c.Args[i] != nil && p.Dir != types.DirOut {
			g.assignLoc(lc, c.Args[i])
		}
	}
	fg := &gen{l: g.l, c: g.c, env: e, bi: g.bi, ret: g.c.NewLabel(), exits: g.exits, targs: targs}
	if _, void := c.Sig.Result.(*types.Void); c.Sig.Result != nil && !void {
		fg.result = g.l.alloc(prefix+".$result", g.typ(c.Sig.Result), nil)
	}
	fg.stmts(f.Decl.Body.Stmts)
	g.c.Bind(fg.ret)
	for i, p := range params {
		if i < len(c.Args) && c.Args[i] != nil && (p.Dir == types.DirOut || p.Dir == types.DirInOut) {
			g.copyOut(c.Args[i], e.vars[p], x.Pos())
		}
	}
	return fg.result
}

// invalidateSiblings keeps at most one member of a header union valid:
// after member h became valid, the others are invalid.
func (g *gen) invalidateSiblings(h *loc) {
	if h.parent == nil {
		return
	}
	for _, m := range h.parent.fields {
		if m != h && m.hdr != nil {
			g.c.SetInvalid(m.hdr)
		}
	}
}

// dataFieldList makes a field list of the fields named by the data
// argument of the deprecated clone3, resubmit and recirculate.
func (g *gen) dataFieldList(x syntax.Expr) int {
	if x == nil {
		return -1
	}
	vals := g.values(x)
	if len(vals) == 0 {
		return -1
	}
	g.l.anonLists++
	return g.l.b.FieldList(-g.l.anonLists, vals...)
}

// word evaluates x, the base or max of hash or the bounds of random, as a
// value of w ≤ 64 bits (0: its own width, a constant's 64).
// simple_switch reads them as 64-bit integers
// (Data::get_uint64): a constant that does not fit is an error here
// rather than a silently truncated operand.
func (g *gen) word(x syntax.Expr, w int, what, call string) ir.Value {
	if g.isConst(x) {
		if v, ok := g.constValue(x); ok {
			if v.Sign() < 0 || v.BitLen() > 64 {
				g.errorf(x.Pos(), "the %s of %s is %v: BMv2 takes it as a 64-bit unsigned integer", what, call, v)
			} else if w != 0 {
				return g.constant(v, w)
			}
		}
	}
	// A run-time value of a wider type is legal and usually small: its
	// low 64 bits are read, which is its value whenever it fits, as in
	// simple_switch.
	v := g.expr(x)
	if w == 0 {
		w = min(v.Width, 64)
	}
	if v.Width != w {
		v = g.c.Cast(v, w, v.Signed)
	}
	return v
}

// ctorInstance resolves recv, a constructor parameter of an extern type
// of the enclosing parser or control, to the extern instance its
// instantiation passed (following parameters passed on from enclosing
// blocks) and the block instance that names it; nil if it is not one.
func (g *gen) ctorInstance(recv syntax.Expr) (*types.Instance, *types.BlockInstance) {
	id, ok := unparen(recv).(*syntax.Ident)
	if !ok {
		return nil, nil
	}
	obj := g.l.info.Uses[id]
	for bi := g.bi; bi != nil; bi = bi.Parent {
		v, ok := obj.(*types.Var)
		if !ok || v.Param == nil {
			break
		}
		i := -1
		for j, p := range bi.Type.CtorParams {
			if p == v.Param {
				i = j
			}
		}
		if i < 0 || bi.Instance == nil || i >= len(bi.Instance.Args) {
			return nil, nil
		}
		arg, ok := unparen(bi.Instance.Args[i]).(*syntax.Ident)
		if !ok {
			return nil, nil
		}
		obj = g.l.info.Uses[arg]
		if in, ok := obj.(*types.Instance); ok {
			// bi.Extern looks in bi (an instance constructed in place
			// as the argument belongs to bi) and then its parents.
			return in, bi
		}
	}
	return nil, nil
}

// isDontCare reports whether an argument is _.
func isDontCare(x syntax.Expr) bool {
	_, ok := unparen(x).(*syntax.DontCare)
	return ok
}
