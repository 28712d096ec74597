package convert

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

var (
	pfx      = netip.MustParsePrefix
	mustAddr = netip.MustParseAddr
)

// cmpOpts compares netip values by value.
var cmpOpts = cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

var prefixCmp = cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })

func TestObjectRoundTrip(t *testing.T) {
	mac, _ := vcn.ParseMAC("02:00:00:00:00:07")
	objs := []any{
		vcn.VCN{ID: "v", Name: "prod", VNI: 100, CIDRs: []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.1.0.0/16")}},
		vcn.Subnet{ID: "s", VCNID: "v", CIDR: pfx("10.0.1.0/24"), RouteTableID: "rt", SecurityListIDs: []string{"sl"}},
		vcn.VNIC{ID: "n", SubnetID: "s", Num: 7, IP: mustAddr("10.0.1.5"), MAC: mac, NSGIDs: []string{"nsg"},
			Attach: vcn.Attachment{ToR: "tor1", Port: 3, VLAN: 100}},
		vcn.SecurityList{ID: "sl", VCNID: "v", Kind: vcn.NetworkSecurityGroup, Rules: []vcn.SecurityRule{
			{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: pfx("0.0.0.0/0"), DstPort: vcn.PortRange{Lo: 80, Hi: 443}, Stateless: true}}},
		vcn.RouteTable{ID: "rt", VCNID: "v", Rules: []vcn.RouteRule{
			{Dest: pfx("0.0.0.0/0"), Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "igw", Substrate: mustAddr("192.0.2.1")}},
			{Dest: pfx("10.0.0.0/16"), Target: vcn.RouteTarget{Kind: vcn.TargetLocal}}}},
		vcn.Mapping{VCNID: "v", OverlayIP: mustAddr("10.0.1.5"), Substrate: mustAddr("192.0.2.9"), VNI: 100},
	}
	for _, obj := range objs {
		m, err := ObjectToProto(obj)
		if err != nil {
			t.Fatalf("ObjectToProto(%T): %v", obj, err)
		}
		got, err := ObjectFromProto(m)
		if err != nil {
			t.Fatalf("ObjectFromProto(%T): %v", obj, err)
		}
		if diff := cmp.Diff(obj, got, cmpOpts, prefixCmp); diff != "" {
			t.Errorf("%T round trip (-want +got):\n%s", obj, diff)
		}
	}
	if _, err := ObjectToProto(42); err == nil {
		t.Error("ObjectToProto(int) succeeded")
	}
	if _, err := ObjectFromProto(&typesv1.Object{}); err == nil {
		t.Error("ObjectFromProto(empty) succeeded")
	}
}

func TestFlowRoundTrip(t *testing.T) {
	f := vcn.FlowInfo{
		Key:    vcn.FlowKey{VNIC: 7, Dir: vcn.Ingress, Src: mustAddr("10.0.0.1"), Dst: mustAddr("10.0.0.2"), Proto: 6, SrcPort: 1000, DstPort: 80},
		Action: vcn.ActionEncap, Substrate: mustAddr("192.0.2.3"), VNI: 99,
		Versions: vcn.FlowVersions{Policy: vcn.PartVersion{Part: vcn.PolicyPart("n"), Version: 3},
			Route: vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 1}},
	}
	got, err := FlowInfoFromProto(FlowInfoToProto(f))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f, got, cmpOpts); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestVersionsRoundTrip(t *testing.T) {
	v := vcn.VersionVector{vcn.PolicyPart("a"): 2, vcn.MappingPart("v", "10.0.0.1"): 9, vcn.RoutePart("held-at-zero"): 0}
	got, err := VectorFromProto(VectorToProto(v))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	contents := []vcn.PartContent{
		{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart("a"), Version: 2}, Policy: &vcn.Policy{VNICID: "a",
			Rules: []vcn.SecurityRule{{Direction: vcn.Egress, CIDR: pfx("0.0.0.0/0")}}}},
		{PartVersion: vcn.PartVersion{Part: vcn.MappingPart("v", "10.0.0.1"), Version: 9},
			Mapping: &vcn.Mapping{VCNID: "v", OverlayIP: mustAddr("10.0.0.1"), Substrate: mustAddr("192.0.2.1"), VNI: 1}},
		{PartVersion: vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 4}, Route: &vcn.RouteTable{ID: "rt", VCNID: "v"}},
		{PartVersion: vcn.PartVersion{Part: vcn.RoutePart("gone"), Version: 5}, Deleted: true},
	}
	for _, c := range contents {
		got, err := PartContentFromProto(PartContentToProto(c))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got, cmpOpts, prefixCmp); diff != "" {
			t.Errorf("%v round trip (-want +got):\n%s", c.Part, diff)
		}
	}
}

func TestFromProtoErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func() error
	}{
		{"bad cidr", func() error { _, err := VCNFromProto(&typesv1.VCN{Cidrs: []string{"10.0.0.0/33"}}); return err }},
		{"bad subnet cidr", func() error { _, err := SubnetFromProto(&typesv1.Subnet{Cidr: "x"}); return err }},
		{"bad vnic ip", func() error { _, err := VNICFromProto(&typesv1.VNIC{Ip: "10.0.0"}); return err }},
		{"bad vnic mac", func() error { _, err := VNICFromProto(&typesv1.VNIC{Mac: "zz"}); return err }},
		{"bad vlan", func() error {
			_, err := VNICFromProto(&typesv1.VNIC{Attach: &typesv1.Attachment{Vlan: 70000}})
			return err
		}},
		{"bad rule proto", func() error {
			_, err := RulesFromProto([]*typesv1.SecurityRule{{Protocol: 256}})
			return err
		}},
		{"bad rule port", func() error {
			_, err := RulesFromProto([]*typesv1.SecurityRule{{DstPort: &typesv1.PortRange{Hi: 65536}}})
			return err
		}},
		{"bad rule cidr", func() error { _, err := RulesFromProto([]*typesv1.SecurityRule{{Cidr: "q"}}); return err }},
		{"bad route dest", func() error {
			_, err := RouteTableFromProto(&typesv1.RouteTable{Rules: []*typesv1.RouteRule{{Dest: "q"}}})
			return err
		}},
		{"bad mapping ip", func() error { _, err := MappingFromProto(&typesv1.Mapping{OverlayIp: "q"}); return err }},
		{"bad part kind", func() error { _, err := PartIDFromProto(&typesv1.PartID{Key: "x"}); return err }},
		{"empty part key", func() error {
			_, err := PartIDFromProto(&typesv1.PartID{Kind: typesv1.PartKind_PART_KIND_ROUTE})
			return err
		}},
		{"invalid flow key", func() error { _, err := FlowKeyFromProto(&typesv1.FlowKey{Src: "10.0.0.1"}); return err }},
		{"flow port", func() error {
			_, err := FlowKeyFromProto(&typesv1.FlowKey{Src: "10.0.0.1", Dst: "10.0.0.2", SrcPort: 1 << 16})
			return err
		}},
		{"flow versions", func() error {
			_, err := FlowInfoFromProto(&typesv1.FlowInfo{Key: &typesv1.FlowKey{Src: "10.0.0.1", Dst: "10.0.0.2"},
				Versions: &typesv1.FlowVersions{Route: &typesv1.PartVersion{}}})
			return err
		}},
		{"vector", func() error {
			_, err := VectorFromProto(&typesv1.VersionVector{Parts: []*typesv1.PartVersion{{Part: &typesv1.PartID{}}}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f(); err == nil {
				t.Error("got nil error")
			}
		})
	}
}
