package p4rt

import (
	"slices"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// applyOne applies an update of anything but a non-default table entry.
func (s *Server) applyOne(u *p4v1.Update) error {
	op := u.GetType()
	if op < p4v1.Update_INSERT || op > p4v1.Update_DELETE {
		return Errorf(codes.InvalidArgument, "update type %v", op)
	}
	switch x := u.GetEntity().GetEntity().(type) {
	case *p4v1.Entity_TableEntry:
		return s.writeDefault(x.TableEntry, op)
	case *p4v1.Entity_CounterEntry:
		return s.writeCounter(x.CounterEntry, op)
	case *p4v1.Entity_DirectCounterEntry:
		return s.writeDirectCounter(x.DirectCounterEntry, op)
	case *p4v1.Entity_MeterEntry:
		return s.writeMeter(x.MeterEntry, op)
	case *p4v1.Entity_DirectMeterEntry:
		return s.writeDirectMeter(x.DirectMeterEntry, op)
	case *p4v1.Entity_RegisterEntry:
		return s.writeRegister(x.RegisterEntry, op)
	case *p4v1.Entity_PacketReplicationEngineEntry:
		return s.writePRE(x.PacketReplicationEngineEntry, op)
	case *p4v1.Entity_ValueSetEntry:
		return s.writeValueSet(x.ValueSetEntry, op)
	case *p4v1.Entity_DigestEntry:
		return s.digests.write(s.pipe, x.DigestEntry, op)
	case *p4v1.Entity_ActionProfileMember:
		return s.writeMember(x.ActionProfileMember, op)
	case *p4v1.Entity_ActionProfileGroup:
		return s.writeGroup(x.ActionProfileGroup, op)
	case *p4v1.Entity_ExternEntry:
		return Errorf(codes.Unimplemented, "extern entries are not supported")
	}
	return Errorf(codes.InvalidArgument, "update without an entity")
}

// writeDefault modifies or resets a table's default entry.
func (s *Server) writeDefault(te *p4v1.TableEntry, op p4v1.Update_Type) error {
	ti, ok := s.pipe.tables[te.GetTableId()]
	if !ok {
		return Errorf(codes.NotFound, "unknown table %d", te.GetTableId())
	}
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "the default entry can only be modified")
	}
	if len(te.GetMatch()) != 0 || te.GetPriority() != 0 {
		return Errorf(codes.InvalidArgument, "the default entry has no match and no priority")
	}
	if te.GetIdleTimeoutNs() != 0 || te.GetTimeSinceLastHit() != nil {
		return Errorf(codes.InvalidArgument, "the default entry has no idle timeout")
	}
	if ti.constDefault {
		return Errorf(codes.PermissionDenied, "the default action of table %q is const", ti.t.GetPreamble().GetName())
	}
	if te.GetCounterData() != nil && ti.directCounter == 0 {
		return Errorf(codes.InvalidArgument, "table %q has no direct counter", ti.t.GetPreamble().GetName())
	}
	if te.GetMeterConfig() != nil && ti.directMeter == 0 {
		return Errorf(codes.InvalidArgument, "table %q has no direct meter", ti.t.GetPreamble().GetName())
	}
	ts := s.state.tables[te.GetTableId()]
	if te.GetAction() == nil {
		if err := s.target.SetDefaultAction(te.GetTableId(), nil); err != nil {
			return err
		}
		ts.def = nil
		return nil
	}
	if ti.profile != 0 {
		return Errorf(codes.PermissionDenied, "the default entry of indirect table %q is const NoAction", ti.t.GetPreamble().GetName())
	}
	d := &decodedEntry{}
	canon := &p4v1.TableEntry{TableId: te.GetTableId(), IsDefaultAction: true, ControllerMetadata: te.GetControllerMetadata(), Metadata: te.GetMetadata(), MeterConfig: te.GetMeterConfig()}
	ca, err := decodeTableAction(s.pipe, s.state, ti, te.GetAction(), d, true)
	if err != nil {
		return err
	}
	canon.Action = ca
	if err := s.target.SetDefaultAction(te.GetTableId(), d.action); err != nil {
		return err
	}
	if c := counts(te.GetCounterData()); c != nil {
		if err := s.target.SetDirectCounter(te.GetTableId(), nil, true, *c); err != nil {
			return err
		}
	}
	if ti.directMeter != 0 {
		if err := s.target.SetDirectMeter(te.GetTableId(), nil, true, meterConfig(te.GetMeterConfig())); err != nil {
			return err
		}
	}
	ts.def = canon
	return nil
}

