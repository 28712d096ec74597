package ptf

import (
	"net/netip"
	"testing"
	"time"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket/layers"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
)

// The cases of ptf/python/smarttor_test.py, and more. Each test starts its
// own switch, installs the ToR's static state and its own entries over
// P4Runtime, sends frames and checks every port.

// outboundHit is the outbound hit case on s (also run on veths by
// netns_test.go).
func outboundHit(t *testing.T, s *tswitch) {
	s.configure()
	s.encapEntry(outFlow, peerVTEP, nil)
	pkt := hostTCP().bytes()
	s.send(hostPort, pkt)
	want := toSubstrate(peerVTEP, 0, outFlow).wrap(pkt)
	s.verifyPackets(expected{port: substratePort, frame: want})
	if s.digestsSent() != 0 {
		t.Errorf("a hit sent %d digests", s.digestsSent())
	}
	s.wantCounter(statHitEgress, 1)
}

func TestOutboundHit(t *testing.T) {
	s := newSwitch(t)
	outboundHit(t, s)

	// The same, field by field, for a readable failure if the exact
	// compare fails.
	s.send(hostPort, hostTCP().bytes())
	s.barrier()
	out := s.ends[substratePort].Drain()
	if len(out) != 1 {
		t.Fatalf("%d packets on the substrate port, want 1", len(out))
	}
	p := decode(out[0])
	ip4, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	vx, _ := p.Layer(layers.LayerTypeVXLAN).(*layers.VXLAN)
	eth, _ := p.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
	if ip4 == nil || vx == nil || eth == nil {
		t.Fatalf("not VXLAN: %v", p)
	}
	if ip4.TTL != 64 || !ip4.DstIP.Equal(peerVTEP.AsSlice()) || !ip4.SrcIP.Equal(vtep.AsSlice()) {
		t.Errorf("outer IPv4 %v -> %v TTL %d, want %v -> %v TTL 64", ip4.SrcIP, ip4.DstIP, ip4.TTL, vtep, peerVTEP)
	}
	if vx.VNI != vni || !vx.ValidIDFlag {
		t.Errorf("VNI %d (I flag %v), want %d", vx.VNI, vx.ValidIDFlag, vni)
	}
	if eth.SrcMAC.String() != routerMAC.String() || eth.DstMAC.String() != spineMAC.String() {
		t.Errorf("outer MACs %v -> %v, want %v -> %v", eth.SrcMAC, eth.DstMAC, routerMAC, spineMAC)
	}
	if c := ipv4Checksum(out[0][14:34]); c != 0 {
		t.Errorf("outer IPv4 header checksum does not verify (sum %#04x)", c)
	}
}

