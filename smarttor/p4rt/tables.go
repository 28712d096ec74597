package p4rt

import (
	"bytes"
	"encoding/binary"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
)

// decodedEntry is a validated table entry: the target's view (key,
// action) and the canonical protobuf the server stores for reads.
type decodedEntry struct {
	ti     *tableInfo
	key    *Key
	keyStr string
	action *Action // nil when the update leaves the action alone or the table is indirect
	member uint32
	group  uint32
	hasAct bool
	canon  *p4v1.TableEntry
}

// decodeMatch validates the match of te against the table and returns the
// target key, the map key and the canonical match fields (te's own when
// the client sent canonical byte strings, which is the common case and
// saves an allocation per field).
func decodeMatch(ti *tableInfo, te *p4v1.TableEntry) (*Key, string, []*p4v1.FieldMatch, error) {
	n := len(ti.fields)
	key := &Key{Match: make([]FieldMatch, n), Priority: te.GetPriority()}
	a := &arena{b: make([]byte, 0, ti.keyBytes)}
	var seen uint64
	var seenBig []bool
	if n > 64 {
		seenBig = make([]bool, n)
	}
	allCanon := true
	for _, fm := range te.GetMatch() {
		i, ok := ti.fieldIdx[fm.GetFieldId()]
		if !ok {
			return nil, "", nil, Errorf(codes.InvalidArgument, "table %q has no match field %d", ti.t.GetPreamble().GetName(), fm.GetFieldId())
		}
		if seenBig != nil {
			if seenBig[i] {
				return nil, "", nil, Errorf(codes.InvalidArgument, "match field %d given twice", fm.GetFieldId())
			}
			seenBig[i] = true
		} else {
			if seen&(1<<i) != 0 {
				return nil, "", nil, Errorf(codes.InvalidArgument, "match field %d given twice", fm.GetFieldId())
			}
			seen |= 1 << i
		}
		canon, err := decodeField(a, ti.fields[i], fm, &key.Match[i])
		if err != nil {
			return nil, "", nil, err
		}
		allCanon = allCanon && canon
	}
	for i, f := range ti.fields {
		if (seenBig != nil && seenBig[i]) || (seenBig == nil && seen&(1<<i) != 0) {
			continue
		}
		m := &key.Match[i]
		m.Wildcard = true
		switch f.kind {
		case kindExact:
			return nil, "", nil, Errorf(codes.InvalidArgument, "exact match field %q (%d) missing", f.name, f.id)
		case kindLPM:
			m.Value = a.take(byteLen(f.bits))
		case kindTernary, kindOptional:
			m.Value = a.take(byteLen(f.bits))
			m.Mask = a.take(byteLen(f.bits))
		case kindRange:
			m.Value = a.take(byteLen(f.bits))
			m.High = allOnes(f.bits)
		}
	}
	if ti.needsPriority {
		if key.Priority <= 0 {
			return nil, "", nil, Errorf(codes.InvalidArgument, "table %q needs a priority > 0, got %d", ti.t.GetPreamble().GetName(), key.Priority)
		}
	} else if key.Priority != 0 {
		return nil, "", nil, Errorf(codes.InvalidArgument, "table %q takes no priority, got %d", ti.t.GetPreamble().GetName(), key.Priority)
	}
	match := te.GetMatch()
	if !allCanon {
		match = make([]*p4v1.FieldMatch, 0, len(te.GetMatch()))
		for _, fm := range te.GetMatch() {
			i := ti.fieldIdx[fm.GetFieldId()]
			match = append(match, canonField(ti.fields[i], &key.Match[i]))
		}
	}
	return key, keyString(key), match, nil
}

// arena hands out the padded byte strings of one entry from one
// allocation.
type arena struct{ b []byte }

func (a *arena) take(n int) []byte {
	if cap(a.b)-len(a.b) < n {
		a.b = make([]byte, 0, max(n, 64))
	}
	a.b = a.b[:len(a.b)+n]
	return a.b[len(a.b)-n : len(a.b) : len(a.b)]
}