// index checks an array index against the size of the array.
// indexRange is the [lo, hi) range of cells a read names: the one index
// given (only when it names one object: with a wildcard object id, the
// index is ignored as the spec's wildcard rules say), or all of them.
func indexRange(oneObject bool, idx *p4v1.Index, size int64) (lo, hi int64, err error) {
	if !oneObject || idx == nil {
		return 0, size, nil
	}
	i, err := checkIndex(idx, size)
	return i, i + 1, err
}

func checkIndex(idx *p4v1.Index, size int64) (int64, error) {
	i := idx.GetIndex()
	if i < 0 {
		return 0, Errorf(codes.InvalidArgument, "negative index %d", i)
	}
	if i >= size {
		return 0, Errorf(codes.OutOfRange, "index %d beyond the size %d", i, size)
	}
	return i, nil
}

func (s *Server) writeCounter(ce *p4v1.CounterEntry, op p4v1.Update_Type) error {
	c, ok := s.pipe.index.Counters.ID(ce.GetCounterId())
	if !ok {
		return Errorf(codes.NotFound, "unknown counter %d", ce.GetCounterId())
	}
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "counters can only be modified")
	}
	if ce.GetData() == nil {
		return nil
	}
	v := *counts(ce.GetData())
	if ce.GetIndex() == nil {
		for i := int64(0); i < c.GetSize(); i++ {
			if err := s.target.SetCounter(ce.GetCounterId(), i, v); err != nil {
				return err
			}
		}
		return nil
	}
	i, err := checkIndex(ce.GetIndex(), c.GetSize())
	if err != nil {
		return err
	}
	return s.target.SetCounter(ce.GetCounterId(), i, v)
}

// lookupEntry finds the stored entry a direct resource names.
func (s *Server) lookupEntry(te *p4v1.TableEntry) (*tableInfo, *entry, error) {
	if te == nil {
		return nil, nil, Errorf(codes.InvalidArgument, "direct resource without a table entry")
	}
	ti, ok := s.pipe.tables[te.GetTableId()]
	if !ok {
		return nil, nil, Errorf(codes.NotFound, "unknown table %d", te.GetTableId())
	}
	if te.GetIsDefaultAction() {
		return ti, nil, nil
	}
	_, ks, _, err := decodeMatch(ti, te)
	if err != nil {
		return nil, nil, err
	}
	e := s.state.tables[te.GetTableId()].entries[ks]
	if e == nil {
		return nil, nil, Errorf(codes.NotFound, "entry not found")
	}
	return ti, e, nil
}

func (s *Server) writeDirectCounter(dc *p4v1.DirectCounterEntry, op p4v1.Update_Type) error {
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "direct counters can only be modified")
	}
	ti, e, err := s.lookupEntry(dc.GetTableEntry())
	if err != nil {
		return err
	}
	if ti.directCounter == 0 {
		return Errorf(codes.InvalidArgument, "table %q has no direct counter", ti.t.GetPreamble().GetName())
	}
	if dc.GetData() == nil {
		return nil
	}
	var key *Key
	if e != nil {
		key = e.key
	}
	return s.target.SetDirectCounter(ti.t.GetPreamble().GetId(), key, e == nil, *counts(dc.GetData()))
}

func (s *Server) writeMeter(me *p4v1.MeterEntry, op p4v1.Update_Type) error {
	m, ok := s.pipe.index.Meters.ID(me.GetMeterId())
	if !ok {
		return Errorf(codes.NotFound, "unknown meter %d", me.GetMeterId())
	}
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "meters can only be modified")
	}
	cfg := me.GetConfig()
	if cfg != nil && (cfg.GetCir() < 0 || cfg.GetPir() < cfg.GetCir() || cfg.GetCburst() < 0 || cfg.GetPburst() < 0) {
		return Errorf(codes.InvalidArgument, "meter config needs 0 <= cir <= pir and non-negative bursts")
	}
	cells := s.state.meters[me.GetMeterId()]
	if cells == nil {
		cells = map[int64]*p4v1.MeterConfig{}
		s.state.meters[me.GetMeterId()] = cells
	}
	set := func(i int64) error {
		if err := s.target.SetMeter(me.GetMeterId(), i, meterConfig(cfg)); err != nil {
			return err
		}
		if cfg == nil {
			delete(cells, i)
		} else {
			cells[i] = cfg
		}
		return nil
	}
	if me.GetIndex() == nil {
		for i := int64(0); i < m.GetSize(); i++ {
			if err := set(i); err != nil {
				return err
			}
		}
		return nil
	}
	i, err := checkIndex(me.GetIndex(), m.GetSize())
	if err != nil {
		return err
	}
	return set(i)
}

