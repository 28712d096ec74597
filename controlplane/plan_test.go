package controlplane

import (
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func find[T any](t *testing.T, id string) T {
	t.Helper()
	for _, o := range fixture() {
		if v, ok := o.(T); ok {
			if r, _ := api.RefOf(o); r.ID == id {
				return v
			}
		}
	}
	t.Fatalf("fixture has no %T %q", *new(T), id)
	return *new(T)
}

type op struct {
	create, update any
	delete         api.Ref
}

func (o op) plan(s *state) (*change, error) {
	switch {
	case o.create != nil:
		return s.planCreate(o.create)
	case o.update != nil:
		return s.planUpdate(o.update)
	}
	return s.planDelete(o.delete)
}

func TestBumps(t *testing.T) {
	pol, mp, rt := vcn.PolicyPart, vcn.MappingPart, vcn.RoutePart
	tests := []struct {
		name string
		op   func(t *testing.T) op
		want []vcn.PartID
	}{
		{"edit subnet security list", func(t *testing.T) op {
			l := find[vcn.SecurityList](t, "sl-web")
			l.Rules = append(l.Rules, rule("192.0.2.0/24"))
			return op{update: l}
		}, []vcn.PartID{pol("vnic-1"), pol("vnic-2")}},
		{"edit nsg used by two subnets' vnics", func(t *testing.T) op {
			l := find[vcn.SecurityList](t, "nsg-a")
			l.Rules = nil
			return op{update: l}
		}, []vcn.PartID{pol("vnic-1"), pol("vnic-3")}},
		{"edit unused list", func(t *testing.T) op {
			l := find[vcn.SecurityList](t, "sl-other")
			l.Rules = []vcn.SecurityRule{rule("10.0.0.0/8")}
			return op{update: l}
		}, nil},
		{"rewrite list unchanged", func(t *testing.T) op { return op{update: find[vcn.SecurityList](t, "sl-web")} }, nil},
		{"vnic nsgs", func(t *testing.T) op {
			n := find[vcn.VNIC](t, "vnic-1")
			n.NSGIDs = []string{"nsg-b"}
			return op{update: n}
		}, []vcn.PartID{pol("vnic-1")}},
		{"move vnic to another tor", func(t *testing.T) op {
			n := find[vcn.VNIC](t, "vnic-2")
			n.Attach = vcn.Attachment{ToR: "tor-2", Port: 7, VLAN: 10}
			return op{update: n}
		}, []vcn.PartID{mp("vcn-1", "10.0.1.11")}},
		{"change vnic ip", func(t *testing.T) op {
			n := find[vcn.VNIC](t, "vnic-2")
			n.IP = ip("10.0.1.99")
			return op{update: n}
		}, []vcn.PartID{mp("vcn-1", "10.0.1.11"), mp("vcn-1", "10.0.1.99")}},
		{"move vnic to another subnet", func(t *testing.T) op {
			n := find[vcn.VNIC](t, "vnic-2")
			n.SubnetID, n.IP = "sn-b", ip("10.0.2.11")
			return op{update: n}
		}, []vcn.PartID{pol("vnic-2"), mp("vcn-1", "10.0.1.11"), mp("vcn-1", "10.0.2.11")}},
		{"create vnic", func(t *testing.T) op {
			return op{create: vcn.VNIC{ID: "vnic-4", SubnetID: "sn-c", Num: 4, IP: ip("10.0.1.10"), MAC: mac(4), Attach: vcn.Attachment{ToR: "tor-1", Port: 4}}}
		}, []vcn.PartID{pol("vnic-4"), mp("vcn-2", "10.0.1.10")}},
		{"delete vnic", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindVNIC, ID: "vnic-2"}} },
			[]vcn.PartID{pol("vnic-2"), mp("vcn-1", "10.0.1.11")}},
		{"edit route table", func(t *testing.T) op {
			r := find[vcn.RouteTable](t, "rt-1")
			r.Rules = nil
			return op{update: r}
		}, []vcn.PartID{rt("rt-1")}},
		{"create route table", func(t *testing.T) op { return op{create: vcn.RouteTable{ID: "rt-3", VCNID: "vcn-2"}} }, []vcn.PartID{rt("rt-3")}},
		{"delete route table", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindRouteTable, ID: "rt-2"}} }, []vcn.PartID{rt("rt-2")}},
		{"subnet security lists", func(t *testing.T) op {
			sn := find[vcn.Subnet](t, "sn-a")
			sn.SecurityListIDs = []string{"sl-web", "sl-db"}
			return op{update: sn}
		}, []vcn.PartID{pol("vnic-1"), pol("vnic-2")}},
		{"subnet route table", func(t *testing.T) op {
			sn := find[vcn.Subnet](t, "sn-b")
			sn.RouteTableID = "rt-2"
			return op{update: sn}
		}, []vcn.PartID{rt("rt-1"), rt("rt-2")}},
		{"create mapping", func(t *testing.T) op {
			return op{create: vcn.Mapping{VCNID: "vcn-1", OverlayIP: ip("10.0.2.10"), Substrate: ip("192.168.0.2"), VNI: 100}}
		}, []vcn.PartID{mp("vcn-1", "10.0.2.10")}},
		{"update mapping", func(t *testing.T) op {
			m := find[vcn.Mapping](t, "vcn-1/10.0.1.10")
			m.Substrate = ip("192.168.0.9")
			return op{update: m}
		}, []vcn.PartID{mp("vcn-1", "10.0.1.10")}},
		{"delete mapping", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindMapping, ID: "vcn-1/10.0.1.10"}} },
			[]vcn.PartID{mp("vcn-1", "10.0.1.10")}},
		{"create vcn", func(t *testing.T) op {
			return op{create: vcn.VCN{ID: "vcn-3", CIDRs: []netip.Prefix{pfx("172.16.0.0/12")}, VNI: 300}}
		}, nil},
		{"rename vcn", func(t *testing.T) op {
			v := find[vcn.VCN](t, "vcn-1")
			v.Name = "renamed"
			return op{update: v}
		}, nil},
		{"create security list", func(t *testing.T) op { return op{create: vcn.SecurityList{ID: "sl-new", VCNID: "vcn-1"}} }, nil},
		{"delete unused security list", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindSecurityList, ID: "sl-other"}} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixtureState(t)
			before := s.versions.Clone()
			c, err := tt.op(t).plan(s)
			if err != nil {
				t.Fatal(err)
			}
			bumped := s.commit(t, c)
			var got []vcn.PartID
			for _, pv := range bumped {
				got = append(got, pv.Part)
				if pv.Version != before[pv.Part]+1 || s.versions[pv.Part] != pv.Version {
					t.Errorf("%v: version %d, stored %d, want %d", pv.Part, pv.Version, s.versions[pv.Part], before[pv.Part]+1)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("bumped parts (-want +got):\n%s", diff)
			}
			// Nothing else moved.
			for p, v := range s.versions {
				if !slices.Contains(got, p) && before[p] != v {
					t.Errorf("%v moved from %d to %d", p, before[p], v)
				}
			}
		})
	}
}