// isCanonical reports whether b is the shortest encoding of its value.
func isCanonical(b []byte) bool { return len(b) == 1 || (len(b) > 1 && b[0] != 0) }

// pad decodes a byte string into the arena (see padBits).
func (a *arena) pad(b []byte, bits int, what string) ([]byte, error) {
	if len(b) == 0 {
		return nil, Errorf(codes.OutOfRange, "%s: empty byte string", what)
	}
	n := byteLen(bits)
	i := 0
	for i < len(b)-1 && b[i] == 0 {
		i++
	}
	v := b[i:]
	if len(v) > n || (len(v) == n && bits%8 != 0 && v[0]>>(bits%8) != 0) {
		return nil, Errorf(codes.OutOfRange, "%s: value %#x does not fit in %d bits", what, b, bits)
	}
	out := a.take(n)
	copy(out[n-len(v):], v)
	return out, nil
}

// decodeField checks one FieldMatch and fills m with padded values; it
// reports whether the client's byte strings were canonical.
func decodeField(a *arena, f fieldInfo, fm *p4v1.FieldMatch, m *FieldMatch) (bool, error) {
	var err error
	switch f.kind {
	case kindExact:
		x := fm.GetExact()
		if x == nil {
			return false, Errorf(codes.InvalidArgument, "match field %q is exact", f.name)
		}
		if m.Value, err = a.pad(x.GetValue(), f.bits, f.name); err != nil {
			return false, err
		}
		return isCanonical(x.GetValue()), nil
	case kindLPM:
		x := fm.GetLpm()
		if x == nil {
			return false, Errorf(codes.InvalidArgument, "match field %q is lpm", f.name)
		}
		if m.Value, err = a.pad(x.GetValue(), f.bits, f.name); err != nil {
			return false, err
		}
		pl := x.GetPrefixLen()
		if pl <= 0 || int(pl) > f.bits {
			return false, Errorf(codes.InvalidArgument, "match field %q: prefix length %d not in 1..%d (omit the field for a don't care)", f.name, pl, f.bits)
		}
		mask := prefixMask(f.bits, int(pl))
		for i := range mask {
			if m.Value[i]&^mask[i] != 0 {
				return false, Errorf(codes.InvalidArgument, "match field %q: value has bits set beyond the prefix length %d", f.name, pl)
			}
		}
		m.PrefixLen = int(pl)
		return isCanonical(x.GetValue()), nil
	case kindTernary:
		x := fm.GetTernary()
		if x == nil {
			return false, Errorf(codes.InvalidArgument, "match field %q is ternary", f.name)
		}
		if m.Value, err = a.pad(x.GetValue(), f.bits, f.name); err != nil {
			return false, err
		}
		if m.Mask, err = a.pad(x.GetMask(), f.bits, f.name+" mask"); err != nil {
			return false, err
		}
		if isZero(m.Mask) {
			return false, Errorf(codes.InvalidArgument, "match field %q: zero mask (omit the field for a don't care)", f.name)
		}
		for i := range m.Mask {
			if m.Value[i]&^m.Mask[i] != 0 {
				return false, Errorf(codes.InvalidArgument, "match field %q: value has bits set outside the mask", f.name)
			}
		}
		return isCanonical(x.GetValue()) && isCanonical(x.GetMask()), nil
	case kindRange:
		x := fm.GetRange()
		if x == nil {
			return false, Errorf(codes.InvalidArgument, "match field %q is range", f.name)
		}
		if m.Value, err = a.pad(x.GetLow(), f.bits, f.name+" low"); err != nil {
			return false, err
		}
		if m.High, err = a.pad(x.GetHigh(), f.bits, f.name+" high"); err != nil {
			return false, err
		}
		if bytes.Compare(m.Value, m.High) > 0 {
			return false, Errorf(codes.InvalidArgument, "match field %q: low bound above high bound", f.name)
		}
		if isZero(m.Value) && bytes.Compare(m.High, allOnes(f.bits)) == 0 {
			return false, Errorf(codes.InvalidArgument, "match field %q: full range (omit the field for a don't care)", f.name)
		}
		return isCanonical(x.GetLow()) && isCanonical(x.GetHigh()), nil
	case kindOptional:
		x := fm.GetOptional()
		if x == nil {
			return false, Errorf(codes.InvalidArgument, "match field %q is optional", f.name)
		}
		if m.Value, err = a.pad(x.GetValue(), f.bits, f.name); err != nil {
			return false, err
		}
		m.Mask = allOnes(f.bits)
		return isCanonical(x.GetValue()), nil
	}
	return false, Errorf(codes.Internal, "match field %q: unknown kind", f.name)
}

