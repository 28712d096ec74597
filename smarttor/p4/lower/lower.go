// Package lower translates a checked v1model program (package types, via
// package compile) into the interpreter's IR (package ir).
//
// The translation is done once per program and resolves everything a
// packet would otherwise look up: every header, struct field, local
// variable and parameter of every block instance gets its own arena slot
// (a location tree, loc, mirrors the P4 type: structs hold their fields,
// headers are IR headers, bit-like values are leaves); nested control
// instances (VersionCheck() policy_check;) are inlined at their apply call
// with copy-in/copy-out of their parameters and their own locals and
// tables; actions are lowered once per block instance that declares them,
// with their action-data parameters in consecutive slots; extern instances
// become IR counters, meters and registers; tables get their key layout
// and constant entries; the parser becomes IR states with pre-resolved
// transitions and select cases. Object ids come from the program's P4Info,
// so the P4Runtime server and the interpreter agree on them.
//
// Header stacks (constant indexes, next/last, push_front/pop_front), header
// unions (one valid member), varbit fields, functions (inlined), action
// profiles and selectors are lowered too; an action with bound directional
// arguments in a table's action list is lowered once more for that table,
// its parameters aliasing the arguments; a run-time stack index (in an
// assignment, a read or a method call) becomes a branch per element; for
// loops become jumps; a sub-parser apply is inlined as states of its
// own, the calling state split around it (also when the apply is nested
// in an if or a block), its arguments copied in, and out on accept, as
// p4c's inlining does. Generic functions, parsers and controls take their
// call's or instance's type arguments; a struct field of a header is laid
// out flat in the IR header; stacks of header unions move member by member;
// {#} invalidates, {a = 1, ...} zeroes the fields not named.
// What the v1model target cannot run (instances and calls
// of user-declared externs, abstract methods) is reported as an error
// with its source position ("extern Foo is not supported by the v1model
// target") rather than lowered wrongly; a declared but unused extern is
// fine.
//
// lower may import smarttor/p4/types,
// smarttor/p4/syntax, smarttor/p4/ir, smarttor/match, the P4Runtime API
// (P4Info) and the standard library.
package lower

