package p4info

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var noWarn = []Annotation{{Name: "noWarn", Body: `"unused"`, HasBody: true}}

// basicProgram is p4lang/tutorials exercises/basic/solution/basic.p4.
func basicProgram() *Program {
	return &Program{
		Tables: []Table{{
			Name: "MyIngress.ipv4_lpm",
			Keys: []MatchField{{Name: "hdr.ipv4.dstAddr", Bitwidth: 32, Match: MatchLPM}},
			Actions: []ActionRef{
				{Name: "MyIngress.ipv4_forward"}, {Name: "MyIngress.drop"}, {Name: "NoAction"},
			},
			InitialDefaultAction: "MyIngress.drop",
			Size:                 1024,
		}},
		Actions: []Action{
			{Name: "NoAction", Annotations: noWarn},
			{Name: "MyIngress.drop"},
			{Name: "MyIngress.ipv4_forward", Params: []Param{
				{Name: "dstAddr", Bitwidth: 48}, {Name: "port", Bitwidth: 9},
			}},
		},
	}
}

// basicRoutingProgram is p4c's testdata/p4_16_samples/basic_routing-bmv2.p4
// as p4c's front-end sees it (NoAction added as @defaultonly default).
func basicRoutingProgram() *Program {
	defaultOnly := ActionRef{Name: "NoAction", Annotations: []Annotation{{Name: "defaultonly"}}}
	exact := func(name string, w int32) MatchField { return MatchField{Name: name, Bitwidth: w, Match: MatchExact} }
	refs := func(names ...string) []ActionRef {
		var out []ActionRef
		for _, n := range names {
			out = append(out, ActionRef{Name: n})
		}
		return append(out, defaultOnly)
	}
	param := func(name string, w int32) Param { return Param{Name: name, Bitwidth: w} }
	return &Program{
		Tables: []Table{
			{Name: "ingress.bd", Keys: []MatchField{exact("meta.ingress_metadata.bd", 16)}, Actions: refs("ingress.set_vrf"), Size: 65536},
			{Name: "ingress.ipv4_fib", Keys: []MatchField{exact("meta.ingress_metadata.vrf", 12), exact("hdr.ipv4.dstAddr", 32)},
				Actions: refs("ingress.on_miss", "ingress.fib_hit_nexthop"), Size: 131072},
			{Name: "ingress.ipv4_fib_lpm", Keys: []MatchField{exact("meta.ingress_metadata.vrf", 12), {Name: "hdr.ipv4.dstAddr", Bitwidth: 32, Match: MatchLPM}},
				Actions: refs("ingress.on_miss", "ingress.fib_hit_nexthop"), Size: 16384},
			{Name: "ingress.nexthop", Keys: []MatchField{exact("meta.ingress_metadata.nexthop_index", 16)},
				Actions: refs("ingress.on_miss", "ingress.set_egress_details"), Size: 32768},
			{Name: "ingress.port_mapping", Keys: []MatchField{exact("standard_metadata.ingress_port", 9)},
				Actions: refs("ingress.set_bd"), Size: 32768},
			{Name: "egress.rewrite_mac", Keys: []MatchField{exact("meta.ingress_metadata.nexthop_index", 16)},
				Actions: refs("egress.on_miss", "egress.rewrite_src_dst_mac"), Size: 32768},
		},
		Actions: []Action{
			{Name: "NoAction", Annotations: noWarn},
			{Name: "ingress.set_vrf", Params: []Param{param("vrf", 12)}},
			{Name: "ingress.on_miss"},
			{Name: "ingress.fib_hit_nexthop", Params: []Param{param("nexthop_index", 16)}},
			{Name: "ingress.set_egress_details", Params: []Param{param("egress_spec", 9)}},
			{Name: "ingress.set_bd", Params: []Param{param("bd", 16)}},
			{Name: "egress.on_miss"},
			{Name: "egress.rewrite_src_dst_mac", Params: []Param{param("smac", 48), param("dmac", 48)}},
		},
	}
}