// ipv4Checksum is the ones'-complement sum of an IPv4 header: 0 if its
// checksum is right.
func ipv4Checksum(h []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(h); i += 2 {
		sum += uint32(h[i])<<8 | uint32(h[i+1])
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

func TestOutboundMiss(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	pkt := hostTCP().bytes()
	s.send(hostPort, pkt)
	s.verifyPackets(expected{port: substratePort, frame: toSubstrate(nisAddr, markPuntEgress, outFlow).wrap(pkt)})
	if diff := cmp.Diff(digestOf(outFlow, reasonMiss), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
	s.wantCounter(statMiss, 1)
}

func addrEq(a, b netip.Addr) bool { return a == b }

// TestStaleAfterVersionWrite: one MODIFY of a version entry makes a
// cached verdict stale; the packet goes to the NIS, never to the old
// substrate.
func TestStaleAfterVersionWrite(t *testing.T) {
	for _, kind := range []string{"policy", "mapping", "route"} {
		t.Run(kind, func(t *testing.T) {
			s := newSwitch(t)
			s.configure()
			s.encapEntry(outFlow, peerVTEP, nil)
			pkt := hostTCP().bytes()
			s.send(hostPort, pkt)
			s.verifyPackets(expected{port: substratePort, frame: toSubstrate(peerVTEP, 0, outFlow).wrap(pkt)})

			s.version(kind, slot, 2, p4v1.Update_MODIFY) // the one write
			s.send(hostPort, pkt)
			s.verifyPackets(expected{port: substratePort, frame: toSubstrate(nisAddr, markPuntEgress, outFlow).wrap(pkt)})
			if diff := cmp.Diff(digestOf(outFlow, reasonStale), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
				t.Errorf("digest (-want +got):\n%s", diff)
			}
			s.wantCounter(statStale, 1)
			s.wantCounter(statHitEgress, 1)
		})
	}
}

func TestDeny(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.insert(tFlowCache, outFlow.match(), "SmartTorIngress.fc_deny", nil, versions(1, 1, 1)...)
	s.send(hostPort, hostTCP().bytes())
	s.verifyNoPackets()
	s.wantCounter(statDropDeny, 1)
	if s.digestsSent() != 0 {
		t.Errorf("a deny sent %d digests", s.digestsSent())
	}
}

func TestInboundHit(t *testing.T) { inboundHit(t, newSwitch(t)) }

// inboundHit is the inbound hit case on s.
func inboundHit(t *testing.T, s *tswitch) {
	s.configure()
	s.deliverEntry(inFlow, vnic)
	inner := remoteTCP().bytes()
	s.send(substratePort, fromPeer(peerVTEP, 0).wrap(inner))
	s.verifyPackets(expected{port: hostPort, frame: rewriteMACs(inner, vnicMAC, routerMAC)})
	s.wantCounter(statHitIngress, 1)
}

func TestInboundMiss(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	inner := remoteTCP().bytes()
	s.send(substratePort, fromPeer(peerVTEP, 0).wrap(inner))
	// Readdressed to the NIS, the rest of the outer header kept.
	want := vxlan{srcMAC: routerMAC, dstMAC: spineMAC, src: vtep, dst: nisAddr, sport: 49152,
		mark: markPuntIngress, vni: vni}.wrap(inner)
	s.verifyPackets(expected{port: substratePort, frame: want})
	if diff := cmp.Diff(digestOf(inFlow, reasonMiss), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
	s.wantCounter(statMiss, 1)
}

// TestNISReturn: mark 0x80 from the NIS address is delivered without a
// cache look-up (there is no flow_cache entry); from anyone else it is
// dropped and counted.
func TestNISReturn(t *testing.T) {
	for _, tt := range []struct {
		name    string
		from    netip.Addr
		deliver bool
		counter int64
	}{
		{"from NIS", nisAddr, true, statNISReturn},
		{"forged", peerVTEP, false, statBadReturn},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSwitch(t)
			s.configure()
			inner := remoteTCP().bytes()
			s.send(substratePort, fromPeer(tt.from, markNISReturn).wrap(inner))
			if tt.deliver {
				s.verifyPackets(expected{port: hostPort, frame: rewriteMACs(inner, vnicMAC, routerMAC)})
			} else {
				s.verifyNoPackets()
			}
			s.wantCounter(tt.counter, 1)
			s.wantCounter(statMiss, 0)
			if s.digestsSent() != 0 {
				t.Errorf("%d digests sent", s.digestsSent())
			}
		})
	}
}

// spoofCases are the anti-spoofing cases: edits of VNIC 7's frame.
var spoofCases = []struct {
	name string
	edit func(*tcpFrame)
}{
	{"source IP", func(f *tcpFrame) { f.src = netip.MustParseAddr("10.0.0.66") }},
	{"source MAC", func(f *tcpFrame) { f.srcMAC = mustMAC("02:00:00:00:00:66") }},
	{"both", func(f *tcpFrame) {
		f.src = netip.MustParseAddr("10.0.0.66")
		f.srcMAC = mustMAC("02:00:00:00:00:66")
	}},
}

func TestAntiSpoofing(t *testing.T) {
	for _, tt := range spoofCases {
		t.Run(tt.name, func(t *testing.T) { antiSpoofing(t, newSwitch(t), tt.edit) })
	}
}

// antiSpoofing sends a forged frame twice: dropped, STAT_DROP_SPOOF read
// back over P4Runtime.
func antiSpoofing(t *testing.T, s *tswitch, edit func(*tcpFrame)) {
	s.configure()
	// Even a flow entry for the forged flow does not let it through.
	k := outFlow
	f := hostTCP()
	edit(&f)
	k.src = f.src
	s.encapEntry(k, peerVTEP, nil)
	s.send(hostPort, f.bytes())
	s.send(hostPort, f.bytes())
	s.verifyNoPackets()
	s.wantCounter(statDropSpoof, 2)
	s.wantCounter(statHitEgress, 0)
}

// TestVLANHostPort: VNIC 9 sits on port 3 behind VLAN 10; the tag is
// stripped on encapsulation and pushed on delivery.
func TestVLANHostPort(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.placeVNIC(vnic3, hostPort2, vlan3, vnic3MAC, vnic3IP)
	out := flowKey{vnic3, dirEgress, vnic3IP, remoteIP, 6, 40000, 80}
	in := flowKey{vnic3, dirIngress, remoteIP, vnic3IP, 6, 80, 40000}
	s.encapEntry(out, peerVTEP, nil)
	s.deliverEntry(in, vnic3)

	tagged := tcpFrame{srcMAC: vnic3MAC, dstMAC: routerMAC, vlan: vlan3, src: vnic3IP, dst: remoteIP, sport: 40000, dport: 80}
	untagged := tagged
	untagged.vlan = 0
	s.send(hostPort2, tagged.bytes())
	s.verifyPackets(expected{port: substratePort, frame: toSubstrate(peerVTEP, 0, out).wrap(untagged.bytes())})

	reply := tcpFrame{srcMAC: remoteMAC, dstMAC: routerMAC, src: remoteIP, dst: vnic3IP, sport: 80, dport: 40000}
	s.send(substratePort, fromPeer(peerVTEP, 0).wrap(reply.bytes()))
	delivered := reply
	delivered.srcMAC, delivered.dstMAC, delivered.vlan = routerMAC, vnic3MAC, vlan3
	s.verifyPackets(expected{port: hostPort2, frame: delivered.bytes()})

	// The same VNIC's frames untagged on its port are not its frames.
	s.send(hostPort2, untagged.bytes())
	s.verifyNoPackets()
	s.wantCounter(statHitEgress, 1)
	s.wantCounter(statHitIngress, 1)
}

func TestProxyARP(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	gw := netip.MustParseAddr("10.0.0.1")
	s.send(hostPort, arpFrame(vnicMAC, bcastMAC, 1, vnicMAC, vnicIP, nil, gw))
	want := arpFrame(routerMAC, vnicMAC, 2, routerMAC, gw, vnicMAC, vnicIP)
	s.verifyPackets(expected{port: hostPort, frame: want})
	s.wantCounter(statARPReply, 2) // this one and the barrier's

	// An ARP request that is not the VNIC's own goes to the controller
	// as a packet-in with the ingress port and reason ARP.
	spoofed := arpFrame(vnicMAC, bcastMAC, 1, vnicMAC, netip.MustParseAddr("10.0.0.66"), nil, gw)
	s.send(hostPort, spoofed)
	s.verifyNoPackets()
	select {
	case pin := <-s.packetIns:
		if diff := cmp.Diff(spoofed, pin.GetPayload()); diff != "" {
			t.Errorf("packet-in payload (-want +got):\n%s", diff)
		}
		md := map[uint32][]byte{}
		for _, m := range pin.GetMetadata() {
			md[m.GetMetadataId()] = m.GetValue()
		}
		if got := beUint(md[1]); got != hostPort {
			t.Errorf("packet-in ingress_port %d, want %d", got, hostPort)
		}
		if got := beUint(md[2]); got != 1 {
			t.Errorf("packet-in reason %d, want 1 (ARP)", got)
		}
	case <-time.After(waitLimit):
		t.Fatal("no packet-in")
	}
	s.wantCounter(statToCPU, 1)
}

func beUint(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

func TestUnderlayTransit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		ttl     uint8
		forward bool
		counter int64
	}{
		{"forwarded", 10, true, statTransit},
		{"ttl 2", 2, true, statTransit},
		{"ttl 1 expires", 1, false, statDropTTL},
		{"ttl 0 expires", 0, false, statDropTTL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSwitch(t)
			s.configure()
			src, dst := netip.MustParseAddr("192.0.2.50"), netip.MustParseAddr("192.0.2.60")
			s.send(substratePort, udpFrame(spineMAC, routerMAC, src, dst, tt.ttl))
			if tt.forward {
				// TTL-1 and the checksum recomputed (udpFrame computes it).
				s.verifyPackets(expected{port: substratePort, frame: udpFrame(routerMAC, spineMAC, src, dst, tt.ttl-1)})
			} else {
				s.verifyNoPackets()
			}
			s.wantCounter(tt.counter, 1)
		})
	}
}

