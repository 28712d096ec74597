// Package checker composes packet assertions for tests, in the style of
// gVisor's checker package:
//
//	checker.Check(t, frame,
//		checker.EthDst(nisMAC),
//		checker.IPv4TTL(63), checker.IPv4ChecksumValid(),
//		checker.VXLANVNI(7),
//		checker.Inner(checker.IPv4Dst(vm2)))
//
// Check parses the frame (Ethernet, 802.1Q tags, IPv4, UDP, VXLAN on port
// 4789 and its inner frame) with the views of package packet, reports a
// frame it cannot parse, and runs every Checker; each failure is reported
// with t.Errorf so one run shows them all. Every function calls t.Helper.
//
// checker may import the standard library, go-cmp and smarttor/packet.
package checker

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/packet"
)

// Frame is a parsed frame. Header views absent from the frame are nil.
type Frame struct {
	Raw      []byte
	Ethernet packet.Ethernet
	VLANs    []packet.VLAN
	IPv4     packet.IPv4
	UDP      packet.UDP
	VXLAN    packet.VXLAN
	// Payload is what follows the last header parsed.
	Payload []byte
	// Inner is the frame a VXLAN header encapsulates.
	Inner *Frame

	where string // "" or "inner ", for messages
}

// Parse parses frame. It returns an error for a header that is there but
// malformed (an IPv4 header whose lengths do not fit, say), never panics.
func Parse(frame []byte) (*Frame, error) { return parse(frame, "") }

func parse(b []byte, where string) (*Frame, error) {
	f := &Frame{Raw: b, where: where}
	eth := packet.Ethernet(b)
	if !eth.IsValid(len(b)) {
		return nil, fmt.Errorf("%sethernet: %d bytes, want at least %d", where, len(b), packet.EthernetSize)
	}
	f.Ethernet = eth
	et, rest := eth.EtherType(), eth.Payload()
	for et == packet.EtherTypeVLAN {
		v := packet.VLAN(rest)
		if !v.IsValid(len(rest)) {
			return nil, fmt.Errorf("%s802.1q tag: %d bytes left", where, len(rest))
		}
		f.VLANs = append(f.VLANs, v)
		et, rest = v.EtherType(), v.Payload()
	}
	f.Payload = rest
	if et != packet.EtherTypeIPv4 {
		return f, nil
	}
	ip := packet.IPv4(rest)
	if !ip.IsValid(len(rest)) {
		return nil, fmt.Errorf("%sipv4: malformed header in %d bytes", where, len(rest))
	}
	f.IPv4, rest = ip, ip.Payload()
	f.Payload = rest
	if ip.Protocol() != packet.ProtocolUDP || ip.FragmentOffset() != 0 {
		return f, nil
	}
	udp := packet.UDP(rest)
	if !udp.IsValid(len(rest)) {
		return nil, fmt.Errorf("%sudp: malformed header in %d bytes", where, len(rest))
	}
	f.UDP, rest = udp, udp.Payload()
	f.Payload = rest
	if udp.DstPort() != packet.PortVXLAN {
		return f, nil
	}
	vx := packet.VXLAN(rest)
	if !vx.IsValid(len(rest)) {
		return nil, fmt.Errorf("%svxlan: %d bytes, want at least %d", where, len(rest), packet.VXLANSize)
	}
	f.VXLAN, f.Payload = vx, vx.Payload()
	if where != "" {
		return f, nil // one level of encapsulation is all tests need
	}
	inner, err := parse(vx.Payload(), "inner ")
	if err != nil {
		return nil, err
	}
	f.Inner = inner
	return f, nil
}

// A Checker checks one property of a parsed frame.
type Checker func(testing.TB, *Frame)

// Check parses frame and runs the checkers on it.
func Check(t testing.TB, frame []byte, checkers ...Checker) {
	t.Helper()
	f, err := Parse(frame)
	if err != nil {
		t.Errorf("parse frame: %v\n%x", err, frame)
		return
	}
	for _, c := range checkers {
		c(t, f)
	}
}

// Inner runs checkers on the frame a VXLAN header encapsulates.
func Inner(checkers ...Checker) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if f.Inner == nil {
			t.Errorf("no VXLAN-encapsulated inner frame")
			return
		}
		for _, c := range checkers {
			c(t, f.Inner)
		}
	}
}

func equal[T comparable](t testing.TB, f *Frame, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s%s: got %v, want %v", f.where, what, got, want)
	}
}

// Bytes checks the whole frame.
func Bytes(want []byte) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if diff := cmp.Diff(want, f.Raw); diff != "" {
			t.Errorf("%sframe (-want +got):\n%s", f.where, diff)
		}
	}
}

// Len checks the frame's length.
func Len(n int) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "length", len(f.Raw), n)
	}
}

// PayloadBytes checks what follows the last header parsed.
func PayloadBytes(want []byte) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if diff := cmp.Diff(want, f.Payload); diff != "" {
			t.Errorf("%spayload (-want +got):\n%s", f.where, diff)
		}
	}
}