import (
	"errors"
	"fmt"
	"sort"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// loc is the storage of a typed value in the arena.
type loc struct {
	typ    types.Type
	val    ir.Value   // bit-like leaves
	hdr    *ir.Header // headers
	fields []*loc     // struct and header fields, in type order
	elems  []*loc     // header stacks
	next   ir.Value   // a header stack's nextIndex
	union  bool       // a header union (fields are its member headers)
	parent *loc       // the union a member header belongs to
	pkt    bool       // packet_in / packet_out parameters
	anns   syntax.Annotations
}

func (l *loc) leaves(out []ir.Value) []ir.Value {
	switch {
	case l.fields != nil:
		for _, f := range l.fields {
			out = f.leaves(out)
		}
	case l.elems != nil:
		for _, e := range l.elems {
			out = e.leaves(out)
		}
	case !l.pkt:
		out = append(out, l.val)
	}
	return out
}

// validity returns, for each of l's leaves in order, the validity slot of
// the innermost header holding it (valid when l is none), in step with
// leaves.
func (l *loc) validity(out []ir.Slot, valid ir.Slot) []ir.Slot {
	if l.hdr != nil {
		valid = l.hdr.Valid
	}
	switch {
	case l.fields != nil:
		for _, f := range l.fields {
			out = f.validity(out, valid)
		}
	case l.elems != nil:
		for _, e := range l.elems {
			out = e.validity(out, valid)
		}
	case !l.pkt:
		out = append(out, valid)
	}
	return out
}

// env maps the variables and parameters of a block instance or action to
// their locations.
type env struct {
	vars   map[any]*loc
	parent *env
	bi     *types.BlockInstance
}

func newEnv(parent *env, bi *types.BlockInstance) *env {
	return &env{vars: map[any]*loc{}, parent: parent, bi: bi}
}

func key(o any) any {
	if v, ok := o.(*types.Var); ok && v.Param != nil {
		return v.Param
	}
	return o
}

func (e *env) lookup(o any) *loc {
	k := key(o)
	for ; e != nil; e = e.parent {
		if l := e.vars[k]; l != nil {
			return l
		}
		if l := e.specialized(k); l != nil {
			return l
		}
	}
	return nil
}

// specialized returns the location of the parameter of a specialized
// generic block instance (G<bit<8>>) that the generic declaration's
// parameter k (which its body refers to) stands for.
func (e *env) specialized(k any) *loc {
	p, ok := k.(*types.Param)
	if !ok || e.bi == nil || e.bi.Type.Generic == nil {
		return nil
	}
	root := e.bi.Type.Root()
	for _, ps := range [][2][]*types.Param{{root.Params, e.bi.Type.Params}, {root.CtorParams, e.bi.Type.CtorParams}} {
		for i, rp := range ps[0] {
			if rp == p && i < len(ps[1]) {
				return e.vars[ps[1][i]]
			}
		}
	}
	return nil
}

// blockTargs binds the type parameters of a generic parser or control
// to the type arguments of its specialized instance (locals of type T).
func blockTargs(bi *types.BlockInstance) map[*types.TypeParam]types.Type {
	if bi == nil || bi.Type.Generic == nil || len(bi.Type.Args) == 0 {
		return nil
	}
	m := map[*types.TypeParam]types.Type{}
	for i, tp := range bi.Type.Root().TypeParams {
		if i < len(bi.Type.Args) {
			m[tp] = bi.Type.Args[i]
		}
	}
	return m
}

type actionKey struct {
	bi *types.BlockInstance
	a  *types.Action
}

// tableAction is an action of one table's actions list.
type tableAction struct {
	ti *types.TableInstance
	a  *types.Action
}

type tableInfo struct {
	index int
	keys  []syntax.Expr
	temps []ir.Value // a temporary per computed key, Slot NoSlot for lvalue keys
	bi    *types.BlockInstance
}

type lowerer struct {
	prog        *types.Program
	info        *types.Info
	fset        *syntax.FileSet
	b           *ir.Builder
	ids         map[string]uint32
	errs        []error
	envs        map[*types.BlockInstance]*env
	root        *env
	hdr         *loc
	meta        *loc
	std         *loc
	acts        map[actionKey]int
	actEnvs     map[actionKey]*env  // environments of lowered actions (directional parameters)
	boundActs   map[tableAction]int // actions with bound arguments, per table
	tabs        map[*types.TableInstance]*tableInfo
	exts        map[*types.ExternInstance]int
	skips       int // headers extracted into _, for their names
	profiles    map[*types.ExternInstance]int
	digs        map[string]int
	vsetIdx     map[vsetKey]int
	fls         map[int]int
	digestNames map[*syntax.CallExpr]string
	anonLists   int // field lists of deprecated data arguments, ids -1, -2, ... // P4Info names of digest call sites
}

func (l *lowerer) errorf(pos syntax.Pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !pos.IsValid() && l.prog != nil && l.prog.Main != nil {
		// What the switch cannot run is reported at main, so that
		// every error reads file:line:col.
		pos = l.prog.Main.Pos()
	}
	if pos.IsValid() && l.fset != nil {
		msg = l.fset.Position(pos).String() + ": " + msg
	}
	l.errs = append(l.errs, errors.New(msg))
}

// Lower translates a checked program into IR. Object ids are taken from
// info (the program's P4Info) by fully qualified name; with a nil info,
// or for objects it does not list, the IR's default ids are used.
// compile.Program has both: Lower(p.Checked, p.P4Info).
func Lower(prog *types.Program, info *p4configv1.P4Info) (*ir.Program, error) {
	if prog == nil || prog.Info == nil {
		return nil, errors.New("lower: no checked program")
	}
	name := "program"
	if prog.Syntax != nil && prog.Syntax.File != nil {
		name = prog.Syntax.File.Name()
	}
	l := &lowerer{prog: prog, info: prog.Info, fset: prog.Files, b: ir.NewBuilder(name),
		ids: p4infoIDs(info), envs: map[*types.BlockInstance]*env{}, acts: map[actionKey]int{}, actEnvs: map[actionKey]*env{}, boundActs: map[tableAction]int{},
		tabs: map[*types.TableInstance]*tableInfo{}, exts: map[*types.ExternInstance]int{}, profiles: map[*types.ExternInstance]int{},
		digs: map[string]int{}, vsetIdx: map[vsetKey]int{}, fls: map[int]int{}}
	l.b.SetFiles(prog.Files)
	l.root = newEnv(nil, nil)
	l.digestNames = digestNames(prog)
	l.lower()
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	return l.b.Build()
}

func p4infoIDs(info *p4configv1.P4Info) map[string]uint32 {
	ids := map[string]uint32{}
	if info == nil {
		return ids
	}
	add := func(kind string, pre *p4configv1.Preamble) {
		if pre != nil {
			ids[kind+":"+pre.Name] = pre.Id
		}
	}
	for _, t := range info.Tables {
		add("table", t.Preamble)
	}
	for _, a := range info.Actions {
		add("action", a.Preamble)
	}
	for _, c := range info.Counters {
		add("counter", c.Preamble)
	}
	for _, c := range info.DirectCounters {
		add("direct_counter", c.Preamble)
	}
	for _, m := range info.Meters {
		add("meter", m.Preamble)
	}
	for _, m := range info.DirectMeters {
		add("direct_meter", m.Preamble)
	}
	for _, r := range info.Registers {
		add("register", r.Preamble)
	}
	for _, d := range info.Digests {
		add("digest", d.Preamble)
	}
	for _, v := range info.ValueSets {
		add("value_set", v.Preamble)
	}
	for _, a := range info.ActionProfiles {
		add("action_profile", a.Preamble)
	}
	return ids
}

func (l *lowerer) lower() {
	prog := l.prog
	if len(prog.Blocks) != 6 {
		l.errorf(syntax.NoPos, "main is not a V1Switch with 6 blocks (got %d)", len(prog.Blocks))
		return
	}
	// Errors: the IR numbers them as the checker does.
	if prog.Errors != nil {
		for i, m := range prog.Errors.Members {
			if code := l.b.Error(m.Name()); code != uint64(i) {
				l.errorf(syntax.NoPos, "error.%s has code %d, want %d", m.Name(), code, i)
			}
		}
	}
	parser := prog.Blocks[0]
	params := parser.Type.Params
	if len(params) != 4 {
		l.errorf(syntax.NoPos, "parser %s has %d parameters, want 4", parser.Name, len(params))
		return
	}
	l.hdr = l.alloc(params[1].Name, params[1].Type, nil)
	l.meta = l.alloc(params[2].Name, params[2].Type, nil)
	l.std = l.stdLoc(params[3].Type)
	l.fieldLists(l.meta)

	for _, bi := range prog.Blocks {
		l.checkExterns(bi)
	}
	l.checkGlobalExterns()
	l.lowerParser(parser)
	var codes [5]*ir.CodeBuilder
	for i := 1; i < 6; i++ {
		codes[i-1] = l.lowerControl(prog.Blocks[i])
	}
	l.b.SetControls(codes[0], codes[1], codes[2], codes[3], codes[4])
}

// targetExterns are the extern objects the v1model target runs.
var targetExterns = map[string]bool{
	"counter": true, "direct_counter": true, "meter": true, "direct_meter": true,
	"register": true, "action_profile": true, "action_selector": true,
}

// checkExterns reports every instance, in bi and the blocks it
// instantiates, of an extern object the target cannot run (one the
// program declares itself, say): an error at the instantiation, where a
// silent no-op would forward packets differently from BMv2. An extern
// that is declared but never instantiated is fine.
func (l *lowerer) checkExterns(bi *types.BlockInstance) {
	for _, ei := range bi.Externs {
		if name := ei.Extern.Root().Name; !targetExterns[name] {
			pos := syntax.NoPos
			if ei.Instance != nil {
				pos = ei.Instance.Pos()
			}
			l.errorf(pos, "extern %s is not supported by the v1model target", name)
		}
	}
	for _, c := range bi.Children {
		l.checkExterns(c)
	}
}

// checkGlobalExterns reports the top-level instances of externs the
// target cannot run, in source order.
func (l *lowerer) checkGlobalExterns() {
	var bad []*types.Instance
	for _, in := range l.info.Instances {
		if e, ok := in.Type().(*types.Extern); ok && in.Parent == nil && !targetExterns[e.Root().Name] {
			bad = append(bad, in)
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i].Pos() < bad[j].Pos() })
	for _, in := range bad {
		l.errorf(in.Pos(), "extern %s is not supported by the v1model target", in.Type().(*types.Extern).Root().Name)
	}
}

