// Package schematest builds a P4Info with the shape of p4src/smarttor.p4
// (its names, match fields and parameters) for the unit tests of packages
// that use controller/schema. Ids are deliberately not index+1. Tests that
// need the real program use p4src/build's P4Info instead.
package schematest

import (
	"sort"
	"strings"
	"testing"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
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

// Info builds a P4Info with smarttor.p4's shape. Ids are deliberately
// not index+1, to catch code that assumes they are.
func Info(t testing.TB, omit string) *p4configv1.P4Info {
	t.Helper()
	info := &p4configv1.P4Info{TypeInfo: &p4configv1.P4TypeInfo{Structs: map[string]*p4configv1.P4StructTypeSpec{}}}
	id := uint32(100)
	next := func() uint32 { id += 7; return id }
	shapes := schema.Shapes()
	names := make([]string, 0, len(shapes))
	for name := range shapes {
		names = append(names, name)
	}
	sort.Strings(names) // ids must not depend on map order
	for _, name := range names {
		kids := shapes[name]
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
	if omit != schema.TableTorConfig {
		info.Tables = append(info.Tables, &p4configv1.Table{Preamble: &p4configv1.Preamble{Id: 0x02000001, Name: schema.TableTorConfig}})
	}
	st := &p4configv1.P4StructTypeSpec{}
	for _, m := range schema.DigestLayout() {
		st.Members = append(st.Members, &p4configv1.P4StructTypeSpec_Member{Name: m})
	}
	info.TypeInfo.Structs["flow_digest_t"] = st
	info.Digests = append(info.Digests, &p4configv1.Digest{Preamble: &p4configv1.Preamble{Id: 0x17000001, Name: schema.DigestFlow},
		TypeSpec: &p4configv1.P4DataTypeSpec{TypeSpec: &p4configv1.P4DataTypeSpec_Struct{Struct: &p4configv1.P4NamedType{Name: "flow_digest_t"}}}})
	info.Counters = append(info.Counters, &p4configv1.Counter{Preamble: &p4configv1.Preamble{Id: 0x12000001, Name: schema.CounterStats}})
	info.DirectCounters = append(info.DirectCounters, &p4configv1.DirectCounter{Preamble: &p4configv1.Preamble{Id: 0x13000001, Name: schema.DirectFlowStats}})
	return info
}