func (s *Server) writeDirectMeter(dm *p4v1.DirectMeterEntry, op p4v1.Update_Type) error {
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "direct meters can only be modified")
	}
	ti, e, err := s.lookupEntry(dm.GetTableEntry())
	if err != nil {
		return err
	}
	if ti.directMeter == 0 {
		return Errorf(codes.InvalidArgument, "table %q has no direct meter", ti.t.GetPreamble().GetName())
	}
	var key *Key
	if e != nil {
		key = e.key
	}
	if err := s.target.SetDirectMeter(ti.t.GetPreamble().GetId(), key, e == nil, meterConfig(dm.GetConfig())); err != nil {
		return err
	}
	if e != nil {
		pb := proto.Clone(e.pb).(*p4v1.TableEntry)
		pb.MeterConfig = dm.GetConfig()
		e.pb = pb
	}
	return nil
}

func (s *Server) writeRegister(re *p4v1.RegisterEntry, op p4v1.Update_Type) error {
	r, ok := s.pipe.index.Registers.ID(re.GetRegisterId())
	if !ok {
		return Errorf(codes.NotFound, "unknown register %d", re.GetRegisterId())
	}
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "registers can only be modified")
	}
	bits := bitstringWidth(r.GetTypeSpec().GetBitstring())
	if bits == 0 {
		return Errorf(codes.Unimplemented, "register %q: only bit<W> registers are supported", r.GetPreamble().GetName())
	}
	bs := re.GetData().GetBitstring()
	if bs == nil {
		return Errorf(codes.InvalidArgument, "register data must be a bitstring")
	}
	v, err := padBits(bs, bits, r.GetPreamble().GetName())
	if err != nil {
		return err
	}
	if re.GetIndex() == nil {
		for i := int64(0); i < int64(r.GetSize()); i++ {
			if err := s.target.SetRegister(re.GetRegisterId(), i, v); err != nil {
				return err
			}
		}
		return nil
	}
	i, err := checkIndex(re.GetIndex(), int64(r.GetSize()))
	if err != nil {
		return err
	}
	return s.target.SetRegister(re.GetRegisterId(), i, v)
}

func replicas(rs []*p4v1.Replica) ([]Replica, error) {
	out := make([]Replica, 0, len(rs))
	seen := map[Replica]bool{}
	for _, r := range rs {
		x := Replica{Port: r.GetEgressPort(), Instance: r.GetInstance()}
		if seen[x] {
			return nil, Errorf(codes.InvalidArgument, "replica (port %d, instance %d) given twice", x.Port, x.Instance)
		}
		seen[x] = true
		out = append(out, x)
	}
	return out, nil
}

func (s *Server) writePRE(pre *p4v1.PacketReplicationEngineEntry, op p4v1.Update_Type) error {
	switch x := pre.GetType().(type) {
	case *p4v1.PacketReplicationEngineEntry_MulticastGroupEntry:
		g := x.MulticastGroupEntry
		id := g.GetMulticastGroupId()
		if id == 0 {
			return Errorf(codes.InvalidArgument, "multicast group id 0")
		}
		_, exists := s.state.mcast[id]
		if err := existence(op, exists, "multicast group", id); err != nil {
			return err
		}
		if op == p4v1.Update_DELETE {
			if err := s.target.DeleteMulticastGroup(id); err != nil {
				return err
			}
			delete(s.state.mcast, id)
			return nil
		}
		rs, err := replicas(g.GetReplicas())
		if err != nil {
			return err
		}
		if err := s.target.SetMulticastGroup(id, rs); err != nil {
			return err
		}
		s.state.mcast[id] = g
		return nil
	case *p4v1.PacketReplicationEngineEntry_CloneSessionEntry:
		c := x.CloneSessionEntry
		id := c.GetSessionId()
		if id == 0 {
			return Errorf(codes.InvalidArgument, "clone session id 0")
		}
		_, exists := s.state.clones[id]
		if err := existence(op, exists, "clone session", id); err != nil {
			return err
		}
		if op == p4v1.Update_DELETE {
			if err := s.target.DeleteCloneSession(id); err != nil {
				return err
			}
			delete(s.state.clones, id)
			return nil
		}
		if c.GetPacketLengthBytes() < 0 {
			return Errorf(codes.InvalidArgument, "negative packet_length_bytes")
		}
		rs, err := replicas(c.GetReplicas())
		if err != nil {
			return err
		}
		if err := s.target.SetCloneSession(CloneSession{ID: id, Replicas: rs, ClassOfService: c.GetClassOfService(), TruncateBytes: c.GetPacketLengthBytes()}); err != nil {
			return err
		}
		s.state.clones[id] = c
		return nil
	}
	return Errorf(codes.InvalidArgument, "packet replication engine entry without a type")
}

