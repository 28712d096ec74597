package exec

import (
	"fmt"
	"maps"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// Replica is one copy the packet replication engine makes: the egress
// port and the instance (egress_rid).
type Replica struct {
	Port     uint32
	Instance uint32
}

// CloneSession is a clone session: where the clones go, their class of
// service, and the length they are truncated to (0: not truncated).
type CloneSession struct {
	Replicas          []Replica
	ClassOfService    uint32
	PacketLengthBytes int32
}

// pre is the packet replication engine's configuration, replaced whole on
// every write.
type pre struct {
	groups   map[uint32][]Replica
	sessions map[uint32]*CloneSession
}

func (s *Switch) updatePRE(f func(p *pre) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.pre.Load()
	n := &pre{groups: maps.Clone(old.groups), sessions: maps.Clone(old.sessions)}
	if err := f(n); err != nil {
		return err
	}
	s.pre.Store(n)
	return nil
}

// WriteMulticastGroup inserts (or with modify, replaces) a multicast
// group. Group 0 means "no multicast" and cannot be written.
func (s *Switch) WriteMulticastGroup(op WriteOp, id uint32, replicas []Replica) error {
	if id == 0 || id > 0xffff {
		return fmt.Errorf("%w: multicast group id %d", ErrInvalid, id)
	}
	reps := append([]Replica(nil), replicas...)
	return s.updatePRE(func(p *pre) error {
		_, ok := p.groups[id]
		switch {
		case op == Insert && ok:
			return fmt.Errorf("%w: multicast group %d", match.ErrExists, id)
		case op != Insert && !ok:
			return fmt.Errorf("%w: multicast group %d", match.ErrNotFound, id)
		case op == Delete:
			delete(p.groups, id)
		default:
			p.groups[id] = reps
		}
		return nil
	})
}

// MulticastGroups calls f with every multicast group.
func (s *Switch) MulticastGroups(f func(id uint32, replicas []Replica)) {
	for id, r := range s.pre.Load().groups {
		f(id, r)
	}
}

// WriteCloneSession inserts, modifies or deletes a clone session.
func (s *Switch) WriteCloneSession(op WriteOp, id uint32, cs CloneSession) error {
	cs.Replicas = append([]Replica(nil), cs.Replicas...)
	return s.updatePRE(func(p *pre) error {
		_, ok := p.sessions[id]
		switch {
		case op == Insert && ok:
			return fmt.Errorf("%w: clone session %d", match.ErrExists, id)
		case op != Insert && !ok:
			return fmt.Errorf("%w: clone session %d", match.ErrNotFound, id)
		case op == Delete:
			delete(p.sessions, id)
		default:
			p.sessions[id] = &cs
		}
		return nil
	})
}

// CloneSessions calls f with every clone session.
func (s *Switch) CloneSessions(f func(id uint32, cs CloneSession)) {
	for id, cs := range s.pre.Load().sessions {
		f(id, *cs)
	}
}

// ValueSetMember is a member of a parser value_set: one match per
// component of the set's type (Value, and Mask for a masked member; a nil
// Mask matches exactly).
type ValueSetMember struct {
	Match []match.FieldMatch
}

type valueSet struct {
	members []ValueSetMember
	// vals and masks hold, per member, the words of every component in
	// order (one word, or several for a component of more than 64 bits).
	vals  [][]uint64
	masks [][]uint64
}

// SetValueSet replaces the members of a value_set.
func (s *Switch) SetValueSet(id uint32, members []ValueSetMember) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	i, err := p.indexOf(id, len(p.valueSets), "value_set")
	if err != nil || p.prog.ValueSets[i].ID != id {
		return fmt.Errorf("%w: value_set %#x", ErrUnknownID, id)
	}
	vs := p.prog.ValueSets[i]
	if len(members) > vs.Size && vs.Size > 0 {
		return fmt.Errorf("%w: %d members for value_set %q of size %d", ErrInvalid, len(members), vs.Name, vs.Size)
	}
	n := &valueSet{}
	for _, m := range members {
		if len(m.Match) != len(vs.Widths) {
			return fmt.Errorf("%w: member with %d fields for value_set %q of %d", ErrInvalid, len(m.Match), vs.Name, len(vs.Widths))
		}
		var vals, masks []uint64
		var mm ValueSetMember
		for j, f := range m.Match {
			v, err := fit(f.Value, vs.Widths[j])
			if err != nil {
				return err
			}
			// Components wider than 64 bits take several words, most
			// significant first, as in the arena.
			vw := ir.BytesToWords(v, vs.Widths[j])
			var mb []byte
			mw := make([]uint64, len(vw))
			for k := range mw {
				mw[k] = ^uint64(0)
			}
			if f.Mask != nil {
				if mb, err = fit(f.Mask, vs.Widths[j]); err != nil {
					return err
				}
				mw = ir.BytesToWords(mb, vs.Widths[j])
			}
			for k := range vw {
				vals = append(vals, vw[k]&mw[k])
				masks = append(masks, mw[k])
			}
			mm.Match = append(mm.Match, match.FieldMatch{Value: v, Mask: mb})
		}
		n.members = append(n.members, mm)
		n.vals = append(n.vals, vals)
		n.masks = append(n.masks, masks)
	}
	p.valueSets[i].Store(n)
	return nil
}

// ValueSet returns the members of a value_set.
func (s *Switch) ValueSet(id uint32) ([]ValueSetMember, error) {
	p, err := s.pipeline()
	if err != nil {
		return nil, err
	}
	i, err := p.indexOf(id, len(p.valueSets), "value_set")
	if err != nil || p.prog.ValueSets[i].ID != id {
		return nil, fmt.Errorf("%w: value_set %#x", ErrUnknownID, id)
	}
	return p.valueSets[i].Load().members, nil
}

func (w *Worker) inValueSet(i int, keys []ir.Operand) bool {
	vs := w.p.valueSets[i].Load()
	for m, vals := range vs.vals {
		masks := vs.masks[m]
		ok, k := true, 0
		for j := 0; ok && j < len(keys); j++ {
			for i, n := 0, ir.Words(keys[j].Width); ok && i < n; i, k = i+1, k+1 {
				ok = k < len(vals) && w.arena[int(keys[j].Slot)+i]&masks[k] == vals[k]
			}
		}
		if ok && k == len(vals) {
			return true
		}
	}
	return false
}
