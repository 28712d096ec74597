package tradeoff

import (
	"github.com/vcn-flowcache/vcn-flowcache/topo/trace"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// FullConfig counts the entries a switch needs to hold the whole
// configuration of the VNICs behind one ToR.
type FullConfig struct {
	Policy  int // security rules, per VNIC, port ranges expanded to ternary entries
	Mapping int // overlay→substrate mappings of every address of the VCNs present
	Route   int // route rules of every route table the VNICs use
	VNIC    int // one binding per VNIC (its VCN, route table, policy)
}

// Total is the sum of the entries.
func (f FullConfig) Total() int { return f.Policy + f.Mapping + f.Route + f.VNIC }

// CountFullConfig counts the full configuration of the VNICs behind tor.
func CountFullConfig(pop *trace.Population, tor string) FullConfig {
	var f FullConfig
	vcns := map[string]bool{}
	tables := map[string]bool{}
	for _, v := range pop.VNICsBehind(tor) {
		f.VNIC++
		for _, r := range pop.Policy(v.Num) {
			f.Policy += RuleEntries(r)
		}
		sn, _ := pop.Subnet(v.SubnetID)
		vcns[sn.VCNID] = true
		if !tables[sn.RouteTableID] {
			tables[sn.RouteTableID] = true
			for _, rt := range pop.RouteTables {
				if rt.ID == sn.RouteTableID {
					f.Route += len(rt.Rules)
				}
			}
		}
	}
	for _, m := range pop.Mappings {
		if vcns[m.VCNID] {
			f.Mapping++
		}
	}
	return f
}

// RuleEntries is the number of ternary entries a security rule takes: the
// product of the prefix expansions of its port ranges (ports only count
// for TCP, UDP and any-protocol rules).
func RuleEntries(r vcn.SecurityRule) int {
	if r.Protocol != vcn.ProtoTCP && r.Protocol != vcn.ProtoUDP && r.Protocol != vcn.ProtoAny {
		return 1
	}
	return RangePrefixes(r.SrcPort) * RangePrefixes(r.DstPort)
}

// RangePrefixes is the number of value/mask pairs that cover a port range
// exactly (the classic range-to-prefix expansion of a TCAM).
func RangePrefixes(pr vcn.PortRange) int {
	if pr.AnyPort() {
		return 1
	}
	lo, hi := uint32(pr.Lo), uint32(pr.Hi)
	if lo > hi {
		return 0
	}
	n := 0
	for lo <= hi {
		// The largest aligned block starting at lo that fits in [lo, hi].
		size := uint32(1)
		for lo&(size*2-1) == 0 && lo+size*2-1 <= hi && size < 1<<16 {
			size *= 2
		}
		n++
		lo += size
		if lo == 0 || lo > 0xffff {
			break
		}
	}
	return n
}

// resolution is what the NIS answers for a flow key: the parts the flow's
// entry depends on, and whether the destination is unknown (no mapping),
// in which case even a switch with the full configuration punts.
type resolution struct {
	action  vcn.Action
	parts   [3]int32 // interned part ids, -1 when absent
	unknown bool
}

// resolver computes resolutions like the NIS, from the population's
// configuration, with vcn.Allows and RouteTable.Lookup.
type resolver struct {
	pop   *trace.Population
	parts map[vcn.PartID]int32
}

func (r *resolver) intern(p vcn.PartID) int32 {
	id, ok := r.parts[p]
	if !ok {
		id = int32(len(r.parts))
		r.parts[p] = id
	}
	return id
}

func (r *resolver) resolve(k vcn.FlowKey) resolution {
	res := resolution{parts: [3]int32{-1, -1, -1}}
	v, ok := r.pop.VNIC(k.VNIC)
	if !ok {
		res.unknown = true
		return res
	}
	vcnIdx := r.pop.VCNOf(k.VNIC)
	vcnID := r.pop.VCNs[vcnIdx].ID
	res.parts[0] = r.intern(vcn.PolicyPart(v.ID))
	if !vcn.Allows(r.pop.Policy(k.VNIC), k) {
		res.action = vcn.ActionDeny
		return res
	}
	if k.Dir == vcn.Ingress {
		res.action = vcn.ActionDeliver
		res.parts[1] = r.intern(vcn.MappingPart(vcnID, k.Dst.String()))
		return res
	}
	rt, _ := r.pop.RouteTable(k.VNIC)
	res.parts[2] = r.intern(vcn.RoutePart(rt.ID))
	rule, ok := rt.Lookup(k.Dst)
	if !ok {
		res.action = vcn.ActionDeny
		return res
	}
	res.action = vcn.ActionEncap
	if rule.Target.Kind == vcn.TargetLocal {
		res.parts[1] = r.intern(vcn.MappingPart(vcnID, k.Dst.String()))
		if _, ok := r.pop.Mapping(vcnIdx, k.Dst); !ok {
			res.action = vcn.ActionDeny
			res.unknown = true
		}
	}
	return res
}
