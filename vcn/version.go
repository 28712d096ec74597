package vcn

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// PartKind is the kind of a configuration part: the unit that carries a
// version and that a cached flow entry depends on.
type PartKind uint8

// Part kinds. The zero value is invalid so that an unset PartID is visible.
const (
	PartPolicy  PartKind = 1 // a VNIC's effective security policy; Key is the VNIC ID
	PartMapping PartKind = 2 // one overlay IP's mapping; Key is "VCNID/IP"
	PartRoute   PartKind = 3 // one route table; Key is the route table ID
)

var partKindNames = [...]string{PartPolicy: "policy", PartMapping: "mapping", PartRoute: "route"}

// String returns "policy", "mapping" or "route".
func (k PartKind) String() string {
	if k >= PartPolicy && k <= PartRoute {
		return partKindNames[k]
	}
	return fmt.Sprintf("part(%d)", uint8(k))
}

// ParsePartKind parses the String form of a PartKind.
func ParsePartKind(s string) (PartKind, error) {
	for k := PartPolicy; k <= PartRoute; k++ {
		if partKindNames[k] == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown part kind %q: want policy, mapping or route", s)
}

// PartID names one configuration part.
type PartID struct {
	Kind PartKind
	Key  string
}

// PolicyPart is the part holding the effective policy of a VNIC.
func PolicyPart(vnicID string) PartID { return PartID{PartPolicy, vnicID} }

// MappingPart is the part holding the mapping of an overlay IP in a VCN.
func MappingPart(vcnID string, overlayIP string) PartID {
	return PartID{PartMapping, vcnID + "/" + overlayIP}
}

// RoutePart is the part holding a route table.
func RoutePart(routeTableID string) PartID { return PartID{PartRoute, routeTableID} }

// String formats p as "kind/key", e.g. "policy/vnic-1".
func (p PartID) String() string { return p.Kind.String() + "/" + p.Key }

// IsZero reports whether p is unset.
func (p PartID) IsZero() bool { return p == PartID{} }

// ParsePartID parses the String form of a PartID.
func ParsePartID(s string) (PartID, error) {
	kind, key, ok := strings.Cut(s, "/")
	if !ok || key == "" {
		return PartID{}, fmt.Errorf("invalid part %q: want kind/key", s)
	}
	k, err := ParsePartKind(kind)
	if err != nil {
		return PartID{}, fmt.Errorf("invalid part %q: %w", s, err)
	}
	return PartID{k, key}, nil
}

// ComparePartIDs orders parts by kind, then key.
func ComparePartIDs(a, b PartID) int {
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// PartVersion is a part at a version.
type PartVersion struct {
	Part    PartID
	Version uint64
}

// String formats pv as "kind/key@version".
func (pv PartVersion) String() string { return fmt.Sprintf("%s@%d", pv.Part, pv.Version) }

// Ordering is the result of comparing two version vectors.
type Ordering int

// Orderings of version vectors, as for vector clocks.
const (
	Equal      Ordering = iota // same versions everywhere
	Before                     // every version ≤ the other's, at least one <
	After                      // every version ≥ the other's, at least one >
	Concurrent                 // some greater, some smaller
)

// String returns the ordering's name.
func (o Ordering) String() string {
	switch o {
	case Equal:
		return "equal"
	case Before:
		return "before"
	case After:
		return "after"
	case Concurrent:
		return "concurrent"
	}
	return fmt.Sprintf("ordering(%d)", int(o))
}

// VersionVector maps parts to versions. A part that is absent has version
// 0. Versions only grow: deleting a part bumps it too, so that holders of
// the old content see it as stale.
//
// A VersionVector is a plain map: it is not safe for concurrent mutation.
type VersionVector map[PartID]uint64

// NewVersionVector returns a vector holding the given part versions. Where
// a part is given more than once, the highest version wins.
func NewVersionVector(pvs ...PartVersion) VersionVector {
	v := make(VersionVector, len(pvs))
	for _, pv := range pvs {
		v.Observe(pv)
	}
	return v
}

// Get returns the version of p, 0 if absent.
func (v VersionVector) Get(p PartID) uint64 { return v[p] }

// Observe raises the version of pv.Part to pv.Version if that is newer and
// reports whether it did.
func (v VersionVector) Observe(pv PartVersion) bool {
	if pv.Version > v[pv.Part] {
		v[pv.Part] = pv.Version
		return true
	}
	return false
}

// Bump increments the version of p and returns the new version.
func (v VersionVector) Bump(p PartID) uint64 {
	v[p]++
	return v[p]
}

// Clone returns a copy of v.
func (v VersionVector) Clone() VersionVector {
	if v == nil {
		return VersionVector{}
	}
	return maps.Clone(v)
}

// Merge raises every version of v to at least o's (pointwise maximum).
func (v VersionVector) Merge(o VersionVector) {
	for p, ver := range o {
		if ver > v[p] {
			v[p] = ver
		}
	}
}

// Compare orders v against o as vector clocks.
func (v VersionVector) Compare(o VersionVector) Ordering {
	less, greater := false, false
	for p, ver := range v {
		switch ov := o[p]; {
		case ver < ov:
			less = true
		case ver > ov:
			greater = true
		}
	}
	for p, ov := range o {
		if _, ok := v[p]; !ok && ov > 0 {
			less = true
		}
	}
	switch {
	case less && greater:
		return Concurrent
	case less:
		return Before
	case greater:
		return After
	}
	return Equal
}

// Stale returns, sorted, the parts that v holds at a version older than
// auth's: what a holder of v must refresh or drop. Parts that v does not
// hold are never stale for it.
func (v VersionVector) Stale(auth VersionVector) []PartVersion {
	var out []PartVersion
	for p, ver := range v {
		if av := auth[p]; av > ver {
			out = append(out, PartVersion{p, av})
		}
	}
	sortPartVersions(out)
	return out
}

// Behind returns, sorted, every part that auth has at a newer version than
// v, including parts v lacks: what a full mirror of auth must apply.
func (v VersionVector) Behind(auth VersionVector) []PartVersion {
	var out []PartVersion
	for p, av := range auth {
		if av > v[p] {
			out = append(out, PartVersion{p, av})
		}
	}
	sortPartVersions(out)
	return out
}

// Parts returns v's part versions, sorted.
func (v VersionVector) Parts() []PartVersion {
	out := make([]PartVersion, 0, len(v))
	for p, ver := range v {
		out = append(out, PartVersion{p, ver})
	}
	sortPartVersions(out)
	return out
}

func sortPartVersions(pvs []PartVersion) {
	slices.SortFunc(pvs, func(a, b PartVersion) int { return ComparePartIDs(a.Part, b.Part) })
}
