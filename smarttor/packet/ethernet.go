package packet

import (
	"encoding/binary"
	"fmt"
)

// MAC is an Ethernet address.
type MAC [6]byte

// Broadcast is the all-ones Ethernet address.
var Broadcast = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// String formats the address as 02:00:00:00:00:01.
func (m MAC) String() string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5])
}

// IsMulticast reports whether the group bit is set (broadcast included).
func (m MAC) IsMulticast() bool { return m[0]&1 != 0 }

// EtherTypes this package knows.
const (
	EtherTypeIPv4 uint16 = 0x0800
	EtherTypeARP  uint16 = 0x0806
	EtherTypeVLAN uint16 = 0x8100
	EtherTypeIPv6 uint16 = 0x86dd
)

// Ethernet is an Ethernet II header view.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Destination address (6 octets)               |
//	+                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                               |                               |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//	|                    Source address (6 octets)                  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|           EtherType           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type Ethernet []byte

const (
	ethDst  = 0
	ethSrc  = 6
	ethType = 12

	// EthernetSize is the size of an Ethernet II header.
	EthernetSize = 14
)

// IsValid reports whether b holds a whole header and size, the bytes
// available from the header on, covers it.
func (b Ethernet) IsValid(size int) bool {
	return len(b) >= EthernetSize && size >= EthernetSize && size <= len(b)
}

// Dst returns the destination address.
func (b Ethernet) Dst() MAC { return MAC(b[ethDst : ethDst+6]) }

// Src returns the source address.
func (b Ethernet) Src() MAC { return MAC(b[ethSrc : ethSrc+6]) }

// EtherType returns the EtherType.
func (b Ethernet) EtherType() uint16 { return binary.BigEndian.Uint16(b[ethType:]) }

// SetDst sets the destination address.
func (b Ethernet) SetDst(m MAC) { copy(b[ethDst:], m[:]) }

// SetSrc sets the source address.
func (b Ethernet) SetSrc(m MAC) { copy(b[ethSrc:], m[:]) }

// SetEtherType sets the EtherType.
func (b Ethernet) SetEtherType(t uint16) { binary.BigEndian.PutUint16(b[ethType:], t) }

// Payload returns the bytes after the header.
func (b Ethernet) Payload() []byte { return b[EthernetSize:] }

// EthernetFields are the fields of an Ethernet header.
type EthernetFields struct {
	Dst, Src MAC
	// Type is the EtherType; Build fills it in from the next layer when 0.
	Type uint16
}

// Encode writes f into b, which must be EthernetSize bytes or more.
func (b Ethernet) Encode(f *EthernetFields) {
	b.SetDst(f.Dst)
	b.SetSrc(f.Src)
	b.SetEtherType(f.Type)
}

// VLAN is a view of an 802.1Q tag's last four bytes: the tag control
// information and the encapsulated EtherType. In a tagged frame it starts
// at offset 14, after the Ethernet header whose EtherType is 0x8100.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	| PCP |D|        VLAN ID        |           EtherType           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type VLAN []byte

const (
	vlanTCI  = 0
	vlanType = 2

	// VLANSize is the size of the view (the tag without its TPID).
	VLANSize = 4
)

// IsValid reports whether b holds a whole tag.
func (b VLAN) IsValid(size int) bool {
	return len(b) >= VLANSize && size >= VLANSize && size <= len(b)
}

// TCI returns the tag control information.
func (b VLAN) TCI() uint16 { return binary.BigEndian.Uint16(b[vlanTCI:]) }

// PCP returns the priority code point.
func (b VLAN) PCP() uint8 { return b[vlanTCI] >> 5 }

// DEI returns the drop eligible indicator.
func (b VLAN) DEI() bool { return b[vlanTCI]&0x10 != 0 }

// ID returns the VLAN identifier.
func (b VLAN) ID() uint16 { return b.TCI() & 0x0fff }

// EtherType returns the encapsulated EtherType.
func (b VLAN) EtherType() uint16 { return binary.BigEndian.Uint16(b[vlanType:]) }

// SetEtherType sets the encapsulated EtherType.
func (b VLAN) SetEtherType(t uint16) { binary.BigEndian.PutUint16(b[vlanType:], t) }

// Payload returns the bytes after the tag.
func (b VLAN) Payload() []byte { return b[VLANSize:] }

// VLANFields are the fields of an 802.1Q tag.
type VLANFields struct {
	PCP uint8
	DEI bool
	ID  uint16
	// Type is the encapsulated EtherType; Build fills it in when 0.
	Type uint16
}

// Encode writes f into b, which must be VLANSize bytes or more.
func (b VLAN) Encode(f *VLANFields) {
	tci := uint16(f.PCP&7)<<13 | f.ID&0x0fff
	if f.DEI {
		tci |= 0x1000
	}
	binary.BigEndian.PutUint16(b[vlanTCI:], tci)
	b.SetEtherType(f.Type)
}