// digestSerEnumProgram is p4c's
// testdata/p4_16_samples/v1model-digest-containing-ser-enum.p4.
func digestSerEnumProgram() *Program {
	refs := func(names ...string) []ActionRef {
		var out []ActionRef
		for _, n := range names {
			out = append(out, ActionRef{Name: n})
		}
		return out
	}
	bit := func(w int32) TypeSpec { return TypeSpec{Kind: TypeBit, Width: w} }
	digest := func(name string) Digest { return Digest{Name: name, Type: TypeSpec{Kind: TypeStruct, Name: name}} }
	return &Program{
		Tables: []Table{
			{Name: "MyIngress.forward", Keys: []MatchField{{Name: "hdr.ipv4.dstAddr", Bitwidth: 32, Match: MatchExact}},
				Actions: refs("MyIngress.set_dmac", "MyIngress.drop", "NoAction"), InitialDefaultAction: "NoAction", Size: 1024},
			{Name: "MyIngress.ipv4_lpm", Keys: []MatchField{{Name: "hdr.ipv4.dstAddr", Bitwidth: 32, Match: MatchLPM}},
				Actions: refs("MyIngress.set_nhop", "MyIngress.drop", "NoAction"), InitialDefaultAction: "NoAction", Size: 1024},
			{Name: "MyEgress.send_frame", Keys: []MatchField{{Name: "standard_metadata.egress_port", Bitwidth: 9, Match: MatchExact}},
				Actions: refs("MyEgress.rewrite_mac", "NoAction"), InitialDefaultAction: "NoAction", Size: 1024},
		},
		Actions: []Action{
			{Name: "NoAction", Annotations: noWarn},
			{Name: "MyIngress.set_dmac", Params: []Param{{Name: "dstAddr", Bitwidth: 48}}},
			{Name: "MyIngress.drop"},
			{Name: "MyIngress.set_nhop", Params: []Param{{Name: "dstAddr", Bitwidth: 32}, {Name: "port", Bitwidth: 9}}},
			{Name: "MyIngress.send_digest"},
			{Name: "MyEgress.rewrite_mac", Params: []Param{{Name: "srcAddr", Bitwidth: 48}}},
		},
		Digests: []Digest{digest("test_digest_t"), digest("test_digest2_t"), digest("test_digest3_t")},
		Types: TypeInfo{
			Structs: []StructType{
				{Name: "test_digest_t", Members: []StructMember{
					{Name: "in_mac_srcAddr", Type: bit(48)},
					{Name: "my_parser_error", Type: TypeSpec{Kind: TypeError}},
					{Name: "pkt_type", Type: TypeSpec{Kind: TypeEnum, Name: "MyPacketTypes"}},
				}},
				{Name: "test_digest2_t", Members: []StructMember{
					{Name: "in_mac_dstAddr", Type: bit(48)},
					{Name: "my_thing", Type: TypeSpec{Kind: TypeSerializableEnum, Name: "MySerEnum1"}},
				}},
				{Name: "test_digest3_t", Members: []StructMember{{Name: "in_mac_etherType", Type: bit(16)}}},
			},
			Enums:  []EnumType{{Name: "MyPacketTypes", Members: []string{"IPv4", "Other"}}},
			Errors: []string{"NoError", "PacketTooShort", "NoMatch", "StackOutOfBounds", "HeaderTooShort", "ParserTimeout", "ParserInvalidArgument", "UnreachableState"},
			SerializableEnums: []SerializableEnumType{{Name: "MySerEnum1", Width: 8, Members: []SerializableEnumMember{
				{Name: "foo", Value: []byte{28}}, {Name: "bar", Value: []byte{17}}, {Name: "gah", Value: []byte{42}},
			}}},
		},
	}
}

// selectorProgram is p4c's testdata/p4_16_samples/action_selector_shared-bmv2.p4.
func selectorProgram() *Program {
	table := func(name string) Table {
		return Table{
			Name:               name,
			Keys:               []MatchField{{Name: "meta.hash1", Bitwidth: 16, Match: MatchSelector}},
			Actions:            []ActionRef{{Name: "IngressI.drop"}, {Name: "NoAction"}},
			ConstDefaultAction: "NoAction",
			Implementation:     "IngressI.as",
		}
	}
	return &Program{
		Tables:         []Table{table("IngressI.indirect_ws"), table("IngressI.indirect_ws_1")},
		Actions:        []Action{{Name: "NoAction", Annotations: noWarn}, {Name: "IngressI.drop"}},
		ActionProfiles: []ActionProfile{{Name: "IngressI.as", Tables: []string{"IngressI.indirect_ws", "IngressI.indirect_ws_1"}, WithSelector: true, Size: 1024}},
	}
}

