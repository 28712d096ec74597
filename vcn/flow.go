package vcn

import (
	"fmt"
	"net/netip"
)

// FlowKey identifies a flow as the smart ToR's flow cache sees it: the
// VNIC it belongs to, its direction relative to that VNIC, and the
// n-tuple of the overlay packet.
type FlowKey struct {
	VNIC    uint32 // VNIC.Num
	Dir     Direction
	Src     netip.Addr
	Dst     netip.Addr
	Proto   uint8
	SrcPort uint16
	DstPort uint16
}

// String formats k as "vnic 7 egress 10.0.0.2:1234->10.0.0.3:80/6".
func (k FlowKey) String() string {
	return fmt.Sprintf("vnic %d %s %s:%d->%s:%d/%d", k.VNIC, k.Dir, k.Src, k.SrcPort, k.Dst, k.DstPort, k.Proto)
}

// Valid reports whether k names a flow: both addresses set and of the same
// family, and a known direction.
func (k FlowKey) Valid() error {
	switch {
	case !k.Src.IsValid() || !k.Dst.IsValid():
		return fmt.Errorf("flow key %v: source and destination must be set", k)
	case k.Src.Is4() != k.Dst.Is4():
		return fmt.Errorf("flow key %v: source and destination of different families", k)
	case k.Dir != Egress && k.Dir != Ingress:
		return fmt.Errorf("flow key %v: unknown direction", k)
	}
	return nil
}

// Action is what the flow cache does with a flow's packets.
type Action uint8

// Flow-cache actions.
const (
	ActionDeny    Action = 0 // drop
	ActionEncap   Action = 1 // outbound allow: VXLAN to Substrate with VNI
	ActionDeliver Action = 2 // inbound allow: deliver to the local VNIC
)

// String returns the action's name.
func (a Action) String() string {
	switch a {
	case ActionDeny:
		return "deny"
	case ActionEncap:
		return "encap"
	case ActionDeliver:
		return "deliver"
	}
	return fmt.Sprintf("action(%d)", uint8(a))
}

// FlowVersions records the parts a flow's info was built from, each at the
// version it was read at. A zero PartVersion means the flow does not depend
// on a part of that kind (a denied flow needs no mapping).
type FlowVersions struct {
	Policy  PartVersion
	Mapping PartVersion
	Route   PartVersion
}

// Parts returns the parts the flow depends on.
func (fv FlowVersions) Parts() []PartVersion {
	out := make([]PartVersion, 0, 3)
	for _, pv := range [...]PartVersion{fv.Policy, fv.Mapping, fv.Route} {
		if !pv.Part.IsZero() {
			out = append(out, pv)
		}
	}
	return out
}

// StaleAgainst reports whether any part the flow depends on is older than
// in auth.
func (fv FlowVersions) StaleAgainst(auth VersionVector) bool {
	for _, pv := range fv.Parts() {
		if auth[pv.Part] > pv.Version {
			return true
		}
	}
	return false
}

// DependsOn reports whether the flow depends on p.
func (fv FlowVersions) DependsOn(p PartID) bool {
	return fv.Policy.Part == p || fv.Mapping.Part == p || fv.Route.Part == p
}

// FlowInfo is what a smart ToR caches for a flow: the verdict and where to
// send it, and the versions it was built from.
type FlowInfo struct {
	Key    FlowKey
	Action Action
	// Substrate and VNI are the VXLAN target of ActionEncap.
	Substrate netip.Addr
	VNI       uint32
	// DeliverVNIC is the VNIC.Num to deliver to for ActionDeliver.
	DeliverVNIC uint32
	Versions    FlowVersions
}

// Policy is the content of a policy part: the effective security rules of
// a VNIC (its subnet's security lists and its network security groups).
type Policy struct {
	VNICID string
	Rules  []SecurityRule
}

// PartContent is a part at a version with its content: exactly one of
// Policy, Mapping and Route is set, matching the part's kind, unless the
// part was deleted.
type PartContent struct {
	PartVersion
	Deleted bool
	Policy  *Policy
	Mapping *Mapping
	Route   *RouteTable
}
