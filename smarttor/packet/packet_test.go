package packet

import (
	"encoding/hex"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	macA  = MAC{0x02, 0, 0, 0, 0, 0x0a}
	macB  = MAC{0x02, 0, 0, 0, 0, 0x0b}
	addrA = netip.MustParseAddr("10.0.0.1")
	addrB = netip.MustParseAddr("10.0.0.2")
)

// vxlanFrame is Ethernet/IPv4/UDP/VXLAN around Ethernet/VLAN/IPv4/UDP.
func vxlanFrame() []byte {
	return Build(
		&EthernetFields{Dst: macB, Src: macA},
		&IPv4Fields{TTL: 64, Src: addrA, Dst: addrB, Flags: IPv4FlagDontFragment},
		&UDPFields{SrcPort: 49152, NoChecksum: true},
		&VXLANFields{VNI: 0xabcdef},
		&EthernetFields{Dst: macA, Src: macB},
		&VLANFields{PCP: 5, DEI: true, ID: 42},
		&IPv4Fields{TTL: 7, ID: 99, Src: addrB, Dst: addrA},
		&UDPFields{SrcPort: 1000, DstPort: 2000},
		Payload("hello"),
	)
}

func TestIPv4ChecksumKnownHeader(t *testing.T) {
	// The worked example from Wikipedia's "IPv4 header checksum".
	h, _ := hex.DecodeString("450000730000400040110000c0a80001c0a800c7")
	ip := IPv4(h)
	if got := ip.CalculateChecksum(); got != 0xb861 {
		t.Errorf("checksum = %#04x, want 0xb861", got)
	}
	ip.SetChecksum(0xb861)
	if !ip.IsChecksumValid() {
		t.Error("valid checksum reported invalid")
	}
	if ip.IsValid(len(h)) {
		t.Error("IsValid = true for a 20-byte slice of a 0x73-byte datagram")
	}
}

