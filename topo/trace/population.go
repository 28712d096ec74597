package trace

import (
	"fmt"
	"net/netip"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Service is a protocol and destination port a server listens on.
type Service struct {
	Proto uint8
	Port  uint16
}

// Peer is a remote end of flows: an instance of a VCN that sits behind
// another ToR (it has a mapping) or a host on the internet (reached through
// the VCN's gateway route, no mapping).
type Peer struct {
	VCN      int // index into Population.VCNs
	IP       netip.Addr
	Internet bool
}

// Population is the deployment a trace runs over: every configuration
// object, the VNICs behind the ToRs (the instances that send and receive
// the trace's packets) and the ranked remote peers of each VCN (rank 0 is
// the most popular).
type Population struct {
	VCNs           []vcn.VCN
	Subnets        []vcn.Subnet
	SecurityLists  []vcn.SecurityList
	RouteTables    []vcn.RouteTable
	VNICs          []vcn.VNIC // the local instances, behind ToRs "tor-0", "tor-1", ...
	Mappings       []vcn.Mapping
	Peers          [][]Peer // per VCN, by popularity rank
	InternetPeers  []Peer   // by popularity rank
	UnknownIPs     [][]netip.Addr
	ServicesTCP    []Service
	ServicesUDP    []Service
	vnicByNum      map[uint32]int
	subnetByID     map[string]int
	listByID       map[string]int
	routeByID      map[string]int
	mappingByKey   map[mappingKey]int
	vcnOfVNIC      []int
	policies       [][]vcn.SecurityRule // by index in VNICs
	internetVTEP   netip.Addr
	localVNICByVCN [][]int
}

type mappingKey struct {
	vcn int
	ip  netip.Addr
}

// Addressing plan. VCN i owns 10.i.0.0/16: local VNICs in 10.i.0.0/17 from
// .0.10 on, peers in 10.i.128.0/17, and unknown (unmapped) addresses in
// 10.i.127.0/24. Internet peers live in 198.18.0.0/15 (RFC 2544).
func vcnPrefix(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
}

func hostIP(i int, base, n int) netip.Addr {
	off := base + n
	return netip.AddrFrom4([4]byte{10, byte(i), byte(off >> 8), byte(off)})
}

func substrate(a, b, n int) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(a), byte(b), byte(n >> 8), byte(n)})
}

// ToRName is the name of the i-th ToR in VNIC attachments.
func ToRName(i int) string { return fmt.Sprintf("tor-%d", i) }

// ToRVTEP is the substrate address of the i-th ToR.
func ToRVTEP(i int) netip.Addr { return substrate(192, 168, i+1) }

