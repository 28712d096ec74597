package lower_test

import (
	"slices"
	"strings"

	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

type digests struct{ got [][][]byte }

func (d *digests) Digest(m *exec.DigestMessage) {
	var fs [][]byte
	for _, f := range m.Fields {
		fs = append(fs, append([]byte(nil), f...))
	}
	d.got = append(d.got, fs)
}

var (
	vtep      = []byte{192, 0, 2, 1}
	nis       = []byte{192, 0, 2, 100}
	substrate = []byte{192, 0, 2, 50}
	routerMAC = mac(0xfe)
	vnicIP    = []byte{10, 0, 0, 1}
	peerIP    = []byte{10, 0, 0, 2}
	vni       = []byte{0x00, 0x12, 0x34}
)

// smartTor returns smarttor.p4 configured with one local VNIC (7, port 1,
// untagged on the host side, VLAN 100 on delivery) and an underlay route.
func smartTor(t testing.TB) (*target, *digests) {
	tg := newTarget(t, "../../../p4src/smarttor.p4")
	d := &digests{}
	tg.s.SetDigestSink(d)
	tg.setDefault("SmartTorIngress.tor_config", "SmartTorIngress.set_tor_config", vtep, routerMAC, nis)
	tg.insert("SmartTorIngress.host_vnic", []match.FieldMatch{exact(0, 1), exact(0, 0)},
		"SmartTorIngress.set_host_vnic", u32(7), vni, mac(1), vnicIP)
	tg.insert("SmartTorIngress.vnic_by_overlay", []match.FieldMatch{exact(vni...), exact(vnicIP...)},
		"SmartTorIngress.set_local_vnic", u32(7))
	tg.insert("SmartTorIngress.vnic_delivery", []match.FieldMatch{exact(u32(7)...)},
		"SmartTorIngress.deliver_to_port", u16(1), u16(100), mac(1))
	tg.insert("SmartTorIngress.underlay_route", []match.FieldMatch{{Value: []byte{192, 0, 2, 0}, PrefixLen: 24}},
		"SmartTorIngress.set_next_hop", u16(9), mac(0x99))
	tg.insert("SmartTorIngress.port_role", []match.FieldMatch{exact(u16(9)...)}, "SmartTorIngress.set_substrate_port")
	return tg, d
}

func udp(src, dst uint16, payloadLen int) []byte {
	return cat(u16(src), u16(dst), u16(uint16(8+payloadLen)), u16(0))
}

// crc16 is CRC-16/ARC, bit by bit.
func crc16(data []byte) uint16 {
	var crc uint16
	for _, b := range data {
		crc ^= uint16(b)
		for i := 0; i < 8; i++ {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xa001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

// encap is what vxlan_encap plus the underlay route make of inner; mark is
// the slow-path mark (p4src/README.md): 0, or 1 for a punt of outbound
// traffic.
func encap(dst []byte, srcPort uint16, inner []byte, mark byte) []byte {
	n := len(inner)
	return cat(eth(mac(0x99), routerMAC, 0x0800), ipv4Header(vtep, dst, 64, 17, 8+8+n),
		u16(srcPort), u16(4789), u16(uint16(8+8+n)), u16(0),
		[]byte{0x08, 0, 0, mark}, vni, []byte{0}, inner)
}

func TestSmartTorP4(t *testing.T) {
	tg, d := smartTor(t)
	payload := []byte("hi")
	hostFrame := cat(eth(routerMAC, mac(1), 0x0800), ipv4Header(vnicIP, peerIP, 64, 17, 8+len(payload)),
		udp(1000, 2000, len(payload)), payload)
	flow := cat(vnicIP, peerIP, []byte{17}, u16(1000), u16(2000))
	srcPort := 49152 + crc16(flow)%16384

	// Miss: a digest, and the packet tunnelled to the NIS.
	want := []out{{9, encap(nis, srcPort, hostFrame, 1)}}
	if diff := cmp.Diff(want, tg.send(1, hostFrame)); diff != "" {
		t.Fatalf("miss (-want +got):\n%s", diff)
	}
	wantDigest := [][][]byte{{u32(7), {0}, vnicIP, peerIP, {17}, u16(1000), u16(2000), {1}}}
	if diff := cmp.Diff(wantDigest, d.got); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}

	// Hit: encapsulated to the substrate address of the entry.
	key := []match.FieldMatch{exact(u32(7)...), exact(0), exact(vnicIP...), exact(peerIP...), exact(17), exact(u16(1000)...), exact(u16(2000)...)}
	zero := u32(0)
	tg.insert("SmartTorIngress.flow_cache", key, "SmartTorIngress.fc_encap", substrate, vni, u32(5), u32(1), zero, zero, zero, zero)
	tg.insert("SmartTorIngress.policy_check.versions", []match.FieldMatch{exact(u32(5)...)}, "SmartTorIngress.policy_check.set_current_version", u32(1))
	want = []out{{9, encap(substrate, srcPort, hostFrame, 0)}}
	if diff := cmp.Diff(want, tg.send(1, hostFrame)); diff != "" {
		t.Fatalf("hit (-want +got):\n%s", diff)
	}
	e, err := tg.s.ReadEntry(&exec.TableEntry{Table: tg.table("SmartTorIngress.flow_cache"), Match: key})
	if err != nil || e.Counter.Packets != 1 || e.LastHit != 42 {
		t.Errorf("flow_cache entry after a hit: %+v, %v", e, err)
	}

	// A version bump makes the entry stale: back to the NIS, digest STALE.
	if err := tg.s.ModifyEntry(&exec.TableEntry{Table: tg.table("SmartTorIngress.policy_check.versions"),
		Match: []match.FieldMatch{exact(u32(5)...)}, Action: tg.action("SmartTorIngress.policy_check.set_current_version"), Params: [][]byte{u32(2)}}); err != nil {
		t.Fatal(err)
	}
	d.got = nil
	want = []out{{9, encap(nis, srcPort, hostFrame, 1)}}
	if diff := cmp.Diff(want, tg.send(1, hostFrame)); diff != "" {
		t.Fatalf("stale (-want +got):\n%s", diff)
	}
	if len(d.got) != 1 || d.got[0][7][0] != 2 {
		t.Errorf("stale digest = %v, want reason 2", d.got)
	}

	// Spoofed source: dropped and counted.
	spoof := cat(eth(routerMAC, mac(1), 0x0800), ipv4Header([]byte{10, 0, 0, 66}, peerIP, 64, 17, 8), udp(1, 2, 0))
	if got := tg.send(1, spoof); len(got) != 0 {
		t.Errorf("spoofed frame forwarded: %v", got)
	}
	var stats uint32
	for _, c := range tg.p.Counters {
		if c.Name == "SmartTorIngress.stats" {
			stats = c.ID
		}
	}
	if c, err := tg.s.ReadCounter(stats, 18); err != nil || c.Packets != 1 {
		t.Errorf("STAT_DROP_SPOOF = %+v, %v", c, err)
	}
}

func TestSmartTorP4Deliver(t *testing.T) {
	tg, _ := smartTor(t)
	payload := []byte("to the instance")
	innerIP := cat(ipv4Header([]byte{10, 0, 0, 9}, vnicIP, 63, 17, 8+len(payload)), udp(3000, 4000, len(payload)))
	inner := cat(eth(routerMAC, mac(0x55), 0x0800), innerIP, payload)
	outer := cat(eth(routerMAC, mac(0x99), 0x0800), ipv4Header(substrate, vtep, 60, 17, 16+len(inner)),
		u16(5555), u16(4789), u16(uint16(16+len(inner))), u16(0), []byte{0x08, 0, 0, 0}, vni, []byte{0}, inner)
	zero := u32(0)
	tg.insert("SmartTorIngress.flow_cache",
		[]match.FieldMatch{exact(u32(7)...), exact(1), exact(10, 0, 0, 9), exact(vnicIP...), exact(17), exact(u16(3000)...), exact(u16(4000)...)},
		"SmartTorIngress.fc_deliver", u32(7), zero, zero, zero, zero, zero, zero)
	// Decapsulated, VLAN 100 pushed, MACs of the delivery.
	want := []out{{1, cat(eth(mac(1), routerMAC, 0x8100), []byte{0x00, 100}, u16(0x0800), innerIP, payload)}}
	if diff := cmp.Diff(want, tg.send(9, outer)); diff != "" {
		t.Errorf("deliver (-want +got):\n%s", diff)
	}
}

func TestSmartTorP4ARP(t *testing.T) {
	tg, _ := smartTor(t)
	target := []byte{10, 0, 0, 254}
	arp := func(oper uint16, sha, spa, tha, tpa []byte) []byte {
		return cat(u16(1), u16(0x0800), []byte{6, 4}, u16(oper), sha, spa, tha, tpa)
	}
	req := cat(eth(mac(0xff), mac(1), 0x0806), arp(1, mac(1), vnicIP, make([]byte, 6), target))
	want := []out{{1, cat(eth(mac(1), routerMAC, 0x0806), arp(2, routerMAC, target, mac(1), vnicIP))}}
	if diff := cmp.Diff(want, tg.send(1, req)); diff != "" {
		t.Errorf("ARP reply (-want +got):\n%s", diff)
	}
}

func TestSmartTorP4Unconfigured(t *testing.T) {
	tg := newTarget(t, "../../../p4src/smarttor.p4")
	frame := cat(eth(routerMAC, mac(1), 0x0800), ipv4Header(vnicIP, peerIP, 64, 17, 8), udp(1, 2, 0))
	if got := tg.send(1, frame); len(got) != 0 {
		t.Errorf("unconfigured switch forwarded %v", got)
	}
	// Packet-out from the CPU port: sent where the header says, header
	// removed.
	pktOut := cat([]byte{0x01, 0x80}, frame) // egress_port 3 in the top 9 bits, 7 pad bits
	want := []out{{3, frame}}
	if diff := cmp.Diff(want, tg.send(510, pktOut)); diff != "" {
		t.Errorf("packet-out (-want +got):\n%s", diff)
	}
}

func TestSmartTorP4Hairpin(t *testing.T) {
	tg, _ := smartTor(t)
	peer := []byte{10, 0, 0, 3}
	zero := u32(0)
	payload := []byte("local")
	host := cat(eth(routerMAC, mac(1), 0x0800), ipv4Header(vnicIP, peer, 64, 17, 8+len(payload)), udp(1000, 2000, len(payload)), payload)
	// Egress-direction entry: encapsulate to our own VTEP (the peer VNIC
	// is behind this ToR), which recirculates the packet as substrate
	// traffic; the ingress-direction entry then delivers it.
	tg.insert("SmartTorIngress.flow_cache",
		[]match.FieldMatch{exact(u32(7)...), exact(0), exact(vnicIP...), exact(peer...), exact(17), exact(u16(1000)...), exact(u16(2000)...)},
		"SmartTorIngress.fc_encap", vtep, vni, zero, zero, zero, zero, zero, zero)
	tg.insert("SmartTorIngress.vnic_by_overlay", []match.FieldMatch{exact(vni...), exact(peer...)}, "SmartTorIngress.set_local_vnic", u32(8))
	tg.insert("SmartTorIngress.flow_cache",
		[]match.FieldMatch{exact(u32(8)...), exact(1), exact(vnicIP...), exact(peer...), exact(17), exact(u16(1000)...), exact(u16(2000)...)},
		"SmartTorIngress.fc_deliver", u32(8), zero, zero, zero, zero, zero, zero)
	tg.insert("SmartTorIngress.vnic_delivery", []match.FieldMatch{exact(u32(8)...)}, "SmartTorIngress.deliver_to_port", u16(2), u16(0), mac(3))
	var trace []string
	tg.s.SetTrace(func(l string) { trace = append(trace, l) })
	want := []out{{2, cat(eth(mac(3), routerMAC, 0x0800), ipv4Header(vnicIP, peer, 64, 17, 8+len(payload)), udp(1000, 2000, len(payload)), payload)}}
	if diff := cmp.Diff(want, tg.send(1, host)); diff != "" {
		t.Errorf("hairpin (-want +got):\n%s\ntrace:\n%s", diff, strings.Join(trace, "\n"))
	}
	// The recirculated pass starts with ingress_port 0: simple_switch
	// resets the standard metadata (field list 0 preserves nothing).
	if !slices.Contains(trace, "packet in port 0, 97 bytes, instance_type 4") {
		t.Errorf("no recirculated pass in the trace:\n%s", strings.Join(trace, "\n"))
	}
}

// FuzzSmartTorP4 feeds arbitrary frames to the configured smarttor.p4:
// the target must never crash on packet bytes.
func FuzzSmartTorP4(f *testing.F) {
	payload := []byte("hi")
	f.Add(uint16(1), cat(eth(routerMAC, mac(1), 0x0800), ipv4Header(vnicIP, peerIP, 64, 17, 8+len(payload)), udp(1000, 2000, len(payload)), payload))
	f.Add(uint16(9), cat(eth(routerMAC, mac(0x99), 0x0800), ipv4Header(substrate, vtep, 60, 17, 16), u16(5555), u16(4789), u16(16), u16(0), []byte{0x08, 0, 0, 0}, vni, []byte{0}))
	f.Add(uint16(510), []byte{0x01, 0x80, 1, 2, 3})
	f.Add(uint16(1), cat(eth(mac(0xff), mac(1), 0x8100), []byte{0, 5}, u16(0x0806)))
	tg, _ := smartTor(f)
	tg.insert("SmartTorIngress.flow_cache",
		[]match.FieldMatch{exact(u32(7)...), exact(0), exact(vnicIP...), exact(peerIP...), exact(17), exact(u16(1000)...), exact(u16(2000)...)},
		"SmartTorIngress.fc_encap", vtep, vni, u32(0), u32(0), u32(0), u32(0), u32(0), u32(0))
	f.Fuzz(func(t *testing.T, port uint16, frame []byte) {
		tg.s.Process(uint32(port)&0x1ff, frame, func(uint32, []byte) {})
	})
}

type nopSink struct{ n int }

func (s *nopSink) Digest(*exec.DigestMessage) { s.n++ }

// TestSmartTorP4ZeroAllocs checks the miss path (digest, encapsulation to
// the NIS) and the hit path do not allocate per packet.
func TestSmartTorP4ZeroAllocs(t *testing.T) {
	tg, _ := smartTor(t)
	sink := &nopSink{}
	tg.s.SetDigestSink(sink)
	payload := []byte("hi")
	miss := cat(eth(routerMAC, mac(1), 0x0800), ipv4Header(vnicIP, peerIP, 64, 17, 8+len(payload)), udp(1000, 2000, len(payload)), payload)
	w := tg.s.NewWorker()
	sent := 0
	out := func(uint32, []byte) { sent++ }
	w.Process(1, miss, out)
	if a := testing.AllocsPerRun(200, func() { w.Process(1, miss, out) }); a != 0 {
		t.Errorf("miss path: %v allocs per packet", a)
	}
	if sink.n == 0 || sent == 0 {
		t.Fatalf("digests %d, sent %d", sink.n, sent)
	}
}
