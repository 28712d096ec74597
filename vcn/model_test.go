package vcn

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

func TestMAC(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"02:00:00:00:00:0a", "02:00:00:00:00:0a", false},
		{"02-00-00-AB-cd-0A", "02:00:00:ab:cd:0a", false},
		{"02:00:00:00:00", "", true},
		{"02:00:00:00:00:0g", "", true},
		{"02:00:00:00:00.0a", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ParseMAC(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseMAC(%q) error = %v", tt.in, err)
			}
			if err == nil && m.String() != tt.want {
				t.Errorf("ParseMAC(%q) = %s, want %s", tt.in, m, tt.want)
			}
		})
	}
	if !(MAC{}).IsZero() {
		t.Error("zero MAC not IsZero")
	}
}

func TestNames(t *testing.T) {
	for _, s := range []string{Egress.String(), Ingress.String(), Direction(7).String(),
		ActionDeny.String(), ActionEncap.String(), ActionDeliver.String(), Action(9).String()} {
		if s == "" {
			t.Error("empty name")
		}
	}
	for _, k := range []PartKind{PartPolicy, PartMapping, PartRoute} {
		got, err := ParsePartKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParsePartKind(%q) = %v, %v", k, got, err)
		}
	}
}

func flow(dir Direction, src, dst string, proto uint8, sp, dp uint16) FlowKey {
	return FlowKey{VNIC: 1, Dir: dir, Src: addr(src), Dst: addr(dst), Proto: proto, SrcPort: sp, DstPort: dp}
}

func TestAllows(t *testing.T) {
	web := SecurityRule{Direction: Ingress, Protocol: ProtoTCP, CIDR: pfx("0.0.0.0/0"), DstPort: PortRange{80, 80}}
	out := SecurityRule{Direction: Egress, Protocol: ProtoAny, CIDR: pfx("10.0.0.0/16")}
	outStateless := out
	outStateless.Stateless = true
	icmp := SecurityRule{Direction: Ingress, Protocol: ProtoICMP, CIDR: pfx("10.0.1.0/24"), Stateless: true}
	tests := []struct {
		name  string
		rules []SecurityRule
		key   FlowKey
		want  bool
	}{
		{"no rules deny", nil, flow(Ingress, "1.2.3.4", "10.0.0.2", ProtoTCP, 999, 80), false},
		{"ingress web", []SecurityRule{web}, flow(Ingress, "1.2.3.4", "10.0.0.2", ProtoTCP, 999, 80), true},
		{"ingress wrong port", []SecurityRule{web}, flow(Ingress, "1.2.3.4", "10.0.0.2", ProtoTCP, 999, 81), false},
		{"ingress wrong proto", []SecurityRule{web}, flow(Ingress, "1.2.3.4", "10.0.0.2", ProtoUDP, 999, 80), false},
		{"web reply is stateful", []SecurityRule{web}, flow(Egress, "10.0.0.2", "1.2.3.4", ProtoTCP, 80, 999), true},
		{"egress in cidr", []SecurityRule{out}, flow(Egress, "10.0.0.2", "10.0.9.9", ProtoUDP, 1, 53), true},
		{"egress outside cidr", []SecurityRule{out}, flow(Egress, "10.0.0.2", "8.8.8.8", ProtoUDP, 1, 53), false},
		{"stateful reply allowed", []SecurityRule{out}, flow(Ingress, "10.0.9.9", "10.0.0.2", ProtoUDP, 53, 1), true},
		{"stateless reply denied", []SecurityRule{outStateless}, flow(Ingress, "10.0.9.9", "10.0.0.2", ProtoUDP, 53, 1), false},
		{"icmp ignores ports", []SecurityRule{icmp}, flow(Ingress, "10.0.1.7", "10.0.0.2", ProtoICMP, 0, 0), true},
		{"icmp wrong source", []SecurityRule{icmp}, flow(Ingress, "10.0.2.7", "10.0.0.2", ProtoICMP, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allows(tt.rules, tt.key); got != tt.want {
				t.Errorf("Allows(%v) = %v, want %v", tt.key, got, tt.want)
			}
		})
	}
}

func TestFlowKey(t *testing.T) {
	k := flow(Egress, "10.0.0.2", "10.0.0.3", ProtoTCP, 1234, 80)
	if got, want := k.String(), "vnic 1 egress 10.0.0.2:1234->10.0.0.3:80/6"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if r := k.Reverse(); r.Reverse() != k || r.Dir != Ingress || r.Src != k.Dst || r.SrcPort != k.DstPort {
		t.Errorf("Reverse = %v", r)
	}
	bad := []FlowKey{
		{Dir: Egress, Src: addr("10.0.0.1")},
		{Dir: Egress, Src: addr("10.0.0.1"), Dst: addr("::1")},
		{Dir: 5, Src: addr("10.0.0.1"), Dst: addr("10.0.0.2")},
	}
	for _, b := range bad {
		if b.Valid() == nil {
			t.Errorf("Valid(%v) = nil, want error", b)
		}
	}
	if err := k.Valid(); err != nil {
		t.Errorf("Valid(%v) = %v", k, err)
	}
}

