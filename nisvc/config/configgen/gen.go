// Package configgen generates random, valid VCN configurations for the NIS's
// tests and benchmarks: VCNs with subnets, VNICs spread over ToRs, security
// lists and NSGs, route tables with local, peering and gateway routes, and
// mappings — as plain objects (for reference evaluation and a fake control
// plane) and as the part contents the control plane would serve.
//
// It may import package vcn and nisvc/config only.
package configgen

import (
	"fmt"
	"math/rand"
	"net/netip"
	"slices"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Params sizes a generated configuration.
type Params struct {
	VCNs           int
	SubnetsPerVCN  int
	VNICs          int // spread over every subnet
	ToRs           int
	SecurityLists  int // subnet security lists, spread over VCNs
	NSGs           int
	RulesPerList   int
	ListsPerSubnet int
	// MissingMappings is the fraction (0..1) of VNICs without a mapping.
	MissingMappings float64
}

// Large is the benchmark configuration: 10 VCNs × 100 subnets, 10k VNICs
// over 40 ToRs, 1k security lists × 100 rules (100k rules; each subnet
// uses one list, so each VNIC's effective policy has 100 rules).
var Large = Params{VCNs: 10, SubnetsPerVCN: 100, VNICs: 10000, ToRs: 40, SecurityLists: 1000,
	RulesPerList: 100, ListsPerSubnet: 1}

// Small is a configuration small enough that random flows often hit rules.
var Small = Params{VCNs: 3, SubnetsPerVCN: 3, VNICs: 40, ToRs: 3, SecurityLists: 9, NSGs: 4,
	RulesPerList: 4, ListsPerSubnet: 2, MissingMappings: 0.1}

// Config is a generated configuration.
type Config struct {
	vcn.Objects
	// Parts is the content of every part, at random versions ≥ 1.
	Parts []vcn.PartContent
}

// ToR names ToR i.
func ToR(i int) string { return fmt.Sprintf("tor%d", i) }

// ToRVTEP is the substrate address of ToR i.
func ToRVTEP(i int) netip.Addr { return netip.AddrFrom4([4]byte{192, 168, byte(i >> 8), byte(i)}) }

// Gateway is the substrate address of the gateway of VCN i.
func Gateway(i int) netip.Addr { return netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}) }

// VCNPrefix is the address space of VCN i: 10.i.0.0/16.
func VCNPrefix(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
}

// SubnetPrefix is subnet j of VCN i: 10.i.j.0/24 (j < 256).
func SubnetPrefix(i, j int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), byte(j), 0}), 24)
}

