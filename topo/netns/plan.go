package netns

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
)

// Fixed addresses inside the tor namespace (its own loopback, so they
// never collide with anything else on the machine).
const (
	controlPlanePort = 50051
	nisPort          = 50052
	firstSwitchPort  = 9559
	firstAdminPort   = 50060
	firstMetricsPort = 9100
)

// TorNS is the namespace of the switches, the agents and the control
// plane.
func (l *Lab) TorNS() string { return l.Prefix + "tor" }

// NISNS is the namespace of the NIS.
func (l *Lab) NISNS() string { return l.Prefix + "nis" }

// SubstrateNS is the namespace of the substrate bridge.
func (l *Lab) SubstrateNS() string { return l.Prefix + "substrate" }

// HostNS is the namespace of host h.
func (l *Lab) HostNS(h Host) string { return l.Prefix + h.Name }

// Namespaces lists every namespace the lab creates, infrastructure first.
func (l *Lab) Namespaces() []string {
	ns := []string{l.TorNS(), l.NISNS(), l.SubstrateNS()}
	for _, h := range l.Hosts {
		ns = append(ns, l.HostNS(h))
	}
	return ns
}

// mgmt returns the tor namespace's and the NIS namespace's management
// addresses.
func (l *Lab) mgmt() (tor, nis netip.Addr) {
	a := l.Management.Masked().Addr()
	return a.Next(), a.Next().Next()
}

// ControlPlaneAddr is the control plane's gRPC address (reachable from
// the tor and NIS namespaces).
func (l *Lab) ControlPlaneAddr() string {
	tor, _ := l.mgmt()
	return netip.AddrPortFrom(tor, controlPlanePort).String()
}

// NISAddr is the NIS's gRPC address.
func (l *Lab) NISAddr() string {
	_, nis := l.mgmt()
	return netip.AddrPortFrom(nis, nisPort).String()
}

// AdminAddr is the admin (torctl) address of the i-th ToR's agent, in the
// tor namespace.
func (l *Lab) AdminAddr(i int) string { return fmt.Sprintf("127.0.0.1:%d", firstAdminPort+i) }

func (l *Lab) switchAddr(i int) string { return fmt.Sprintf("127.0.0.1:%d", firstSwitchPort+i) }

// hostIface is the tor namespace's end of a host's veth: P4 port
// h.Port of switch h.ToR.
func hostIface(h Host) string { return fmt.Sprintf("%s-p%d", h.ToR, h.Port) }

// substrateIface is the tor namespace's end of a ToR's substrate link.
func substrateIface(t ToR) string { return t.Name + "-sub" }

// Step is one iproute2 command: "ip" or "bridge" and its arguments.
type Step []string