// canonField builds the canonical FieldMatch of a decoded field.
func canonField(f fieldInfo, m *FieldMatch) *p4v1.FieldMatch {
	fm := &p4v1.FieldMatch{FieldId: f.id}
	switch f.kind {
	case kindExact:
		fm.FieldMatchType = &p4v1.FieldMatch_Exact_{Exact: &p4v1.FieldMatch_Exact{Value: canonical(m.Value)}}
	case kindLPM:
		fm.FieldMatchType = &p4v1.FieldMatch_Lpm{Lpm: &p4v1.FieldMatch_LPM{Value: canonical(m.Value), PrefixLen: int32(m.PrefixLen)}}
	case kindTernary:
		fm.FieldMatchType = &p4v1.FieldMatch_Ternary_{Ternary: &p4v1.FieldMatch_Ternary{Value: canonical(m.Value), Mask: canonical(m.Mask)}}
	case kindRange:
		fm.FieldMatchType = &p4v1.FieldMatch_Range_{Range: &p4v1.FieldMatch_Range{Low: canonical(m.Value), High: canonical(m.High)}}
	case kindOptional:
		fm.FieldMatchType = &p4v1.FieldMatch_Optional_{Optional: &p4v1.FieldMatch_Optional{Value: canonical(m.Value)}}
	}
	return fm
}

// keyString is the map key of an entry: the padded fields, the prefix
// lengths and the priority. Widths are fixed per table, so it is
// unambiguous.
func keyString(k *Key) string {
	n := 4
	for i := range k.Match {
		m := &k.Match[i]
		n += len(m.Value) + len(m.Mask) + len(m.High) + 1
	}
	b := make([]byte, 0, n)
	for i := range k.Match {
		m := &k.Match[i]
		b = append(b, m.Value...)
		b = append(b, m.Mask...)
		b = append(b, m.High...)
		b = append(b, byte(m.PrefixLen))
	}
	b = binary.BigEndian.AppendUint32(b, uint32(k.Priority))
	return string(b)
}

// decodeAction checks an action for the table (or action profile when ti is
// nil and refs is the set of allowed actions) and returns it padded and
// canonical.
func (p *pipeline) decodeAction(ti *tableInfo, a *p4v1.Action, isDefault bool) (*Action, *p4v1.Action, error) {
	ref, ok := ti.actions[a.GetActionId()]
	if !ok {
		return nil, nil, Errorf(codes.InvalidArgument, "action %d is not an action of table %q", a.GetActionId(), ti.t.GetPreamble().GetName())
	}
	switch ref.GetScope() {
	case p4configv1.ActionRef_DEFAULT_ONLY:
		if !isDefault {
			return nil, nil, Errorf(codes.PermissionDenied, "action %d is @defaultonly in table %q", a.GetActionId(), ti.t.GetPreamble().GetName())
		}
	case p4configv1.ActionRef_TABLE_ONLY:
		if isDefault {
			return nil, nil, Errorf(codes.PermissionDenied, "action %d is @tableonly in table %q", a.GetActionId(), ti.t.GetPreamble().GetName())
		}
	}
	return p.decodeParams(a)
}

