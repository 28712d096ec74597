package convert

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

// PartIDToProto converts a part id.
func PartIDToProto(p vcn.PartID) *typesv1.PartID {
	return &typesv1.PartID{Kind: typesv1.PartKind(p.Kind), Key: p.Key}
}

// PartIDFromProto converts a part id; an unknown kind or empty key is an
// error.
func PartIDFromProto(m *typesv1.PartID) (vcn.PartID, error) {
	k := vcn.PartKind(m.GetKind())
	if k < vcn.PartPolicy || k > vcn.PartRoute {
		return vcn.PartID{}, fmt.Errorf("part: unknown kind %v", m.GetKind())
	}
	if m.GetKey() == "" {
		return vcn.PartID{}, fmt.Errorf("part: key must be set")
	}
	return vcn.PartID{Kind: k, Key: m.GetKey()}, nil
}

// PartVersionToProto converts a part version; the zero PartVersion becomes
// nil.
func PartVersionToProto(pv vcn.PartVersion) *typesv1.PartVersion {
	if pv.Part.IsZero() {
		return nil
	}
	return &typesv1.PartVersion{Part: PartIDToProto(pv.Part), Version: pv.Version}
}

// PartVersionFromProto converts a part version; nil becomes the zero
// PartVersion.
func PartVersionFromProto(m *typesv1.PartVersion) (vcn.PartVersion, error) {
	if m == nil {
		return vcn.PartVersion{}, nil
	}
	p, err := PartIDFromProto(m.GetPart())
	if err != nil {
		return vcn.PartVersion{}, err
	}
	return vcn.PartVersion{Part: p, Version: m.GetVersion()}, nil
}

// PartVersionsToProto converts a list of part versions.
func PartVersionsToProto(pvs []vcn.PartVersion) []*typesv1.PartVersion {
	out := make([]*typesv1.PartVersion, 0, len(pvs))
	for _, pv := range pvs {
		out = append(out, PartVersionToProto(pv))
	}
	return out
}

// PartVersionsFromProto converts a list of part versions.
func PartVersionsFromProto(ms []*typesv1.PartVersion) ([]vcn.PartVersion, error) {
	out := make([]vcn.PartVersion, 0, len(ms))
	for i, m := range ms {
		pv, err := PartVersionFromProto(m)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, pv)
	}
	return out, nil
}

// VectorToProto converts a version vector (sorted by part).
func VectorToProto(v vcn.VersionVector) *typesv1.VersionVector {
	return &typesv1.VersionVector{Parts: PartVersionsToProto(v.Parts())}
}

// VectorFromProto converts a version vector.
func VectorFromProto(m *typesv1.VersionVector) (vcn.VersionVector, error) {
	pvs, err := PartVersionsFromProto(m.GetParts())
	if err != nil {
		return nil, fmt.Errorf("versions%w", err)
	}
	// A part held at version 0 stays in the vector: "held, never bumped"
	// is not "not held" (vcn.VersionVector.Stale looks only at held parts).
	v := make(vcn.VersionVector, len(pvs))
	for _, pv := range pvs {
		if cur, ok := v[pv.Part]; !ok || pv.Version > cur {
			v[pv.Part] = pv.Version
		}
	}
	return v, nil
}

// PolicyToProto converts a policy.
func PolicyToProto(p vcn.Policy) *typesv1.Policy {
	return &typesv1.Policy{VnicId: p.VNICID, Rules: RulesToProto(p.Rules)}
}

// PolicyFromProto converts a policy.
func PolicyFromProto(m *typesv1.Policy) (vcn.Policy, error) {
	rules, err := RulesFromProto(m.GetRules())
	if err != nil {
		return vcn.Policy{}, err
	}
	return vcn.Policy{VNICID: m.GetVnicId(), Rules: rules}, nil
}