// bindParams binds a top-level block's parameters to the shared
// locations by type.
func (l *lowerer) bindParams(bi *types.BlockInstance) *env {
	e := newEnv(l.root, bi)
	for _, p := range bi.Type.Params {
		t := p.Type
		switch {
		case types.Identical(t, l.hdr.typ):
			e.vars[p] = l.hdr
		case types.Identical(t, l.meta.typ):
			e.vars[p] = l.meta
		case types.Identical(t, l.std.typ):
			e.vars[p] = l.std
		default:
			if x, ok := t.(*types.Extern); ok && (x.Root().Name == "packet_in" || x.Root().Name == "packet_out") {
				e.vars[p] = &loc{typ: t, pkt: true}
				continue
			}
			l.errorf(p.Pos, "parameter %s of %s: type %v is not the headers, metadata or standard metadata", p.Name, bi.Name, t)
		}
	}
	l.envs[bi] = e
	return e
}

func (l *lowerer) stdLoc(t types.Type) *loc {
	st, ok := t.(*types.Struct)
	if !ok {
		l.errorf(syntax.NoPos, "standard metadata type %v is not a struct", t)
		return &loc{typ: t}
	}
	lc := &loc{typ: t}
	for _, f := range st.Fields {
		v := l.b.StdField(f.Name)
		w, _ := types.Width(f.Type)
		if isEnumLike(f.Type) {
			w = 32
		}
		if w != v.Width {
			l.errorf(f.Pos, "standard_metadata.%s is %d bits, the target's is %d", f.Name, w, v.Width)
		}
		lc.fields = append(lc.fields, &loc{typ: f.Type, val: v, anns: f.Annotations})
	}
	return lc
}