// EthDst checks the destination MAC address.
func EthDst(m packet.MAC) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ethernet dst", f.Ethernet.Dst(), m)
	}
}

// EthSrc checks the source MAC address.
func EthSrc(m packet.MAC) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ethernet src", f.Ethernet.Src(), m)
	}
}

// EtherType checks the EtherType of the Ethernet header itself.
func EtherType(et uint16) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ethertype", fmt.Sprintf("%#04x", f.Ethernet.EtherType()), fmt.Sprintf("%#04x", et))
	}
}

// VLANID checks that the frame has an 802.1Q tag with VLAN id.
func VLANID(id uint16) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if len(f.VLANs) == 0 {
			t.Errorf("%sno 802.1q tag, want vlan %d", f.where, id)
			return
		}
		equal(t, f, "vlan id", f.VLANs[0].ID(), id)
	}
}

// VLANPCP checks the outer 802.1Q tag's priority.
func VLANPCP(pcp uint8) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if len(f.VLANs) == 0 {
			t.Errorf("%sno 802.1q tag, want pcp %d", f.where, pcp)
			return
		}
		equal(t, f, "vlan pcp", f.VLANs[0].PCP(), pcp)
	}
}

// NoVLAN checks that the frame is untagged.
func NoVLAN() Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "802.1q tags", len(f.VLANs), 0)
	}
}

// ipv4 runs fn on the IPv4 header, reporting its absence.
func ipv4(what string, fn func(testing.TB, *Frame)) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if f.IPv4 == nil {
			t.Errorf("%sno ipv4 header, want %s", f.where, what)
			return
		}
		fn(t, f)
	}
}

// IPv4Src checks the IPv4 source address.
func IPv4Src(a netip.Addr) Checker {
	return ipv4("src "+a.String(), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ipv4 src", f.IPv4.Src(), a)
	})
}

// IPv4Dst checks the IPv4 destination address.
func IPv4Dst(a netip.Addr) Checker {
	return ipv4("dst "+a.String(), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ipv4 dst", f.IPv4.Dst(), a)
	})
}

// IPv4TTL checks the TTL.
func IPv4TTL(ttl uint8) Checker {
	return ipv4(fmt.Sprint("ttl ", ttl), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ipv4 ttl", f.IPv4.TTL(), ttl)
	})
}

// IPv4TOS checks the type-of-service byte.
func IPv4TOS(tos uint8) Checker {
	return ipv4(fmt.Sprint("tos ", tos), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ipv4 tos", f.IPv4.TOS(), tos)
	})
}

// IPv4Protocol checks the protocol number.
func IPv4Protocol(p uint8) Checker {
	return ipv4(fmt.Sprint("protocol ", p), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "ipv4 protocol", f.IPv4.Protocol(), p)
	})
}

// IPv4ChecksumValid checks the IPv4 header checksum.
func IPv4ChecksumValid() Checker {
	return ipv4("a valid checksum", func(t testing.TB, f *Frame) {
		t.Helper()
		if !f.IPv4.IsChecksumValid() {
			t.Errorf("%sipv4 checksum: got %#04x, want %#04x", f.where, f.IPv4.Checksum(), f.IPv4.CalculateChecksum())
		}
	})
}

// udp runs fn on the UDP header, reporting its absence.
func udp(what string, fn func(testing.TB, *Frame)) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if f.UDP == nil {
			t.Errorf("%sno udp header, want %s", f.where, what)
			return
		}
		fn(t, f)
	}
}

// UDPSrcPort checks the UDP source port.
func UDPSrcPort(p uint16) Checker {
	return udp(fmt.Sprint("src port ", p), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "udp src port", f.UDP.SrcPort(), p)
	})
}

// UDPDstPort checks the UDP destination port.
func UDPDstPort(p uint16) Checker {
	return udp(fmt.Sprint("dst port ", p), func(t testing.TB, f *Frame) {
		t.Helper()
		equal(t, f, "udp dst port", f.UDP.DstPort(), p)
	})
}

// UDPChecksumValid checks the UDP checksum (0, no checksum, passes).
func UDPChecksumValid() Checker {
	return udp("a valid checksum", func(t testing.TB, f *Frame) {
		t.Helper()
		if !f.UDP.IsChecksumValid(f.IPv4.Src(), f.IPv4.Dst()) {
			t.Errorf("%sudp checksum: got %#04x, want %#04x", f.where, f.UDP.Checksum(), f.UDP.CalculateChecksum(f.IPv4.Src(), f.IPv4.Dst()))
		}
	})
}

// VXLANVNI checks that the frame is VXLAN-encapsulated with VNI vni and the
// I flag set.
func VXLANVNI(vni uint32) Checker {
	return func(t testing.TB, f *Frame) {
		t.Helper()
		if f.VXLAN == nil {
			t.Errorf("%sno vxlan header, want vni %d", f.where, vni)
			return
		}
		if f.VXLAN.Flags()&packet.VXLANFlagVNI == 0 {
			t.Errorf("%svxlan: I flag not set", f.where)
		}
		equal(t, f, "vxlan vni", f.VXLAN.VNI(), vni)
	}
}