func TestFlowVersions(t *testing.T) {
	p, m := PolicyPart("vnic-1"), MappingPart("vcn-1", "10.0.0.3")
	fv := FlowVersions{Policy: PartVersion{p, 3}, Mapping: PartVersion{m, 1}}
	if got := len(fv.Parts()); got != 2 {
		t.Errorf("Parts has %d entries, want 2 (no route)", got)
	}
	if !fv.DependsOn(m) || fv.DependsOn(RoutePart("rt")) {
		t.Error("DependsOn wrong")
	}
	if fv.StaleAgainst(VersionVector{p: 3, m: 1}) {
		t.Error("current versions reported stale")
	}
	if !fv.StaleAgainst(VersionVector{p: 4, m: 1}) {
		t.Error("bumped policy not reported stale")
	}
}

func TestRouteLookup(t *testing.T) {
	rt := RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{
		{Dest: pfx("0.0.0.0/0"), Target: RouteTarget{Kind: TargetGateway, ID: "igw", Substrate: addr("192.0.2.1")}},
		{Dest: pfx("10.0.0.0/16"), Target: RouteTarget{Kind: TargetLocal}},
		{Dest: pfx("10.1.0.0/16"), Target: RouteTarget{Kind: TargetPeering, ID: "vcn-2"}},
	}}
	tests := []struct {
		dst  string
		want RouteTargetKind
	}{{"10.0.3.4", TargetLocal}, {"10.1.0.9", TargetPeering}, {"8.8.8.8", TargetGateway}}
	for _, tt := range tests {
		r, ok := rt.Lookup(addr(tt.dst))
		if !ok || r.Target.Kind != tt.want {
			t.Errorf("Lookup(%s) = %v, %v, want kind %v", tt.dst, r, ok, tt.want)
		}
	}
	if _, ok := (RouteTable{}).Lookup(addr("1.1.1.1")); ok {
		t.Error("empty table matched")
	}
}