// p4cDir is a p4c checkout (P4C_DIR) for the tests that compare with p4c's
// own outputs; its files are read, never copied into this repository.
func p4cDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("P4C_DIR")
	if dir == "" {
		t.Skip("set P4C_DIR to a p4c checkout to compare with p4c's own P4Info outputs (testdata/p4_16_samples_outputs)")
	}
	return dir
}

// TestP4cGolden compares MarshalText with p4c's own output, byte for byte.
func TestP4cGolden(t *testing.T) {
	dir := p4cDir(t)
	tests := []struct {
		file string
		p    *Program
	}{
		{"basic_routing-bmv2.p4.p4info.txtpb", basicRoutingProgram()},
		{"v1model-digest-containing-ser-enum.p4.p4info.txtpb", digestSerEnumProgram()},
		{"action_selector_shared-bmv2.p4.p4info.txtpb", selectorProgram()},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			info, err := Build(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, "testdata", "p4_16_samples_outputs", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			// The pinned P4Runtime API has no Table.initial_default_action_id.
			var want []string
			for _, l := range strings.SplitAfter(string(raw), "\n") {
				if !strings.Contains(l, "initial_default_action_id") {
					want = append(want, l)
				}
			}
			if diff := cmp.Diff(strings.Join(want, ""), string(MarshalText(info))); diff != "" {
				t.Errorf("MarshalText differs from p4c's output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBasicIDs(t *testing.T) {
	info, err := Build(basicProgram())
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewIndex(info)
	if err != nil {
		t.Fatal(err)
	}
	// Ids and aliases of p4c's output for tutorials' basic.p4 and
	// basic_tunnel.p4.
	tests := []struct {
		name  string
		id    uint32
		alias string
	}{
		{"MyIngress.ipv4_lpm", 37375156, "ipv4_lpm"},
		{"MyIngress.ipv4_forward", 28792405, "ipv4_forward"},
		{"MyIngress.drop", 25652968, "drop"},
		{"NoAction", 21257015, "NoAction"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pre *p4configv1.Preamble
			if tb, ok := x.Tables.Name(tc.name); ok {
				pre = tb.GetPreamble()
			} else if a, ok := x.Actions.Name(tc.name); ok {
				pre = a.GetPreamble()
			} else {
				t.Fatalf("%q not in the index", tc.name)
			}
			if pre.Id != tc.id || pre.Alias != tc.alias {
				t.Errorf("got id %d alias %q, want %d %q", pre.Id, pre.Alias, tc.id, tc.alias)
			}
		})
	}
	for _, tc := range []struct {
		p    Prefix
		name string
		want uint32
	}{
		{PrefixTable, "MyIngress.myTunnel_exact", 35862311},
		{PrefixAction, "MyIngress.myTunnel_ingress", 24181246},
		{PrefixAction, "MyIngress.myTunnel_forward", 27454791},
		{PrefixAction, "MyIngress.myTunnel_egress", 33029817},
		// Controller headers hash the header type's name (fabric.p4's
		// packet_in_header_t; a program with a packet_out_t).
		{PrefixControllerHeader, "packet_in_header_t", 81826293},
		{PrefixControllerHeader, "packet_out_t", 75327753},
	} {
		if got := uint32(tc.p)<<24 | JenkinsHash(tc.name)&0xffffff; got != tc.want {
			t.Errorf("id of %v %q = %d, want %d", tc.p, tc.name, got, tc.want)
		}
	}

	path := filepath.Join("testdata", "basic.p4info.txtpb")
	got := MarshalText(info)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("golden %s (-want +got):\n%s", path, diff)
	}
}

func TestJenkinsHash(t *testing.T) {
	tests := []struct {
		in   string
		want uint32
	}{
		{"a", 0xca2e9442},
		{"The quick brown fox jumps over the lazy dog", 0x519e91f5},
		{"", 0},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := JenkinsHash(tc.in); got != tc.want {
				t.Errorf("JenkinsHash(%q) = %#x, want %#x", tc.in, got, tc.want)
			}
		})
	}
}

