package vcn

import (
	"fmt"
	"net/netip"
)

// MAC is an Ethernet address.
type MAC [6]byte

// ParseMAC parses "aa:bb:cc:dd:ee:ff" (or '-' separated) into a MAC.
func ParseMAC(s string) (MAC, error) {
	var m MAC
	if len(s) != 17 {
		return m, fmt.Errorf("invalid MAC %q: want 6 hex octets separated by ':'", s)
	}
	for i := 0; i < 6; i++ {
		hi, ok1 := unhex(s[3*i])
		lo, ok2 := unhex(s[3*i+1])
		if !ok1 || !ok2 || (i < 5 && s[3*i+2] != ':' && s[3*i+2] != '-') {
			return MAC{}, fmt.Errorf("invalid MAC %q: want 6 hex octets separated by ':'", s)
		}
		m[i] = hi<<4 | lo
	}
	return m, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// String formats m as "aa:bb:cc:dd:ee:ff".
func (m MAC) String() string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5])
}

// IsZero reports whether m is the all-zero address (unset).
func (m MAC) IsZero() bool { return m == MAC{} }

// MaxVNI is the largest VXLAN network identifier (24 bits).
const MaxVNI = 1<<24 - 1

// VCN is a virtual cloud network: an isolated overlay address space.
type VCN struct {
	ID    string
	Name  string
	CIDRs []netip.Prefix
	// VNI is the VXLAN network identifier that carries this VCN's traffic on
	// the substrate.
	VNI uint32
}

// Subnet is a range of a VCN's address space. Its VNICs use its route table
// and security lists.
type Subnet struct {
	ID              string
	VCNID           string
	CIDR            netip.Prefix
	RouteTableID    string
	SecurityListIDs []string
}

// Attachment says where a VNIC sits: behind which smart ToR, on which port,
// and on which VLAN of that port (0 for untagged).
type Attachment struct {
	ToR  string
	Port uint32
	VLAN uint16
}

// VNIC is a virtual network interface of a compute instance.
type VNIC struct {
	ID       string
	SubnetID string
	// Num is the VNIC's data-plane identifier, unique across the deployment;
	// the smart ToR's tables are keyed by it.
	Num    uint32
	IP     netip.Addr
	MAC    MAC
	NSGIDs []string
	Attach Attachment
}

// Direction is the direction of a flow relative to the VNIC it belongs to.
type Direction uint8

// Directions of a flow.
const (
	Egress  Direction = 0 // from the VNIC's instance (outbound)
	Ingress Direction = 1 // towards the VNIC's instance (inbound)
)

// String returns "egress" or "ingress".
func (d Direction) String() string {
	switch d {
	case Egress:
		return "egress"
	case Ingress:
		return "ingress"
	}
	return fmt.Sprintf("direction(%d)", uint8(d))
}

// IP protocol numbers the rules name.
const (
	ProtoAny  uint8 = 0 // in a rule: any protocol
	ProtoICMP uint8 = 1
	ProtoTCP  uint8 = 6
	ProtoUDP  uint8 = 17
)

// PortRange is an inclusive range of L4 ports. The zero value matches
// every port.
type PortRange struct{ Lo, Hi uint16 }

// AnyPort reports whether r is the wildcard range.
func (r PortRange) AnyPort() bool { return r == PortRange{} || (r.Lo == 0 && r.Hi == 0xffff) }

// Contains reports whether p lies in r.
func (r PortRange) Contains(p uint16) bool { return r.AnyPort() || (r.Lo <= p && p <= r.Hi) }

// SecurityRule allows the traffic it matches. A rule set is allow-only, as
// in OCI security lists: whatever no rule allows is denied.
type SecurityRule struct {
	Direction Direction
	Protocol  uint8 // ProtoAny for all protocols
	// CIDR is the remote end: the source of ingress traffic, the destination
	// of egress traffic.
	CIDR    netip.Prefix
	SrcPort PortRange
	DstPort PortRange
	// Stateless rules allow only what they match; stateful rules also allow
	// the return traffic of the flows they allow.
	Stateless bool
}

// SecurityListKind tells a subnet-wide security list from a network
// security group attached to individual VNICs.
type SecurityListKind uint8

// Kinds of security lists.
const (
	SubnetSecurityList   SecurityListKind = 0
	NetworkSecurityGroup SecurityListKind = 1
)

// SecurityList is a set of allow rules, attached to subnets (security list)
// or to VNICs (network security group).
type SecurityList struct {
	ID    string
	VCNID string
	Kind  SecurityListKind
	Rules []SecurityRule
}

// RouteTargetKind says where a route sends traffic.
type RouteTargetKind uint8

// Route targets.
const (
	TargetLocal   RouteTargetKind = 0 // within the VCN: the mapping decides
	TargetPeering RouteTargetKind = 1 // a peered VCN (Target.ID)
	TargetGateway RouteTargetKind = 2 // a gateway at Target.Substrate
)

// RouteTarget is the next hop of a route rule.
type RouteTarget struct {
	Kind RouteTargetKind
	// ID names the peered VCN or the gateway.
	ID string
	// Substrate is the gateway's VTEP address (TargetGateway only).
	Substrate netip.Addr
}

// RouteRule sends traffic for Dest to Target.
type RouteRule struct {
	Dest   netip.Prefix
	Target RouteTarget
}

// RouteTable is an ordered set of route rules; the longest matching prefix
// wins.
type RouteTable struct {
	ID    string
	VCNID string
	Rules []RouteRule
}

// Mapping places an overlay IP of a VCN on the substrate: packets to it are
// VXLAN-encapsulated to Substrate with VNI.
type Mapping struct {
	VCNID     string
	OverlayIP netip.Addr
	Substrate netip.Addr
	VNI       uint32
}

// Objects is a whole configuration: every object of every kind.
type Objects struct {
	VCNs          []VCN
	SecurityLists []SecurityList
	RouteTables   []RouteTable
	Subnets       []Subnet
	VNICs         []VNIC
	Mappings      []Mapping
}

// All lists the objects in an order they can be created in: a subnet
// after the security lists and route table it names, a VNIC after its
// subnet.
func (o Objects) All() []any {
	all := make([]any, 0, len(o.VCNs)+len(o.SecurityLists)+len(o.RouteTables)+len(o.Subnets)+len(o.VNICs)+len(o.Mappings))
	for _, x := range o.VCNs {
		all = append(all, x)
	}
	for _, x := range o.SecurityLists {
		all = append(all, x)
	}
	for _, x := range o.RouteTables {
		all = append(all, x)
	}
	for _, x := range o.Subnets {
		all = append(all, x)
	}
	for _, x := range o.VNICs {
		all = append(all, x)
	}
	for _, x := range o.Mappings {
		all = append(all, x)
	}
	return all
}