func TestValidate(t *testing.T) {
	mac, _ := ParseMAC("02:00:00:00:00:01")
	goodVNIC := VNIC{ID: "vnic-1", SubnetID: "sn", Num: 1, IP: addr("10.0.0.2"), MAC: mac, Attach: Attachment{ToR: "tor1", Port: 1}}
	tests := []struct {
		name      string
		obj       interface{ Validate() error }
		wantField string // "" means valid
	}{
		{"vcn ok", VCN{ID: "v", VNI: 10, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}, ""},
		{"vcn no id", VCN{VNI: 10, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}, "id"},
		{"vcn bad id", VCN{ID: "a b", VNI: 10, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}, "id"},
		{"vcn vni", VCN{ID: "v", VNI: 1 << 24, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}, "vni"},
		{"vcn no cidr", VCN{ID: "v", VNI: 1}, "cidrs"},
		{"vcn host bits", VCN{ID: "v", VNI: 1, CIDRs: []netip.Prefix{pfx("10.0.0.1/16")}}, "cidrs[0]"},
		{"vcn overlap", VCN{ID: "v", VNI: 1, CIDRs: []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.0.128.0/17")}}, "cidrs[1]"},
		{"subnet ok", Subnet{ID: "s", VCNID: "v", CIDR: pfx("10.0.0.0/24")}, ""},
		{"subnet no vcn", Subnet{ID: "s", CIDR: pfx("10.0.0.0/24")}, "vcn_id"},
		{"subnet no cidr", Subnet{ID: "s", VCNID: "v"}, "cidr"},
		{"vnic ok", goodVNIC, ""},
		{"vnic num", func() VNIC { n := goodVNIC; n.Num = 0; return n }(), "num"},
		{"vnic ip", func() VNIC { n := goodVNIC; n.IP = netip.Addr{}; return n }(), "ip"},
		{"vnic mac", func() VNIC { n := goodVNIC; n.MAC = MAC{}; return n }(), "mac"},
		{"vnic mcast mac", func() VNIC { n := goodVNIC; n.MAC[0] = 1; return n }(), "mac"},
		{"vnic subnet", func() VNIC { n := goodVNIC; n.SubnetID = ""; return n }(), "subnet_id"},
		{"vnic tor", func() VNIC { n := goodVNIC; n.Attach.ToR = ""; return n }(), "attach.tor"},
		{"vnic vlan", func() VNIC { n := goodVNIC; n.Attach.VLAN = 4095; return n }(), "attach.vlan"},
		{"sl ok", SecurityList{ID: "sl", VCNID: "v", Rules: []SecurityRule{{Direction: Ingress, Protocol: ProtoTCP, CIDR: pfx("0.0.0.0/0"), DstPort: PortRange{22, 22}}}}, ""},
		{"sl no vcn", SecurityList{ID: "sl"}, "vcn_id"},
		{"sl dir", SecurityList{ID: "sl", VCNID: "v", Rules: []SecurityRule{{Direction: 3, CIDR: pfx("0.0.0.0/0")}}}, "rules[0].direction"},
		{"sl cidr", SecurityList{ID: "sl", VCNID: "v", Rules: []SecurityRule{{}}}, "rules[0].cidr"},
		{"sl empty range", SecurityList{ID: "sl", VCNID: "v", Rules: []SecurityRule{{Protocol: ProtoTCP, CIDR: pfx("0.0.0.0/0"), SrcPort: PortRange{9, 8}}}}, "rules[0].src_port"},
		{"sl ports need l4", SecurityList{ID: "sl", VCNID: "v", Rules: []SecurityRule{{Protocol: ProtoICMP, CIDR: pfx("0.0.0.0/0"), DstPort: PortRange{1, 2}}}}, "rules[0].dst_port"},
		{"rt ok", RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{{Dest: pfx("0.0.0.0/0"), Target: RouteTarget{Kind: TargetGateway, Substrate: addr("192.0.2.1")}}}}, ""},
		{"rt no vcn", RouteTable{ID: "rt"}, "vcn_id"},
		{"rt dup", RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{{Dest: pfx("10.0.0.0/8")}, {Dest: pfx("10.0.0.0/8")}}}, "rules[1].dest"},
		{"rt bad dest", RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{{}}}, "rules[0].dest"},
		{"rt peering", RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{{Dest: pfx("10.0.0.0/8"), Target: RouteTarget{Kind: TargetPeering}}}}, "rules[0].target.id"},
		{"rt gateway", RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{{Dest: pfx("10.0.0.0/8"), Target: RouteTarget{Kind: TargetGateway}}}}, "rules[0].target.substrate"},
		{"rt kind", RouteTable{ID: "rt", VCNID: "v", Rules: []RouteRule{{Dest: pfx("10.0.0.0/8"), Target: RouteTarget{Kind: 7}}}}, "rules[0].target.kind"},
		{"map ok", Mapping{VCNID: "v", OverlayIP: addr("10.0.0.2"), Substrate: addr("192.0.2.2"), VNI: 5}, ""},
		{"map vcn", Mapping{OverlayIP: addr("10.0.0.2"), Substrate: addr("192.0.2.2"), VNI: 5}, "vcn_id"},
		{"map ip", Mapping{VCNID: "v", Substrate: addr("192.0.2.2"), VNI: 5}, "overlay_ip"},
		{"map substrate v6", Mapping{VCNID: "v", OverlayIP: addr("10.0.0.2"), Substrate: addr("::1"), VNI: 5}, "substrate"},
		{"map vni", Mapping{VCNID: "v", OverlayIP: addr("10.0.0.2"), Substrate: addr("192.0.2.2")}, "vni"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.obj.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, want a *FieldError", err)
			}
			if fe.Field != tt.wantField {
				t.Errorf("field = %q, want %q (error %q)", fe.Field, tt.wantField, err)
			}
			if !strings.Contains(err.Error(), tt.wantField) {
				t.Errorf("error %q does not name the field", err)
			}
		})
	}
}

func TestObjectsAllCreationOrder(t *testing.T) {
	o := Objects{
		VCNs:          []VCN{{ID: "v"}},
		SecurityLists: []SecurityList{{ID: "l"}},
		RouteTables:   []RouteTable{{ID: "r"}},
		Subnets:       []Subnet{{ID: "s"}},
		VNICs:         []VNIC{{ID: "n"}},
		Mappings:      []Mapping{{VCNID: "v"}},
	}
	var got []string
	for _, x := range o.All() {
		got = append(got, fmt.Sprintf("%T", x))
	}
	want := []string{"vcn.VCN", "vcn.SecurityList", "vcn.RouteTable", "vcn.Subnet", "vcn.VNIC", "vcn.Mapping"}
	if !slices.Equal(got, want) {
		t.Errorf("All() kinds = %v, want %v", got, want)
	}
}
