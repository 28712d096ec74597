package packet

import (
	"encoding/binary"
	"net/netip"
)

// IP protocol numbers this package knows.
const (
	ProtocolICMP uint8 = 1
	ProtocolTCP  uint8 = 6
	ProtocolUDP  uint8 = 17
)

// IPv4 is an IPv4 header view (RFC 791).
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|Version|  IHL  |      TOS      |          Total Length         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Identification        |Flags|      Fragment Offset    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Time to Live |    Protocol   |         Header Checksum       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Source Address                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Destination Address                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Options                    |    Padding    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
type IPv4 []byte

const (
	ipVersIHL   = 0
	ipTOS       = 1
	ipTotalLen  = 2
	ipID        = 4
	ipFlagsFrag = 6
	ipTTL       = 8
	ipProtocol  = 9
	ipChecksum  = 10
	ipSrc       = 12
	ipDst       = 16

	// IPv4MinSize is the size of an IPv4 header without options.
	IPv4MinSize = 20
)

// IPv4 flags, as returned by Flags.
const (
	IPv4FlagMoreFragments uint8 = 1
	IPv4FlagDontFragment  uint8 = 2
)

// IsValid reports whether b is an IPv4 header of version 4 whose header
// length fits in b and whose total length covers the header and fits in
// size, the bytes available from the header on.
func (b IPv4) IsValid(size int) bool {
	if len(b) < IPv4MinSize || size < IPv4MinSize || size > len(b) {
		return false
	}
	hl, tl := b.HeaderLength(), int(b.TotalLength())
	return b[ipVersIHL]>>4 == 4 && hl >= IPv4MinSize && hl <= tl && tl <= size
}

// HeaderLength returns the header length in bytes (IHL*4).
func (b IPv4) HeaderLength() int { return int(b[ipVersIHL]&0x0f) * 4 }

// TOS returns the type of service (DSCP and ECN) byte.
func (b IPv4) TOS() uint8 { return b[ipTOS] }

// TotalLength returns the length of the datagram, header included.
func (b IPv4) TotalLength() uint16 { return binary.BigEndian.Uint16(b[ipTotalLen:]) }

// ID returns the identification field.
func (b IPv4) ID() uint16 { return binary.BigEndian.Uint16(b[ipID:]) }

// Flags returns the three flag bits.
func (b IPv4) Flags() uint8 { return b[ipFlagsFrag] >> 5 }

// FragmentOffset returns the fragment offset in bytes.
func (b IPv4) FragmentOffset() uint16 {
	return binary.BigEndian.Uint16(b[ipFlagsFrag:]) & 0x1fff * 8
}

// TTL returns the time to live.
func (b IPv4) TTL() uint8 { return b[ipTTL] }

// Protocol returns the payload's protocol number.
func (b IPv4) Protocol() uint8 { return b[ipProtocol] }

// Checksum returns the header checksum field.
func (b IPv4) Checksum() uint16 { return binary.BigEndian.Uint16(b[ipChecksum:]) }

// Src returns the source address.
func (b IPv4) Src() netip.Addr { return netip.AddrFrom4([4]byte(b[ipSrc : ipSrc+4])) }

// Dst returns the destination address.
func (b IPv4) Dst() netip.Addr { return netip.AddrFrom4([4]byte(b[ipDst : ipDst+4])) }

// Payload returns the datagram's payload: the bytes after the header, up
// to the total length.
func (b IPv4) Payload() []byte { return b[b.HeaderLength():b.TotalLength()] }

// SetTTL sets the time to live, leaving the checksum alone.
func (b IPv4) SetTTL(ttl uint8) { b[ipTTL] = ttl }

// SetChecksum sets the header checksum field.
func (b IPv4) SetChecksum(c uint16) { binary.BigEndian.PutUint16(b[ipChecksum:], c) }

// SetTotalLength sets the total length field.
func (b IPv4) SetTotalLength(n uint16) { binary.BigEndian.PutUint16(b[ipTotalLen:], n) }

// CalculateChecksum returns the header checksum, computed with the
// checksum field taken as zero.
func (b IPv4) CalculateChecksum() uint16 {
	h := b[:b.HeaderLength()]
	sum := sum16(h[:ipChecksum], 0)
	sum = sum16(h[ipChecksum+2:], sum)
	return ^fold(sum)
}

// IsChecksumValid reports whether the header checksum is right.
func (b IPv4) IsChecksumValid() bool {
	return fold(sum16(b[:b.HeaderLength()], 0)) == 0xffff
}

// DecTTL decrements the TTL and updates the checksum incrementally
// (RFC 1624), as a router does. It does nothing if the TTL is 0.
func (b IPv4) DecTTL() {
	if b[ipTTL] == 0 {
		return
	}
	old := binary.BigEndian.Uint16(b[ipTTL:])
	b[ipTTL]--
	nw := binary.BigEndian.Uint16(b[ipTTL:])
	// HC' = ~(~HC + ~m + m')
	sum := uint64(^b.Checksum()) + uint64(^old) + uint64(nw)
	b.SetChecksum(^fold(sum))
}

// IPv4Fields are the fields of an IPv4 header without options.
type IPv4Fields struct {
	TOS   uint8
	ID    uint16
	Flags uint8
	// FragmentOffset is in bytes and must be a multiple of 8.
	FragmentOffset uint16
	TTL            uint8
	// Protocol is filled in by Build from the next layer when 0.
	Protocol uint8
	Src, Dst netip.Addr
	// TotalLength is filled in by Build.
	TotalLength uint16
}

// Encode writes f into b, which must be IPv4MinSize bytes or more, and
// sets the checksum. Addresses that are not IPv4 are written as 0.0.0.0.
func (b IPv4) Encode(f *IPv4Fields) {
	b[ipVersIHL] = 0x45
	b[ipTOS] = f.TOS
	b.SetTotalLength(f.TotalLength)
	binary.BigEndian.PutUint16(b[ipID:], f.ID)
	binary.BigEndian.PutUint16(b[ipFlagsFrag:], uint16(f.Flags&7)<<13|(f.FragmentOffset/8)&0x1fff)
	b[ipTTL] = f.TTL
	b[ipProtocol] = f.Protocol
	src, dst := [4]byte{}, [4]byte{}
	if f.Src.Is4() {
		src = f.Src.As4()
	}
	if f.Dst.Is4() {
		dst = f.Dst.As4()
	}
	copy(b[ipSrc:], src[:])
	copy(b[ipDst:], dst[:])
	b.SetChecksum(0)
	b.SetChecksum(b.CalculateChecksum())
}

// sum16 adds b to sum as big-endian 16-bit words, an odd last byte padded
// with zero (the Internet checksum, RFC 1071, before folding).
func sum16(b []byte, sum uint64) uint64 {
	for len(b) >= 2 {
		sum += uint64(b[0])<<8 | uint64(b[1])
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint64(b[0]) << 8
	}
	return sum
}

// fold folds the carries of a sum into 16 bits.
func fold(sum uint64) uint16 {
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return uint16(sum)
}

// Checksum returns the Internet checksum (RFC 1071) of b, starting from the
// partial sum initial (0 for none).
func Checksum(b []byte, initial uint16) uint16 {
	return ^fold(sum16(b, uint64(initial)))
}
