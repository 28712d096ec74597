package compile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// Describe turns a checked program into the neutral description of its
// control-plane objects that p4info.Build takes, following p4c: tables,
// extern instances and digests of the package's blocks in parameter order
// and declaration order (nested instances expanded where they are
// declared), and only the actions some table refers to.
func Describe(p *types.Program) (*p4info.Program, error) {
	d := &describer{prog: p, out: &p4info.Program{}, seenTypes: map[string]bool{}, actionSeen: map[string]*types.Action{}}
	if p.Package == nil {
		return nil, fmt.Errorf("program has no package instance main")
	}
	d.collectActions()
	for _, e := range p.Externs {
		if !e.Hidden {
			d.extern(e)
		}
	}
	for _, bi := range p.Blocks {
		for _, a := range d.topLevelActions(bi) {
			d.action(p.ActionName(nil, a), a)
		}
		d.block(bi)
	}
	d.digests()
	d.controllerHeaders()
	if len(d.errs) > 0 {
		d.errs.Sort()
		return d.out, d.errs
	}
	return d.out, d.err
}

type describer struct {
	prog       *types.Program
	out        *p4info.Program
	err        error
	seenTypes  map[string]bool
	actionSeen map[string]*types.Action
	// errs are the program's errors found here (file:line:col), such as
	// two objects with one control-plane name.
	errs syntax.ErrorList
	// names holds each table and extern instance by kind and
	// control-plane name.
	names map[string]namedObject
	// used holds the actions tables refer to or code calls.
	used map[*types.Action]bool
	// applied holds the tables and nested block instances that are
	// applied: p4c removes the others (with a warning) before generating
	// P4Info, and with them the actions only they used.
	applied map[any]bool
}

// namedObject is a table or extern instance (obj) declared at pos.
type namedObject struct {
	obj any
	pos syntax.Pos
}

// uniqueName reports a second object of one kind (table, or instance of
// one extern) with the control-plane name of another: P4Info names
// identify objects to the controller, and p4c rejects a P4Info with two
// tables (or two instances of one extern) of one name. obj identifies
// the instance, declared at pos in block bi: one declaration has several
// instances when its block type is applied directly more than once in one
// scope (C.apply(); C.apply()), and p4c names every such instance as the
// type (the spec makes that illegal when the type has controllable
// entities), so the error is then reported at the direct call.
func (d *describer) uniqueName(kind, name string, obj any, pos syntax.Pos, bi *types.BlockInstance) {
	key := kind + " " + name
	prev, seen := d.names[key]
	switch {
	case !seen:
		if d.names == nil {
			d.names = map[string]namedObject{}
		}
		d.names[key] = namedObject{obj, pos}
	case prev.obj != obj && prev.pos != pos:
		d.errorAt(pos, "%s %q has the control-plane name of the %s declared at %s", kind, name, kind, d.prog.Files.Position(prev.pos))
	case prev.obj != obj:
		at := pos
		for b := bi; b != nil; b = b.Parent {
			if b.Instance != nil {
				at = b.Instance.Pos()
				break
			}
		}
		d.errorAt(at, "%s %q has the control-plane name of another instance of its declaration (each direct invocation of a type is named as the type)", kind, name)
	}
}

// errorAt records an error in the program at pos.
func (d *describer) errorAt(pos syntax.Pos, format string, args ...any) {
	d.errs = append(d.errs, &syntax.Error{Pos: d.prog.Files.Position(pos), Msg: fmt.Sprintf(format, args...)})
}

