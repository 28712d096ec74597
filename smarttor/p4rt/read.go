package p4rt

import (
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// reader collects the entities of a read under the server's read lock;
// they are sent after the lock is released, so a slow client does not hold
// up writes. Stored entries are immutable, so collecting them is copying
// pointers.
type reader struct {
	ents []*p4v1.Entity
}

func (r *reader) add(e *p4v1.Entity) error {
	r.ents = append(r.ents, e)
	return nil
}

// send streams the entities in chunks.
func (r *reader) send(srv p4v1.P4Runtime_ReadServer, chunk int) error {
	for len(r.ents) > 0 {
		n := min(chunk, len(r.ents))
		if err := srv.Send(&p4v1.ReadResponse{Entities: r.ents[:n]}); err != nil {
			return err
		}
		r.ents = r.ents[n:]
	}
	return nil
}

// Read answers a ReadRequest with the spec's wildcard rules, streamed in
// chunks of at most WithReadChunk entities. An error in any entity fails
// the whole read. The answer is a snapshot taken under the read lock.
func (s *Server) Read(req *p4v1.ReadRequest, srv p4v1.P4Runtime_ReadServer) error {
	if err := s.checkDevice(req.GetDeviceId()); err != nil {
		return err
	}
	r := &reader{}
	if err := s.collect(r, req.GetEntities()); err != nil {
		if _, ok := status.FromError(err); ok {
			return err
		}
		return status.Error(codeOf(err), err.Error())
	}
	return r.send(srv, s.opts.readChunk)
}

func (s *Server) collect(r *reader, ents []*p4v1.Entity) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.pipe == nil {
		return status.Error(codes.FailedPrecondition, "no forwarding pipeline config set")
	}
	for _, ent := range ents {
		if err := s.readEntity(r, ent); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) readEntity(r *reader, ent *p4v1.Entity) error {
	switch x := ent.GetEntity().(type) {
	case *p4v1.Entity_TableEntry:
		return s.readTable(r, x.TableEntry)
	case *p4v1.Entity_CounterEntry:
		return s.readCounter(r, x.CounterEntry)
	case *p4v1.Entity_DirectCounterEntry:
		return s.readDirect(r, x.DirectCounterEntry.GetTableEntry(), true)
	case *p4v1.Entity_MeterEntry:
		return s.readMeter(r, x.MeterEntry)
	case *p4v1.Entity_DirectMeterEntry:
		return s.readDirect(r, x.DirectMeterEntry.GetTableEntry(), false)
	case *p4v1.Entity_RegisterEntry:
		return s.readRegister(r, x.RegisterEntry)
	case *p4v1.Entity_PacketReplicationEngineEntry:
		return s.readPRE(r, x.PacketReplicationEngineEntry)
	case *p4v1.Entity_ValueSetEntry:
		return s.readValueSet(r, x.ValueSetEntry)
	case *p4v1.Entity_DigestEntry:
		if id := x.DigestEntry.GetDigestId(); id != 0 {
			if _, ok := s.pipe.digests[id]; !ok {
				return Errorf(codes.NotFound, "unknown digest %d", id)
			}
		}
		for _, d := range s.digests.read(x.DigestEntry.GetDigestId()) {
			if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_DigestEntry{DigestEntry: d}}); err != nil {
				return err
			}
		}
		return nil
	case *p4v1.Entity_ActionProfileMember:
		return s.readMembers(r, x.ActionProfileMember)
	case *p4v1.Entity_ActionProfileGroup:
		return s.readGroups(r, x.ActionProfileGroup)
	}
	return Errorf(codes.Unimplemented, "reading %T is not supported", ent.GetEntity())
}

// tableIDs returns the tables a read selects: all for id 0.
func (s *Server) tableIDs(id uint32) ([]uint32, error) {
	if id != 0 {
		if _, ok := s.pipe.tables[id]; !ok {
			return nil, Errorf(codes.NotFound, "unknown table %d", id)
		}
		return []uint32{id}, nil
	}
	var ids []uint32
	for _, t := range s.pipe.info.GetTables() {
		ids = append(ids, t.GetPreamble().GetId())
	}
	return ids, nil
}

