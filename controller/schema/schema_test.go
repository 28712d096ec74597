package schema_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/controller/schema/schematest"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func TestNewReportsMissingNames(t *testing.T) {
	if _, err := schema.New(schematest.Info(t, "")); err != nil {
		t.Fatalf("schema.New on a complete P4Info: %v", err)
	}
	for _, omit := range []string{schema.TableFlowCache, schema.ActionEncap, schema.TableRouteVersions, schema.ActionRouteVersion} {
		_, err := schema.New(schematest.Info(t, omit))
		if err == nil || !strings.Contains(err.Error(), omit) {
			t.Errorf("schema.New without %q: error %v, want it named", omit, err)
		}
	}
	if _, err := schema.New(&p4configv1.P4Info{}); err == nil || !strings.Contains(err.Error(), schema.DigestFlow) {
		t.Errorf("schema.New on an empty P4Info: %v", err)
	}
}

func mustSchema(t *testing.T) *schema.Schema {
	t.Helper()
	s, err := schema.New(schematest.Info(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var addr = netip.MustParseAddr

func TestFlowEntryRoundTrip(t *testing.T) {
	s := mustSchema(t)
	key := vcn.FlowKey{VNIC: 7, Dir: vcn.Egress, Src: addr("10.0.0.2"), Dst: addr("10.0.1.9"), Proto: 6, SrcPort: 40000, DstPort: 443}
	vers := vcn.FlowVersions{
		Policy:  vcn.PartVersion{Part: vcn.PolicyPart("vnic-7"), Version: 3},
		Mapping: vcn.PartVersion{Part: vcn.MappingPart("v", "10.0.1.9"), Version: 1<<32 + 5},
		Route:   vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 2},
	}
	tests := []struct {
		name string
		info vcn.FlowInfo
	}{
		{"encap", vcn.FlowInfo{Key: key, Action: vcn.ActionEncap, Substrate: addr("192.0.2.4"), VNI: 100, Versions: vers}},
		{"deliver", vcn.FlowInfo{Key: key, Action: vcn.ActionDeliver, DeliverVNIC: 7, Versions: vers}},
		{"deny", vcn.FlowInfo{Key: key, Action: vcn.ActionDeny, Versions: vers}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slots := schema.Slots{Policy: 1, Mapping: 2, Route: 0}
			te, err := s.FlowEntry(tt.info, slots, 5e9)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range te.Match {
				if v := m.GetExact().GetValue(); len(v) > 1 && v[0] == 0 {
					t.Errorf("field %d value %x is not canonical", m.FieldId, v)
				}
			}
			got, err := s.DecodeFlowEntry(te)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.info
			want.Versions = vcn.FlowVersions{}
			if diff := cmp.Diff(want, got.Info, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
				t.Errorf("decoded info (-want +got):\n%s", diff)
			}
			if got.Slots != slots || got.Versions != [3]uint32{3, 5, 2} {
				t.Errorf("slots %v versions %v, want %v [3 5 2] (mapping version wrapped to 32 bits)", got.Slots, got.Versions, slots)
			}
		})
	}
	if _, err := s.FlowEntry(vcn.FlowInfo{Key: key, Action: 9}, schema.Slots{}, 0); err == nil {
		t.Error("unknown action accepted")
	}
	v6 := key
	v6.Src = addr("::1")
	if _, err := s.FlowKeyEntry(v6); err == nil {
		t.Error("IPv6 key accepted")
	}
}

func bits(vals ...[]byte) *p4v1.P4Data {
	d := &p4v1.P4StructLike{}
	for _, v := range vals {
		d.Members = append(d.Members, &p4v1.P4Data{Data: &p4v1.P4Data_Bitstring{Bitstring: v}})
	}
	return &p4v1.P4Data{Data: &p4v1.P4Data_Struct{Struct: d}}
}

func TestDecodeDigest(t *testing.T) {
	s := mustSchema(t)
	good := bits([]byte{7}, []byte{1}, []byte{10, 0, 0, 9}, []byte{10, 0, 0, 2}, []byte{17}, []byte{0x12, 0x34}, []byte{0}, []byte{2})
	got, err := s.DecodeDigest(good)
	if err != nil {
		t.Fatal(err)
	}
	want := schema.Digest{Key: vcn.FlowKey{VNIC: 7, Dir: vcn.Ingress, Src: addr("10.0.0.9"), Dst: addr("10.0.0.2"), Proto: 17, SrcPort: 0x1234}, Reason: schema.ReasonStale}
	if got != want {
		t.Errorf("DecodeDigest = %+v, want %+v", got, want)
	}
	bad := []*p4v1.P4Data{
		bits([]byte{7}),
		bits([]byte{7}, []byte{1, 0}, []byte{10, 0, 0, 9}, []byte{10, 0, 0, 2}, []byte{17}, []byte{1}, []byte{0}, []byte{2}),
		bits([]byte{7}, []byte{1}, []byte{1, 10, 0, 0, 9}, []byte{10, 0, 0, 2}, []byte{17}, []byte{1}, []byte{0}, []byte{2}),
		bits([]byte{7}, []byte{1}, nil, []byte{10, 0, 0, 2}, []byte{17}, []byte{1}, []byte{0}, []byte{2}),
		bits([]byte{7}, []byte{5}, []byte{10, 0, 0, 9}, []byte{10, 0, 0, 2}, []byte{17}, []byte{1}, []byte{0}, []byte{2}),
	}
	for i, d := range bad {
		if _, err := s.DecodeDigest(d); err == nil {
			t.Errorf("bad digest %d accepted", i)
		}
	}
	if schema.ReasonMiss.String() != "miss" || schema.Reason(9).String() == "" {
		t.Error("schema.Reason names")
	}
}

func TestStaticEntries(t *testing.T) {
	s := mustSchema(t)
	mac, _ := vcn.ParseMAC("02:00:00:00:00:07")
	n := vcn.VNIC{ID: "n", Num: 7, IP: addr("10.0.0.7"), MAC: mac, Attach: vcn.Attachment{ToR: "t", Port: 3, VLAN: 0}}
	es, err := s.HostVNICEntries(n, 100)
	if err != nil || len(es) != 3 {
		t.Fatalf("HostVNICEntries = %d entries, %v", len(es), err)
	}
	if v := es[0].Match[1].GetExact().GetValue(); len(v) != 1 || v[0] != 0 {
		t.Errorf("vlan 0 encoded as %x, want canonical 00", v)
	}
	if _, err := s.TorConfigEntry(addr("192.0.2.1"), mac, addr("192.0.2.100")); err != nil {
		t.Error(err)
	}
	if _, err := s.TorConfigEntry(addr("::1"), mac, addr("192.0.2.100")); err == nil {
		t.Error("IPv6 VTEP accepted")
	}
	r, err := s.UnderlayRouteEntry(netip.MustParsePrefix("192.0.2.0/24"), 1, mac)
	if err != nil || r.Match[0].GetLpm().GetPrefixLen() != 24 {
		t.Errorf("UnderlayRouteEntry = %v, %v", r, err)
	}
	if _, err := s.VersionEntry(vcn.PartRoute, 0, 1); err == nil {
		t.Error("slot 0 accepted")
	}
	ve, err := s.VersionEntry(vcn.PartMapping, 4, 9)
	if err != nil || ve.TableId != s.TableID(schema.TableMappingVersion) || ve.Action.GetAction().GetActionId() != s.ActionID(schema.ActionMappingVersion) {
		t.Errorf("VersionEntry = %v, %v", ve, err)
	}
	if _, err := s.VersionEntry(9, 1, 1); err == nil {
		t.Error("unknown part kind accepted")
	}
}
