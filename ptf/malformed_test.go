package ptf

import (
	"encoding/binary"
	"testing"
)

// malformedCase is a broken frame and the counter its drop increments.
type malformedCase struct {
	name    string
	port    uint32
	frame   []byte
	counter int64
}

func edit(f []byte, fn func([]byte)) []byte {
	f = append([]byte(nil), f...)
	fn(f)
	return f
}

// fixCsum recomputes the IPv4 header checksum of the header at off.
func fixCsum(f []byte, off int) {
	f[off+10], f[off+11] = 0, 0
	binary.BigEndian.PutUint16(f[off+10:], ipv4Checksum(f[off:off+20]))
}

// badChecksum is frame (Ethernet/IPv4) with a wrong IPv4 header checksum.
func badChecksum(frame []byte) []byte { return edit(frame, func(f []byte) { f[24] ^= 0xff }) }

func malformedCases() []malformedCase {
	good := hostTCP().bytes() // Ethernet 0-13, IPv4 14-33, TCP 34-53
	// Outer IPv4 14-33, UDP 34-41, VXLAN 42-49, inner Ethernet 50-63,
	// inner IPv4 64-83.
	vx := fromPeer(peerVTEP, 0).wrap(remoteTCP().bytes())
	nonIP := func(f []byte) { f[12], f[13] = 0x88, 0xb5 }
	return []malformedCase{
		{"empty", hostPort, []byte{}, statDropParser},
		{"runt", hostPort, good[:10], statDropParser},
		{"ethernet only", hostPort, good[:14], statDropParser},
		{"truncated IPv4", hostPort, good[:24], statDropParser},
		{"truncated TCP", hostPort, good[:42], statDropParser},
		{"IPv4 options", hostPort, edit(good, func(f []byte) { f[14] = 0x46; fixCsum(f, 14) }), statDropParser},
		{"IP version 6 in IPv4", hostPort, edit(good, func(f []byte) { f[14] = 0x65; fixCsum(f, 14) }), statDropParser},
		{"bad IPv4 checksum", hostPort, badChecksum(good), statDropCsum},
		{"truncated VLAN tag", hostPort, append(edit(good[:14], func(f []byte) { f[12], f[13] = 0x81, 0x00 }), 0), statDropParser},
		{"truncated VXLAN", substratePort, vx[:46], statDropParser},
		{"truncated inner Ethernet", substratePort, vx[:56], statDropParser},
		{"truncated inner IPv4", substratePort, vx[:70], statDropParser},
		{"inner IPv4 options", substratePort, edit(vx, func(f []byte) { f[64] = 0x46 }), statDropParser},
		{"unknown ethertype from a VNIC", hostPort, edit(good, nonIP), statDropUnsupported},
		{"non-IP from an unknown source", hostPort2, edit(good, nonIP), statUnknownSrc},
		// IPv4 from a port without a VNIC is underlay transit: there is
		// no route to an overlay address.
		{"overlay IPv4 from an unknown source", hostPort2, good, statDropUnknownSrc},
	}
}

// TestMalformed sends broken frames: each is dropped and counted (parser
// errors as parser drops), nothing comes out, and the switch keeps
// working: a valid packet right after is forwarded.
func TestMalformed(t *testing.T) {
	good := hostTCP().bytes()
	for _, tt := range malformedCases() {
		t.Run(tt.name, func(t *testing.T) {
			s := newSwitch(t)
			s.configure()
			s.encapEntry(outFlow, peerVTEP, nil)
			s.send(tt.port, tt.frame)
			s.verifyNoPackets()
			s.wantCounter(tt.counter, 1)
			if s.digestsSent() != 0 {
				t.Errorf("%d digests sent", s.digestsSent())
			}
			s.send(hostPort, good)
			s.verifyPackets(expected{port: substratePort, frame: toSubstrate(peerVTEP, 0, outFlow).wrap(good)})
		})
	}
}
