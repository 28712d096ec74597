package packet

import (
	"encoding/binary"
	"net/netip"
)

// Well-known UDP ports.
const (
	// PortVXLAN is the IANA UDP port of VXLAN.
	PortVXLAN uint16 = 4789
)

// UDP is a UDP header view (RFC 768).
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Source Port          |       Destination Port        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Length             |           Checksum            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type UDP []byte

const (
	udpSrcPort  = 0
	udpDstPort  = 2
	udpLength   = 4
	udpChecksum = 6

	// UDPSize is the size of a UDP header.
	UDPSize = 8
)

// IsValid reports whether b holds a header whose length field covers it
// and fits in size, the bytes available from the header on (the IPv4
// payload's length).
func (b UDP) IsValid(size int) bool {
	if len(b) < UDPSize || size < UDPSize || size > len(b) {
		return false
	}
	l := int(b.Length())
	return l >= UDPSize && l <= size
}

// SrcPort returns the source port.
func (b UDP) SrcPort() uint16 { return binary.BigEndian.Uint16(b[udpSrcPort:]) }

// DstPort returns the destination port.
func (b UDP) DstPort() uint16 { return binary.BigEndian.Uint16(b[udpDstPort:]) }

// Length returns the length of header and payload.
func (b UDP) Length() uint16 { return binary.BigEndian.Uint16(b[udpLength:]) }

// Checksum returns the checksum field (0: none).
func (b UDP) Checksum() uint16 { return binary.BigEndian.Uint16(b[udpChecksum:]) }

// Payload returns the bytes after the header, up to the length.
func (b UDP) Payload() []byte { return b[UDPSize:b.Length()] }

// SetChecksum sets the checksum field.
func (b UDP) SetChecksum(c uint16) { binary.BigEndian.PutUint16(b[udpChecksum:], c) }

// CalculateChecksum returns the checksum of the datagram (header and
// payload up to Length) over the IPv4 pseudo-header of src and dst, with
// the checksum field taken as zero; 0 is sent as 0xffff (RFC 768).
func (b UDP) CalculateChecksum(src, dst netip.Addr) uint16 {
	d := b[:b.Length()]
	s, t := src.As4(), dst.As4()
	sum := sum16(s[:], 0)
	sum = sum16(t[:], sum)
	sum += uint64(ProtocolUDP) + uint64(len(d))
	sum = sum16(d[:udpChecksum], sum)
	sum = sum16(d[udpChecksum+2:], sum)
	c := ^fold(sum)
	if c == 0 {
		c = 0xffff
	}
	return c
}

// IsChecksumValid reports whether the checksum is absent (0) or right.
func (b UDP) IsChecksumValid(src, dst netip.Addr) bool {
	return b.Checksum() == 0 || b.Checksum() == b.CalculateChecksum(src, dst)
}

// UDPFields are the fields of a UDP header.
type UDPFields struct {
	SrcPort, DstPort uint16
	// Length is filled in by Build.
	Length uint16
	// Checksum is computed by Build when the layer follows IPv4, unless
	// NoChecksum is set (VXLAN senders commonly send 0).
	Checksum   uint16
	NoChecksum bool
}

// Encode writes f into b, which must be UDPSize bytes or more.
func (b UDP) Encode(f *UDPFields) {
	binary.BigEndian.PutUint16(b[udpSrcPort:], f.SrcPort)
	binary.BigEndian.PutUint16(b[udpDstPort:], f.DstPort)
	binary.BigEndian.PutUint16(b[udpLength:], f.Length)
	b.SetChecksum(f.Checksum)
}

// VXLAN is a VXLAN header view (RFC 7348).
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|R|R|R|R|I|R|R|R|            Reserved                           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                VXLAN Network Identifier (VNI) |   Reserved    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type VXLAN []byte

const (
	vxlanFlags = 0
	vxlanVNI   = 4

	// VXLANSize is the size of a VXLAN header.
	VXLANSize = 8

	// VXLANFlagVNI is the I flag: the VNI is valid.
	VXLANFlagVNI uint8 = 0x08
)

// IsValid reports whether b holds a whole header. It does not require the
// I flag; check Flags for that.
func (b VXLAN) IsValid(size int) bool {
	return len(b) >= VXLANSize && size >= VXLANSize && size <= len(b)
}

// Flags returns the flags byte.
func (b VXLAN) Flags() uint8 { return b[vxlanFlags] }

// VNI returns the 24-bit VXLAN network identifier.
func (b VXLAN) VNI() uint32 { return binary.BigEndian.Uint32(b[vxlanVNI:]) >> 8 }

// SetVNI sets the VNI (its low 24 bits) and the I flag.
func (b VXLAN) SetVNI(vni uint32) {
	b[vxlanFlags] |= VXLANFlagVNI
	binary.BigEndian.PutUint32(b[vxlanVNI:], vni<<8|uint32(b[vxlanVNI+3]))
}

// Payload returns the encapsulated Ethernet frame.
func (b VXLAN) Payload() []byte { return b[VXLANSize:] }

// VXLANFields are the fields of a VXLAN header.
type VXLANFields struct {
	VNI uint32
}

// Encode writes f into b, which must be VXLANSize bytes or more, with the
// I flag set and the reserved bits zero.
func (b VXLAN) Encode(f *VXLANFields) {
	clear(b[:VXLANSize])
	b.SetVNI(f.VNI)
}