// TestIdleTimeout: a flow_cache entry with idle_timeout_ns that sees no
// traffic is reported on the stream. No timing is asserted beyond a
// generous deadline.
func TestIdleTimeout(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	e := s.encapEntry(outFlow, peerVTEP, &client.TableEntryOptions{IdleTimeout: 100 * time.Millisecond})
	select {
	case n := <-s.idle:
		if len(n.GetTableEntry()) != 1 {
			t.Fatalf("notification with %d entries, want 1: %v", len(n.GetTableEntry()), n)
		}
		got := n.GetTableEntry()[0]
		if got.GetTableId() != e.GetTableId() {
			t.Errorf("notification for table %d, want flow_cache %d", got.GetTableId(), e.GetTableId())
		}
		if diff := cmp.Diff(matchValues(e), matchValues(got)); diff != "" {
			t.Errorf("notified entry's match (-want +got):\n%s", diff)
		}
		if got.GetIdleTimeoutNs() != e.GetIdleTimeoutNs() {
			t.Errorf("idle_timeout_ns %d, want %d", got.GetIdleTimeoutNs(), e.GetIdleTimeoutNs())
		}
	case <-time.After(waitLimit):
		t.Fatalf("no idle timeout notification within %v", waitLimit)
	}
}

// matchValues maps field id → exact value, canonical.
func matchValues(e *p4v1.TableEntry) map[uint32]uint64 {
	m := map[uint32]uint64{}
	for _, f := range e.GetMatch() {
		m[f.GetFieldId()] = beUint(f.GetExact().GetValue())
	}
	return m
}

