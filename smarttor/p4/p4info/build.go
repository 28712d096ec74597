package p4info

import (
	"errors"
	"fmt"
	"strconv"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/protobuf/proto"
)

// DefaultArch is the pkg_info arch Build writes when Program.Arch is empty.
const DefaultArch = "v1model"

// Build generates the P4Info of p. It reports every error it finds (joined):
// @id clashes or wrong prefixes, references to undeclared objects, empty
// names.
func Build(p *Program) (*p4configv1.P4Info, error) {
	b := &builder{syms: newSymbolTable()}
	b.collect(p)
	b.syms.assign()
	info := b.emit(p)
	b.errs = append(b.syms.errs, b.errs...)
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	return info, nil
}

type builder struct {
	syms *symbolTable
	errs []error
}

func (b *builder) errorf(format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf(format, args...))
}

// collect adds every symbol in the order p4c's generateSymbols meets them;
// the order only matters for duplicate @id reports.
func (b *builder) collect(p *Program) {
	s := b.syms
	for _, a := range p.Actions {
		s.add(PrefixAction, a.Name, a.ID)
	}
	for _, t := range p.Tables {
		s.add(PrefixTable, t.Name, t.ID)
	}
	for _, x := range p.ActionProfiles {
		s.add(PrefixActionProfile, x.Name, x.ID)
	}
	for _, x := range p.Counters {
		s.add(PrefixCounter, x.Name, x.ID)
	}
	for _, x := range p.DirectCounters {
		s.add(PrefixDirectCounter, x.Name, x.ID)
	}
	for _, x := range p.Meters {
		s.add(PrefixMeter, x.Name, x.ID)
	}
	for _, x := range p.DirectMeters {
		s.add(PrefixDirectMeter, x.Name, x.ID)
	}
	for _, x := range p.Registers {
		s.add(PrefixRegister, x.Name, x.ID)
	}
	for _, x := range p.Digests {
		s.add(PrefixDigest, x.Name, x.ID)
	}
	for _, x := range p.ValueSets {
		s.add(PrefixValueSet, x.Name, x.ID)
	}
	for _, x := range p.ControllerPacketMetadata {
		s.add(PrefixControllerHeader, controllerSymbol(x), x.ID)
	}
}

// AnnotatedID returns the value of the @id annotation in anns (decimal,
// 0x hex or 0 octal), 0 if there is none or it is not an unsigned 32-bit
// integer. The front-end may use it to fill the ID fields.
func AnnotatedID(anns []Annotation) uint32 {
	for _, a := range anns {
		if a.Name == "id" {
			v, err := strconv.ParseUint(a.Body, 0, 32)
			if err == nil {
				return uint32(v)
			}
		}
	}
	return 0
}

// controllerSymbol is the name p4c hashes for a controller header.
func controllerSymbol(x ControllerHeader) string {
	if x.TypeName != "" {
		return x.TypeName
	}
	return x.Name
}

// fieldIDs numbers n fields as p4c's FieldIdAllocator: explicit ids (non-zero
// entries of explicit) first, then the others by position, skipping taken
// ids.
func (b *builder) fieldIDs(explicit []uint32, user string) []uint32 {
	ids := make([]uint32, len(explicit))
	taken := make(map[uint32]bool)
	for i, id := range explicit {
		if id == 0 {
			continue
		}
		if taken[id] {
			b.errorf("%s: @id %d is used multiple times", user, id)
		}
		taken[id] = true
		ids[i] = id
	}
	next := uint32(1)
	for i, id := range explicit {
		if id != 0 {
			next++
			continue
		}
		for taken[next] {
			next++
		}
		ids[i] = next
		taken[next] = true
	}
	return ids
}

func (b *builder) ref(p Prefix, name, user string) uint32 {
	id := b.syms.id(p, name)
	if id == 0 {
		b.errorf("%s refers to undeclared %v %q", user, p, name)
	}
	return id
}

func (b *builder) preamble(p Prefix, name string, anns []Annotation) *p4configv1.Preamble {
	return &p4configv1.Preamble{
		Id:                    b.syms.id(p, name),
		Name:                  name,
		Alias:                 b.syms.alias(name),
		Annotations:           annotationStrings(anns),
		StructuredAnnotations: structuredAnnotations(anns),
		Doc:                   documentation(anns),
	}
}

// annotationStrings keeps the (unstructured) annotations p4c keeps.
func annotationStrings(anns []Annotation) []string {
	var out []string
	for _, a := range anns {
		if a.Structured {
			continue
		}
		switch a.Name {
		case "name", "id", "brief", "description", "pkginfo":
			continue
		}
		out = append(out, a.String())
	}
	return out
}

