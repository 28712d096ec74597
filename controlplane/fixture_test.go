package controlplane

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func ip(s string) netip.Addr    { return netip.MustParseAddr(s) }

func mac(n byte) vcn.MAC { return vcn.MAC{0x02, 0, 0, 0, 0, n} }

func rule(cidr string) vcn.SecurityRule {
	return vcn.SecurityRule{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: pfx(cidr), DstPort: vcn.PortRange{Lo: 80, Hi: 80}}
}

// fixture is a small configuration: two VCNs with the same address space,
// two subnets in vcn-1, three VNICs, security lists, NSGs, route tables
// and a mapping. Objects are listed in an order they can be created in.
func fixture() []any {
	return []any{
		vcn.VCN{ID: "vcn-1", Name: "one", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, VNI: 100},
		vcn.VCN{ID: "vcn-2", Name: "two", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, VNI: 200},
		vcn.SecurityList{ID: "sl-web", VCNID: "vcn-1", Rules: []vcn.SecurityRule{rule("0.0.0.0/0")}},
		vcn.SecurityList{ID: "sl-db", VCNID: "vcn-1", Rules: []vcn.SecurityRule{rule("10.0.1.0/24")}},
		vcn.SecurityList{ID: "sl-other", VCNID: "vcn-2"},
		vcn.SecurityList{ID: "nsg-a", VCNID: "vcn-1", Kind: vcn.NetworkSecurityGroup, Rules: []vcn.SecurityRule{rule("10.0.0.0/8")}},
		vcn.SecurityList{ID: "nsg-b", VCNID: "vcn-1", Kind: vcn.NetworkSecurityGroup},
		vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1", Rules: []vcn.RouteRule{{Dest: pfx("10.0.0.0/16")}}},
		vcn.RouteTable{ID: "rt-2", VCNID: "vcn-1"},
		vcn.Subnet{ID: "sn-a", VCNID: "vcn-1", CIDR: pfx("10.0.1.0/24"), RouteTableID: "rt-1", SecurityListIDs: []string{"sl-web"}},
		vcn.Subnet{ID: "sn-b", VCNID: "vcn-1", CIDR: pfx("10.0.2.0/24"), RouteTableID: "rt-1", SecurityListIDs: []string{"sl-db"}},
		vcn.Subnet{ID: "sn-c", VCNID: "vcn-2", CIDR: pfx("10.0.1.0/24")},
		vcn.VNIC{ID: "vnic-1", SubnetID: "sn-a", Num: 1, IP: ip("10.0.1.10"), MAC: mac(1), NSGIDs: []string{"nsg-a"}, Attach: vcn.Attachment{ToR: "tor-1", Port: 1}},
		vcn.VNIC{ID: "vnic-2", SubnetID: "sn-a", Num: 2, IP: ip("10.0.1.11"), MAC: mac(2), Attach: vcn.Attachment{ToR: "tor-1", Port: 2}},
		vcn.VNIC{ID: "vnic-3", SubnetID: "sn-b", Num: 3, IP: ip("10.0.2.10"), MAC: mac(3), NSGIDs: []string{"nsg-a", "nsg-b"}, Attach: vcn.Attachment{ToR: "tor-2", Port: 1}},
		vcn.Mapping{VCNID: "vcn-1", OverlayIP: ip("10.0.1.10"), Substrate: ip("192.168.0.1"), VNI: 100},
	}
}

// fixtureState builds the fixture through planCreate, as the store would,
// so that the versions are those its creation bumped.
func fixtureState(t *testing.T) *state {
	t.Helper()
	s := newState()
	for _, o := range fixture() {
		c, err := s.planCreate(o)
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		s.commit(t, c)
	}
	return s
}

// commit applies a change to the state as the sync loop would after the
// store committed it.
func (s *state) commit(t *testing.T, c *change) []vcn.PartVersion {
	t.Helper()
	ops, bumped, err := s.ops(c)
	if err != nil {
		t.Fatal(err)
	}
	s.rev++
	for _, op := range ops {
		if err := s.applyKV(op.Key, op.Value, op.Delete, s.rev); err != nil {
			t.Fatal(err)
		}
	}
	return bumped
}

// cmpNet compares addresses and prefixes by value.
var cmpNet = cmp.Options{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
}
