package ptf

import (
	"net/netip"
	"testing"
)

// Regression tests for holes the packet tests found in smarttor.p4 (and
// that the port_role table and the destination-MAC check closed).

// TestNotForwardedBackToVTEP: IPv4 addressed to our own VTEP that is not
// VXLAN (a ping or a UDP probe of the VTEP address) must not be routed.
// smarttor.p4 used to treat it as underlay transit: TTL-1 and underlay_route,
// which sends it back towards the spine, which routes it to us again:
// the packet ping-pongs until its TTL runs out.
func TestNotForwardedBackToVTEP(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.send(substratePort, udpFrame(spineMAC, routerMAC, peerVTEP, vtep, 64))
	s.barrier()
	s.verifyNoPackets()
}

// TestForeignDestinationMAC: a frame whose destination MAC is neither the
// router MAC nor broadcast (unknown unicast flooded by an L2 substrate)
// must not be routed. smarttor.p4 used not to check the destination MAC, so
// every ToR that sees a flooded frame routes a copy of it.
func TestForeignDestinationMAC(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	foreign := mustMAC("02:00:00:00:00:55")
	s.send(substratePort, udpFrame(spineMAC, foreign, netip.MustParseAddr("192.0.2.50"), netip.MustParseAddr("192.0.2.60"), 10))
	s.barrier()
	s.verifyNoPackets()
}

// TestGratuitousARPNotAnswered: an instance announcing or probing its own
// address (ARP request with target = its own IP) must not get a reply: a
// reply says another host holds the address. smarttor.p4's proxy ARP
// answered any request whose sender is the VNIC, this one included, with
// the router MAC.
func TestGratuitousARPNotAnswered(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.send(hostPort, arpFrame(vnicMAC, bcastMAC, 1, vnicMAC, vnicIP, nil, vnicIP))
	s.barrier()
	s.verifyNoPackets()
}

// TestUnknownVLANNotTransit: a frame from a host port with a VLAN tag no
// VNIC is configured for must be dropped. smarttor.p4 treated any IPv4
// frame whose (port, VLAN) is not in host_vnic as underlay transit, so an
// instance can skip anti-spoofing by tagging its frames: here VNIC 7 sends
// a forged NIS return (outer source = the NIS address, mark 0x80) tagged
// with VLAN 99 and the ToR routes it into the substrate, where the peer
// ToR would deliver it without a cache look-up, bypassing policy.
func TestUnknownVLANNotTransit(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	forged := fromPeer(nisAddr, markNISReturn)
	forged.srcMAC, forged.dst = vnicMAC, peerVTEP
	s.send(hostPort, tagged(forged.wrap(remoteTCP().bytes()), 99))
	s.barrier()
	s.verifyNoPackets()
}

// TestVXLANFromHostPortNotSubstrate: VXLAN to our VTEP that arrives from
// an instance must not be taken as substrate traffic. smarttor.p4 tested
// "VXLAN to my VTEP" before host_vnic, so anti-spoofing never runs: VNIC 7
// sends a NIS return with the outer source forged to the NIS address and
// the ToR delivers the inner frame (from any address, in any VNI it
// picks) to VNIC 8 without a cache look-up, bypassing policy.
func TestVXLANFromHostPortNotSubstrate(t *testing.T) {
	s := newSwitch(t)
	s.configure()
	s.placeVNIC(vnic2, hostPort2, 0, vnic2MAC, vnic2IP)
	inner := tcpFrame{srcMAC: remoteMAC, dstMAC: routerMAC, src: remoteIP, dst: vnic2IP, sport: 1, dport: 22}.bytes()
	forged := fromPeer(nisAddr, markNISReturn)
	forged.srcMAC = vnicMAC
	s.send(hostPort, forged.wrap(inner))
	s.barrier()
	s.verifyNoPackets()
}
