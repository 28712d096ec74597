package p4rt

import (
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
)

// loadInitialEntries records the entries the program installed itself
// (const entries and `entries` lists) right after a commit, when the
// target can list them.
func (s *Server) loadInitialEntries() {
	l, ok := s.target.(EntryLister)
	if !ok {
		return
	}
	now := time.Now()
	for id, ti := range s.pipe.tables {
		ts := s.state.tables[id]
		l.Entries(id, func(k *Key, a *Action) {
			e, ks := s.initialEntry(ti, k, a)
			if e != nil {
				e.since = now
				ts.entries[ks] = e
			}
		})
	}
}

// initialEntry turns a target entry into a stored entry; nil if it does not
// fit the P4Info.
func (s *Server) initialEntry(ti *tableInfo, k *Key, a *Action) (*entry, string) {
	if len(k.Match) != len(ti.fields) {
		return nil, ""
	}
	ar := &arena{}
	key := &Key{Match: make([]FieldMatch, len(k.Match)), Priority: k.Priority}
	pb := &p4v1.TableEntry{TableId: ti.t.GetPreamble().GetId(), Priority: k.Priority}
	for i, f := range ti.fields {
		m := k.Match[i]
		pad := func(b []byte) []byte {
			if b == nil {
				return nil
			}
			v, err := ar.pad(b, f.bits, f.name)
			if err != nil {
				return make([]byte, byteLen(f.bits))
			}
			return v
		}
		m.Value, m.Mask, m.High = pad(m.Value), pad(m.Mask), pad(m.High)
		if m.Wildcard {
			switch f.kind {
			case kindLPM:
				m.Value, m.PrefixLen = make([]byte, byteLen(f.bits)), 0
			case kindTernary, kindOptional:
				m.Value, m.Mask = make([]byte, byteLen(f.bits)), make([]byte, byteLen(f.bits))
			case kindRange:
				m.Value, m.High = make([]byte, byteLen(f.bits)), allOnes(f.bits)
			}
		} else {
			if f.kind == kindOptional && m.Mask == nil {
				m.Mask = allOnes(f.bits)
			}
			pb.Match = append(pb.Match, canonField(f, &m))
		}
		key.Match[i] = m
	}
	ai := s.pipe.actions[a.ID]
	if ai == nil || len(a.Params) != len(ai.params) {
		return nil, ""
	}
	pa := &p4v1.Action{ActionId: a.ID}
	for i, v := range a.Params {
		pa.Params = append(pa.Params, &p4v1.Action_Param{ParamId: ai.params[i].id, Value: canonical(v)})
	}
	pb.Action = &p4v1.TableAction{Type: &p4v1.TableAction_Action{Action: pa}}
	return &entry{pb: pb, key: key, table: pb.TableId}, keyString(key)
}