func TestContent(t *testing.T) {
	s := fixtureState(t)
	got := s.content(vcn.PolicyPart("vnic-3"))
	want := vcn.PartContent{
		PartVersion: vcn.PartVersion{Part: vcn.PolicyPart("vnic-3"), Version: 1},
		Policy:      &vcn.Policy{VNICID: "vnic-3", Rules: []vcn.SecurityRule{rule("10.0.1.0/24"), rule("10.0.0.0/8")}},
	}
	if diff := cmp.Diff(want, got, cmpNet); diff != "" {
		t.Errorf("policy of vnic-3 (-want +got):\n%s", diff)
	}
	c, err := s.planDelete(api.Ref{Kind: api.KindMapping, ID: "vcn-1/10.0.1.10"})
	if err != nil {
		t.Fatal(err)
	}
	s.commit(t, c)
	got = s.content(vcn.MappingPart("vcn-1", "10.0.1.10"))
	want = vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.MappingPart("vcn-1", "10.0.1.10"), Version: 3}, Deleted: true}
	if diff := cmp.Diff(want, got, cmpNet); diff != "" {
		t.Errorf("deleted mapping (-want +got):\n%s", diff)
	}
}

func TestValidation(t *testing.T) {
	vnic := func(mod func(n *vcn.VNIC)) vcn.VNIC {
		n := vcn.VNIC{ID: "vnic-9", SubnetID: "sn-a", Num: 9, IP: ip("10.0.1.99"), MAC: mac(9), Attach: vcn.Attachment{ToR: "tor-9"}}
		mod(&n)
		return n
	}
	subnet := func(mod func(s *vcn.Subnet)) vcn.Subnet {
		sn := vcn.Subnet{ID: "sn-9", VCNID: "vcn-1", CIDR: pfx("10.0.9.0/24"), RouteTableID: "rt-1"}
		mod(&sn)
		return sn
	}
	tests := []struct {
		name  string
		op    func(t *testing.T) op
		field string // "" for no field error
		is    error
	}{
		{"subnet ok", func(t *testing.T) op { return op{create: subnet(func(*vcn.Subnet) {})} }, "", nil},
		{"subnet outside vcn", func(t *testing.T) op { return op{create: subnet(func(s *vcn.Subnet) { s.CIDR = pfx("10.1.0.0/24") })} }, "cidr", nil},
		{"subnet larger than vcn", func(t *testing.T) op { return op{create: subnet(func(s *vcn.Subnet) { s.CIDR = pfx("10.0.0.0/8") })} }, "cidr", nil},
		{"subnets overlap", func(t *testing.T) op {
			return op{create: subnet(func(s *vcn.Subnet) { s.CIDR = pfx("10.0.1.128/25") })}
		}, "cidr", nil},
		{"same cidr in another vcn", func(t *testing.T) op {
			return op{create: subnet(func(s *vcn.Subnet) { s.VCNID, s.CIDR, s.RouteTableID = "vcn-2", pfx("10.0.2.0/24"), "" })}
		}, "", nil},
		{"subnet missing vcn", func(t *testing.T) op { return op{create: subnet(func(s *vcn.Subnet) { s.VCNID = "nope" })} }, "vcn_id", nil},
		{"subnet missing route table", func(t *testing.T) op { return op{create: subnet(func(s *vcn.Subnet) { s.RouteTableID = "nope" })} }, "route_table_id", nil},
		{"subnet route table of other vcn", func(t *testing.T) op {
			return op{create: subnet(func(s *vcn.Subnet) { s.VCNID, s.RouteTableID = "vcn-2", "rt-1" })}
		}, "route_table_id", nil},
		{"subnet with an nsg", func(t *testing.T) op {
			return op{create: subnet(func(s *vcn.Subnet) { s.SecurityListIDs = []string{"sl-web", "nsg-a"} })}
		}, "security_list_ids[1]", nil},
		{"subnet list of other vcn", func(t *testing.T) op {
			return op{create: subnet(func(s *vcn.Subnet) { s.SecurityListIDs = []string{"sl-other"} })}
		}, "security_list_ids[0]", nil},
		{"subnet missing list", func(t *testing.T) op {
			return op{create: subnet(func(s *vcn.Subnet) { s.SecurityListIDs = []string{"x"} })}
		}, "security_list_ids[0]", nil},
		{"subnet vcn change", func(t *testing.T) op {
			sn := find[vcn.Subnet](t, "sn-c")
			sn.VCNID = "vcn-1"
			return op{update: sn}
		}, "vcn_id", nil},
		{"subnet shrinks away from its vnics", func(t *testing.T) op {
			sn := find[vcn.Subnet](t, "sn-a")
			sn.CIDR = pfx("10.0.1.128/25")
			return op{update: sn}
		}, "cidr", api.ErrInUse},
		{"subnet host bits", func(t *testing.T) op { return op{create: subnet(func(s *vcn.Subnet) { s.CIDR = pfx("10.0.9.1/24") })} }, "cidr", nil},
		{"vnic ok", func(t *testing.T) op { return op{create: vnic(func(*vcn.VNIC) {})} }, "", nil},
		{"vnic ip outside subnet", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.IP = ip("10.0.2.99") })} }, "ip", nil},
		{"vnic duplicate ip", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.IP = ip("10.0.1.10") })} }, "ip", nil},
		{"vnic same ip other vcn", func(t *testing.T) op {
			return op{create: vnic(func(n *vcn.VNIC) { n.SubnetID, n.IP = "sn-c", ip("10.0.1.11") })}
		}, "", nil},
		{"vnic duplicate mac", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.MAC = mac(2) })} }, "mac", nil},
		{"vnic duplicate num", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.Num = 3 })} }, "num", nil},
		{"vnic duplicate attachment", func(t *testing.T) op {
			return op{create: vnic(func(n *vcn.VNIC) { n.Attach = vcn.Attachment{ToR: "tor-1", Port: 2} })}
		}, "attach", nil},
		{"vnic same port other vlan", func(t *testing.T) op {
			return op{create: vnic(func(n *vcn.VNIC) { n.Attach = vcn.Attachment{ToR: "tor-1", Port: 2, VLAN: 5} })}
		}, "", nil},
		{"vnic missing subnet", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.SubnetID = "nope" })} }, "subnet_id", nil},
		{"vnic missing nsg", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.NSGIDs = []string{"nope"} })} }, "nsg_ids[0]", nil},
		{"vnic with a subnet list as nsg", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.NSGIDs = []string{"sl-web"} })} }, "nsg_ids[0]", nil},
		{"vnic num zero", func(t *testing.T) op { return op{create: vnic(func(n *vcn.VNIC) { n.Num = 0 })} }, "num", nil},
		{"vnic update keeps its own identity", func(t *testing.T) op { return op{update: find[vcn.VNIC](t, "vnic-1")} }, "", nil},
		{"mapping outside vcn", func(t *testing.T) op {
			return op{create: vcn.Mapping{VCNID: "vcn-1", OverlayIP: ip("10.9.0.1"), Substrate: ip("192.168.0.1"), VNI: 100}}
		}, "overlay_ip", nil},
		{"mapping missing vcn", func(t *testing.T) op {
			return op{create: vcn.Mapping{VCNID: "nope", OverlayIP: ip("10.0.0.1"), Substrate: ip("192.168.0.1"), VNI: 100}}
		}, "vcn_id", nil},
		{"list missing vcn", func(t *testing.T) op { return op{create: vcn.SecurityList{ID: "x", VCNID: "nope"}} }, "vcn_id", nil},
		{"route table missing vcn", func(t *testing.T) op { return op{create: vcn.RouteTable{ID: "x", VCNID: "nope"}} }, "vcn_id", nil},
		{"list kind change in use", func(t *testing.T) op {
			l := find[vcn.SecurityList](t, "sl-web")
			l.Kind = vcn.NetworkSecurityGroup
			return op{update: l}
		}, "kind", api.ErrInUse},
		{"vcn shrinks away from subnets", func(t *testing.T) op {
			v := find[vcn.VCN](t, "vcn-1")
			v.CIDRs = []netip.Prefix{pfx("10.0.2.0/24")}
			return op{update: v}
		}, "cidrs", api.ErrInUse},
		{"create existing", func(t *testing.T) op { return op{create: find[vcn.VCN](t, "vcn-1")} }, "", api.ErrAlreadyExists},
		{"update missing", func(t *testing.T) op { return op{update: vcn.RouteTable{ID: "nope", VCNID: "vcn-1"}} }, "", api.ErrNotFound},
		{"delete missing", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindVNIC, ID: "nope"}} }, "", api.ErrNotFound},
		{"delete used list", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindSecurityList, ID: "sl-web"}} }, "id", api.ErrInUse},
		{"delete used nsg", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindSecurityList, ID: "nsg-b"}} }, "id", api.ErrInUse},
		{"delete used route table", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindRouteTable, ID: "rt-1"}} }, "id", api.ErrInUse},
		{"delete subnet with vnics", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindSubnet, ID: "sn-a"}} }, "id", api.ErrInUse},
		{"delete vcn with subnets", func(t *testing.T) op { return op{delete: api.Ref{Kind: api.KindVCN, ID: "vcn-1"}} }, "id", api.ErrInUse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixtureState(t)
			_, err := tt.op(t).plan(s)
			if tt.field == "" && tt.is == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want field %q / %v", tt.field, tt.is)
			}
			var fe *vcn.FieldError
			if got := ""; errors.As(err, &fe) {
				got = fe.Field
				if got != tt.field {
					t.Errorf("error %q names field %q, want %q", err, got, tt.field)
				}
			} else if tt.field != "" {
				t.Errorf("error %q is not a field error, want field %q", err, tt.field)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
		})
	}
}
