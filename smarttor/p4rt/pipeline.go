package p4rt

import (
	"fmt"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

// pipeline is the server's view of one P4Info: what validation needs,
// resolved once when the config is set.
type pipeline struct {
	info         *p4configv1.P4Info
	index        *p4info.Index
	deviceConfig []byte
	cookie       uint64
	hasCookie    bool
	prepared     Pipeline

	tables    map[uint32]*tableInfo
	actions   map[uint32]*actionInfo
	packetOut *ctrlHeader
	packetIn  *ctrlHeader
	digests   map[uint32]*digestInfo
}

// matchKind is the match kind of a field.
type matchKind uint8

// The match kinds of P4Runtime.
const (
	kindExact matchKind = iota + 1
	kindLPM
	kindTernary
	kindRange
	kindOptional
)

type fieldInfo struct {
	id   uint32
	name string
	kind matchKind
	bits int
}

type tableInfo struct {
	t             *p4configv1.Table
	keyBytes      int // room for the padded values of a key
	fields        []fieldInfo
	fieldIdx      map[uint32]int
	needsPriority bool
	actions       map[uint32]*p4configv1.ActionRef
	directCounter uint32
	directMeter   uint32
	idle          bool
	isConst       bool
	constDefault  bool
	profile       uint32 // action profile implementing the table, 0 if direct
	selector      bool
}

type actionInfo struct {
	a      *p4configv1.Action
	bytes  int // room for the padded parameters
	params []paramInfo
	idx    map[uint32]int
}

type paramInfo struct {
	id   uint32
	bits int
}

// ctrlHeader is a @controller_header: its metadata fields in order.
type ctrlHeader struct {
	fields []metaField
	idx    map[uint32]int
	bits   int
}

type metaField struct {
	id   uint32
	name string
	bits int
}

type digestInfo struct {
	d      *p4configv1.Digest
	kind   int // 0 bitstring, 1 struct, 2 tuple
	widths []int
}

// newPipeline resolves info. Match kinds the server does not know are
// refused: a pipeline that the server cannot validate must not run.
func newPipeline(info *p4configv1.P4Info) (*pipeline, error) {
	idx, err := p4info.NewIndex(info)
	if err != nil {
		return nil, fmt.Errorf("p4info: %w", err)
	}
	p := &pipeline{info: info, index: idx, tables: map[uint32]*tableInfo{}, actions: map[uint32]*actionInfo{}, digests: map[uint32]*digestInfo{}}
	for _, a := range info.GetActions() {
		ai := &actionInfo{a: a, idx: map[uint32]int{}}
		for i, prm := range a.GetParams() {
			if prm.GetBitwidth() <= 0 {
				return nil, fmt.Errorf("action %q param %q: bitwidth %d", a.GetPreamble().GetName(), prm.GetName(), prm.GetBitwidth())
			}
			ai.params = append(ai.params, paramInfo{id: prm.GetId(), bits: int(prm.GetBitwidth())})
			ai.idx[prm.GetId()] = i
			ai.bytes += byteLen(int(prm.GetBitwidth()))
		}
		p.actions[a.GetPreamble().GetId()] = ai
	}
	profiles := map[uint32]*p4configv1.ActionProfile{}
	for _, ap := range info.GetActionProfiles() {
		profiles[ap.GetPreamble().GetId()] = ap
	}
	for _, t := range info.GetTables() {
		ti := &tableInfo{t: t, fieldIdx: map[uint32]int{}, actions: map[uint32]*p4configv1.ActionRef{}}
		for i, f := range t.GetMatchFields() {
			var k matchKind
			switch f.GetMatchType() {
			case p4configv1.MatchField_EXACT:
				k = kindExact
			case p4configv1.MatchField_LPM:
				k = kindLPM
			case p4configv1.MatchField_TERNARY:
				k = kindTernary
				ti.needsPriority = true
			case p4configv1.MatchField_RANGE:
				k = kindRange
				ti.needsPriority = true
			case p4configv1.MatchField_OPTIONAL:
				k = kindOptional
				ti.needsPriority = true
			default:
				return nil, fmt.Errorf("table %q field %q: unsupported match type %v", t.GetPreamble().GetName(), f.GetName(), f.GetMatchType())
			}
			if f.GetBitwidth() <= 0 {
				return nil, fmt.Errorf("table %q field %q: bitwidth %d", t.GetPreamble().GetName(), f.GetName(), f.GetBitwidth())
			}
			ti.fields = append(ti.fields, fieldInfo{id: f.GetId(), name: f.GetName(), kind: k, bits: int(f.GetBitwidth())})
			ti.fieldIdx[f.GetId()] = i
			ti.keyBytes += 2 * byteLen(int(f.GetBitwidth()))
		}
		for _, r := range t.GetActionRefs() {
			ti.actions[r.GetId()] = r
		}
		for _, d := range t.GetDirectResourceIds() {
			switch p4info.PrefixOf(d) {
			case p4info.PrefixDirectCounter:
				ti.directCounter = d
			case p4info.PrefixDirectMeter:
				ti.directMeter = d
			}
		}
		ti.idle = t.GetIdleTimeoutBehavior() == p4configv1.Table_NOTIFY_CONTROL
		ti.isConst = t.GetIsConstTable()
		ti.constDefault = t.GetConstDefaultActionId() != 0
		if impl := t.GetImplementationId(); impl != 0 {
			ap, ok := profiles[impl]
			if !ok {
				return nil, fmt.Errorf("table %q: unknown implementation %#x", t.GetPreamble().GetName(), impl)
			}
			ti.profile = impl
			ti.selector = ap.GetWithSelector()
		}
		p.tables[t.GetPreamble().GetId()] = ti
	}
	for _, m := range info.GetControllerPacketMetadata() {
		h := &ctrlHeader{idx: map[uint32]int{}}
		for i, f := range m.GetMetadata() {
			h.fields = append(h.fields, metaField{id: f.GetId(), name: f.GetName(), bits: int(f.GetBitwidth())})
			h.idx[f.GetId()] = i
			h.bits += int(f.GetBitwidth())
		}
		switch m.GetPreamble().GetName() {
		case "packet_out":
			p.packetOut = h
		case "packet_in":
			p.packetIn = h
		}
	}
	for _, d := range info.GetDigests() {
		di := &digestInfo{d: d}
		ts := d.GetTypeSpec()
		switch {
		case ts.GetBitstring() != nil:
			di.widths = []int{bitstringWidth(ts.GetBitstring())}
		case ts.GetStruct() != nil:
			di.kind = 1
			st := info.GetTypeInfo().GetStructs()[ts.GetStruct().GetName()]
			for _, m := range st.GetMembers() {
				di.widths = append(di.widths, bitstringWidth(m.GetTypeSpec().GetBitstring()))
			}
		case ts.GetTuple() != nil:
			di.kind = 2
			for _, m := range ts.GetTuple().GetMembers() {
				di.widths = append(di.widths, bitstringWidth(m.GetBitstring()))
			}
		}
		p.digests[d.GetPreamble().GetId()] = di
	}
	return p, nil
}

// bitstringWidth is the width of a bit<W>, int<W> or varbit<W> spec, 0 if
// unknown.
func bitstringWidth(b *p4configv1.P4BitstringLikeTypeSpec) int {
	switch {
	case b.GetBit() != nil:
		return int(b.GetBit().GetBitwidth())
	case b.GetInt() != nil:
		return int(b.GetInt().GetBitwidth())
	case b.GetVarbit() != nil:
		return int(b.GetVarbit().GetMaxBitwidth())
	}
	return 0
}

// digestKnown looks a digest up; p may be nil (no pipeline).
func (p *pipeline) digestKnown(id uint32) (*digestInfo, bool) {
	if p == nil {
		return nil, false
	}
	d, ok := p.digests[id]
	return d, ok
}