// structuredAnnotations converts the structured annotations of anns.
func structuredAnnotations(anns []Annotation) []*p4configv1.StructuredAnnotation {
	var out []*p4configv1.StructuredAnnotation
	for _, a := range anns {
		if !a.Structured {
			continue
		}
		sa := &p4configv1.StructuredAnnotation{Name: a.Name}
		switch {
		case len(a.KVs) > 0:
			l := &p4configv1.KeyValuePairList{}
			for _, kv := range a.KVs {
				l.KvPairs = append(l.KvPairs, &p4configv1.KeyValuePair{Key: kv.Key, Value: annotationExpr(kv.Value)})
			}
			sa.Body = &p4configv1.StructuredAnnotation_KvPairList{KvPairList: l}
		case len(a.Exprs) > 0:
			l := &p4configv1.ExpressionList{}
			for _, v := range a.Exprs {
				l.Expressions = append(l.Expressions, annotationExpr(v))
			}
			sa.Body = &p4configv1.StructuredAnnotation_ExpressionList{ExpressionList: l}
		}
		out = append(out, sa)
	}
	return out
}

func annotationExpr(v AnnotationValue) *p4configv1.Expression {
	switch v.Kind {
	case AnnotationString:
		return &p4configv1.Expression{Value: &p4configv1.Expression_StringValue{StringValue: v.Str}}
	case AnnotationBool:
		return &p4configv1.Expression{Value: &p4configv1.Expression_BoolValue{BoolValue: v.Bool}}
	}
	return &p4configv1.Expression{Value: &p4configv1.Expression_Int64Value{Int64Value: v.Int}}
}

// without returns anns less those named names: the annotations p4c turns
// into fields of an object rather than copying them.
func without(anns []Annotation, names ...string) []Annotation {
	var out []Annotation
next:
	for _, a := range anns {
		for _, n := range names {
			if a.Name == n {
				continue next
			}
		}
		out = append(out, a)
	}
	return out
}

func documentation(anns []Annotation) *p4configv1.Documentation {
	var d *p4configv1.Documentation
	for _, a := range anns {
		if a.Name != "brief" && a.Name != "description" {
			continue
		}
		if d == nil {
			d = &p4configv1.Documentation{}
		}
		text := a.Body
		if s, err := strconv.Unquote(a.Body); err == nil {
			text = s
		}
		if a.Name == "brief" {
			d.Brief = text
		} else {
			d.Description = text
		}
	}
	return d
}

func namedType(name string) *p4configv1.P4NamedType {
	if name == "" {
		return nil
	}
	return &p4configv1.P4NamedType{Name: name}
}