// decodeParams checks the parameters of an action known to the P4Info.
func (p *pipeline) decodeParams(a *p4v1.Action) (*Action, *p4v1.Action, error) {
	ai, ok := p.actions[a.GetActionId()]
	if !ok {
		return nil, nil, Errorf(codes.InvalidArgument, "unknown action %d", a.GetActionId())
	}
	out := &Action{ID: a.GetActionId(), Params: make([][]byte, len(ai.params))}
	ar := &arena{b: make([]byte, 0, ai.bytes)}
	allCanon := true
	for _, prm := range a.GetParams() {
		i, ok := ai.idx[prm.GetParamId()]
		if !ok {
			return nil, nil, Errorf(codes.InvalidArgument, "action %q has no parameter %d", ai.a.GetPreamble().GetName(), prm.GetParamId())
		}
		if out.Params[i] != nil {
			return nil, nil, Errorf(codes.InvalidArgument, "action %q: parameter %d given twice", ai.a.GetPreamble().GetName(), prm.GetParamId())
		}
		v, err := ar.pad(prm.GetValue(), ai.params[i].bits, ai.a.GetParams()[i].GetName())
		if err != nil {
			return nil, nil, err
		}
		out.Params[i] = v
		allCanon = allCanon && isCanonical(prm.GetValue())
	}
	for i, v := range out.Params {
		if v == nil {
			return nil, nil, Errorf(codes.InvalidArgument, "action %q: parameter %q missing", ai.a.GetPreamble().GetName(), ai.a.GetParams()[i].GetName())
		}
	}
	if allCanon {
		return out, a, nil
	}
	canon := &p4v1.Action{ActionId: a.GetActionId(), Params: make([]*p4v1.Action_Param, 0, len(ai.params))}
	for _, prm := range a.GetParams() {
		canon.Params = append(canon.Params, &p4v1.Action_Param{ParamId: prm.GetParamId(), Value: canonical(out.Params[ai.idx[prm.GetParamId()]])})
	}
	return out, canon, nil
}

// decodeTableEntry validates te for an update of type op (not a default
// entry); for DELETE only the key is looked at, as the spec says. st (the
// action profile state) may be nil for direct tables.
func decodeTableEntry(p *pipeline, st *pipeState, te *p4v1.TableEntry, op p4v1.Update_Type) (*decodedEntry, error) {
	ti, ok := p.tables[te.GetTableId()]
	if !ok {
		return nil, Errorf(codes.NotFound, "unknown table %d", te.GetTableId())
	}
	if len(ti.fields) == 0 && op == p4v1.Update_INSERT {
		return nil, Errorf(codes.InvalidArgument, "table %q is keyless: only its default entry can be written", ti.t.GetPreamble().GetName())
	}
	if ti.isConst && (op != p4v1.Update_MODIFY || te.GetAction() != nil) {
		return nil, Errorf(codes.PermissionDenied, "table %q is const", ti.t.GetPreamble().GetName())
	}
	key, ks, match, err := decodeMatch(ti, te)
	if err != nil {
		return nil, err
	}
	d := &decodedEntry{ti: ti, key: key, keyStr: ks}
	if op == p4v1.Update_DELETE {
		return d, nil
	}
	if te.GetTimeSinceLastHit() != nil {
		return nil, Errorf(codes.InvalidArgument, "time_since_last_hit must be unset in a write")
	}
	if te.GetIdleTimeoutNs() < 0 || (te.GetIdleTimeoutNs() != 0 && !ti.idle) {
		return nil, Errorf(codes.InvalidArgument, "table %q does not support idle timeout (idle_timeout_ns %d)", ti.t.GetPreamble().GetName(), te.GetIdleTimeoutNs())
	}
	if te.GetCounterData() != nil && ti.directCounter == 0 {
		return nil, Errorf(codes.InvalidArgument, "table %q has no direct counter", ti.t.GetPreamble().GetName())
	}
	if te.GetMeterConfig() != nil && ti.directMeter == 0 {
		return nil, Errorf(codes.InvalidArgument, "table %q has no direct meter", ti.t.GetPreamble().GetName())
	}
	if err := checkMeterCounterData(te.GetMeterCounterData()); err != nil {
		return nil, err
	}
	// The stored entry is te itself when the client sent it canonical and
	// without write-only fields (te is never modified: it may be a stored
	// entry being replayed, or read concurrently).
	ta := te.GetAction()
	if ta == nil && op == p4v1.Update_INSERT {
		return nil, Errorf(codes.InvalidArgument, "insert without an action")
	}
	cta := ta
	if ta != nil {
		d.hasAct = true
		var err error
		if cta, err = decodeTableAction(p, st, ti, ta, d, false); err != nil {
			return nil, err
		}
	}
	d.canon = te
	if cta != ta || te.GetCounterData() != nil || te.GetMeterCounterData() != nil || len(match) > 0 && &match[0] != &te.GetMatch()[0] {
		d.canon = &p4v1.TableEntry{TableId: te.GetTableId(), Match: match, Priority: te.GetPriority(),
			ControllerMetadata: te.GetControllerMetadata(), Metadata: te.GetMetadata(), IdleTimeoutNs: te.GetIdleTimeoutNs(),
			MeterConfig: te.GetMeterConfig(), Action: cta}
	}
	return d, nil
}

