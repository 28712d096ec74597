package lab

import (
	"fmt"
	"net/netip"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// SubstratePort is the P4 port number of every ToR's substrate uplink.
const SubstratePort = 100

// Topology describes a lab deployment. Every field has a default (see
// Defaults); the configuration objects themselves are generated from it by
// Build, deterministically.
type Topology struct {
	ToRs        int `yaml:"tors"`          // smart ToRs (default 4)
	VNICsPerToR int `yaml:"vnics_per_tor"` // instances behind each ToR (default 4)
	VCNs        int `yaml:"vcns"`          // VCNs the instances are spread over (default 2)
	SparePorts  int `yaml:"spare_ports"`   // free host ports per ToR, for VNIC moves (default 2)
	// IngressTCP are the TCP destination ports the subnets' security lists
	// allow inbound (default 80, 443, 8080). UDP 53 and ICMP are always
	// allowed inbound; everything is allowed outbound.
	IngressTCP []uint16 `yaml:"ingress_tcp"`
}

// LoadTopology reads a YAML topology file.
func LoadTopology(path string) (Topology, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Topology{}, err
	}
	var t Topology
	if err := yaml.Unmarshal(b, &t); err != nil {
		return Topology{}, fmt.Errorf("%s: %w", path, err)
	}
	return t.Defaults(), nil
}

// Defaults returns t with every zero field set to its default.
func (t Topology) Defaults() Topology {
	if t.ToRs <= 0 {
		t.ToRs = 4
	}
	if t.VNICsPerToR <= 0 {
		t.VNICsPerToR = 4
	}
	if t.VCNs <= 0 {
		t.VCNs = 2
	}
	if t.SparePorts <= 0 {
		t.SparePorts = 2
	}
	if len(t.IngressTCP) == 0 {
		t.IngressTCP = []uint16{80, 443, 8080}
	}
	return t
}

// Config is the configuration a Topology generates: every object, in an
// order the control plane accepts (references first).
type Config struct {
	vcn.Objects
}

// ToRName is the name of ToR i, as VNIC attachments give it.
func ToRName(i int) string { return fmt.Sprintf("tor-%d", i) }

// ToRVTEP is the substrate address of ToR i.
func ToRVTEP(i int) netip.Addr { return netip.AddrFrom4([4]byte{192, 168, 0, byte(i + 1)}) }

// ToRMAC is the router MAC of ToR i (also its MAC on the substrate).
func ToRMAC(i int) vcn.MAC { return vcn.MAC{0x02, 0, 0, 0, 0x01, byte(i + 1)} }

// NISAddr and NISMAC place the NIS on the substrate.
var (
	NISAddr = netip.AddrFrom4([4]byte{192, 168, 0, 250})
	NISMAC  = vcn.MAC{0x02, 0, 0, 0, 0x02, 0x01}
)

// vcnPrefix is the address space of VCN v: 10.v.0.0/16.
func vcnPrefix(v int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v), 0, 0}), 16)
}

// Build generates the configuration of a defaulted topology: VCN v
// (VNI 1000+v) has one subnet 10.v.0.0/24 with a security list and a route
// table (10.v.0.0/16 local); VNIC n (Num n+1) sits behind ToR n/VNICsPerToR
// on host port n%VNICsPerToR+1, in VCN n%VCNs, with a mapping to its ToR's
// VTEP.
func (t Topology) Build() (Config, error) {
	t = t.Defaults()
	if t.ToRs > 200 || t.VCNs > 250 || t.ToRs*t.VNICsPerToR/t.VCNs > 240 || t.VNICsPerToR+t.SparePorts > 99 {
		return Config{}, fmt.Errorf("topology too large: %d ToRs, %d VNICs per ToR, %d VCNs", t.ToRs, t.VNICsPerToR, t.VCNs)
	}
	var c Config
	for v := 0; v < t.VCNs; v++ {
		id := fmt.Sprintf("vcn-%d", v)
		c.VCNs = append(c.VCNs, vcn.VCN{ID: id, Name: id, CIDRs: []netip.Prefix{vcnPrefix(v)}, VNI: uint32(1000 + v)})
		any4 := netip.MustParsePrefix("0.0.0.0/0")
		rules := []vcn.SecurityRule{
			{Direction: vcn.Egress, CIDR: any4, Stateless: true},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoUDP, CIDR: any4, DstPort: vcn.PortRange{Lo: 53, Hi: 53}, Stateless: true},
			{Direction: vcn.Ingress, Protocol: vcn.ProtoICMP, CIDR: any4, Stateless: true},
		}
		for _, p := range t.IngressTCP {
			rules = append(rules, vcn.SecurityRule{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: any4,
				DstPort: vcn.PortRange{Lo: p, Hi: p}, Stateless: true})
		}
		c.SecurityLists = append(c.SecurityLists, vcn.SecurityList{ID: "sl-" + id, VCNID: id, Rules: rules})
		c.RouteTables = append(c.RouteTables, vcn.RouteTable{ID: "rt-" + id, VCNID: id,
			Rules: []vcn.RouteRule{{Dest: vcnPrefix(v), Target: vcn.RouteTarget{Kind: vcn.TargetLocal}}}})
		c.Subnets = append(c.Subnets, vcn.Subnet{ID: "sn-" + id, VCNID: id,
			CIDR:         netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v), 0, 0}), 24),
			RouteTableID: "rt-" + id, SecurityListIDs: []string{"sl-" + id}})
	}
	host := make([]int, t.VCNs)
	for n := 0; n < t.ToRs*t.VNICsPerToR; n++ {
		tor, v := n/t.VNICsPerToR, n%t.VCNs
		ip := netip.AddrFrom4([4]byte{10, byte(v), 0, byte(10 + host[v])})
		host[v]++
		num := uint32(n + 1)
		nic := vcn.VNIC{ID: fmt.Sprintf("vnic-%d", num), SubnetID: fmt.Sprintf("sn-vcn-%d", v), Num: num, IP: ip,
			MAC:    vcn.MAC{0x02, 0, 0, 0xaa, byte(num >> 8), byte(num)},
			Attach: vcn.Attachment{ToR: ToRName(tor), Port: uint32(n%t.VNICsPerToR + 1)}}
		c.VNICs = append(c.VNICs, nic)
		c.Mappings = append(c.Mappings, vcn.Mapping{VCNID: fmt.Sprintf("vcn-%d", v), OverlayIP: ip,
			Substrate: ToRVTEP(tor), VNI: uint32(1000 + v)})
	}
	return c, nil
}
