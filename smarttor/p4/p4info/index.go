package p4info

import (
	"errors"
	"fmt"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
)

// Entity is a P4Info object with a preamble.
type Entity interface {
	GetPreamble() *p4configv1.Preamble
}

// Entities calls f for every object of info that has a preamble, with the
// kind NewIndex names it by, kind after kind.
func Entities(info *p4configv1.P4Info, f func(kind string, x Entity)) {
	each(info.GetTables(), "table", f)
	each(info.GetActions(), "action", f)
	each(info.GetActionProfiles(), "action profile", f)
	each(info.GetCounters(), "counter", f)
	each(info.GetDirectCounters(), "direct counter", f)
	each(info.GetMeters(), "meter", f)
	each(info.GetDirectMeters(), "direct meter", f)
	each(info.GetControllerPacketMetadata(), "controller packet metadata", f)
	each(info.GetValueSets(), "value set", f)
	each(info.GetRegisters(), "register", f)
	each(info.GetDigests(), "digest", f)
}

func each[T Entity](xs []T, kind string, f func(string, Entity)) {
	for _, x := range xs {
		f(kind, x)
	}
}

// Set indexes the objects of one kind by id, by fully qualified name and by
// alias. Look-ups are map reads; a Set is immutable once built and safe for
// concurrent readers.
type Set[T Entity] struct {
	all    []T
	byID   map[uint32]T
	byName map[string]T
}

// ID returns the object with id.
func (s *Set[T]) ID(id uint32) (T, bool) {
	v, ok := s.byID[id]
	return v, ok
}

// Name returns the object whose fully qualified name or alias is name. A
// fully qualified name wins over an alias.
func (s *Set[T]) Name(name string) (T, bool) {
	v, ok := s.byName[name]
	return v, ok
}

// All returns the objects in P4Info order. The caller must not modify it.
func (s *Set[T]) All() []T { return s.all }

// Len returns the number of objects.
func (s *Set[T]) Len() int { return len(s.all) }

func newSet[T Entity](kind string, xs []T) (Set[T], error) {
	s := Set[T]{all: xs, byID: make(map[uint32]T, len(xs)), byName: make(map[string]T, 2*len(xs))}
	var errs []error
	for _, x := range xs {
		p := x.GetPreamble()
		if p == nil {
			errs = append(errs, fmt.Errorf("%s without a preamble", kind))
			continue
		}
		if _, dup := s.byID[p.Id]; dup {
			errs = append(errs, fmt.Errorf("%s %q: duplicate id %#x", kind, p.Name, p.Id))
		}
		if _, dup := s.byName[p.Name]; dup {
			errs = append(errs, fmt.Errorf("%s %q: duplicate name", kind, p.Name))
		}
		s.byID[p.Id] = x
		s.byName[p.Name] = x
	}
	for _, x := range xs {
		p := x.GetPreamble()
		if p == nil || p.Alias == "" {
			continue
		}
		if _, taken := s.byName[p.Alias]; !taken {
			s.byName[p.Alias] = x
		}
	}
	return s, errors.Join(errs...)
}

// Index looks P4Info objects up by id and by name, for every kind. Build it
// once per pipeline config with NewIndex; it is read-only afterwards.
type Index struct {
	Info                     *p4configv1.P4Info
	Tables                   Set[*p4configv1.Table]
	Actions                  Set[*p4configv1.Action]
	ActionProfiles           Set[*p4configv1.ActionProfile]
	Counters                 Set[*p4configv1.Counter]
	DirectCounters           Set[*p4configv1.DirectCounter]
	Meters                   Set[*p4configv1.Meter]
	DirectMeters             Set[*p4configv1.DirectMeter]
	ControllerPacketMetadata Set[*p4configv1.ControllerPacketMetadata]
	ValueSets                Set[*p4configv1.ValueSet]
	Registers                Set[*p4configv1.Register]
	Digests                  Set[*p4configv1.Digest]
}

// NewIndex indexes info. It reports duplicate ids and names within a kind
// and ids whose prefix does not match their kind.
func NewIndex(info *p4configv1.P4Info) (*Index, error) {
	x := &Index{Info: info}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	x.Tables, err = newSet("table", info.GetTables())
	add(err)
	x.Actions, err = newSet("action", info.GetActions())
	add(err)
	x.ActionProfiles, err = newSet("action profile", info.GetActionProfiles())
	add(err)
	x.Counters, err = newSet("counter", info.GetCounters())
	add(err)
	x.DirectCounters, err = newSet("direct counter", info.GetDirectCounters())
	add(err)
	x.Meters, err = newSet("meter", info.GetMeters())
	add(err)
	x.DirectMeters, err = newSet("direct meter", info.GetDirectMeters())
	add(err)
	x.ControllerPacketMetadata, err = newSet("controller packet metadata", info.GetControllerPacketMetadata())
	add(err)
	x.ValueSets, err = newSet("value set", info.GetValueSets())
	add(err)
	x.Registers, err = newSet("register", info.GetRegisters())
	add(err)
	x.Digests, err = newSet("digest", info.GetDigests())
	add(err)
	add(checkPrefixes(PrefixTable, x.Tables.all))
	add(checkPrefixes(PrefixAction, x.Actions.all))
	add(checkPrefixes(PrefixActionProfile, x.ActionProfiles.all))
	add(checkPrefixes(PrefixCounter, x.Counters.all))
	add(checkPrefixes(PrefixDirectCounter, x.DirectCounters.all))
	add(checkPrefixes(PrefixMeter, x.Meters.all))
	add(checkPrefixes(PrefixDirectMeter, x.DirectMeters.all))
	add(checkPrefixes(PrefixControllerHeader, x.ControllerPacketMetadata.all))
	add(checkPrefixes(PrefixValueSet, x.ValueSets.all))
	add(checkPrefixes(PrefixRegister, x.Registers.all))
	add(checkPrefixes(PrefixDigest, x.Digests.all))
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return x, nil
}

func checkPrefixes[T Entity](p Prefix, xs []T) error {
	var errs []error
	for _, x := range xs {
		pr := x.GetPreamble()
		if pr != nil && PrefixOf(pr.Id) != p {
			errs = append(errs, fmt.Errorf("%v %q: id %#x has prefix %#x", p, pr.Name, pr.Id, uint8(PrefixOf(pr.Id))))
		}
	}
	return errors.Join(errs...)
}

// FindMatchField returns the match field of table with id, nil if absent.
func FindMatchField(table *p4configv1.Table, id uint32) *p4configv1.MatchField {
	for _, f := range table.GetMatchFields() {
		if f.GetId() == id {
			return f
		}
	}
	return nil
}

// FindParam returns the parameter of action with id, nil if absent.
func FindParam(action *p4configv1.Action, id uint32) *p4configv1.Action_Param {
	for _, p := range action.GetParams() {
		if p.GetId() == id {
			return p
		}
	}
	return nil
}

// FindActionRef returns the reference to action id in table, nil if the table
// does not list the action.
func FindActionRef(table *p4configv1.Table, actionID uint32) *p4configv1.ActionRef {
	for _, r := range table.GetActionRefs() {
		if r.GetId() == actionID {
			return r
		}
	}
	return nil
}