func (b *builder) emit(p *Program) *p4configv1.P4Info {
	arch := p.Arch
	if arch == "" {
		arch = DefaultArch
	}
	info := &p4configv1.P4Info{
		PkgInfo: &p4configv1.PkgInfo{
			Name:                  p.Name,
			Version:               p.Version,
			Organization:          p.Organization,
			Contact:               p.Contact,
			Url:                   p.URL,
			Doc:                   documentation(p.Annotations),
			Annotations:           annotationStrings(p.Annotations),
			StructuredAnnotations: structuredAnnotations(p.Annotations),
			Arch:                  arch,
		},
	}
	for i := range p.Tables {
		info.Tables = append(info.Tables, b.table(&p.Tables[i]))
	}
	seenActions := make(map[string]bool)
	for _, a := range p.Actions {
		if seenActions[a.Name] {
			continue // p4c serialises an action once
		}
		seenActions[a.Name] = true
		pa := &p4configv1.Action{Preamble: b.preamble(PrefixAction, a.Name, a.Annotations)}
		explicit := make([]uint32, len(a.Params))
		for i, prm := range a.Params {
			explicit[i] = prm.ID
		}
		ids := b.fieldIDs(explicit, "action "+strconv.Quote(a.Name))
		for i, prm := range a.Params {
			id := ids[i]
			pa.Params = append(pa.Params, &p4configv1.Action_Param{
				Id:                    id,
				Name:                  prm.Name,
				Annotations:           annotationStrings(prm.Annotations),
				StructuredAnnotations: structuredAnnotations(prm.Annotations),
				Bitwidth:              prm.Bitwidth,
				Doc:                   documentation(prm.Annotations),
				TypeName:              namedType(prm.TypeName),
			})
		}
		info.Actions = append(info.Actions, pa)
	}
	for _, x := range p.ActionProfiles {
		ap := &p4configv1.ActionProfile{
			Preamble:     b.preamble(PrefixActionProfile, x.Name, without(x.Annotations, "max_group_size", "selector_size_semantics", "max_member_weight")),
			WithSelector: x.WithSelector,
			Size:         x.Size,
			MaxGroupSize: x.MaxGroupSize,
		}
		setSelectorSizeSemantics(ap, x.SizeSemantics, x.MaxMemberWeight)
		for _, t := range x.Tables {
			ap.TableIds = append(ap.TableIds, b.ref(PrefixTable, t, "action profile "+strconv.Quote(x.Name)))
		}
		info.ActionProfiles = append(info.ActionProfiles, ap)
	}
	for _, x := range p.Counters {
		info.Counters = append(info.Counters, &p4configv1.Counter{
			Preamble:      b.preamble(PrefixCounter, x.Name, x.Annotations),
			Spec:          &p4configv1.CounterSpec{Unit: counterUnit(x.Unit)},
			Size:          x.Size,
			IndexTypeName: namedType(x.IndexType),
		})
	}
	for _, x := range p.DirectCounters {
		info.DirectCounters = append(info.DirectCounters, &p4configv1.DirectCounter{
			Preamble:      b.preamble(PrefixDirectCounter, x.Name, x.Annotations),
			Spec:          &p4configv1.CounterSpec{Unit: counterUnit(x.Unit)},
			DirectTableId: b.ref(PrefixTable, x.Table, "direct counter "+strconv.Quote(x.Name)),
		})
	}
	for _, x := range p.Meters {
		info.Meters = append(info.Meters, &p4configv1.Meter{
			Preamble:      b.preamble(PrefixMeter, x.Name, x.Annotations),
			Spec:          &p4configv1.MeterSpec{Unit: meterUnit(x.Unit)},
			Size:          x.Size,
			IndexTypeName: namedType(x.IndexType),
		})
	}
	for _, x := range p.DirectMeters {
		info.DirectMeters = append(info.DirectMeters, &p4configv1.DirectMeter{
			Preamble:      b.preamble(PrefixDirectMeter, x.Name, x.Annotations),
			Spec:          &p4configv1.MeterSpec{Unit: meterUnit(x.Unit)},
			DirectTableId: b.ref(PrefixTable, x.Table, "direct meter "+strconv.Quote(x.Name)),
		})
	}
	for _, x := range p.ControllerPacketMetadata {
		pre := b.preamble(PrefixControllerHeader, controllerSymbol(x), x.Annotations)
		pre.Name, pre.Alias = x.Name, x.Name
		cm := &p4configv1.ControllerPacketMetadata{Preamble: pre}
		explicit := make([]uint32, len(x.Metadata))
		for i, m := range x.Metadata {
			explicit[i] = m.ID
		}
		ids := b.fieldIDs(explicit, "controller header "+strconv.Quote(x.Name))
		for i, m := range x.Metadata {
			id := ids[i]
			cm.Metadata = append(cm.Metadata, &p4configv1.ControllerPacketMetadata_Metadata{
				Id:                    id,
				Name:                  m.Name,
				Annotations:           annotationStrings(m.Annotations),
				StructuredAnnotations: structuredAnnotations(m.Annotations),
				Bitwidth:              m.Bitwidth,
				TypeName:              namedType(m.TypeName),
			})
		}
		info.ControllerPacketMetadata = append(info.ControllerPacketMetadata, cm)
	}
	for _, x := range p.ValueSets {
		info.ValueSets = append(info.ValueSets, &p4configv1.ValueSet{
			Preamble: b.preamble(PrefixValueSet, x.Name, x.Annotations),
			Match:    b.matchFields(x.Match, "value set "+strconv.Quote(x.Name)),
			Size:     x.Size,
		})
	}
	for _, x := range p.Registers {
		info.Registers = append(info.Registers, &p4configv1.Register{
			Preamble:      b.preamble(PrefixRegister, x.Name, x.Annotations),
			TypeSpec:      b.dataType(x.Type),
			Size:          x.Size,
			IndexTypeName: namedType(x.IndexType),
		})
	}
	for _, x := range p.Digests {
		info.Digests = append(info.Digests, &p4configv1.Digest{
			Preamble: b.preamble(PrefixDigest, x.Name, x.Annotations),
			TypeSpec: b.dataType(x.Type),
		})
	}
	info.TypeInfo = b.typeInfo(&p.Types)
	if proto.Size(info.TypeInfo) == 0 && len(info.Tables)+len(info.ActionProfiles)+len(info.Counters)+len(info.DirectCounters)+
		len(info.Meters)+len(info.DirectMeters)+len(info.ControllerPacketMetadata)+len(info.ValueSets)+len(info.Registers)+len(info.Digests) == 0 {
		// p4c writes no type_info for a program with actions only.
		info.TypeInfo = nil
	}
	return info
}