// existence maps insert-of-existing and modify/delete-of-missing to the
// spec's codes.
func existence(op p4v1.Update_Type, exists bool, what string, id uint32) error {
	switch {
	case op == p4v1.Update_INSERT && exists:
		return Errorf(codes.AlreadyExists, "%s %d already exists", what, id)
	case op != p4v1.Update_INSERT && !exists:
		return Errorf(codes.NotFound, "%s %d not found", what, id)
	}
	return nil
}

func (s *Server) writeValueSet(vs *p4v1.ValueSetEntry, op p4v1.Update_Type) error {
	v, ok := s.pipe.index.ValueSets.ID(vs.GetValueSetId())
	if !ok {
		return Errorf(codes.NotFound, "unknown value set %d", vs.GetValueSetId())
	}
	if op != p4v1.Update_MODIFY {
		return Errorf(codes.InvalidArgument, "value sets can only be modified")
	}
	if int32(len(vs.GetMembers())) > v.GetSize() && v.GetSize() > 0 {
		return Errorf(codes.ResourceExhausted, "value set %q holds at most %d members", v.GetPreamble().GetName(), v.GetSize())
	}
	ti := &tableInfo{t: &p4configv1.Table{Preamble: v.GetPreamble()}, fieldIdx: map[uint32]int{}}
	for i, f := range v.GetMatch() {
		k := kindExact
		switch f.GetMatchType() {
		case p4configv1.MatchField_LPM:
			k = kindLPM
		case p4configv1.MatchField_TERNARY:
			k = kindTernary
		case p4configv1.MatchField_RANGE:
			k = kindRange
		case p4configv1.MatchField_OPTIONAL:
			k = kindOptional
		}
		ti.fields = append(ti.fields, fieldInfo{id: f.GetId(), name: f.GetName(), kind: k, bits: int(f.GetBitwidth())})
		ti.fieldIdx[f.GetId()] = i
	}
	var members [][]FieldMatch
	var canon []*p4v1.ValueSetMember
	for _, m := range vs.GetMembers() {
		key, _, cm, err := decodeMatch(ti, &p4v1.TableEntry{Match: m.GetMatch()})
		if err != nil {
			return err
		}
		members = append(members, key.Match)
		canon = append(canon, &p4v1.ValueSetMember{Match: cm})
	}
	if err := s.target.SetValueSet(vs.GetValueSetId(), members); err != nil {
		return err
	}
	s.state.valueSets[vs.GetValueSetId()] = canon
	return nil
}

// profileTable returns a table the action profile implements, for action
// validation (all tables of a profile share their actions).
func (s *Server) profileTable(profileID uint32) (*tableInfo, error) {
	ap, ok := s.pipe.index.ActionProfiles.ID(profileID)
	if !ok {
		return nil, Errorf(codes.NotFound, "unknown action profile %d", profileID)
	}
	for _, t := range ap.GetTableIds() {
		if ti, ok := s.pipe.tables[t]; ok {
			return ti, nil
		}
	}
	return nil, Errorf(codes.FailedPrecondition, "action profile %q implements no table", ap.GetPreamble().GetName())
}

func (s *Server) writeMember(m *p4v1.ActionProfileMember, op p4v1.Update_Type) error {
	ti, err := s.profileTable(m.GetActionProfileId())
	if err != nil {
		return err
	}
	members := s.state.members[m.GetActionProfileId()]
	_, exists := members[m.GetMemberId()]
	if err := existence(op, exists, "member", m.GetMemberId()); err != nil {
		return err
	}
	if op == p4v1.Update_DELETE {
		if s.memberInUse(m.GetActionProfileId(), m.GetMemberId()) {
			return Errorf(codes.FailedPrecondition, "member %d is used by a group or a table entry", m.GetMemberId())
		}
		if err := s.target.SetActionProfileMember(m.GetActionProfileId(), m.GetMemberId(), nil); err != nil {
			return err
		}
		delete(members, m.GetMemberId())
		return nil
	}
	if m.GetAction() == nil {
		return Errorf(codes.InvalidArgument, "member without an action")
	}
	a, ca, err := s.pipe.decodeAction(ti, m.GetAction(), false)
	if err != nil {
		return err
	}
	if err := s.target.SetActionProfileMember(m.GetActionProfileId(), m.GetMemberId(), a); err != nil {
		return err
	}
	members[m.GetMemberId()] = &p4v1.ActionProfileMember{ActionProfileId: m.GetActionProfileId(), MemberId: m.GetMemberId(), Action: ca}
	return nil
}

