package config

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

var addr = netip.MustParseAddr

func base() *Snapshot {
	b := Empty().Edit()
	b.SetVCNs([]vcn.VCN{{ID: "v", VNI: 100}})
	b.SetSubnets([]vcn.Subnet{{ID: "s", VCNID: "v", RouteTableID: "rt"}, {ID: "s2", VCNID: "v"}})
	b.SetVNICs([]vcn.VNIC{{ID: "a", SubnetID: "s", Num: 1, IP: addr("10.0.0.2"), Attach: vcn.Attachment{ToR: "t1"}},
		{ID: "b", SubnetID: "s2", Num: 2, IP: addr("10.0.0.3")}})
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart("a"), Version: 2}, Policy: &vcn.Policy{VNICID: "a"}})
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.MappingPart("v", "10.0.0.2"), Version: 1},
		Mapping: &vcn.Mapping{VCNID: "v", OverlayIP: addr("10.0.0.2"), Substrate: addr("192.168.0.1"), VNI: 100}})
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 4}, Route: &vcn.RouteTable{ID: "rt"}})
	b.SetRevision(7)
	s, _ := b.Snapshot()
	return s
}

func TestSnapshotLookups(t *testing.T) {
	s := base()
	if _, ok := s.VNICByAddr(Addr{"v", addr("10.0.0.2")}); !ok {
		t.Error("VNICByAddr misses a")
	}
	if v, ok := s.VCNByVNI(100); !ok || v.ID != "v" {
		t.Error("VCNByVNI misses v")
	}
	if _, ok := s.Mapping(Addr{"v", addr("10.0.0.2")}); !ok {
		t.Error("Mapping misses 10.0.0.2")
	}
	if s.Revision() != 7 {
		t.Errorf("Revision = %d", s.Revision())
	}
	want := Counts{VCNs: 1, Subnets: 2, VNICs: 2, Policies: 1, Mappings: 1, RouteTables: 1, Parts: 3}
	if diff := cmp.Diff(want, s.Counts()); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
	n := 0
	s.VNICs(func(*vcn.VNIC) bool { n++; return false })
	if n != 1 {
		t.Errorf("VNICs did not stop when told: %d calls", n)
	}
}

func TestBuilderChanges(t *testing.T) {
	old := base()
	tests := []struct {
		name  string
		edit  func(*Builder)
		check func(t *testing.T, s *Snapshot)
		want  Change
	}{
		{"older version ignored", func(b *Builder) {
			if b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart("a"), Version: 2}}) {
				t.Error("Apply of the same version reported applied")
			}
		}, func(t *testing.T, s *Snapshot) {
			if _, ok := s.Policy("a"); !ok {
				t.Error("policy lost")
			}
		}, Change{}},
		{"deleted part keeps version", func(b *Builder) {
			b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.MappingPart("v", "10.0.0.2"), Version: 3}, Deleted: true})
		}, func(t *testing.T, s *Snapshot) {
			if _, ok := s.Mapping(Addr{"v", addr("10.0.0.2")}); ok {
				t.Error("deleted mapping still there")
			}
			if v := s.Version(vcn.MappingPart("v", "10.0.0.2")).Version; v != 3 {
				t.Errorf("version = %d, want 3", v)
			}
		}, Change{Parts: []vcn.PartVersion{{Part: vcn.MappingPart("v", "10.0.0.2"), Version: 3}}}},
		{"vnic moved", func(b *Builder) {
			b.SetVNICs([]vcn.VNIC{{ID: "a", SubnetID: "s", Num: 1, IP: addr("10.0.0.2"), Attach: vcn.Attachment{ToR: "t9"}},
				{ID: "b", SubnetID: "s2", Num: 2, IP: addr("10.0.0.3")}})
		}, func(t *testing.T, s *Snapshot) {
			if n, _ := s.VNICByNum(1); n.Attach.ToR != "t9" {
				t.Error("move not applied")
			}
		}, Change{VNICs: []uint32{1}}},
		{"relisted unchanged", func(b *Builder) {
			b.SetVNICs([]vcn.VNIC{{ID: "a", SubnetID: "s", Num: 1, IP: addr("10.0.0.2"), Attach: vcn.Attachment{ToR: "t1"}},
				{ID: "b", SubnetID: "s2", Num: 2, IP: addr("10.0.0.3")}})
			b.SetSubnets([]vcn.Subnet{{ID: "s", VCNID: "v", RouteTableID: "rt"}, {ID: "s2", VCNID: "v"}})
		}, func(t *testing.T, s *Snapshot) {
			a, _ := s.VNICByNum(1)
			o, _ := old.VNICByNum(1)
			if a != o {
				t.Error("an unchanged VNIC lost its identity")
			}
		}, Change{}},
		{"vnic deleted", func(b *Builder) {
			b.SetVNICs([]vcn.VNIC{{ID: "a", SubnetID: "s", Num: 1, IP: addr("10.0.0.2"), Attach: vcn.Attachment{ToR: "t1"}}})
		}, func(t *testing.T, s *Snapshot) {
			if _, ok := s.VNICByNum(2); ok {
				t.Error("deleted VNIC still indexed")
			}
		}, Change{VNICs: []uint32{2}}},
		{"subnet route table changed", func(b *Builder) {
			b.SetSubnets([]vcn.Subnet{{ID: "s", VCNID: "v", RouteTableID: "other"}, {ID: "s2", VCNID: "v"}})
		}, nil, Change{VNICs: []uint32{1}}},
		{"malformed mapping part", func(b *Builder) {
			b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PartID{Kind: vcn.PartMapping, Key: "nonsense"}, Version: 1}})
		}, nil, Change{Parts: []vcn.PartVersion{{Part: vcn.PartID{Kind: vcn.PartMapping, Key: "nonsense"}, Version: 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := old.Edit()
			tt.edit(b)
			s, ch := b.Snapshot()
			if diff := cmp.Diff(tt.want, ch); diff != "" {
				t.Errorf("Change (-want +got):\n%s", diff)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
			// The old snapshot is untouched.
			if diff := cmp.Diff(base().Counts(), old.Counts()); diff != "" {
				t.Errorf("old snapshot changed (-want +got):\n%s", diff)
			}
			if n, _ := old.VNICByNum(1); n.Attach.ToR != "t1" {
				t.Error("old snapshot's VNIC changed")
			}
			if old.Version(vcn.MappingPart("v", "10.0.0.2")).Version != 1 {
				t.Error("old snapshot's versions changed")
			}
		})
	}
}

func TestMappingAddr(t *testing.T) {
	tests := []struct {
		p    vcn.PartID
		want Addr
		ok   bool
	}{
		{vcn.MappingPart("v", "10.0.0.1"), Addr{"v", addr("10.0.0.1")}, true},
		{vcn.MappingPart("v", "fd00::1"), Addr{"v", addr("fd00::1")}, true},
		{vcn.PolicyPart("v/10.0.0.1"), Addr{}, false},
		{vcn.PartID{Kind: vcn.PartMapping, Key: "v"}, Addr{}, false},
		{vcn.PartID{Kind: vcn.PartMapping, Key: "v/x"}, Addr{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.p.String(), func(t *testing.T) {
			got, ok := MappingAddr(tt.p)
			if got != tt.want || ok != tt.ok {
				t.Errorf("MappingAddr = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
			if ok && MappingPartOf(got) != tt.p {
				t.Errorf("MappingPartOf(%v) = %v, want %v", got, MappingPartOf(got), tt.p)
			}
		})
	}
}