// Generate makes a configuration from r.
func Generate(r *rand.Rand, p Params) Config {
	var c Config
	for i := 0; i < p.VCNs; i++ {
		c.VCNs = append(c.VCNs, vcn.VCN{ID: fmt.Sprintf("vcn%d", i), Name: fmt.Sprintf("net %d", i),
			CIDRs: []netip.Prefix{VCNPrefix(i)}, VNI: uint32(1000 + i)})
	}
	for i := 0; i < p.SecurityLists; i++ {
		c.SecurityLists = append(c.SecurityLists, vcn.SecurityList{ID: fmt.Sprintf("sl%d", i),
			VCNID: c.VCNs[i%p.VCNs].ID, Kind: vcn.SubnetSecurityList, Rules: rules(r, p)})
	}
	for i := 0; i < p.NSGs; i++ {
		c.SecurityLists = append(c.SecurityLists, vcn.SecurityList{ID: fmt.Sprintf("nsg%d", i),
			VCNID: c.VCNs[i%p.VCNs].ID, Kind: vcn.NetworkSecurityGroup, Rules: rules(r, p)})
	}
	// Subnets and VNICs may only use lists of their own VCN (the control
	// plane refuses others): list i belongs to VCN i%VCNs.
	listsOf, nsgsOf := map[string][]string{}, map[string][]string{}
	for _, l := range c.SecurityLists {
		if l.Kind == vcn.NetworkSecurityGroup {
			nsgsOf[l.VCNID] = append(nsgsOf[l.VCNID], l.ID)
		} else {
			listsOf[l.VCNID] = append(listsOf[l.VCNID], l.ID)
		}
	}
	for i, v := range c.VCNs {
		rt := vcn.RouteTable{ID: fmt.Sprintf("rt%d", i), VCNID: v.ID, Rules: []vcn.RouteRule{
			{Dest: VCNPrefix(i), Target: vcn.RouteTarget{Kind: vcn.TargetLocal}},
		}}
		if r.Intn(4) > 0 {
			rt.Rules = append(rt.Rules, vcn.RouteRule{Dest: netip.MustParsePrefix("0.0.0.0/0"),
				Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "igw" + v.ID, Substrate: Gateway(i)}})
		}
		if p.VCNs > 1 && r.Intn(2) == 0 {
			peer := (i + 1 + r.Intn(p.VCNs-1)) % p.VCNs
			rt.Rules = append(rt.Rules, vcn.RouteRule{Dest: VCNPrefix(peer),
				Target: vcn.RouteTarget{Kind: vcn.TargetPeering, ID: c.VCNs[peer].ID}})
		}
		if r.Intn(3) == 0 { // a more specific local route carving a hole to the gateway
			rt.Rules = append(rt.Rules, vcn.RouteRule{Dest: SubnetPrefix(i, 200),
				Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "fw", Substrate: Gateway(100 + i)}})
		}
		c.RouteTables = append(c.RouteTables, rt)
		for j := 0; j < p.SubnetsPerVCN; j++ {
			sn := vcn.Subnet{ID: fmt.Sprintf("sn%d-%d", i, j), VCNID: v.ID, CIDR: SubnetPrefix(i, j)}
			if r.Intn(8) > 0 {
				sn.RouteTableID = rt.ID
			}
			for k, own := 0, listsOf[v.ID]; k < p.ListsPerSubnet && len(own) > 0; k++ {
				if id := own[r.Intn(len(own))]; !slices.Contains(sn.SecurityListIDs, id) {
					sn.SecurityListIDs = append(sn.SecurityListIDs, id)
				}
			}
			c.Subnets = append(c.Subnets, sn)
		}
	}
	for i := 0; i < p.VNICs; i++ {
		snIdx := i % len(c.Subnets)
		sn := c.Subnets[snIdx]
		vi, si := snIdx/p.SubnetsPerVCN, snIdx%p.SubnetsPerVCN
		host := 2 + i/len(c.Subnets)
		ip := netip.AddrFrom4([4]byte{10, byte(vi), byte(si), byte(host)})
		tor := r.Intn(p.ToRs)
		n := vcn.VNIC{ID: fmt.Sprintf("vnic%d", i), SubnetID: sn.ID, Num: uint32(i + 1), IP: ip,
			MAC:    vcn.MAC{0x02, 0, 0, 0, byte(i >> 8), byte(i)},
			Attach: vcn.Attachment{ToR: ToR(tor), Port: uint32(1 + i%48)}}
		if own := nsgsOf[sn.VCNID]; len(own) > 0 && r.Intn(2) == 0 {
			n.NSGIDs = []string{own[r.Intn(len(own))]}
		}
		c.VNICs = append(c.VNICs, n)
		if r.Float64() >= p.MissingMappings {
			c.Mappings = append(c.Mappings, vcn.Mapping{VCNID: sn.VCNID, OverlayIP: ip, Substrate: ToRVTEP(tor),
				VNI: c.VCNs[vi].VNI})
		}
	}
	c.Parts = Parts(r, c)
	return c
}

// Parts computes the content of every part of c at random versions ≥ 1.
// A VNIC's policy is its subnet's security lists' rules followed by its
// NSGs' rules.
func Parts(r *rand.Rand, c Config) []vcn.PartContent {
	ver := func() uint64 { return uint64(1 + r.Intn(5)) }
	var out []vcn.PartContent
	ix := c.index()
	for _, n := range c.VNICs {
		pol := &vcn.Policy{VNICID: n.ID, Rules: ix.effectiveRules(n)}
		out = append(out, vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(n.ID), Version: ver()}, Policy: pol})
	}
	for i := range c.Mappings {
		m := &c.Mappings[i]
		out = append(out, vcn.PartContent{PartVersion: vcn.PartVersion{
			Part: vcn.MappingPart(m.VCNID, m.OverlayIP.String()), Version: ver()}, Mapping: m})
	}
	for i := range c.RouteTables {
		t := &c.RouteTables[i]
		out = append(out, vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.RoutePart(t.ID), Version: ver()}, Route: t})
	}
	return out
}

type index struct {
	lists   map[string]*vcn.SecurityList
	subnets map[string]*vcn.Subnet
}