func TestViews(t *testing.T) {
	b := vxlanFrame()
	eth := Ethernet(b)
	if !eth.IsValid(len(b)) {
		t.Fatal("outer ethernet invalid")
	}
	ip := IPv4(eth.Payload())
	if !ip.IsValid(len(eth.Payload())) {
		t.Fatal("outer ipv4 invalid")
	}
	udp := UDP(ip.Payload())
	if !udp.IsValid(len(ip.Payload())) {
		t.Fatal("outer udp invalid")
	}
	vx := VXLAN(udp.Payload())
	ieth := Ethernet(vx.Payload())
	vlan := VLAN(ieth.Payload())
	iip := IPv4(vlan.Payload())
	iudp := UDP(iip.Payload())

	type fields struct {
		EthDst, EthSrc           MAC
		EtherType                uint16
		TTL, Proto               uint8
		Flags                    uint8
		TotalLen                 uint16
		Src, Dst                 string
		IPChecksumOK             bool
		SrcPort, DstPort, UDPLen uint16
		UDPChecksum              uint16
		VXFlags                  uint8
		VNI                      uint32
		InnerType, VLANType      uint16
		PCP                      uint8
		DEI                      bool
		VID                      uint16
		InnerTTL                 uint8
		InnerID                  uint16
		InnerUDPChecksumOK       bool
		Payload                  string
	}
	got := fields{
		eth.Dst(), eth.Src(), eth.EtherType(),
		ip.TTL(), ip.Protocol(), ip.Flags(), ip.TotalLength(),
		ip.Src().String(), ip.Dst().String(), ip.IsChecksumValid(),
		udp.SrcPort(), udp.DstPort(), udp.Length(), udp.Checksum(),
		vx.Flags(), vx.VNI(),
		ieth.EtherType(), vlan.EtherType(), vlan.PCP(), vlan.DEI(), vlan.ID(),
		iip.TTL(), iip.ID(), iudp.IsChecksumValid(iip.Src(), iip.Dst()) && iudp.Checksum() != 0,
		string(iudp.Payload()),
	}
	innerLen := EthernetSize + VLANSize + IPv4MinSize + UDPSize + 5
	want := fields{
		macB, macA, EtherTypeIPv4,
		64, ProtocolUDP, IPv4FlagDontFragment, uint16(IPv4MinSize + UDPSize + VXLANSize + innerLen),
		"10.0.0.1", "10.0.0.2", true,
		49152, PortVXLAN, uint16(UDPSize + VXLANSize + innerLen), 0,
		VXLANFlagVNI, 0xabcdef,
		EtherTypeVLAN, EtherTypeIPv4, 5, true, 42,
		7, 99, true,
		"hello",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestIsValidRejects(t *testing.T) {
	good := Build(&IPv4Fields{TTL: 1, Src: addrA, Dst: addrB}, &UDPFields{}, Payload("xy"))
	tests := []struct {
		name  string
		b     []byte
		size  int
		valid func([]byte, int) bool
	}{
		{"short ethernet", make([]byte, 13), 13, func(b []byte, n int) bool { return Ethernet(b).IsValid(n) }},
		{"ethernet size beyond slice", make([]byte, 14), 15, func(b []byte, n int) bool { return Ethernet(b).IsValid(n) }},
		{"short vlan", make([]byte, 3), 3, func(b []byte, n int) bool { return VLAN(b).IsValid(n) }},
		{"ipv4 version 6", append([]byte{0x65}, good[1:]...), len(good), func(b []byte, n int) bool { return IPv4(b).IsValid(n) }},
		{"ipv4 ihl 4", append([]byte{0x44}, good[1:]...), len(good), func(b []byte, n int) bool { return IPv4(b).IsValid(n) }},
		{"ipv4 ihl beyond total", append([]byte{0x4f}, good[1:]...), len(good), func(b []byte, n int) bool { return IPv4(b).IsValid(n) }},
		{"ipv4 truncated", good[:len(good)-1], len(good) - 1, func(b []byte, n int) bool { return IPv4(b).IsValid(n) }},
		{"udp length 7", []byte{0, 1, 0, 2, 0, 7, 0, 0}, 8, func(b []byte, n int) bool { return UDP(b).IsValid(n) }},
		{"udp length beyond size", []byte{0, 1, 0, 2, 0, 9, 0, 0}, 8, func(b []byte, n int) bool { return UDP(b).IsValid(n) }},
		{"short vxlan", make([]byte, 7), 7, func(b []byte, n int) bool { return VXLAN(b).IsValid(n) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.valid(tt.b, tt.size) {
				t.Error("IsValid = true, want false")
			}
		})
	}
	if !IPv4(good).IsValid(len(good)) {
		t.Error("good ipv4 invalid")
	}
}

func TestDecTTL(t *testing.T) {
	for _, ttl := range []uint8{1, 2, 64, 128, 255} {
		b := Build(&IPv4Fields{TTL: ttl, ID: 0xfffe, TOS: 0xff, Src: addrA, Dst: addrB})
		ip := IPv4(b)
		ip.DecTTL()
		if ip.TTL() != ttl-1 || !ip.IsChecksumValid() {
			t.Errorf("ttl %d: after DecTTL ttl %d, checksum valid %v", ttl, ip.TTL(), ip.IsChecksumValid())
		}
	}
	b := Build(&IPv4Fields{TTL: 0, Src: addrA, Dst: addrB})
	IPv4(b).DecTTL()
	if IPv4(b).TTL() != 0 {
		t.Error("DecTTL wrapped a zero TTL")
	}
}

func TestMACString(t *testing.T) {
	if got := (MAC{0x02, 0xab, 0, 1, 2, 0xff}).String(); got != "02:ab:00:01:02:ff" {
		t.Errorf("String() = %q", got)
	}
	if !Broadcast.IsMulticast() || macA.IsMulticast() {
		t.Error("IsMulticast wrong")
	}
}

func BenchmarkIPv4Checksum(b *testing.B) {
	ip := IPv4(Build(&IPv4Fields{TTL: 64, Src: addrA, Dst: addrB}))
	b.ReportAllocs()
	for b.Loop() {
		ip.SetChecksum(ip.CalculateChecksum())
		ip.DecTTL()
		ip.SetTTL(64)
	}
}
