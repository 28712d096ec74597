package schema

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// widths of the fields and parameters of smarttor.p4 (p4src/README.md).
var widths = map[string]int32{
	"ingress_port": 9, "vlan_id": 12, "vni": 24, "overlay_ip": 32, "vnic": 32, "direction": 8,
	"src_addr": 32, "dst_addr": 32, "protocol": 8, "src_port": 16, "dst_port": 16, "slot": 32,
	"vtep": 32, "router_mac": 48, "nis_addr": 32, "mac": 48, "ip": 32, "substrate": 32,
	"port": 9, "vlan": 12, "dmac": 48, "current_version": 32,
	"policy_slot": 32, "policy_version": 32, "mapping_slot": 32, "mapping_version": 32,
	"route_slot": 32, "route_version": 32,
}

// testInfo builds a P4Info with smarttor.p4's shape. Ids are deliberately
// not index+1, to catch code that assumes they are.
func testInfo(t *testing.T, omit string) *p4configv1.P4Info {
	t.Helper()
	info := &p4configv1.P4Info{TypeInfo: &p4configv1.P4TypeInfo{Structs: map[string]*p4configv1.P4StructTypeSpec{}}}
	id := uint32(100)
	next := func() uint32 { id += 7; return id }
	for name, kids := range shapes {
		if name == omit {
			continue
		}
		if strings.Contains(name, "fc_") || strings.Contains(name, ".set_") || strings.Contains(name, "deliver_to_port") {
			a := &p4configv1.Action{Preamble: &p4configv1.Preamble{Id: 0x01000000 | next(), Name: name}}
			for _, k := range kids {
				a.Params = append(a.Params, &p4configv1.Action_Param{Id: next(), Name: k, Bitwidth: widths[k]})
			}
			info.Actions = append(info.Actions, a)
			continue
		}
		tb := &p4configv1.Table{Preamble: &p4configv1.Preamble{Id: 0x02000000 | next(), Name: name}}
		for _, k := range kids {
			tb.MatchFields = append(tb.MatchFields, &p4configv1.MatchField{Id: next(), Name: k, Bitwidth: widths[k]})
		}
		info.Tables = append(info.Tables, tb)
	}
	if omit != TableTorConfig {
		info.Tables = append(info.Tables, &p4configv1.Table{Preamble: &p4configv1.Preamble{Id: 0x02000001, Name: TableTorConfig}})
	}
	st := &p4configv1.P4StructTypeSpec{}
	for _, m := range digestLayout {
		st.Members = append(st.Members, &p4configv1.P4StructTypeSpec_Member{Name: m})
	}
	info.TypeInfo.Structs["flow_digest_t"] = st
	info.Digests = append(info.Digests, &p4configv1.Digest{Preamble: &p4configv1.Preamble{Id: 0x17000001, Name: DigestFlow},
		TypeSpec: &p4configv1.P4DataTypeSpec{TypeSpec: &p4configv1.P4DataTypeSpec_Struct{Struct: &p4configv1.P4NamedType{Name: "flow_digest_t"}}}})
	info.Counters = append(info.Counters, &p4configv1.Counter{Preamble: &p4configv1.Preamble{Id: 0x12000001, Name: CounterStats}})
	info.DirectCounters = append(info.DirectCounters, &p4configv1.DirectCounter{Preamble: &p4configv1.Preamble{Id: 0x13000001, Name: DirectFlowStats}})
	return info
}

func TestNewReportsMissingNames(t *testing.T) {
	if _, err := New(testInfo(t, "")); err != nil {
		t.Fatalf("New on a complete P4Info: %v", err)
	}
	for _, omit := range []string{TableFlowCache, ActionEncap, TableRouteVersions, ActionRouteVersion} {
		_, err := New(testInfo(t, omit))
		if err == nil || !strings.Contains(err.Error(), omit) {
			t.Errorf("New without %q: error %v, want it named", omit, err)
		}
	}
	if _, err := New(&p4configv1.P4Info{}); err == nil || !strings.Contains(err.Error(), DigestFlow) {
		t.Errorf("New on an empty P4Info: %v", err)
	}
}

func mustSchema(t *testing.T) *Schema {
	t.Helper()
	s, err := New(testInfo(t, ""))
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
			slots := Slots{Policy: 1, Mapping: 2, Route: 0}
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
	if _, err := s.FlowEntry(vcn.FlowInfo{Key: key, Action: 9}, Slots{}, 0); err == nil {
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
	want := Digest{Key: vcn.FlowKey{VNIC: 7, Dir: vcn.Ingress, Src: addr("10.0.0.9"), Dst: addr("10.0.0.2"), Proto: 17, SrcPort: 0x1234}, Reason: ReasonStale}
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
	if ReasonMiss.String() != "miss" || Reason(9).String() == "" {
		t.Error("Reason names")
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
	if err != nil || ve.TableId != s.TableID(TableMappingVersion) || ve.Action.GetAction().GetActionId() != s.ActionID(ActionMappingVersion) {
		t.Errorf("VersionEntry = %v, %v", ve, err)
	}
	if _, err := s.VersionEntry(9, 1, 1); err == nil {
		t.Error("unknown part kind accepted")
	}
}

func TestCanon(t *testing.T) {
	for _, tt := range []struct {
		v    uint64
		want []byte
	}{{0, []byte{0}}, {1, []byte{1}}, {256, []byte{1, 0}}, {0xffffffff, []byte{0xff, 0xff, 0xff, 0xff}}} {
		if got := canon(tt.v); !cmp.Equal(got, tt.want) {
			t.Errorf("canon(%d) = %x, want %x", tt.v, got, tt.want)
		}
	}
	if got := canonBytes([]byte{0, 0, 5}); !cmp.Equal(got, []byte{5}) {
		t.Errorf("canonBytes = %x", got)
	}
	if got := canonBytes([]byte{0, 0}); !cmp.Equal(got, []byte{0}) {
		t.Errorf("canonBytes(zero) = %x", got)
	}
}