func (c Config) index() index {
	ix := index{lists: map[string]*vcn.SecurityList{}, subnets: map[string]*vcn.Subnet{}}
	for i := range c.SecurityLists {
		ix.lists[c.SecurityLists[i].ID] = &c.SecurityLists[i]
	}
	for i := range c.Subnets {
		ix.subnets[c.Subnets[i].ID] = &c.Subnets[i]
	}
	return ix
}

func (ix index) effectiveRules(n vcn.VNIC) []vcn.SecurityRule {
	var ids []string
	if sn, ok := ix.subnets[n.SubnetID]; ok {
		ids = append(ids, sn.SecurityListIDs...)
	}
	ids = append(ids, n.NSGIDs...)
	var out []vcn.SecurityRule
	for _, id := range ids {
		if l, ok := ix.lists[id]; ok {
			out = append(out, l.Rules...)
		}
	}
	return out
}

// EffectiveRules returns the rules of n's subnet's security lists and of
// its NSGs, in that order.
func EffectiveRules(c Config, n vcn.VNIC) []vcn.SecurityRule { return c.index().effectiveRules(n) }

func rules(r *rand.Rand, p Params) []vcn.SecurityRule {
	out := make([]vcn.SecurityRule, 0, p.RulesPerList)
	for i := 0; i < p.RulesPerList; i++ {
		ru := vcn.SecurityRule{Direction: vcn.Direction(r.Intn(2)), Stateless: r.Intn(3) == 0}
		switch r.Intn(4) {
		case 0:
			ru.CIDR = netip.MustParsePrefix("0.0.0.0/0")
		case 1:
			ru.CIDR = VCNPrefix(r.Intn(p.VCNs))
		default:
			ru.CIDR = SubnetPrefix(r.Intn(p.VCNs), r.Intn(p.SubnetsPerVCN))
		}
		switch r.Intn(4) {
		case 0:
			ru.Protocol = vcn.ProtoAny
		case 1:
			ru.Protocol = vcn.ProtoICMP
		default:
			ru.Protocol = []uint8{vcn.ProtoTCP, vcn.ProtoUDP}[r.Intn(2)]
			if r.Intn(2) == 0 {
				lo := uint16(r.Intn(100))
				ru.DstPort = vcn.PortRange{Lo: lo, Hi: lo + uint16(r.Intn(20))}
			}
		}
		out = append(out, ru)
	}
	return out
}

// Snapshot builds the snapshot holding c at revision rev.
func (c Config) Snapshot(rev int64) *config.Snapshot {
	b := config.Empty().Edit()
	b.SetVCNs(c.VCNs)
	b.SetSubnets(c.Subnets)
	b.SetVNICs(c.VNICs)
	b.SetSecurityLists(c.SecurityLists)
	for _, p := range c.Parts {
		b.Apply(p)
	}
	b.SetRevision(rev)
	s, _ := b.Snapshot()
	return s
}

// Flow returns a random flow key of a random VNIC of c: the VNIC's own
// address on one end, on the other a VNIC of c, an address of some VCN or
// an outside address.
func (c Config) Flow(r *rand.Rand) vcn.FlowKey {
	n := c.VNICs[r.Intn(len(c.VNICs))]
	var remote netip.Addr
	switch r.Intn(4) {
	case 0, 1:
		remote = c.VNICs[r.Intn(len(c.VNICs))].IP
	case 2:
		remote = netip.AddrFrom4([4]byte{10, byte(r.Intn(len(c.VCNs) + 1)), byte([]int{0, 1, 200}[r.Intn(3)]), byte(r.Intn(256))})
	default:
		remote = netip.AddrFrom4([4]byte{byte(1 + r.Intn(200)), byte(r.Intn(256)), 0, 1})
	}
	k := vcn.FlowKey{VNIC: n.Num, Dir: vcn.Direction(r.Intn(2)), Src: n.IP, Dst: remote,
		Proto: []uint8{vcn.ProtoTCP, vcn.ProtoUDP, vcn.ProtoICMP, 47}[r.Intn(4)]}
	if k.Proto == vcn.ProtoTCP || k.Proto == vcn.ProtoUDP {
		k.SrcPort, k.DstPort = uint16(r.Intn(120)), uint16(r.Intn(120))
	}
	if k.Dir == vcn.Ingress {
		k.Src, k.Dst = k.Dst, k.Src
	}
	return k
}