// Setup lists the commands that build the topology once the namespaces
// exist, in order. Offloads and sysctls are not in it (see Up).
func (l *Lab) Setup() []Step {
	tor, nis, sub := l.TorNS(), l.NISNS(), l.SubstrateNS()
	var s []Step
	add := func(args ...string) { s = append(s, append(Step{"ip"}, args...)) }
	bridge := func(args ...string) { s = append(s, append(Step{"bridge", "-n", sub}, args...)) }
	veth := func(ns1, if1, ns2, if2 string) {
		add("link", "add", "name", if1, "netns", ns1, "type", "veth", "peer", "name", if2, "netns", ns2)
	}
	for _, ns := range l.Namespaces() {
		add("-n", ns, "link", "set", "lo", "up")
	}
	// The substrate segment: a bridge, each ToR's substrate port and the NIS.
	add("-n", sub, "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0")
	add("-n", sub, "link", "set", "br0", "up")
	// The bridge knows every station statically and floods no unknown
	// unicast to the ToRs: a ToR routes a frame it receives for another
	// VTEP back onto the segment (underlay transit), so a flooded frame
	// would loop between the ToRs until its TTL runs out.
	for _, t := range l.ToRs {
		veth(tor, substrateIface(t), sub, t.Name)
		add("-n", sub, "link", "set", t.Name, "master", "br0")
		add("-n", sub, "link", "set", t.Name, "type", "bridge_slave", "learning", "off", "flood", "off")
		bridge("fdb", "replace", t.RouterMAC, "dev", t.Name, "master", "static")
		add("-n", sub, "link", "set", t.Name, "up")
		add("-n", tor, "link", "set", substrateIface(t), "up")
	}
	veth(nis, "sub0", sub, "nis")
	add("-n", sub, "link", "set", "nis", "master", "br0")
	add("-n", sub, "link", "set", "nis", "type", "bridge_slave", "learning", "off")
	bridge("fdb", "replace", l.Substrate.NISMAC, "dev", "nis", "master", "static")
	add("-n", sub, "link", "set", "nis", "up")
	add("-n", nis, "link", "set", "sub0", "address", l.Substrate.NISMAC)
	add("-n", nis, "addr", "add", prefixOf(l.Substrate.NIS, l.Substrate.CIDR), "dev", "sub0")
	add("-n", nis, "link", "set", "sub0", "up")
	// The ToRs' VTEPs live only in the P4 program: static neighbours.
	for _, t := range l.ToRs {
		add("-n", nis, "neigh", "replace", t.VTEP.String(), "lladdr", t.RouterMAC, "dev", "sub0", "nud", "permanent")
	}
	// Management link for the gRPC APIs.
	mt, mn := l.mgmt()
	veth(tor, "mgmt", nis, "mgmt")
	add("-n", tor, "addr", "add", prefixOf(mt, l.Management), "dev", "mgmt")
	add("-n", nis, "addr", "add", prefixOf(mn, l.Management), "dev", "mgmt")
	add("-n", tor, "link", "set", "mgmt", "up")
	add("-n", nis, "link", "set", "mgmt", "up")
	// Hosts: eth0 is the VNIC, its peer a switch port.
	for _, h := range l.Hosts {
		hn := l.HostNS(h)
		veth(hn, "eth0", tor, hostIface(h))
		add("-n", hn, "link", "set", "eth0", "address", h.MAC)
		add("-n", hn, "addr", "add", prefixOf(h.IP, l.Subnet.CIDR), "dev", "eth0")
		add("-n", hn, "link", "set", "eth0", "up")
		add("-n", hn, "route", "add", "default", "via", l.Subnet.Router.String(), "dev", "eth0")
		add("-n", tor, "link", "set", hostIface(h), "up")
	}
	return s
}

func prefixOf(a netip.Addr, p netip.Prefix) string {
	return netip.PrefixFrom(a, p.Bits()).String()
}

// offloads lists (namespace, interface) pairs whose checksum and
// segmentation offloads must be off: the switch reads and writes frames
// with AF_PACKET, which sees neither partial checksums completed nor
// oversized segments split.
func (l *Lab) offloads() [][2]string {
	var o [][2]string
	for _, t := range l.ToRs {
		o = append(o, [2]string{l.TorNS(), substrateIface(t)}, [2]string{l.SubstrateNS(), t.Name})
	}
	o = append(o, [2]string{l.NISNS(), "sub0"}, [2]string{l.SubstrateNS(), "nis"})
	for _, h := range l.Hosts {
		o = append(o, [2]string{l.HostNS(h), "eth0"}, [2]string{l.TorNS(), hostIface(h)})
	}
	return o
}

// Proc is one process of the lab, run with "ip netns exec NS".
type Proc struct {
	Name string   // log and pid file name
	NS   string   // namespace
	Bin  string   // binary name, looked up in the binary directory
	Args []string // arguments
	// Ready is a line the process logs once it serves ("" none).
	Ready string
}