func (d *describer) errorf(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

// collectActions finds the actions p4c keeps: those a table refers to or
// that are called. p4c removes unused declarations before it inlines
// action calls, and its P4Info analyzer then lists every action left in a
// control, so directly called actions are in the P4Info too. Top-level
// actions (NoAction) are copied into the controls that use them
// (LocalizeAllActions) and come first; see block.
func (d *describer) collectActions() {
	d.used = map[*types.Action]bool{}
	d.applied = map[any]bool{}
	for _, c := range d.prog.Info.Calls {
		switch {
		case c.Kind == types.CallTableApply && c.Table != nil:
			d.applied[c.Table] = true
		case c.Kind == types.CallBlockApply && c.Instance != nil:
			d.applied[c.Instance] = true
		}
	}
	d.markCtorApplied()
	var walk func(bi *types.BlockInstance)
	walk = func(bi *types.BlockInstance) {
		for _, ti := range bi.Tables {
			if !d.applied[ti.Table] {
				continue
			}
			for _, ta := range ti.Table.Actions {
				d.used[ta.Action] = true
			}
		}
		for _, c := range bi.Children {
			if d.applied[c.Instance] {
				walk(c)
			}
		}
	}
	for _, bi := range d.prog.Blocks {
		walk(bi)
	}
	for x, c := range d.prog.Info.Calls {
		if c.Kind == types.CallAction && c.Action != nil && !d.inAction(x.Pos()) {
			d.used[c.Action] = true
		}
	}
}

// inAction reports whether pos is in the body of an action: p4c inlines
// an action called by another, so such a call does not keep it.
func (d *describer) inAction(pos syntax.Pos) bool {
	for _, a := range d.prog.Actions {
		if a.Decl != nil && pos >= a.Decl.Pos() && pos < a.Decl.End() {
			return true
		}
	}
	return false
}

// topLevelActions returns the top-level actions a block (with its nested
// instances) uses, in source order of their first use.
func (d *describer) topLevelActions(bi *types.BlockInstance) []*types.Action {
	decl := bi.Decl()
	if decl == nil {
		return nil
	}
	type use struct {
		pos syntax.Pos
		a   *types.Action
	}
	var uses []use
	var walk func(b *types.BlockInstance)
	walk = func(b *types.BlockInstance) {
		for _, ti := range b.Tables {
			if !d.applied[ti.Table] {
				continue
			}
			// NoAction added by the front-end comes after the listed
			// actions, as p4c appends it.
			pos := ti.Table.Pos()
			for _, ta := range ti.Table.Actions {
				if ta.Ref != nil {
					pos = ta.Ref.Pos()
				} else {
					pos++
				}
				uses = append(uses, use{pos, ta.Action})
			}
		}
		for _, c := range b.Children {
			walk(c)
		}
	}
	walk(bi)
	var decls []syntax.Decl
	var collect func(b *types.BlockInstance)
	collect = func(b *types.BlockInstance) {
		decls = append(decls, b.Decl())
		for _, c := range b.Children {
			collect(c)
		}
	}
	collect(bi)
	for x, c := range d.prog.Info.Calls {
		if c.Kind != types.CallAction || c.Action == nil || c.Action.Parent != nil || d.inAction(x.Pos()) {
			continue
		}
		for _, dd := range decls {
			if dd != nil && x.Pos() >= dd.Pos() && x.Pos() < dd.End() {
				uses = append(uses, use{x.Pos(), c.Action})
				break
			}
		}
	}
	sort.SliceStable(uses, func(i, j int) bool { return uses[i].pos < uses[j].pos })
	var out []*types.Action
	seen := map[*types.Action]bool{}
	for _, u := range uses {
		if u.a.Parent == nil && !seen[u.a] {
			seen[u.a] = true
			out = append(out, u.a)
		}
	}
	return out
}

func (d *describer) action(name string, a *types.Action) {
	if !d.used[a] || a.Annotations.Get("hidden") != nil {
		return
	}
	if prev := d.actionSeen[name]; prev != nil {
		// The same action reached from several blocks is listed once;
		// two actions with one name cannot both be addressed.
		if prev != a && prev.Decl != a.Decl {
			d.errorAt(a.Pos(), "action %q has the control-plane name %q of action %q declared at %s", a.Name(), name, prev.Name(), d.prog.Files.Position(prev.Pos()))
		}
		return
	}
	d.actionSeen[name] = a
	pa := p4info.Action{ID: annotatedID(a.Annotations), Name: name, Annotations: annotations(a.Annotations)}
	for _, prm := range a.Params {
		if prm.Dir != types.DirNone {
			continue
		}
		pp := p4info.Param{
			ID: annotatedID(prm.Annotations), Name: types.ControlPlaneName(prm.Annotations, prm.Name),
			Annotations: annotations(prm.Annotations), Bitwidth: int32(d.width(prm.Type)), TypeName: d.newTypeName(prm.Type),
		}
		if prm.Type != nil {
			d.typeSpec(prm.Type) // user types go to type_info
		}
		if e, ok := prm.Type.(*types.Enum); ok && e.Underlying == nil && e.Kind == types.KindEnum {
			pp.Bitwidth, pp.TypeName = 0, e.Name
		}
		pa.Params = append(pa.Params, pp)
	}
	d.out.Actions = append(d.out.Actions, pa)
}

func (d *describer) block(bi *types.BlockInstance) {
	for _, l := range bi.Locals {
		switch x := l.(type) {
		case *types.ActionInstance:
			d.action(x.Name, x.Action)
		case *types.TableInstance:
			if !x.Hidden && d.applied[x.Table] {
				d.table(bi, x)
			}
		case *types.ExternInstance:
			if !x.Hidden {
				d.extern(x)
			}
		case *types.ValueSetInstance:
			d.valueSet(x)
		case *types.BlockInstance:
			if d.applied[x.Instance] {
				d.block(x)
			}
		}
	}
}

func (d *describer) table(bi *types.BlockInstance, ti *types.TableInstance) {
	t := ti.Table
	d.uniqueName("table", ti.Name, ti, t.Pos(), bi)
	pt := p4info.Table{ID: annotatedID(t.Annotations), Name: ti.Name, Annotations: annotations(t.Annotations), Size: ti.Size, SupportTimeout: t.SupportTimeout}
	if pt.Size == 0 {
		pt.Size = p4info.DefaultTableSize
	}
	for _, k := range t.Keys {
		var anns syntax.Annotations
		for _, a := range k.Annotations {
			if a != nil && a.Name != nil && a.Name.Name != "name" {
				anns = append(anns, a)
			}
		}
		if k.Type != nil {
			d.typeSpec(k.Type)
		}
		pt.Keys = append(pt.Keys, p4info.MatchField{
			ID: annotatedID(k.Annotations), Name: k.Name, Annotations: annotations(anns),
			Bitwidth: int32(d.width(k.Type)), Match: matchType(k.MatchKind), TypeName: d.newTypeName(k.Type),
		})
	}
	for _, ta := range t.Actions {
		pt.Actions = append(pt.Actions, p4info.ActionRef{Name: d.prog.ActionName(bi, ta.Action), Annotations: annotations(ta.Annotations)})
	}
	if t.Default != nil {
		name := d.prog.ActionName(bi, t.Default.Action)
		pt.InitialDefaultAction = name
		if t.DefaultConst {
			pt.ConstDefaultAction = name
		}
	}
	pt.ConstEntries = t.HasEntries && t.EntriesConst
	pt.InitialEntries = t.HasEntries
	if t.Implementation != nil {
		if e := bi.Extern(t.Implementation); e != nil {
			pt.Implementation = e.Name
		}
	}
	if t.Counters != nil {
		if e := bi.Extern(t.Counters); e != nil {
			pt.DirectCounter = e.Name
		}
	}
	if t.Meters != nil {
		if e := bi.Extern(t.Meters); e != nil {
			pt.DirectMeter = e.Name
		}
	}
	d.out.Tables = append(d.out.Tables, pt)
}

// markCtorApplied marks as applied the block instances given as
// constructor arguments for parameters that are applied (c.apply() on a
// constructor parameter c of a control type).
func (d *describer) markCtorApplied() {
	params := map[*types.Param]bool{}
	for _, c := range d.prog.Info.Calls {
		if c.Kind == types.CallBlockApply && c.CtorParam != nil {
			params[c.CtorParam] = true
		}
	}
	if len(params) == 0 {
		return
	}
	var mark func(bi *types.BlockInstance)
	mark = func(bi *types.BlockInstance) {
		for _, p := range bi.Type.CtorParams {
			if t := bi.CtorBlock(p); t != nil && params[p] && t.Instance != nil {
				d.applied[t.Instance] = true
			}
		}
		for _, c := range bi.Children {
			mark(c)
		}
	}
	for _, bi := range d.prog.Blocks {
		mark(bi)
	}
}

// oneTable reports a direct counter or meter used by several applied
// tables: its P4Info names one table, and each entry has its own.
func (d *describer) oneTable(e *types.ExternInstance, tables []string) {
	if len(tables) > 1 {
		d.errorAt(e.Instance.Pos(), "%s %q is used by tables %s; a direct resource belongs to one table", e.Extern.Root().Name, e.Name, strings.Join(tables, ", "))
	}
}

// tablesUsing returns the names of the applied tables that use extern
// instance e through the property sel.
func (d *describer) tablesUsing(e *types.ExternInstance, sel func(*types.Table) *types.Instance) []string {
	var out []string
	var walk func(b *types.BlockInstance)
	walk = func(b *types.BlockInstance) {
		for _, ti := range b.Tables {
			if r := sel(ti.Table); r != nil && d.applied[ti.Table] && !ti.Hidden && b.Extern(r) == e {
				out = append(out, ti.Name)
			}
		}
		for _, c := range b.Children {
			if d.applied[c.Instance] {
				walk(c)
			}
		}
	}
	for _, b := range d.prog.Blocks {
		walk(b)
	}
	return out
}

func (d *describer) extern(e *types.ExternInstance) {
	in := e.Instance
	if e.Extern != nil {
		d.uniqueName(e.Extern.Name, e.Name, e, in.Pos(), e.Block)
	}
	anns := annotations(in.Annotations)
	id := annotatedID(in.Annotations)
	arg := func(i int) types.Value {
		if i < len(in.Values) {
			return in.Values[i]
		}
		return nil
	}
	intArg := func(i int) int64 {
		if v, ok := types.IntOf(arg(i)); ok && v.IsInt64() {
			return v.Int64()
		}
		return 0
	}
	member := func(i int) string {
		if m, ok := arg(i).(*types.EnumMember); ok {
			return m.Name()
		}
		return ""
	}
	typeArg := func(i int) types.Type {
		if i < len(e.Extern.Args) {
			return e.Extern.Args[i]
		}
		return nil
	}
	switch e.Extern.Root().Name {
	case "counter":
		d.out.Counters = append(d.out.Counters, p4info.Counter{ID: id, Name: e.Name, Annotations: anns, Unit: counterUnit(member(1)), Size: intArg(0), IndexType: d.newTypeName(typeArg(0))})
	case "direct_counter":
		tables := d.tablesUsing(e, func(t *types.Table) *types.Instance { return t.Counters })
		d.oneTable(e, tables)
		dc := p4info.DirectCounter{ID: id, Name: e.Name, Annotations: anns, Unit: counterUnit(member(0))}
		if len(tables) > 0 {
			dc.Table = tables[0]
		}
		d.out.DirectCounters = append(d.out.DirectCounters, dc)
	case "meter":
		d.out.Meters = append(d.out.Meters, p4info.Meter{ID: id, Name: e.Name, Annotations: anns, Unit: meterUnit(member(1)), Size: intArg(0), IndexType: d.newTypeName(typeArg(0))})
	case "direct_meter":
		tables := d.tablesUsing(e, func(t *types.Table) *types.Instance { return t.Meters })
		d.oneTable(e, tables)
		dm := p4info.DirectMeter{ID: id, Name: e.Name, Annotations: anns, Unit: meterUnit(member(0))}
		if len(tables) > 0 {
			dm.Table = tables[0]
		}
		d.out.DirectMeters = append(d.out.DirectMeters, dm)
	case "register":
		d.out.Registers = append(d.out.Registers, p4info.Register{ID: id, Name: e.Name, Annotations: anns, Type: d.typeSpec(typeArg(0)), Size: int32(intArg(0)), IndexType: d.newTypeName(typeArg(1))})
	case "action_profile", "action_selector":
		sel := e.Extern.Root().Name == "action_selector"
		size := intArg(0)
		if sel {
			size = intArg(1)
		}
		ap := p4info.ActionProfile{ID: id, Name: e.Name, Annotations: anns, WithSelector: sel, Size: size,
			Tables: d.tablesUsing(e, func(t *types.Table) *types.Instance { return t.Implementation })}
		if sel {
			selectorSize(&ap, in.Annotations)
		}
		d.out.ActionProfiles = append(d.out.ActionProfiles, ap)
	}
}

// selectorSize sets an action selector's max group size and size
// semantics from its annotations, as p4c does: @max_group_size(N),
// @selector_size_semantics("sum_of_weights" or "sum_of_members") and
// @max_member_weight(W) (for sum_of_members). With any of them the
// semantics default to sum_of_weights.
func selectorSize(ap *p4info.ActionProfile, anns syntax.Annotations) {
	intArg := func(name string) (int32, bool) {
		if a := anns.Get(name); a != nil {
			if v, ok := a.IntArg(); ok && v.IsInt64() {
				return int32(v.Int64()), true
			}
		}
		return 0, false
	}
	size, hasSize := intArg("max_group_size")
	weight, hasWeight := intArg("max_member_weight")
	ap.MaxGroupSize = size
	sem := anns.Get("selector_size_semantics")
	if !hasSize && !hasWeight && sem == nil {
		return
	}
	ap.SizeSemantics = p4info.SumOfWeights
	if sem != nil {
		if s, ok := sem.StringArg(); ok && strings.EqualFold(s, "sum_of_members") {
			ap.SizeSemantics = p4info.SumOfMembers
			ap.MaxMemberWeight = weight
		}
	}
}

func (d *describer) valueSet(v *types.ValueSetInstance) {
	vs := v.ValueSet
	d.uniqueName("value_set", v.Name, v, vs.Pos(), v.Block)
	pv := p4info.ValueSet{ID: annotatedID(vs.Annotations), Name: v.Name, Annotations: annotations(vs.Annotations), Size: int32(vs.Size)}
	if st, ok := vs.Elem.(*types.Struct); ok {
		for i, f := range st.Fields {
			w, _ := types.Width(f.Type)
			mk := "exact"
			if a := f.Annotations.Get("match"); a != nil && len(a.Args) == 1 {
				if id, ok := a.Args[0].(*syntax.Ident); ok {
					mk = id.Name
				}
			}
			pv.Match = append(pv.Match, p4info.MatchField{ID: uint32(i + 1), Name: f.Name, Bitwidth: int32(w), Match: matchType(mk), TypeName: d.newTypeName(f.Type)})
		}
	} else {
		w, _ := types.Width(vs.Elem)
		pv.Match = append(pv.Match, p4info.MatchField{ID: 1, Bitwidth: int32(w), Match: p4info.MatchExact, TypeName: d.newTypeName(vs.Elem)})
	}
	d.out.ValueSets = append(d.out.ValueSets, pv)
}

// digests lists one digest per type name, as p4c does: a struct or
// header digest is named after its type (its @name if any); a digest of a
// type without a name (a tuple) gets an automatic name "digest_N", N
// counting such call sites.
func (d *describer) digests() {
	seen := map[string]bool{}
	auto := map[*syntax.CallExpr]string{}
	for _, dg := range d.prog.Digests {
		name := ""
		switch t := dg.Type.(type) {
		case *types.Struct:
			name = types.ControlPlaneName(t.Annotations, t.Name)
		case *types.Enum, *types.NewType:
			name = typeName(t)
		}
		if len(name) > 0 && name[0] == '.' {
			name = name[1:]
		}
		if name == "" {
			if n, ok := auto[dg.Call]; ok {
				name = n
			} else {
				name = fmt.Sprintf("digest_%d", len(auto))
				auto[dg.Call] = name
			}
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		d.out.Digests = append(d.out.Digests, p4info.Digest{Name: name, Type: d.typeSpec(dg.Type)})
	}
}

func (d *describer) controllerHeaders() {
	for _, st := range d.prog.Structs {
		a := st.Annotations.Get("controller_header")
		if a == nil || st.Kind != types.KindHeader {
			continue
		}
		name, ok := a.StringArg()
		if !ok {
			d.errorf("header %s: @controller_header needs a string argument", st.Name)
			continue
		}
		ch := p4info.ControllerHeader{ID: annotatedID(st.Annotations), Name: name, TypeName: st.Name, Annotations: annotations(st.Annotations)}
		for i, f := range st.Fields {
			w := d.width(f.Type)
			d.typeSpec(f.Type)
			ch.Metadata = append(ch.Metadata, p4info.ControllerMetadata{
				ID: uint32(i + 1), Name: f.Name, Annotations: annotations(f.Annotations), Bitwidth: int32(w), TypeName: d.newTypeName(f.Type),
			})
		}
		if id := annotatedID(st.Annotations); id != 0 {
			ch.ID = id
		}
		d.out.ControllerPacketMetadata = append(d.out.ControllerPacketMetadata, ch)
	}
}

func typeName(t types.Type) string {
	switch t := t.(type) {
	case *types.Struct:
		return t.Name
	case *types.Enum:
		return t.Name
	case *types.NewType:
		return t.Name
	}
	return ""
}

// width returns the bit width P4Info gives a value of type t: the
// controller width of a new type with @p4runtime_translation (0 for a
// string translation), else the type's width (0 for error).
func (d *describer) width(t types.Type) int {
	if nt, ok := t.(*types.NewType); ok {
		if tr := translation(nt); tr != nil {
			return int(tr.SDNBitwidth)
		}
	}
	w, _ := types.Width(t)
	return w
}

// newTypeName returns the name of a new type (type T U), "" for others.
func (d *describer) newTypeName(t types.Type) string {
	if nt, ok := t.(*types.NewType); ok {
		d.typeSpec(nt)
		return nt.Name
	}
	return ""
}

func matchType(k string) p4info.MatchType {
	switch k {
	case "exact":
		return p4info.MatchExact
	case "lpm":
		return p4info.MatchLPM
	case "ternary":
		return p4info.MatchTernary
	case "range":
		return p4info.MatchRange
	case "optional":
		return p4info.MatchOptional
	case "selector":
		return p4info.MatchSelector
	}
	return 0
}

func counterUnit(m string) p4info.CounterUnit {
	switch m {
	case "packets":
		return p4info.CounterPackets
	case "bytes":
		return p4info.CounterBytes
	case "packets_and_bytes":
		return p4info.CounterPacketsAndBytes
	}
	return 0
}

func meterUnit(m string) p4info.MeterUnit {
	switch m {
	case "packets":
		return p4info.MeterPackets
	case "bytes":
		return p4info.MeterBytes
	}
	return 0
}

// annotatedID returns the @id of a declaration, 0 if none.
func annotatedID(anns syntax.Annotations) uint32 {
	a := anns.Get("id")
	if a == nil {
		return 0
	}
	v, ok := a.IntArg()
	if !ok || v.Sign() < 0 || v.BitLen() > 32 {
		return 0
	}
	return uint32(v.Uint64())
}

// annotations converts annotations to p4info's form: structured ones with
// their values, the others with their body tokens separated by one space.
func annotations(anns syntax.Annotations) []p4info.Annotation {
	var out []p4info.Annotation
	for _, a := range anns {
		if a == nil || a.Name == nil {
			continue
		}
		pa := p4info.Annotation{Name: a.Name.Name, HasBody: a.Open.IsValid()}
		if a.Square {
			pa.Structured = true
			for _, e := range a.Args {
				if v, ok := annotationValue(e); ok {
					pa.Exprs = append(pa.Exprs, v)
				}
			}
			for _, kv := range a.KVs {
				if v, ok := annotationValue(kv.Value); ok && kv.Key != nil {
					pa.KVs = append(pa.KVs, p4info.AnnotationKV{Key: kv.Key.Name, Value: v})
				}
			}
			out = append(out, pa)
			continue
		}
		// p4c prints the body of an annotation it does not parse (any but
		// its own, and those are single tokens here) token by token,
		// separated by one space: @refers_to(t, f) is "@refers_to(t , f)".
		lits := make([]string, len(a.Body))
		for i, t := range a.Body {
			lits[i] = t.Lit
		}
		pa.Body = strings.Join(lits, " ")
		out = append(out, pa)
	}
	return out
}

// annotationValue returns the value of a structured annotation's literal
// (integer, string or boolean, possibly in parentheses or negated).
func annotationValue(e syntax.Expr) (p4info.AnnotationValue, bool) {
	switch x := e.(type) {
	case *syntax.ParenExpr:
		return annotationValue(x.X)
	case *syntax.UnaryExpr:
		if v, ok := annotationValue(x.X); ok && x.Op == syntax.SUB && v.Kind == p4info.AnnotationInt {
			v.Int = -v.Int
			return v, true
		}
	case *syntax.IntLit:
		if x.Value != nil && x.Value.IsInt64() {
			return p4info.AnnotationValue{Kind: p4info.AnnotationInt, Int: x.Value.Int64()}, true
		}
	case *syntax.StringLit:
		return p4info.AnnotationValue{Kind: p4info.AnnotationString, Str: x.Value}, true
	case *syntax.BoolLit:
		return p4info.AnnotationValue{Kind: p4info.AnnotationBool, Bool: x.Value}, true
	}
	return p4info.AnnotationValue{}, false
}

// translation decodes @p4runtime_translation(URI, W) (or (URI, bit<W>),
// (URI, string)) of a new type, nil without it.
func translation(t *types.NewType) *p4info.Translation {
	a := t.Annotations.Get("p4runtime_translation")
	if a == nil || len(a.Args) != 2 {
		return nil
	}
	tr := &p4info.Translation{}
	if s, ok := a.Args[0].(*syntax.StringLit); ok {
		tr.URI = s.Value
	}
	switch x := a.Args[1].(type) {
	case *syntax.IntLit:
		if x.Value != nil && x.Value.IsInt64() {
			tr.SDNBitwidth = int32(x.Value.Int64())
		}
	case *syntax.TypeExpr:
		if bt, ok := x.Type.(*syntax.BaseType); ok {
			switch bt.Kind {
			case syntax.STRING_KW:
				tr.SDNString = true
			case syntax.BIT:
				if lit, ok := bt.Width.(*syntax.IntLit); ok && lit.Value != nil && lit.Value.IsInt64() {
					tr.SDNBitwidth = int32(lit.Value.Int64())
				}
			}
		}
	}
	return tr
}