func isEnumLike(t types.Type) bool {
	e, ok := types.Underlying(t).(*types.Enum)
	return ok && e.Underlying == nil
}

// width returns the IR width of a bit-like type (plain enums and errors
// are 32 bits).
func width(t types.Type) (int, bool) {
	if isEnumLike(t) {
		return 32, true
	}
	return types.Width(t)
}

func signed(t types.Type) bool {
	b, ok := types.Underlying(t).(*types.Bits)
	return ok && b.Signed
}

// alloc lays out a value of type t named name.
func (l *lowerer) alloc(name string, t types.Type, anns syntax.Annotations) *loc {
	if w, ok := width(t); ok {
		v := l.b.Local(name, w)
		v.Signed = signed(t)
		return &loc{typ: t, val: v, anns: anns}
	}
	switch u := types.Underlying(t).(type) {
	case *types.Struct:
		switch u.Kind {
		case types.KindHeader:
			h := l.b.Header(name, l.headerSpecs(nil, "", u)...)
			lc := &loc{typ: t, hdr: h, anns: anns}
			next := 0
			lc.fields = headerFieldLocs(u, h, &next)
			return lc
		case types.KindStruct:
			lc := &loc{typ: t, fields: []*loc{}, anns: anns}
			for _, f := range u.Fields {
				lc.fields = append(lc.fields, l.alloc(name+"."+f.Name, f.Type, f.Annotations))
			}
			return lc
		}
		// A header union: its member headers, of which at most one is
		// valid.
		lc := &loc{typ: t, fields: []*loc{}, anns: anns, union: true}
		for _, f := range u.Fields {
			m := l.alloc(name+"."+f.Name, f.Type, f.Annotations)
			m.parent = lc
			lc.fields = append(lc.fields, m)
		}
		return lc
	case *types.Tuple:
		lc := &loc{typ: t, fields: []*loc{}, anns: anns}
		for i, e := range u.Elems {
			lc.fields = append(lc.fields, l.alloc(fmt.Sprintf("%s.%d", name, i), e, nil))
		}
		return lc
	case *types.List:
		// A list<T> value is only known at compile time (it is given
		// to externs or initializes): nothing to store.
		return &loc{typ: t, fields: []*loc{}, anns: anns}
	case *types.Stack:
		lc := &loc{typ: t, elems: []*loc{}, next: l.b.StackNext(name + ".$next")}
		for i := 0; i < u.Size; i++ {
			lc.elems = append(lc.elems, l.alloc(fmt.Sprintf("%s[%d]", name, i), u.Elem, nil))
		}
		return lc
	default:
		l.errorf(syntax.NoPos, "%s: values of type %v are not supported", name, t)
	}
	return &loc{typ: t, val: l.b.Local(name, 1)}
}