// Procs lists the lab's processes in start order. state is the state
// directory, p4dir the directory of p4info.txtpb and smarttor.bundle.
func (l *Lab) Procs(state, p4dir string) []Proc {
	ps := []Proc{
		{Name: "controlplane", NS: l.TorNS(), Bin: "vcn-controlplane", Ready: "serving",
			Args: []string{"--listen", l.ControlPlaneAddr(), "--data-dir", filepath.Join(state, "controlplane.data")}},
		{Name: "nisvc", NS: l.NISNS(), Bin: "nisvc", Ready: "NIS API on",
			Args: []string{"--listen", l.NISAddr(), "--controlplane", l.ControlPlaneAddr(),
				"--vxlan-listen", netip.AddrPortFrom(l.Substrate.NIS, 4789).String()}},
	}
	for i, t := range l.ToRs {
		args := []string{"run", "--grpc-server-addr", l.switchAddr(i)}
		for _, h := range l.Hosts {
			if h.ToR == t.Name {
				args = append(args, "-i", fmt.Sprintf("%d@%s", h.Port, hostIface(h)))
			}
		}
		args = append(args, "-i", fmt.Sprintf("%d@%s", SubstratePort, substrateIface(t)))
		ps = append(ps, Proc{Name: "smarttor-" + t.Name, NS: l.TorNS(), Bin: "smarttor", Args: args, Ready: "smarttor running"})
	}
	for i, t := range l.ToRs {
		args := []string{"--switch", l.switchAddr(i),
			"--p4info", filepath.Join(p4dir, "p4info.txtpb"), "--device-config", filepath.Join(p4dir, "smarttor.bundle"),
			"--nis", l.NISAddr(), "--controlplane", l.ControlPlaneAddr(),
			"--tor", t.Name, "--vtep", t.VTEP.String(), "--router-mac", t.RouterMAC, "--nis-addr", l.Substrate.NIS.String(),
			"--admin-listen", l.AdminAddr(i), "--metrics-listen", fmt.Sprintf("127.0.0.1:%d", firstMetricsPort+i),
			"--underlay", fmt.Sprintf("%s/32,%d,%s", l.Substrate.NIS, SubstratePort, l.Substrate.NISMAC)}
		for _, o := range l.ToRs {
			if o.Name != t.Name {
				args = append(args, "--underlay", fmt.Sprintf("%s/32,%d,%s", o.VTEP, SubstratePort, o.RouterMAC))
			}
		}
		ps = append(ps, Proc{Name: "agent-" + t.Name, NS: l.TorNS(), Bin: "tor-agent", Args: args, Ready: "primary for the switch"})
	}
	return ps
}

// VCNConfig is the control plane's configuration of the lab, in the
// format of vcnctl create -f: the VCN, an allow-all security list, a local
// route table, the subnet, one VNIC per host and its mapping to its ToR's
// VTEP.
func (l *Lab) VCNConfig() string {
	var b strings.Builder
	v, sn := l.VCN, l.Subnet
	fmt.Fprintf(&b, "# Generated by vcnlab-netns from the lab topology.\n")
	fmt.Fprintf(&b, "vcn: {id: %s, name: lab, cidrs: [%s], vni: %d}\n---\n", v.ID, v.CIDR, v.VNI)
	fmt.Fprintf(&b, "- securityList:\n    id: sl-lab\n    vcnId: %s\n    rules:\n", v.ID)
	fmt.Fprintf(&b, "      - {direction: DIRECTION_EGRESS, cidr: 0.0.0.0/0}\n")
	fmt.Fprintf(&b, "      - {direction: DIRECTION_INGRESS, cidr: %s}\n", v.CIDR)
	fmt.Fprintf(&b, "- routeTable:\n    id: rt-lab\n    vcnId: %s\n    rules:\n", v.ID)
	fmt.Fprintf(&b, "      - {dest: %s, target: {kind: ROUTE_TARGET_KIND_LOCAL}}\n", v.CIDR)
	fmt.Fprintf(&b, "- subnet: {id: %s, vcnId: %s, cidr: %s, routeTableId: rt-lab, securityListIds: [sl-lab]}\n", sn.ID, v.ID, sn.CIDR)
	for i, h := range l.Hosts {
		fmt.Fprintf(&b, "- vnic: {id: vnic-%s, subnetId: %s, num: %d, ip: %s, mac: %q, attach: {tor: %s, port: %d}}\n",
			h.Name, sn.ID, i+1, h.IP, h.MAC, h.ToR, h.Port)
	}
	for _, h := range l.Hosts {
		fmt.Fprintf(&b, "- mapping: {vcnId: %s, overlayIp: %s, substrate: %s, vni: %d}\n", v.ID, h.IP, l.tor(h.ToR).VTEP, v.VNI)
	}
	return b.String()
}

func (l *Lab) tor(name string) ToR {
	for _, t := range l.ToRs {
		if t.Name == name {
			return t
		}
	}
	return ToR{}
}