func (b *builder) table(t *Table) *p4configv1.Table {
	user := "table " + strconv.Quote(t.Name)
	pt := &p4configv1.Table{
		Preamble:     b.preamble(PrefixTable, t.Name, t.Annotations),
		MatchFields:  b.matchFields(t.Keys, user),
		Size:         t.Size,
		IsConstTable: t.ConstEntries,
	}
	if pt.Size == 0 {
		pt.Size = DefaultTableSize
	}
	for _, r := range t.Actions {
		if hasAnnotation(r.Annotations, "tableonly") && hasAnnotation(r.Annotations, "defaultonly") {
			b.errorf("%s: action reference %q is annotated with both @tableonly and @defaultonly", user, r.Name)
		}
		pt.ActionRefs = append(pt.ActionRefs, &p4configv1.ActionRef{
			Id:                    b.ref(PrefixAction, r.Name, user),
			Scope:                 actionScope(r),
			Annotations:           annotationStrings(r.Annotations),
			StructuredAnnotations: structuredAnnotations(r.Annotations),
		})
	}
	if t.ConstDefaultAction != "" {
		pt.ConstDefaultActionId = b.ref(PrefixAction, t.ConstDefaultAction, user)
	}
	if t.Implementation != "" {
		pt.ImplementationId = b.ref(PrefixActionProfile, t.Implementation, user)
	}
	if t.DirectCounter != "" {
		pt.DirectResourceIds = append(pt.DirectResourceIds, b.ref(PrefixDirectCounter, t.DirectCounter, user))
	}
	if t.DirectMeter != "" {
		pt.DirectResourceIds = append(pt.DirectResourceIds, b.ref(PrefixDirectMeter, t.DirectMeter, user))
	}
	if t.SupportTimeout {
		pt.IdleTimeoutBehavior = p4configv1.Table_NOTIFY_CONTROL
	}
	if t.InitialEntries {
		setHasInitialEntries(pt)
	}
	return pt
}

func hasAnnotation(anns []Annotation, name string) bool {
	for _, a := range anns {
		if a.Name == name {
			return true
		}
	}
	return false
}

func (b *builder) matchFields(keys []MatchField, user string) []*p4configv1.MatchField {
	var out []*p4configv1.MatchField
	explicit := make([]uint32, len(keys))
	for i, k := range keys {
		explicit[i] = k.ID
	}
	ids := b.fieldIDs(explicit, user)
	for i, k := range keys {
		if k.Match == MatchSelector {
			continue // selector fields feed the action selector, not P4Info
		}
		id := ids[i]
		mf := &p4configv1.MatchField{
			Id:                    id,
			Name:                  k.Name,
			Annotations:           annotationStrings(k.Annotations),
			StructuredAnnotations: structuredAnnotations(k.Annotations),
			Bitwidth:              k.Bitwidth,
			Doc:                   documentation(k.Annotations),
			TypeName:              namedType(k.TypeName),
		}
		mt, ok := matchTypes[k.Match]
		if !ok {
			b.errorf("%s: key %q has an unknown match type %d", user, k.Name, k.Match)
		}
		mf.Match = &p4configv1.MatchField_MatchType_{MatchType: mt}
		out = append(out, mf)
	}
	return out
}

var matchTypes = map[MatchType]p4configv1.MatchField_MatchType{
	MatchExact:    p4configv1.MatchField_EXACT,
	MatchLPM:      p4configv1.MatchField_LPM,
	MatchTernary:  p4configv1.MatchField_TERNARY,
	MatchRange:    p4configv1.MatchField_RANGE,
	MatchOptional: p4configv1.MatchField_OPTIONAL,
}

func actionScope(r ActionRef) p4configv1.ActionRef_Scope {
	switch r.Scope {
	case ScopeTableOnly:
		return p4configv1.ActionRef_TABLE_ONLY
	case ScopeDefaultOnly:
		return p4configv1.ActionRef_DEFAULT_ONLY
	case ScopeTableAndDefault:
		return p4configv1.ActionRef_TABLE_AND_DEFAULT
	}
	for _, a := range r.Annotations {
		switch a.Name {
		case "tableonly":
			return p4configv1.ActionRef_TABLE_ONLY
		case "defaultonly":
			return p4configv1.ActionRef_DEFAULT_ONLY
		}
	}
	return p4configv1.ActionRef_TABLE_AND_DEFAULT
}

func counterUnit(u CounterUnit) p4configv1.CounterSpec_Unit {
	switch u {
	case CounterPackets:
		return p4configv1.CounterSpec_PACKETS
	case CounterBytes:
		return p4configv1.CounterSpec_BYTES
	case CounterPacketsAndBytes:
		return p4configv1.CounterSpec_BOTH
	}
	return p4configv1.CounterSpec_UNSPECIFIED
}

func meterUnit(u MeterUnit) p4configv1.MeterSpec_Unit {
	switch u {
	case MeterPackets:
		return p4configv1.MeterSpec_PACKETS
	case MeterBytes:
		return p4configv1.MeterSpec_BYTES
	}
	return p4configv1.MeterSpec_UNSPECIFIED
}