// headerSpecs appends the IR fields of the header (or struct inside a
// header) st to specs: a struct field is laid out as its fields in order,
// named prefix.field.
func (l *lowerer) headerSpecs(specs []ir.FieldSpec, prefix string, st *types.Struct) []ir.FieldSpec {
	for _, f := range st.Fields {
		if vb, ok := f.Type.(*types.Varbit); ok {
			specs = append(specs, ir.FieldSpec{Name: prefix + f.Name, Width: vb.Max, Varbit: true})
			continue
		}
		if inner, ok := types.Underlying(f.Type).(*types.Struct); ok && inner.Kind == types.KindStruct {
			specs = l.headerSpecs(specs, prefix+f.Name+".", inner)
			continue
		}
		w, ok := width(f.Type)
		if !ok {
			l.errorf(f.Pos, "header field %s.%s of type %v is not supported", st.Name, f.Name, f.Type)
			w = 8
		}
		specs = append(specs, ir.FieldSpec{Name: prefix + f.Name, Width: w, Signed: signed(f.Type)})
	}
	return specs
}

// headerFieldLocs returns the locations of st's fields in the IR header h
// laid out by headerSpecs, from h.Fields[*next] on: a struct field is a
// struct location whose leaves are header fields.
func headerFieldLocs(st *types.Struct, h *ir.Header, next *int) []*loc {
	locs := []*loc{}
	for _, f := range st.Fields {
		if inner, ok := types.Underlying(f.Type).(*types.Struct); ok && inner.Kind == types.KindStruct {
			locs = append(locs, &loc{typ: f.Type, fields: headerFieldLocs(inner, h, next), anns: f.Annotations})
			continue
		}
		if *next >= len(h.Fields) {
			break
		}
		hf := h.Fields[*next]
		*next++
		locs = append(locs, &loc{typ: f.Type, val: ir.Value{Slot: hf.Slot, Width: hf.Width, Signed: hf.Signed}})
	}
	return locs
}

// fieldLists collects @field_list(ids) annotations of metadata fields.
func (l *lowerer) fieldLists(meta *loc) {
	lists := map[int][]ir.Value{}
	var order []int
	var walk func(lc *loc)
	walk = func(lc *loc) {
		if a := lc.anns.Get("field_list"); a != nil {
			for _, arg := range a.Args {
				lit, ok := arg.(*syntax.IntLit)
				if !ok || lit.Value == nil {
					continue
				}
				id := int(lit.Value.Int64())
				if _, seen := lists[id]; !seen {
					order = append(order, id)
				}
				lists[id] = lc.leaves(lists[id])
			}
		}
		for _, f := range lc.fields {
			walk(f)
		}
	}
	walk(meta)
	for _, id := range order {
		l.fls[id] = l.b.FieldList(id, lists[id]...)
	}
}

// fieldList returns the IR field list of @field_list(id), or -1 when no
// field carries it (nothing is preserved).
func (l *lowerer) fieldList(id int) int {
	if i, ok := l.fls[id]; ok {
		return i
	}
	return -1
}
