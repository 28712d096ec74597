package lab

import (
	"net/netip"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// location is where an instance sits: a ToR's host port.
type location struct {
	tor  string
	port uint32
}

// model is the reference evaluation of one configuration: where a packet
// must arrive, if anywhere. It is built from a Config and never changed.
type model struct {
	vnics    map[uint32]vcn.VNIC
	byIP     map[string]map[netip.Addr]uint32 // VCN ID → overlay IP → VNIC Num
	subnets  map[string]vcn.Subnet
	lists    map[string]vcn.SecurityList
	routes   map[string]vcn.RouteTable
	mappings map[string]map[netip.Addr]vcn.Mapping
	vteps    map[netip.Addr]string // VTEP → ToR name
}

func newModel(c Config, tors int) *model {
	m := &model{vnics: map[uint32]vcn.VNIC{}, byIP: map[string]map[netip.Addr]uint32{}, subnets: map[string]vcn.Subnet{},
		lists: map[string]vcn.SecurityList{}, routes: map[string]vcn.RouteTable{},
		mappings: map[string]map[netip.Addr]vcn.Mapping{}, vteps: map[netip.Addr]string{}}
	for i := 0; i < tors; i++ {
		m.vteps[ToRVTEP(i)] = ToRName(i)
	}
	for _, s := range c.Subnets {
		m.subnets[s.ID] = s
	}
	for _, s := range c.SecurityLists {
		m.lists[s.ID] = s
	}
	for _, r := range c.RouteTables {
		m.routes[r.ID] = r
	}
	for _, mp := range c.Mappings {
		if m.mappings[mp.VCNID] == nil {
			m.mappings[mp.VCNID] = map[netip.Addr]vcn.Mapping{}
		}
		m.mappings[mp.VCNID][mp.OverlayIP] = mp
	}
	for _, n := range c.VNICs {
		m.vnics[n.Num] = n
		v := m.subnets[n.SubnetID].VCNID
		if m.byIP[v] == nil {
			m.byIP[v] = map[netip.Addr]uint32{}
		}
		m.byIP[v][n.IP] = n.Num
	}
	return m
}

// policy is the effective rule set of VNIC num: its subnet's security
// lists, then its NSGs.
func (m *model) policy(num uint32) []vcn.SecurityRule {
	n := m.vnics[num]
	var rules []vcn.SecurityRule
	for _, id := range m.subnets[n.SubnetID].SecurityListIDs {
		rules = append(rules, m.lists[id].Rules...)
	}
	for _, id := range n.NSGIDs {
		rules = append(rules, m.lists[id].Rules...)
	}
	return rules
}

// locate is where VNIC num's instance sits.
func (m *model) locate(num uint32) (location, bool) {
	n, ok := m.vnics[num]
	return location{tor: n.Attach.ToR, port: n.Attach.Port}, ok
}

// expect evaluates the egress flow key k of a local VNIC: where its packet
// must arrive (ok false: it must be dropped). The egress policy of the
// sender, its subnet's route table (a local route is needed), the
// destination's mapping (which must place it at its ToR's VTEP) and the
// ingress policy of the destination all have to agree.
func (m *model) expect(k vcn.FlowKey) (location, bool) {
	src, ok := m.vnics[k.VNIC]
	if !ok || k.Dir != vcn.Egress || !vcn.Allows(m.policy(k.VNIC), k) {
		return location{}, false
	}
	sn := m.subnets[src.SubnetID]
	rt, ok := m.routes[sn.RouteTableID]
	if !ok {
		return location{}, false
	}
	r, ok := rt.Lookup(k.Dst)
	if !ok || r.Target.Kind != vcn.TargetLocal {
		return location{}, false
	}
	mp, ok := m.mappings[sn.VCNID][k.Dst]
	if !ok {
		return location{}, false
	}
	dnum, ok := m.byIP[sn.VCNID][k.Dst]
	if !ok {
		return location{}, false
	}
	dst := m.vnics[dnum]
	if m.vteps[mp.Substrate] != dst.Attach.ToR {
		return location{}, false
	}
	in := k
	in.VNIC, in.Dir = dnum, vcn.Ingress
	if !vcn.Allows(m.policy(dnum), in) {
		return location{}, false
	}
	return location{tor: dst.Attach.ToR, port: dst.Attach.Port}, true
}