// TestHairpin: two VNICs behind this ToR. The outbound leg encapsulates to
// our own VTEP, the packet is recirculated and takes the substrate path:
// the inbound leg's entry delivers it on VNIC 8's port.
func TestHairpin(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.placeVNIC(vnic2, hostPort2, 0, vnic2MAC, vnic2IP)
	out := flowKey{vnic, dirEgress, vnicIP, vnic2IP, 6, 40000, 80}
	in := flowKey{vnic2, dirIngress, vnicIP, vnic2IP, 6, 40000, 80}
	s.encapEntry(out, vtep, nil)
	s.deliverEntry(in, vnic2)
	f := tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: vnic2IP, sport: 40000, dport: 80}
	s.send(hostPort, f.bytes())
	s.verifyPackets(expected{port: hostPort2, frame: rewriteMACs(f.bytes(), vnic2MAC, routerMAC)})
	s.wantCounter(statHairpin, 1)
	s.wantCounter(statHitEgress, 1)
	s.wantCounter(statHitIngress, 1)

	// Without the inbound entry the second leg misses: punted to the
	// NIS as inbound (mark 0x02) with its digest.
	s2 := newSwitch(t)
	s2.configure()
	s2.placeVNIC(vnic2, hostPort2, 0, vnic2MAC, vnic2IP)
	s2.encapEntry(out, vtep, nil)
	s2.send(hostPort, f.bytes())
	inner := f.bytes()
	want := vxlan{srcMAC: routerMAC, dstMAC: spineMAC, src: vtep, dst: nisAddr, sport: entropyPort(out),
		mark: markPuntIngress, vni: vni}.wrap(inner)
	s2.verifyPackets(expected{port: substratePort, frame: want})
	if diff := cmp.Diff(digestOf(in, reasonMiss), s2.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
}

