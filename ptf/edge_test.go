package ptf

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
)

const statUnconfigured = 24

// waitCounter polls stats[index] over P4Runtime until it holds want
// packets, for frames the barrier cannot order (an unconfigured ToR
// answers no ARP).
func (s *tswitch) waitCounter(index, want int64) {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for s.counter(index) != want {
		if time.Now().After(deadline) {
			s.t.Fatalf("%s[%d] never reached %d packets", statsCounter, index, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestUnconfigured: until tor_config is set every frame is dropped and
// counted.
func TestUnconfigured(t *testing.T) {
	s := newSwitch(t)
	s.send(hostPort, hostTCP().bytes())
	s.send(substratePort, fromPeer(peerVTEP, 0).wrap(remoteTCP().bytes()))
	s.waitCounter(statUnconfigured, 2)
	s.configure()
	s.verifyNoPackets()
}

// TestPacketOut: a packet-out from the controller leaves on the port its
// header names, unchanged.
func TestPacketOut(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	f := udpFrame(routerMAC, spineMAC, vtep, peerVTEP, 64)
	err := s.c.SendPacketOut(s.ctx, &p4v1.PacketOut{Payload: f, Metadata: []*p4v1.PacketMetadata{
		{MetadataId: 1, Value: u16(substratePort)}, {MetadataId: 2, Value: []byte{0}}}})
	if err != nil {
		t.Fatal(err)
	}
	// A packet-out does not enter through the ring, so the barrier does
	// not order it: wait for it first.
	ctx, cancel := context.WithTimeout(s.ctx, waitLimit)
	defer cancel()
	got, err := s.ends[substratePort].Read(ctx)
	if err != nil {
		t.Fatalf("no packet-out on port %d: %v", substratePort, err)
	}
	if d := diffFrame(f, nil, got); d != "" {
		t.Errorf("packet-out differs (-want +got):\n%s", d)
	}
	s.verifyNoPackets()
	s.wantCounter(9, 1) // STAT_PACKET_OUT
}

// TestLLDP: LLDP goes to the controller as a packet-in, reason 2.
func TestLLDP(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	lldp := make([]byte, 60)
	copy(lldp, []byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e})
	copy(lldp[6:], spineMAC)
	lldp[12], lldp[13] = 0x88, 0xcc
	s.send(substratePort, lldp)
	s.verifyNoPackets()
	select {
	case pin := <-s.packetIns:
		if diff := cmp.Diff(lldp, pin.GetPayload()); diff != "" {
			t.Errorf("packet-in payload (-want +got):\n%s", diff)
		}
		md := map[uint32]uint64{}
		for _, m := range pin.GetMetadata() {
			md[m.GetMetadataId()] = beUint(m.GetValue())
		}
		if md[1] != substratePort || md[2] != 2 {
			t.Errorf("packet-in ingress_port %d reason %d, want %d and 2 (LLDP)", md[1], md[2], substratePort)
		}
	case <-time.After(waitLimit):
		t.Fatal("no packet-in")
	}
}

// TestUnknownVNIC: VXLAN for an overlay address with no local VNIC, and a
// deliver verdict for a VNIC with no delivery entry, are dropped and
// counted.
func TestUnknownVNIC(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	stranger := remoteTCP()
	stranger.dst = netip.MustParseAddr("10.0.0.77")
	s.send(substratePort, fromPeer(peerVTEP, 0).wrap(stranger.bytes()))
	s.deliverEntry(inFlow, 42) // VNIC 42 is nowhere
	s.send(substratePort, fromPeer(peerVTEP, 0).wrap(remoteTCP().bytes()))
	s.verifyNoPackets()
	s.wantCounter(statDropNoVNIC, 2)
	if s.digestsSent() != 0 {
		t.Errorf("%d digests sent", s.digestsSent())
	}
}

// TestEntryLifecycle: a hit is counted on the entry's direct counter
// (read over P4Runtime); once the entry is deleted the flow misses again.
func TestEntryLifecycle(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	e := s.encapEntry(outFlow, peerVTEP, nil)
	pkt := hostTCP().bytes()
	for range 3 {
		s.send(hostPort, pkt)
	}
	hit := expected{port: substratePort, frame: toSubstrate(peerVTEP, 0, outFlow).wrap(pkt)}
	s.verifyPackets(hit, hit, hit)
	got, err := s.c.ReadEntitySingle(s.ctx, &p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{
		DirectCounterEntry: &p4v1.DirectCounterEntry{TableEntry: &p4v1.TableEntry{TableId: e.TableId, Match: e.Match}}}})
	if err != nil {
		t.Fatalf("read direct counter: %v", err)
	}
	d := got.GetDirectCounterEntry().GetData()
	if d.GetPacketCount() != 3 || d.GetByteCount() != 3*int64(len(pkt)) {
		t.Errorf("flow_cache_counter: %d packets %d bytes, want 3 and %d", d.GetPacketCount(), d.GetByteCount(), 3*len(pkt))
	}

	s.write(p4v1.Update_DELETE, &p4v1.TableEntry{TableId: e.TableId, Match: e.Match})
	s.send(hostPort, pkt)
	s.verifyPackets(expected{port: substratePort, frame: toSubstrate(nisAddr, markPuntEgress, outFlow).wrap(pkt)})
	if diff := cmp.Diff(digestOf(outFlow, reasonMiss), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
}

// TestVLANMore: a tagged VNIC's ARP is answered tagged, its misses reach
// the NIS untagged, and a hairpin to it is delivered tagged.
func TestVLANMore(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.placeVNIC(vnic3, hostPort2, vlan3, vnic3MAC, vnic3IP)
	gw := netip.MustParseAddr("10.0.0.1")

	req := tagged(arpFrame(vnic3MAC, bcastMAC, 1, vnic3MAC, vnic3IP, nil, gw), vlan3)
	s.send(hostPort2, req)
	s.verifyPackets(expected{port: hostPort2, frame: tagged(arpFrame(routerMAC, vnic3MAC, 2, routerMAC, gw, vnic3MAC, vnic3IP), vlan3)})

	f := tcpFrame{srcMAC: vnic3MAC, dstMAC: routerMAC, vlan: vlan3, src: vnic3IP, dst: remoteIP, sport: 40000, dport: 80}
	plain := f
	plain.vlan = 0
	out := flowKey{vnic3, dirEgress, vnic3IP, remoteIP, 6, 40000, 80}
	s.send(hostPort2, f.bytes())
	s.verifyPackets(expected{port: substratePort, frame: toSubstrate(nisAddr, markPuntEgress, out).wrap(plain.bytes())})
	if diff := cmp.Diff(digestOf(out, reasonMiss), s.waitDigest(), cmp.Comparer(addrEq)); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}

	// VNIC 7 → VNIC 9 through the hairpin: delivered with VLAN 10.
	k7 := flowKey{vnic, dirEgress, vnicIP, vnic3IP, 6, 40000, 80}
	k9 := flowKey{vnic3, dirIngress, vnicIP, vnic3IP, 6, 40000, 80}
	s.encapEntry(k7, vtep, nil)
	s.deliverEntry(k9, vnic3)
	h := tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: vnic3IP, sport: 40000, dport: 80}
	s.send(hostPort, h.bytes())
	want := h
	want.srcMAC, want.dstMAC, want.vlan = routerMAC, vnic3MAC, vlan3
	s.verifyPackets(expected{port: hostPort2, frame: want.bytes()})
}

// tagged inserts an 802.1Q tag with vid after the MACs of an untagged
// frame.
func tagged(frame []byte, vid uint16) []byte {
	out := append([]byte(nil), frame[:12]...)
	out = append(out, 0x81, 0x00, byte(vid>>8), byte(vid))
	return append(out, frame[12:]...)
}