func newPopulation(c Config) *Population {
	p := &Population{
		vnicByNum:    map[uint32]int{},
		subnetByID:   map[string]int{},
		listByID:     map[string]int{},
		routeByID:    map[string]int{},
		mappingByKey: map[mappingKey]int{},
		internetVTEP: substrate(192, 168, 255*256+1),
		ServicesTCP:  []Service{{vcn.ProtoTCP, 443}, {vcn.ProtoTCP, 80}, {vcn.ProtoTCP, 5432}, {vcn.ProtoTCP, 6379}, {vcn.ProtoTCP, 8080}, {vcn.ProtoTCP, 22}, {vcn.ProtoTCP, 8443}, {vcn.ProtoTCP, 9090}},
		ServicesUDP:  []Service{{vcn.ProtoUDP, 53}, {vcn.ProtoUDP, 123}, {vcn.ProtoUDP, 514}},
	}
	for i := 0; i < c.VCNs; i++ {
		id := fmt.Sprintf("vcn-%d", i)
		cidr := vcnPrefix(i)
		p.VCNs = append(p.VCNs, vcn.VCN{ID: id, Name: id, CIDRs: []netip.Prefix{cidr}, VNI: uint32(1000 + i)})
		gw := vcn.RouteTarget{Kind: vcn.TargetGateway, ID: fmt.Sprintf("igw-%d", i), Substrate: p.internetVTEP}
		fw := vcn.RouteTarget{Kind: vcn.TargetGateway, ID: fmt.Sprintf("fw-%d", i), Substrate: substrate(192, 168, 254*256+1+i)}
		rt := vcn.RouteTable{ID: fmt.Sprintf("rt-%d", i), VCNID: id, Rules: []vcn.RouteRule{
			{Dest: cidr, Target: vcn.RouteTarget{Kind: vcn.TargetLocal}},
			{Dest: netip.MustParsePrefix("0.0.0.0/0"), Target: gw},
			{Dest: netip.MustParsePrefix("192.0.2.0/24"), Target: fw},
			{Dest: netip.MustParsePrefix("198.51.100.0/24"), Target: fw},
		}}
		p.routeByID[rt.ID] = len(p.RouteTables)
		p.RouteTables = append(p.RouteTables, rt)
		sl := vcn.SecurityList{ID: fmt.Sprintf("sl-%d", i), VCNID: id, Kind: vcn.SubnetSecurityList, Rules: []vcn.SecurityRule{
			{Direction: vcn.Egress, Protocol: vcn.ProtoAny, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: netip.MustParsePrefix("0.0.0.0/0"), DstPort: vcn.PortRange{Lo: 443, Hi: 443}},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: cidr, DstPort: vcn.PortRange{Lo: 80, Hi: 80}},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: netip.MustParsePrefix("10.0.0.0/8"), DstPort: vcn.PortRange{Lo: 22, Hi: 22}},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: cidr, DstPort: vcn.PortRange{Lo: 8000, Hi: 8999}},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoUDP, CIDR: cidr, DstPort: vcn.PortRange{Lo: 53, Hi: 53}},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoICMP, CIDR: cidr},
		}}
		p.listByID[sl.ID] = len(p.SecurityLists)
		p.SecurityLists = append(p.SecurityLists, sl)
		for n := 0; n < nsgPerVCN; n++ {
			nsg := vcn.SecurityList{ID: fmt.Sprintf("nsg-%d-%d", i, n), VCNID: id, Kind: vcn.NetworkSecurityGroup, Rules: []vcn.SecurityRule{
				{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: cidr, DstPort: vcn.PortRange{Lo: 5432, Hi: 5432}},
				{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: cidr, DstPort: vcn.PortRange{Lo: 6379, Hi: 6379}},
				{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: cidr, SrcPort: vcn.PortRange{Lo: 1024, Hi: 65535}, DstPort: vcn.PortRange{Lo: uint16(9000 + 100*n), Hi: uint16(9099 + 100*n)}},
			}}
			p.listByID[nsg.ID] = len(p.SecurityLists)
			p.SecurityLists = append(p.SecurityLists, nsg)
		}
		sn := vcn.Subnet{ID: fmt.Sprintf("sn-%d", i), VCNID: id, CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 17),
			RouteTableID: rt.ID, SecurityListIDs: []string{sl.ID}}
		p.subnetByID[sn.ID] = len(p.Subnets)
		p.Subnets = append(p.Subnets, sn)
		remote := vcn.Subnet{ID: fmt.Sprintf("sn-%d-remote", i), VCNID: id, CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 128, 0}), 17),
			RouteTableID: rt.ID, SecurityListIDs: []string{sl.ID}}
		p.subnetByID[remote.ID] = len(p.Subnets)
		p.Subnets = append(p.Subnets, remote)

		var peers []Peer
		for n := 0; n < c.PeersPerVCN; n++ {
			ip := hostIP(i, 128*256, n)
			peers = append(peers, Peer{VCN: i, IP: ip})
			p.addMapping(i, vcn.Mapping{VCNID: id, OverlayIP: ip, Substrate: substrate(172, 16+n/65536, n%65536+1), VNI: uint32(1000 + i)})
		}
		p.Peers = append(p.Peers, peers)
		var unknown []netip.Addr
		for n := 0; n < 200; n++ {
			unknown = append(unknown, hostIP(i, 127*256, n+10))
		}
		p.UnknownIPs = append(p.UnknownIPs, unknown)
	}
	p.localVNICByVCN = make([][]int, c.VCNs)
	for j := 0; j < c.VNICs; j++ {
		i := j % c.VCNs
		tor := j % c.ToRs
		ip := hostIP(i, 10, j/c.VCNs)
		v := vcn.VNIC{
			ID: fmt.Sprintf("vnic-%d", j), SubnetID: fmt.Sprintf("sn-%d", i), Num: uint32(j + 1), IP: ip,
			MAC:    vcn.MAC{0x02, 0, byte(j >> 16), byte(j >> 8), byte(j), 1},
			NSGIDs: []string{fmt.Sprintf("nsg-%d-%d", i, j%nsgPerVCN)},
			Attach: vcn.Attachment{ToR: ToRName(tor), Port: uint32(1 + j/c.ToRs)},
		}
		p.vnicByNum[v.Num] = len(p.VNICs)
		p.VNICs = append(p.VNICs, v)
		p.vcnOfVNIC = append(p.vcnOfVNIC, i)
		p.localVNICByVCN[i] = append(p.localVNICByVCN[i], j)
		p.addMapping(i, vcn.Mapping{VCNID: p.VCNs[i].ID, OverlayIP: ip, Substrate: ToRVTEP(tor), VNI: uint32(1000 + i)})
	}
	for _, v := range p.VNICs {
		var rules []vcn.SecurityRule
		sn, _ := p.Subnet(v.SubnetID)
		for _, id := range append(append([]string(nil), sn.SecurityListIDs...), v.NSGIDs...) {
			if sl, ok := p.SecurityList(id); ok {
				rules = append(rules, sl.Rules...)
			}
		}
		p.policies = append(p.policies, rules)
	}
	for n := 0; n < c.InternetPeers; n++ {
		p.InternetPeers = append(p.InternetPeers, Peer{VCN: -1, IP: netip.AddrFrom4([4]byte{198, 18 + byte(n>>16), byte(n >> 8), byte(n)}), Internet: true})
	}
	return p
}