// TestProtocols: the flow key takes the transport ports of TCP and UDP
// and 0 for other protocols (ICMP), outbound (outer headers) and inbound
// (inner headers); hits forward, misses digest the same key.
func TestProtocols(t *testing.T) {
	for _, tt := range []struct {
		name         string
		proto        uint8
		sport, dport uint16 // in the frame
		kport        uint64 // in the key: the frame's ports, or 0
	}{
		{"TCP", 6, 40000, 80, 1},
		{"UDP", 17, 5353, 53, 1},
		{"ICMP", 1, 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSwitch(t)
			s.configure()
			out := flowKey{vnic, dirEgress, vnicIP, remoteIP, uint64(tt.proto), uint64(tt.sport) * tt.kport, uint64(tt.dport) * tt.kport}
			in := flowKey{vnic, dirIngress, remoteIP, vnicIP, uint64(tt.proto), uint64(tt.dport) * tt.kport, uint64(tt.sport) * tt.kport}
			f := tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: remoteIP, sport: tt.sport, dport: tt.dport, proto: tt.proto}
			reply := tcpFrame{srcMAC: remoteMAC, dstMAC: routerMAC, src: remoteIP, dst: vnicIP, sport: tt.dport, dport: tt.sport, proto: tt.proto}

			// Misses first: each digests its key.
			s.send(hostPort, f.bytes())
			s.verifyPackets(expected{port: substratePort, frame: toSubstrate(nisAddr, markPuntEgress, out).wrap(f.bytes())})
			if diff := cmp.Diff(digestOf(out, reasonMiss), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
				t.Errorf("outbound digest (-want +got):\n%s", diff)
			}
			vx := fromPeer(peerVTEP, 0).wrap(reply.bytes())
			s.send(substratePort, vx)
			s.verifyPackets(expected{port: substratePort, frame: vxlan{srcMAC: routerMAC, dstMAC: spineMAC, src: vtep, dst: nisAddr,
				sport: 49152, mark: markPuntIngress, vni: vni}.wrap(reply.bytes())})
			if diff := cmp.Diff(digestOf(in, reasonMiss), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
				t.Errorf("inbound digest (-want +got):\n%s", diff)
			}

			// Then hits.
			s.encapEntry(out, peerVTEP, nil)
			s.deliverEntry(in, vnic)
			s.send(hostPort, f.bytes())
			s.send(substratePort, vx)
			s.verifyPackets(
				expected{port: substratePort, frame: toSubstrate(peerVTEP, 0, out).wrap(f.bytes())},
				expected{port: hostPort, frame: rewriteMACs(reply.bytes(), vnicMAC, routerMAC)})
		})
	}
}

// TestInboundStale: the inbound leg goes stale on the same one write: the
// frame is readdressed to the NIS (mark 0x02), digest reason STALE, and
// nothing is delivered to the VNIC.
func TestInboundStale(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.deliverEntry(inFlow, vnic)
	inner := remoteTCP().bytes()
	vx := fromPeer(peerVTEP, 0).wrap(inner)
	s.send(substratePort, vx)
	s.verifyPackets(expected{port: hostPort, frame: rewriteMACs(inner, vnicMAC, routerMAC)})

	s.version("mapping", slot, 7, p4v1.Update_MODIFY)
	s.send(substratePort, vx)
	s.verifyPackets(expected{port: substratePort, frame: vxlan{srcMAC: routerMAC, dstMAC: spineMAC, src: vtep, dst: nisAddr,
		sport: 49152, mark: markPuntIngress, vni: vni}.wrap(inner)})
	if diff := cmp.Diff(digestOf(inFlow, reasonStale), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
	s.wantCounter(statStale, 1)
}