// decodeTableAction fills d from a TableAction and returns its canonical
// form (ta itself when it is canonical). st may be nil for direct tables.
func decodeTableAction(p *pipeline, st *pipeState, ti *tableInfo, ta *p4v1.TableAction, d *decodedEntry, isDefault bool) (*p4v1.TableAction, error) {
	switch x := ta.GetType().(type) {
	case *p4v1.TableAction_Action:
		if ti.profile != 0 {
			return nil, Errorf(codes.InvalidArgument, "table %q is indirect: use an action profile member or group", ti.t.GetPreamble().GetName())
		}
		a, ca, err := p.decodeAction(ti, x.Action, isDefault)
		if err != nil {
			return nil, err
		}
		d.action = a
		if ca == x.Action {
			return ta, nil
		}
		return &p4v1.TableAction{Type: &p4v1.TableAction_Action{Action: ca}}, nil
	case *p4v1.TableAction_ActionProfileMemberId:
		if ti.profile == 0 {
			return nil, Errorf(codes.InvalidArgument, "table %q is direct: give an action", ti.t.GetPreamble().GetName())
		}
		if _, ok := st.members[ti.profile][x.ActionProfileMemberId]; !ok {
			return nil, Errorf(codes.NotFound, "action profile member %d not found", x.ActionProfileMemberId)
		}
		d.member = x.ActionProfileMemberId
		return ta, nil
	case *p4v1.TableAction_ActionProfileGroupId:
		if ti.profile == 0 || !ti.selector {
			return nil, Errorf(codes.InvalidArgument, "table %q has no action selector", ti.t.GetPreamble().GetName())
		}
		if _, ok := st.groups[ti.profile][x.ActionProfileGroupId]; !ok {
			return nil, Errorf(codes.NotFound, "action profile group %d not found", x.ActionProfileGroupId)
		}
		d.group = x.ActionProfileGroupId
		return ta, nil
	case *p4v1.TableAction_ActionProfileActionSet:
		return nil, Errorf(codes.Unimplemented, "one-shot action selector programming is not supported")
	default:
		return nil, Errorf(codes.InvalidArgument, "table action without a type")
	}
}

func checkMeterCounterData(m *p4v1.MeterCounterData) error {
	for _, c := range []*p4v1.CounterData{m.GetGreen(), m.GetYellow(), m.GetRed()} {
		if c.GetByteCount() != 0 || c.GetPacketCount() != 0 {
			return Errorf(codes.InvalidArgument, "meter_counter_data can only be written with zeros")
		}
	}
	return nil
}

func meterConfig(m *p4v1.MeterConfig) *MeterConfig {
	if m == nil {
		return nil
	}
	return &MeterConfig{CIR: m.GetCir(), CBurst: m.GetCburst(), PIR: m.GetPir(), PBurst: m.GetPburst()}
}

func counts(c *p4v1.CounterData) *Counts {
	if c == nil {
		return nil
	}
	return &Counts{Bytes: c.GetByteCount(), Packets: c.GetPacketCount()}
}