const nsgPerVCN = 4

func (p *Population) addMapping(vcnIdx int, m vcn.Mapping) {
	p.mappingByKey[mappingKey{vcnIdx, m.OverlayIP}] = len(p.Mappings)
	p.Mappings = append(p.Mappings, m)
}

// VNIC returns the local VNIC with data-plane number num.
func (p *Population) VNIC(num uint32) (vcn.VNIC, bool) {
	i, ok := p.vnicByNum[num]
	if !ok {
		return vcn.VNIC{}, false
	}
	return p.VNICs[i], true
}

// VCNOf returns the index in VCNs of the VCN of local VNIC num, -1 if
// there is no such VNIC.
func (p *Population) VCNOf(num uint32) int {
	i, ok := p.vnicByNum[num]
	if !ok {
		return -1
	}
	return p.vcnOfVNIC[i]
}

// Subnet returns the subnet with the given ID.
func (p *Population) Subnet(id string) (vcn.Subnet, bool) {
	i, ok := p.subnetByID[id]
	if !ok {
		return vcn.Subnet{}, false
	}
	return p.Subnets[i], true
}

// SecurityList returns the security list or NSG with the given ID.
func (p *Population) SecurityList(id string) (vcn.SecurityList, bool) {
	i, ok := p.listByID[id]
	if !ok {
		return vcn.SecurityList{}, false
	}
	return p.SecurityLists[i], true
}

// Policy returns the effective rules of local VNIC num: its subnet's
// security lists followed by its NSGs. The slice is shared; do not modify.
func (p *Population) Policy(num uint32) []vcn.SecurityRule {
	i, ok := p.vnicByNum[num]
	if !ok {
		return nil
	}
	return p.policies[i]
}

// RouteTable returns the route table of local VNIC num's subnet.
func (p *Population) RouteTable(num uint32) (vcn.RouteTable, bool) {
	v, ok := p.VNIC(num)
	if !ok {
		return vcn.RouteTable{}, false
	}
	sn, _ := p.Subnet(v.SubnetID)
	i, ok := p.routeByID[sn.RouteTableID]
	if !ok {
		return vcn.RouteTable{}, false
	}
	return p.RouteTables[i], true
}

// Mapping returns the mapping of overlay IP ip in the VCN of index vcnIdx.
func (p *Population) Mapping(vcnIdx int, ip netip.Addr) (vcn.Mapping, bool) {
	i, ok := p.mappingByKey[mappingKey{vcnIdx, ip}]
	if !ok {
		return vcn.Mapping{}, false
	}
	return p.Mappings[i], true
}

// VNICsBehind returns the local VNICs attached to the named ToR.
func (p *Population) VNICsBehind(tor string) []vcn.VNIC {
	var out []vcn.VNIC
	for _, v := range p.VNICs {
		if v.Attach.ToR == tor {
			out = append(out, v)
		}
	}
	return out
}