func (s *Server) readTable(r *reader, q *p4v1.TableEntry) error {
	ids, err := s.tableIDs(q.GetTableId())
	if err != nil {
		return err
	}
	for _, id := range ids {
		ti := s.pipe.tables[id]
		ts := s.state.tables[id]
		if q.GetIsDefaultAction() {
			e, err := s.defaultEntry(ti, ts)
			if err != nil {
				return err
			}
			if err := s.addTableEntry(r, q, ti, e, nil); err != nil {
				return err
			}
			continue
		}
		if len(q.GetMatch()) > 0 {
			_, ks, _, err := decodeMatch(ti, q)
			if err != nil {
				return err
			}
			if e := ts.entries[ks]; e != nil && filterEntry(q, e.pb) {
				if err := s.addTableEntry(r, q, ti, e.pb, e); err != nil {
					return err
				}
			}
			continue
		}
		for _, e := range ts.entries {
			if !filterEntry(q, e.pb) {
				continue
			}
			if err := s.addTableEntry(r, q, ti, e.pb, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// filterEntry applies the wildcard filters of a read.
func filterEntry(q, e *p4v1.TableEntry) bool {
	if q.GetPriority() != 0 && q.GetPriority() != e.GetPriority() {
		return false
	}
	if q.GetControllerMetadata() != 0 && q.GetControllerMetadata() != e.GetControllerMetadata() {
		return false
	}
	if len(q.GetMetadata()) != 0 && string(q.GetMetadata()) != string(e.GetMetadata()) {
		return false
	}
	if a := q.GetAction().GetAction(); a != nil && a.GetActionId() != e.GetAction().GetAction().GetActionId() {
		return false
	}
	return true
}

// defaultEntry returns the default entry of a table, asking the target
// when the client never wrote it (p4runtime#613).
func (s *Server) defaultEntry(ti *tableInfo, ts *tableState) (*p4v1.TableEntry, error) {
	if ts.def != nil {
		return ts.def, nil
	}
	e := &p4v1.TableEntry{TableId: ti.t.GetPreamble().GetId(), IsDefaultAction: true}
	if ti.profile != 0 {
		return e, nil
	}
	a, err := s.target.DefaultAction(e.TableId)
	if err != nil {
		return nil, err
	}
	if a != nil {
		pa := &p4v1.Action{ActionId: a.ID}
		ai := s.pipe.actions[a.ID]
		for i, v := range a.Params {
			if ai != nil && i < len(ai.params) {
				pa.Params = append(pa.Params, &p4v1.Action_Param{ParamId: ai.params[i].id, Value: canonical(v)})
			}
		}
		e.Action = &p4v1.TableAction{Type: &p4v1.TableAction_Action{Action: pa}}
	}
	return e, nil
}

// addTableEntry adds a stored entry with the direct resources the query
// asks for.
func (s *Server) addTableEntry(r *reader, q *p4v1.TableEntry, ti *tableInfo, pb *p4v1.TableEntry, e *entry) error {
	wantCounter := q.GetCounterData() != nil && ti.directCounter != 0
	wantMeter := q.GetMeterConfig() != nil
	wantHit := q.GetTimeSinceLastHit() != nil && e != nil
	if wantCounter || !wantMeter && pb.GetMeterConfig() != nil || wantHit {
		pb = proto.Clone(pb).(*p4v1.TableEntry)
		if !wantMeter {
			pb.MeterConfig = nil
		}
		if wantCounter {
			var key *Key
			if e != nil {
				key = e.key
			}
			c, err := s.target.DirectCounter(pb.GetTableId(), key, e == nil)
			if err != nil {
				return err
			}
			pb.CounterData = &p4v1.CounterData{ByteCount: c.Bytes, PacketCount: c.Packets}
		}
		if wantHit {
			last, err := s.target.LastHit(e.table, e.key)
			if err != nil {
				return err
			}
			base := e.since
			if last.After(base) {
				base = last
			}
			pb.TimeSinceLastHit = &p4v1.TableEntry_IdleTimeout{ElapsedNs: int64(time.Since(base))}
		}
	}
	return r.add(&p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: pb}})
}

// readDirect reads direct counters (counter true) or direct meters of one
// entry, of every entry of a table (behavioral-model#959) or of every
// table.
func (s *Server) readDirect(r *reader, q *p4v1.TableEntry, counter bool) error {
	ids, err := s.tableIDs(q.GetTableId())
	if err != nil {
		return err
	}
	emit := func(ti *tableInfo, pb *p4v1.TableEntry, e *entry) error {
		te := &p4v1.TableEntry{TableId: pb.GetTableId(), Match: pb.GetMatch(), Priority: pb.GetPriority(), IsDefaultAction: pb.GetIsDefaultAction()}
		if counter {
			var key *Key
			if e != nil {
				key = e.key
			}
			c, err := s.target.DirectCounter(pb.GetTableId(), key, e == nil)
			if err != nil {
				return err
			}
			return r.add(&p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{DirectCounterEntry: &p4v1.DirectCounterEntry{
				TableEntry: te, Data: &p4v1.CounterData{ByteCount: c.Bytes, PacketCount: c.Packets}}}})
		}
		return r.add(&p4v1.Entity{Entity: &p4v1.Entity_DirectMeterEntry{DirectMeterEntry: &p4v1.DirectMeterEntry{TableEntry: te, Config: pb.GetMeterConfig()}}})
	}
	for _, id := range ids {
		ti := s.pipe.tables[id]
		if (counter && ti.directCounter == 0) || (!counter && ti.directMeter == 0) {
			if q.GetTableId() != 0 {
				return Errorf(codes.InvalidArgument, "table %q has no direct %s", ti.t.GetPreamble().GetName(), map[bool]string{true: "counter", false: "meter"}[counter])
			}
			continue
		}
		ts := s.state.tables[id]
		switch {
		case q.GetIsDefaultAction():
			def, err := s.defaultEntry(ti, ts)
			if err != nil {
				return err
			}
			if err := emit(ti, def, nil); err != nil {
				return err
			}
		case len(q.GetMatch()) > 0:
			_, ks, _, err := decodeMatch(ti, q)
			if err != nil {
				return err
			}
			e := ts.entries[ks]
			if e == nil {
				return Errorf(codes.NotFound, "entry not found")
			}
			if err := emit(ti, e.pb, e); err != nil {
				return err
			}
		default:
			for _, e := range ts.entries {
				if err := emit(ti, e.pb, e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *Server) readCounter(r *reader, q *p4v1.CounterEntry) error {
	counters := s.pipe.info.GetCounters()
	if q.GetCounterId() != 0 {
		c, ok := s.pipe.index.Counters.ID(q.GetCounterId())
		if !ok {
			return Errorf(codes.NotFound, "unknown counter %d", q.GetCounterId())
		}
		counters = counters[:0:0]
		counters = append(counters, c)
	}
	for _, c := range counters {
		id := c.GetPreamble().GetId()
		lo, hi, err := indexRange(q.GetCounterId() != 0, q.GetIndex(), c.GetSize())
		if err != nil {
			return err
		}
		for i := lo; i < hi; i++ {
			v, err := s.target.Counter(id, i)
			if err != nil {
				return err
			}
			if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{
				CounterId: id, Index: &p4v1.Index{Index: i}, Data: &p4v1.CounterData{ByteCount: v.Bytes, PacketCount: v.Packets}}}}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) readMeter(r *reader, q *p4v1.MeterEntry) error {
	meters := s.pipe.info.GetMeters()
	if q.GetMeterId() != 0 {
		m, ok := s.pipe.index.Meters.ID(q.GetMeterId())
		if !ok {
			return Errorf(codes.NotFound, "unknown meter %d", q.GetMeterId())
		}
		meters = meters[:0:0]
		meters = append(meters, m)
	}
	for _, m := range meters {
		id := m.GetPreamble().GetId()
		lo, hi, err := indexRange(q.GetMeterId() != 0, q.GetIndex(), m.GetSize())
		if err != nil {
			return err
		}
		cells := s.state.meters[id]
		for i := lo; i < hi; i++ {
			if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_MeterEntry{MeterEntry: &p4v1.MeterEntry{
				MeterId: id, Index: &p4v1.Index{Index: i}, Config: cells[i]}}}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) readRegister(r *reader, q *p4v1.RegisterEntry) error {
	regs := s.pipe.info.GetRegisters()
	if q.GetRegisterId() != 0 {
		x, ok := s.pipe.index.Registers.ID(q.GetRegisterId())
		if !ok {
			return Errorf(codes.NotFound, "unknown register %d", q.GetRegisterId())
		}
		regs = regs[:0:0]
		regs = append(regs, x)
	}
	for _, x := range regs {
		id := x.GetPreamble().GetId()
		lo, hi, err := indexRange(q.GetRegisterId() != 0, q.GetIndex(), int64(x.GetSize()))
		if err != nil {
			return err
		}
		for i := lo; i < hi; i++ {
			v, err := s.target.Register(id, i)
			if err != nil {
				return err
			}
			if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_RegisterEntry{RegisterEntry: &p4v1.RegisterEntry{
				RegisterId: id, Index: &p4v1.Index{Index: i}, Data: &p4v1.P4Data{Data: &p4v1.P4Data_Bitstring{Bitstring: canonical(v)}}}}}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) readPRE(r *reader, q *p4v1.PacketReplicationEngineEntry) error {
	add := func(x *p4v1.PacketReplicationEngineEntry) error {
		return r.add(&p4v1.Entity{Entity: &p4v1.Entity_PacketReplicationEngineEntry{PacketReplicationEngineEntry: x}})
	}
	switch x := q.GetType().(type) {
	case *p4v1.PacketReplicationEngineEntry_MulticastGroupEntry:
		id := x.MulticastGroupEntry.GetMulticastGroupId()
		if id != 0 {
			g, ok := s.state.mcast[id]
			if !ok {
				return Errorf(codes.NotFound, "multicast group %d not found", id)
			}
			return add(&p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_MulticastGroupEntry{MulticastGroupEntry: g}})
		}
		for _, g := range s.state.mcast {
			if err := add(&p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_MulticastGroupEntry{MulticastGroupEntry: g}}); err != nil {
				return err
			}
		}
		return nil
	case *p4v1.PacketReplicationEngineEntry_CloneSessionEntry:
		id := x.CloneSessionEntry.GetSessionId()
		if id != 0 {
			c, ok := s.state.clones[id]
			if !ok {
				return Errorf(codes.NotFound, "clone session %d not found", id)
			}
			return add(&p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_CloneSessionEntry{CloneSessionEntry: c}})
		}
		for _, c := range s.state.clones {
			if err := add(&p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_CloneSessionEntry{CloneSessionEntry: c}}); err != nil {
				return err
			}
		}
		return nil
	}
	return Errorf(codes.InvalidArgument, "packet replication engine entry without a type")
}

func (s *Server) readValueSet(r *reader, q *p4v1.ValueSetEntry) error {
	var ids []uint32
	if q.GetValueSetId() != 0 {
		if _, ok := s.pipe.index.ValueSets.ID(q.GetValueSetId()); !ok {
			return Errorf(codes.NotFound, "unknown value set %d", q.GetValueSetId())
		}
		ids = []uint32{q.GetValueSetId()}
	} else {
		for _, v := range s.pipe.info.GetValueSets() {
			ids = append(ids, v.GetPreamble().GetId())
		}
	}
	for _, id := range ids {
		if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_ValueSetEntry{ValueSetEntry: &p4v1.ValueSetEntry{ValueSetId: id, Members: s.state.valueSets[id]}}}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) readMembers(r *reader, q *p4v1.ActionProfileMember) error {
	for pid, ms := range s.state.members {
		if q.GetActionProfileId() != 0 && pid != q.GetActionProfileId() {
			continue
		}
		for mid, m := range ms {
			if q.GetMemberId() != 0 && mid != q.GetMemberId() {
				continue
			}
			if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_ActionProfileMember{ActionProfileMember: m}}); err != nil {
				return err
			}
		}
	}
	if q.GetActionProfileId() != 0 {
		if _, ok := s.state.members[q.GetActionProfileId()]; !ok {
			return Errorf(codes.NotFound, "unknown action profile %d", q.GetActionProfileId())
		}
	}
	return nil
}

func (s *Server) readGroups(r *reader, q *p4v1.ActionProfileGroup) error {
	if q.GetActionProfileId() != 0 {
		if _, ok := s.state.groups[q.GetActionProfileId()]; !ok {
			return Errorf(codes.NotFound, "unknown action profile %d", q.GetActionProfileId())
		}
	}
	for pid, gs := range s.state.groups {
		if q.GetActionProfileId() != 0 && pid != q.GetActionProfileId() {
			continue
		}
		for gid, g := range gs {
			if q.GetGroupId() != 0 && gid != q.GetGroupId() {
				continue
			}
			if err := r.add(&p4v1.Entity{Entity: &p4v1.Entity_ActionProfileGroup{ActionProfileGroup: g}}); err != nil {
				return err
			}
		}
	}
	return nil
}