func (s *Server) memberInUse(profile, member uint32) bool {
	for _, g := range s.state.groups[profile] {
		for _, gm := range g.GetMembers() {
			if gm.GetMemberId() == member {
				return true
			}
		}
	}
	for id, ti := range s.pipe.tables {
		if ti.profile != profile {
			continue
		}
		for _, e := range s.state.tables[id].entries {
			if e.pb.GetAction().GetActionProfileMemberId() == member {
				return true
			}
		}
	}
	return false
}

func (s *Server) writeGroup(g *p4v1.ActionProfileGroup, op p4v1.Update_Type) error {
	ap, ok := s.pipe.index.ActionProfiles.ID(g.GetActionProfileId())
	if !ok {
		return Errorf(codes.NotFound, "unknown action profile %d", g.GetActionProfileId())
	}
	if !ap.GetWithSelector() {
		return Errorf(codes.InvalidArgument, "action profile %q has no selector", ap.GetPreamble().GetName())
	}
	groups := s.state.groups[g.GetActionProfileId()]
	old, exists := groups[g.GetGroupId()]
	if err := existence(op, exists, "group", g.GetGroupId()); err != nil {
		return err
	}
	if op == p4v1.Update_DELETE {
		for id, ti := range s.pipe.tables {
			if ti.profile != g.GetActionProfileId() {
				continue
			}
			for _, e := range s.state.tables[id].entries {
				if e.pb.GetAction().GetActionProfileGroupId() == g.GetGroupId() {
					return Errorf(codes.FailedPrecondition, "group %d is used by a table entry", g.GetGroupId())
				}
			}
		}
		if err := s.target.SetActionProfileGroup(g.GetActionProfileId(), g.GetGroupId(), nil); err != nil {
			return err
		}
		delete(groups, g.GetGroupId())
		return nil
	}
	if op == p4v1.Update_MODIFY && old.GetMaxSize() != g.GetMaxSize() {
		return Errorf(codes.InvalidArgument, "max_size cannot change")
	}
	if mx := ap.GetMaxGroupSize(); mx > 0 && (g.GetMaxSize() <= 0 || g.GetMaxSize() > mx) {
		return Errorf(codes.InvalidArgument, "max_size %d not in 1..%d", g.GetMaxSize(), mx)
	}
	var ms []GroupMember
	seen := map[uint32]bool{}
	for _, m := range g.GetMembers() {
		if m.GetWeight() <= 0 {
			return Errorf(codes.InvalidArgument, "member %d: weight must be > 0", m.GetMemberId())
		}
		if seen[m.GetMemberId()] {
			return Errorf(codes.InvalidArgument, "member %d given twice", m.GetMemberId())
		}
		seen[m.GetMemberId()] = true
		if _, ok := s.state.members[g.GetActionProfileId()][m.GetMemberId()]; !ok {
			return Errorf(codes.NotFound, "member %d not found", m.GetMemberId())
		}
		ms = append(ms, GroupMember{MemberID: m.GetMemberId(), Weight: m.GetWeight()})
	}
	if g.GetMaxSize() > 0 && int32(len(ms)) > g.GetMaxSize() {
		return Errorf(codes.ResourceExhausted, "group has more than max_size %d members", g.GetMaxSize())
	}
	if ms == nil {
		ms = []GroupMember{}
	}
	if err := s.target.SetActionProfileGroup(g.GetActionProfileId(), g.GetGroupId(), ms); err != nil {
		return err
	}
	c := proto.Clone(g).(*p4v1.ActionProfileGroup)
	slices.SortFunc(c.Members, func(a, b *p4v1.ActionProfileGroup_Member) int { return int(a.GetMemberId()) - int(b.GetMemberId()) })
	groups[g.GetGroupId()] = c
	return nil
}
