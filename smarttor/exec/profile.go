package exec

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// Indirect says what a table entry of an action profile table runs.
type Indirect uint8

// The indirect references (P4Runtime's action_profile_member_id and
// action_profile_group_id).
const (
	NoIndirect Indirect = iota
	MemberRef
	GroupRef
)

// profile is an action profile or selector: members (actions with
// arguments) and groups of members, replaced whole on every write.
type profile struct {
	ir    *ir.ActionProfile
	table *table // a table using the profile: its actions are allowed
	mu    sync.Mutex
	state atomic.Pointer[profileState]
}

type profileState struct {
	members map[uint32]*entry
	groups  map[uint32][]uint32
}

func (p *Pipeline) profile(id uint32) (*profile, error) {
	i, ok := p.ids[id]
	if !ok || i >= len(p.profiles) || p.profiles[i].ir.ID != id {
		return nil, fmt.Errorf("%w: action profile %#x", ErrUnknownID, id)
	}
	return p.profiles[i], nil
}

func (pr *profile) update(f func(st *profileState) error) error {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	old := pr.state.Load()
	n := &profileState{members: maps.Clone(old.members), groups: maps.Clone(old.groups)}
	if err := f(n); err != nil {
		return err
	}
	pr.state.Store(n)
	return nil
}

// WriteProfileMember inserts, modifies or deletes a member (an action with
// its arguments) of an action profile.
func (s *Switch) WriteProfileMember(op WriteOp, profileID, member, action uint32, params [][]byte) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	pr, err := p.profile(profileID)
	if err != nil {
		return err
	}
	var e *entry
	if op != Delete {
		if pr.table == nil {
			return fmt.Errorf("%w: action profile %q has no table", ErrInvalid, pr.ir.Name)
		}
		a, err := p.action(action)
		if err != nil {
			return err
		}
		if e, err = pr.table.newEntry(a, params, false); err != nil {
			return err
		}
	}
	return pr.update(func(st *profileState) error {
		_, ok := st.members[member]
		switch {
		case op == Insert && ok:
			return fmt.Errorf("%w: member %d", match.ErrExists, member)
		case op != Insert && !ok:
			return fmt.Errorf("%w: member %d", match.ErrNotFound, member)
		case op == Insert && pr.ir.Size > 0 && len(st.members) >= pr.ir.Size:
			return fmt.Errorf("%w: action profile %q holds %d members", ErrTableFull, pr.ir.Name, pr.ir.Size)
		case op == Delete:
			for g, ms := range st.groups {
				if slices.Contains(ms, member) {
					return fmt.Errorf("%w: member %d is in group %d", ErrInvalid, member, g)
				}
			}
			delete(st.members, member)
		default:
			st.members[member] = e
		}
		return nil
	})
}

// WriteProfileGroup inserts, modifies or deletes a group of members of an
// action selector.
func (s *Switch) WriteProfileGroup(op WriteOp, profileID, group uint32, members []uint32) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	pr, err := p.profile(profileID)
	if err != nil {
		return err
	}
	if !pr.ir.Selector {
		return fmt.Errorf("%w: %q is an action profile without groups", ErrInvalid, pr.ir.Name)
	}
	ms := slices.Clone(members)
	return pr.update(func(st *profileState) error {
		_, ok := st.groups[group]
		switch {
		case op == Insert && ok:
			return fmt.Errorf("%w: group %d", match.ErrExists, group)
		case op != Insert && !ok:
			return fmt.Errorf("%w: group %d", match.ErrNotFound, group)
		case op == Delete:
			delete(st.groups, group)
			return nil
		}
		for _, m := range ms {
			if _, ok := st.members[m]; !ok {
				return fmt.Errorf("%w: member %d", match.ErrNotFound, m)
			}
		}
		st.groups[group] = ms
		return nil
	})
}

// ProfileMember is a member as read back.
type ProfileMember struct {
	ID     uint32
	Action uint32
	Params [][]byte
}

// ReadProfile returns the members and groups of an action profile.
func (s *Switch) ReadProfile(profileID uint32) ([]ProfileMember, map[uint32][]uint32, error) {
	p, err := s.pipeline()
	if err != nil {
		return nil, nil, err
	}
	pr, err := p.profile(profileID)
	if err != nil {
		return nil, nil, err
	}
	st := pr.state.Load()
	var ms []ProfileMember
	for id, e := range st.members {
		ms = append(ms, ProfileMember{ID: id, Action: p.prog.Actions[e.action].ID, Params: e.params})
	}
	slices.SortFunc(ms, func(a, b ProfileMember) int { return int(a.ID) - int(b.ID) })
	return ms, maps.Clone(st.groups), nil
}

// resolve returns the action entry an indirect table entry runs: its
// member, or the member of its group the selector hash picks; nil when
// the member or group is gone.
func (w *Worker) resolve(t *table, e *entry) *entry {
	pr := w.p.profiles[t.ir.Profile]
	st := pr.state.Load()
	id := e.ref
	if e.indirect == GroupRef {
		ms := st.groups[e.ref]
		if len(ms) == 0 {
			return nil
		}
		i := 0
		if len(ms) > 1 {
			h := w.p.hashers[pr.ir.Algo].Sum(w.pack(t.ir.SelectorKeys, nil, false))
			if pr.ir.OutputWidth > 0 && pr.ir.OutputWidth < 64 {
				h &= ir.Mask(pr.ir.OutputWidth)
			}
			i = int(h % uint64(len(ms)))
		}
		id = ms[i]
	}
	return st.members[id]
}