func TestIDAssignment(t *testing.T) {
	hashID := func(p Prefix, name string) uint32 { return uint32(p)<<24 | JenkinsHash(name)&0xffffff }
	tests := []struct {
		name    string
		actions []Action
		want    map[string]uint32
		wantErr string
	}{
		{
			name:    "annotated id gets the prefix",
			actions: []Action{{Name: "a", ID: 7}, {Name: "b"}},
			want:    map[string]uint32{"a": 0x01000007, "b": hashID(PrefixAction, "b")},
		},
		{
			name:    "annotated id with the right prefix",
			actions: []Action{{Name: "a", ID: 0x01000009}},
			want:    map[string]uint32{"a": 0x01000009},
		},
		{
			name:    "probing past an @id on the hashed value",
			actions: []Action{{Name: "b"}, {Name: "a", ID: hashID(PrefixAction, "b")}},
			want:    map[string]uint32{"a": hashID(PrefixAction, "b"), "b": uint32(PrefixAction)<<24 | (JenkinsHash("b")+1)&0xffffff},
		},
		{
			name:    "two @id the same",
			actions: []Action{{Name: "a", ID: 5}, {Name: "b", ID: 0x01000005}},
			wantErr: "is assigned to multiple declarations",
		},
		{
			name:    "wrong prefix",
			actions: []Action{{Name: "a", ID: 0x02000005}},
			wantErr: "wrong 8-bit prefix",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, err := Build(&Program{Actions: tc.actions})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Build error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]uint32{}
			for _, a := range info.Actions {
				got[a.Preamble.Name] = a.Preamble.Id
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldIDs(t *testing.T) {
	tests := []struct {
		name     string
		explicit []uint32
		want     []uint32
	}{
		{"none", []uint32{0, 0, 0}, []uint32{1, 2, 3}},
		{"explicit advances the counter once", []uint32{0, 5, 0}, []uint32{1, 5, 2}},
		{"explicit takes a later position", []uint32{2, 0, 0}, []uint32{2, 3, 4}},
		{"explicit takes an earlier position", []uint32{0, 0, 1}, []uint32{2, 3, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &builder{syms: newSymbolTable()}
			if diff := cmp.Diff(tc.want, b.fieldIDs(tc.explicit, "t")); diff != "" {
				t.Errorf("fieldIDs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProbingIsOrderIndependent(t *testing.T) {
	// Find two names whose hashes collide in the low 24 bits; the sorted
	// first one keeps its hash, the second probes to hash+1.
	seen := map[uint32]string{}
	var x, y string
	for i := 0; x == ""; i++ {
		n := "t" + itoa(i)
		h := JenkinsHash(n) & 0xffffff
		if o, ok := seen[h]; ok {
			x, y = o, n
		}
		seen[h] = n
	}
	if y < x {
		x, y = y, x
	}
	for _, order := range [][]string{{x, y}, {y, x}} {
		var p Program
		for _, n := range order {
			p.Actions = append(p.Actions, Action{Name: n})
		}
		info, err := Build(&p)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]uint32{}
		for _, a := range info.Actions {
			ids[a.Preamble.Name] = a.Preamble.Id
		}
		want := map[string]uint32{
			x: 0x01000000 | JenkinsHash(x)&0xffffff,
			y: 0x01000000 | (JenkinsHash(y)+1)&0xffffff,
		}
		if diff := cmp.Diff(want, ids); diff != "" {
			t.Errorf("order %v (-want +got):\n%s", order, diff)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestAliases(t *testing.T) {
	// One suffix set across kinds: the counter "c.ipv4_lpm" makes the table
	// keep two components.
	p := &Program{
		Tables: []Table{
			{Name: "MyIngress.ipv4_lpm", Actions: []ActionRef{{Name: "NoAction"}}},
			{Name: "MyIngress.acl.t"},
		},
		Actions:  []Action{{Name: "NoAction"}, {Name: "MyIngress.a.drop"}, {Name: "MyEgress.b.drop"}},
		Counters: []Counter{{Name: "c.ipv4_lpm", Unit: CounterPackets, Size: 4}},
	}
	info, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tb := range info.Tables {
		got[tb.Preamble.Name] = tb.Preamble.Alias
	}
	for _, a := range info.Actions {
		got[a.Preamble.Name] = a.Preamble.Alias
	}
	for _, c := range info.Counters {
		got[c.Preamble.Name] = c.Preamble.Alias
	}
	want := map[string]string{
		"MyIngress.ipv4_lpm": "MyIngress.ipv4_lpm",
		"MyIngress.acl.t":    "t",
		"NoAction":           "NoAction",
		"MyIngress.a.drop":   "a.drop",
		"MyEgress.b.drop":    "b.drop",
		"c.ipv4_lpm":         "c.ipv4_lpm",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
}

// fullProgram uses every kind of object.
func fullProgram() *Program {
	return &Program{
		Name:        "full.p4",
		Annotations: []Annotation{{Name: "brief", Body: `"a test"`, HasBody: true}},
		Tables: []Table{{
			Name:        "ig.acl",
			Annotations: []Annotation{{Name: "description", Body: `"the acl"`, HasBody: true}, {Name: "name", Body: `"acl"`, HasBody: true}},
			Keys: []MatchField{
				{Name: "hdr.ipv4.src", Bitwidth: 32, Match: MatchTernary, Annotations: []Annotation{{Name: "format", Body: "IPV4_ADDRESS", HasBody: true}}},
				{Name: "hdr.tcp.dport", Bitwidth: 16, Match: MatchRange},
				{Name: "meta.vrf", Bitwidth: 12, Match: MatchOptional, TypeName: "vrf_t"},
				{Name: "meta.hash", Bitwidth: 16, Match: MatchSelector},
			},
			Actions: []ActionRef{
				{Name: "ig.permit", Annotations: []Annotation{{Name: "tableonly"}}},
				{Name: "NoAction", Scope: ScopeDefaultOnly},
			},
			ConstDefaultAction: "NoAction",
			SupportTimeout:     true,
			Implementation:     "ig.sel",
			DirectCounter:      "ig.acl_hits",
			DirectMeter:        "ig.acl_rate",
		}},
		Actions: []Action{
			{Name: "NoAction", Annotations: noWarn},
			{Name: "ig.permit", Params: []Param{{Name: "vrf", Bitwidth: 12, TypeName: "vrf_t", ID: 3}}},
		},
		ActionProfiles: []ActionProfile{{Name: "ig.sel", Tables: []string{"ig.acl"}, WithSelector: true, Size: 128, MaxGroupSize: 16}},
		Counters:       []Counter{{Name: "ig.c", Unit: CounterPacketsAndBytes, Size: 64}},
		DirectCounters: []DirectCounter{{Name: "ig.acl_hits", Unit: CounterBytes, Table: "ig.acl"}},
		Meters:         []Meter{{Name: "ig.m", Unit: MeterBytes, Size: 8}},
		DirectMeters:   []DirectMeter{{Name: "ig.acl_rate", Unit: MeterPackets, Table: "ig.acl"}},
		ControllerPacketMetadata: []ControllerHeader{{
			Name:        "packet_in",
			TypeName:    "packet_in_header_t",
			Annotations: []Annotation{{Name: "controller_header", Body: `"packet_in"`, HasBody: true}},
			Metadata:    []ControllerMetadata{{Name: "ingress_port", Bitwidth: 9}, {Name: "_pad", Bitwidth: 7}},
		}},
		ValueSets: []ValueSet{{Name: "p.pvs", Size: 4, Match: []MatchField{{Name: "f", Bitwidth: 16, Match: MatchExact}}}},
		Registers: []Register{{Name: "ig.r", Size: 16, Type: TypeSpec{Kind: TypeBit, Width: 32}}},
		Digests:   []Digest{{Name: "learn_t", Type: TypeSpec{Kind: TypeStruct, Name: "learn_t"}}},
		Types: TypeInfo{
			Structs: []StructType{{Name: "learn_t", Members: []StructMember{
				{Name: "mac", Type: TypeSpec{Kind: TypeBit, Width: 48}},
				{Name: "port", Type: TypeSpec{Kind: TypeNewType, Name: "vrf_t"}},
				{Name: "ok", Type: TypeSpec{Kind: TypeBool}},
			}}},
			Headers: []HeaderType{{Name: "packet_in_t", Fields: []StructMember{
				{Name: "ingress_port", Type: TypeSpec{Kind: TypeBit, Width: 9}},
				{Name: "v", Type: TypeSpec{Kind: TypeVarbit, Width: 64}},
			}}},
			SerializableEnums: []SerializableEnumType{{Name: "Color", Width: 8, Members: []SerializableEnumMember{{Name: "RED", Value: []byte{2}}}}},
			NewTypes: []NewType{
				{Name: "vrf_t", Translation: &Translation{URI: "vcn.vrf", SDNBitwidth: 32}},
				{Name: "port_t", Original: TypeSpec{Kind: TypeBit, Width: 9}},
			},
			Errors: []string{"NoError", "PacketTooShort"},
		},
	}
}

func TestFullGoldenAndRoundTrip(t *testing.T) {
	info, err := Build(fullProgram())
	if err != nil {
		t.Fatal(err)
	}
	text := MarshalText(info)
	path := filepath.Join("testdata", "full.p4info.txtpb")
	if *update {
		if err := os.WriteFile(path, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(text)); diff != "" {
		t.Errorf("golden %s (-want +got):\n%s", path, diff)
	}
	back, err := UnmarshalText(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(info, back, protocmp.Transform()); diff != "" {
		t.Errorf("text round trip (-want +got):\n%s", diff)
	}
	bin, err := MarshalBinary(info)
	if err != nil {
		t.Fatal(err)
	}
	back, err = UnmarshalBinary(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(info, back) {
		t.Error("binary round trip differs")
	}
	bin2, _ := MarshalBinary(info)
	if string(bin) != string(bin2) {
		t.Error("MarshalBinary is not deterministic")
	}

	tb := info.Tables[0]
	if tb.ConstDefaultActionId != info.Actions[0].Preamble.Id || tb.ImplementationId != info.ActionProfiles[0].Preamble.Id ||
		tb.IdleTimeoutBehavior != p4configv1.Table_NOTIFY_CONTROL || tb.Size != DefaultTableSize || len(tb.MatchFields) != 3 {
		t.Errorf("table fields wrong: %v", tb)
	}
	if got := tb.ActionRefs[0].Scope; got != p4configv1.ActionRef_TABLE_ONLY {
		t.Errorf("scope from @tableonly = %v", got)
	}
	if got := tb.Preamble.Doc.GetDescription(); got != "the acl" {
		t.Errorf("doc description = %q", got)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Program
		want string
	}{
		{"unknown action", Program{Tables: []Table{{Name: "t", Actions: []ActionRef{{Name: "x"}}}}}, `refers to undeclared ACTION "x"`},
		{"unknown direct meter", Program{Tables: []Table{{Name: "t", DirectMeter: "d"}}}, `undeclared DIRECT_METER "d"`},
		{"tableonly and defaultonly", Program{Actions: []Action{{Name: "a"}}, Tables: []Table{{Name: "t", Actions: []ActionRef{
			{Name: "a", Annotations: []Annotation{{Name: "tableonly"}, {Name: "defaultonly"}}}}}}}, "both @tableonly and @defaultonly"},
		{"duplicate param @id", Program{Actions: []Action{{Name: "a", Params: []Param{{Name: "x", ID: 2, Bitwidth: 1}, {Name: "y", ID: 2, Bitwidth: 1}}}}}, "@id 2 is used multiple times"},
		{"empty name", Program{Actions: []Action{{}}}, "empty name"},
		{"bad match type", Program{Tables: []Table{{Name: "t", Keys: []MatchField{{Name: "k"}}}}}, "unknown match type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(&tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Build error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestIndex(t *testing.T) {
	info, err := Build(fullProgram())
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewIndex(info)
	if err != nil {
		t.Fatal(err)
	}
	tb, ok := x.Tables.Name("acl")
	if !ok {
		t.Fatal("alias look-up failed")
	}
	if got, ok := x.Tables.ID(tb.Preamble.Id); !ok || got != tb {
		t.Error("id look-up failed")
	}
	if _, ok := x.DirectMeters.Name("ig.acl_rate"); !ok {
		t.Error("direct meter by name")
	}
	if _, ok := x.Digests.Name("learn_t"); !ok {
		t.Error("digest by name")
	}
	if _, ok := x.ControllerPacketMetadata.Name("packet_in"); !ok {
		t.Error("controller header by name")
	}
	if FindMatchField(tb, 2).GetName() != "hdr.tcp.dport" || FindMatchField(tb, 9) != nil {
		t.Error("FindMatchField")
	}
	a, _ := x.Actions.Name("permit")
	if FindParam(a, 3).GetName() != "vrf" || FindActionRef(tb, a.Preamble.Id) == nil {
		t.Error("FindParam/FindActionRef")
	}
	bad := proto.Clone(info).(*p4configv1.P4Info)
	bad.Actions[1].Preamble.Id = bad.Actions[0].Preamble.Id
	bad.Tables[0].Preamble.Id = 0x01000001
	_, err = NewIndex(bad)
	if err == nil || !strings.Contains(err.Error(), "duplicate id") || !strings.Contains(err.Error(), "has prefix") {
		t.Errorf("NewIndex(bad) error = %v", err)
	}
}

func TestCEscape(t *testing.T) {
	got := cEscape([]byte("a\"b'\\\n\x01\xff"))
	want := `a\"b\'\\\n\001\377`
	if got != want {
		t.Errorf("cEscape = %s, want %s", got, want)
	}
}

// TestNewerFields checks the fields newer than the pinned P4Runtime API:
// written by MarshalText in field order, kept by the wire format, read back
// by HasInitialEntries.
func TestNewerFields(t *testing.T) {
	p := &Program{
		Tables: []Table{
			{Name: "c.t", Actions: []ActionRef{{Name: "c.a"}}, ConstEntries: true, InitialEntries: true, Implementation: "c.sel"},
			{Name: "c.u", Actions: []ActionRef{{Name: "c.a"}}},
		},
		Actions: []Action{{Name: "c.a"}},
		ActionProfiles: []ActionProfile{
			{Name: "c.sel", Tables: []string{"c.t"}, WithSelector: true, Size: 8, MaxGroupSize: 2, SizeSemantics: SumOfMembers, MaxMemberWeight: 3},
			{Name: "c.w", WithSelector: true, Size: 8, SizeSemantics: SumOfWeights},
		},
	}
	info, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	text := string(MarshalText(info))
	for _, want := range []string{
		"  is_const_table: true\n  has_initial_entries: true\n}\n",
		"  max_group_size: 2\n  sum_of_members {\n    max_member_weight: 3\n  }\n}\n",
		"  size: 8\n  sum_of_weights {\n  }\n}\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("MarshalText lacks %q:\n%s", want, text)
		}
	}
	b, err := MarshalBinary(info)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalBinary(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(text, string(MarshalText(back))); diff != "" {
		t.Errorf("text after a wire round trip (-want +got):\n%s", diff)
	}
	if got := []bool{HasInitialEntries(back.Tables[0]), HasInitialEntries(back.Tables[1])}; !cmp.Equal(got, []bool{true, false}) {
		t.Errorf("HasInitialEntries = %v, want [true false]", got)
	}
}

// TestUnmarshalTextNewerFields checks that UnmarshalText reads back the
// newer fields MarshalText writes.
func TestUnmarshalTextNewerFields(t *testing.T) {
	info, err := Build(&Program{
		Tables:         []Table{{Name: "c.t", Actions: []ActionRef{{Name: "c.a"}}, InitialEntries: true, Implementation: "c.sel"}},
		Actions:        []Action{{Name: "c.a"}},
		ActionProfiles: []ActionProfile{{Name: "c.sel", Tables: []string{"c.t"}, WithSelector: true, Size: 8, SizeSemantics: SumOfMembers, MaxMemberWeight: 3}},
	})
	if err != nil {
		t.Fatal(err)
	}
	text := MarshalText(info)
	back, err := UnmarshalText(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(text), string(MarshalText(back))); diff != "" {
		t.Errorf("text round trip (-want +got):\n%s", diff)
	}
	if !proto.Equal(info, back) {
		t.Error("UnmarshalText(MarshalText(info)) is not info")
	}
}
