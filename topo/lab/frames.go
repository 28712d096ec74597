package lab

import (
	"encoding/binary"
	"net/netip"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Frame layout of the lab's synthetic packets: Ethernet, IPv4 (no options),
// then UDP, TCP or ICMP, then a trailer that identifies the packet:
//
//	| magic "VLAB" (4) | sequence number (8, big endian) |
//
// The trailer is the last 12 bytes of the frame, whatever the headers, so
// a receiver finds it without parsing the L4 header.
const (
	ethLen     = 14
	ipv4Len    = 20
	trailerLen = 12
	udpPort    = 4789 // VXLAN
)

var magic = [4]byte{'V', 'L', 'A', 'B'}

// instanceFrame builds the frame an instance with MAC src sends for flow
// key k (an egress key of its VNIC) to the router MAC dst, carrying seq.
func instanceFrame(src, dst vcn.MAC, k vcn.FlowKey, seq uint64) []byte {
	l4 := 8
	if k.Proto == vcn.ProtoTCP {
		l4 = 20
	}
	b := make([]byte, ethLen+ipv4Len+l4+trailerLen)
	copy(b[0:6], dst[:])
	copy(b[6:12], src[:])
	binary.BigEndian.PutUint16(b[12:], 0x0800)
	ip := b[ethLen:]
	putIPv4(ip, len(b)-ethLen, k.Proto, k.Src, k.Dst, uint16(seq))
	l := ip[ipv4Len:]
	switch k.Proto {
	case vcn.ProtoTCP:
		binary.BigEndian.PutUint16(l[0:], k.SrcPort)
		binary.BigEndian.PutUint16(l[2:], k.DstPort)
		binary.BigEndian.PutUint32(l[4:], uint32(seq))
		l[12] = 5 << 4
		l[13] = 0x18 // PSH ACK
		binary.BigEndian.PutUint16(l[14:], 65535)
	case vcn.ProtoUDP:
		binary.BigEndian.PutUint16(l[0:], k.SrcPort)
		binary.BigEndian.PutUint16(l[2:], k.DstPort)
		binary.BigEndian.PutUint16(l[4:], uint16(len(l)))
	default: // ICMP echo request
		l[0] = 8
		binary.BigEndian.PutUint16(l[4:], k.SrcPort)
		binary.BigEndian.PutUint16(l[6:], uint16(seq))
	}
	t := b[len(b)-trailerLen:]
	copy(t, magic[:])
	binary.BigEndian.PutUint64(t[4:], seq)
	if k.Proto == vcn.ProtoICMP {
		binary.BigEndian.PutUint16(l[2:], checksum(l, 0))
	} else {
		// TCP/UDP checksum over the pseudo-header.
		var ph uint32
		s, d := k.Src.As4(), k.Dst.As4()
		ph += uint32(binary.BigEndian.Uint16(s[0:])) + uint32(binary.BigEndian.Uint16(s[2:]))
		ph += uint32(binary.BigEndian.Uint16(d[0:])) + uint32(binary.BigEndian.Uint16(d[2:]))
		ph += uint32(k.Proto) + uint32(len(l))
		off := 6
		if k.Proto == vcn.ProtoTCP {
			off = 16
		}
		c := checksum(l, ph)
		if c == 0 && k.Proto == vcn.ProtoUDP {
			c = 0xffff
		}
		binary.BigEndian.PutUint16(l[off:], c)
	}
	return b
}

// putIPv4 writes an IPv4 header (TTL 64, DF) with its checksum.
func putIPv4(ip []byte, total int, proto uint8, src, dst netip.Addr, id uint16) {
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], uint16(total))
	binary.BigEndian.PutUint16(ip[4:], id)
	ip[6] = 0x40
	ip[8] = 64
	ip[9] = proto
	s, d := src.As4(), dst.As4()
	copy(ip[12:16], s[:])
	copy(ip[16:20], d[:])
	ip[10], ip[11] = 0, 0
	binary.BigEndian.PutUint16(ip[10:], checksum(ip[:ipv4Len], 0))
}

// checksum is the Internet checksum of b, starting from the partial sum.
func checksum(b []byte, sum uint32) uint16 {
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum)
}

// trailerSeq returns the sequence number a lab frame carries.
func trailerSeq(frame []byte) (uint64, bool) {
	if len(frame) < ethLen+ipv4Len+trailerLen {
		return 0, false
	}
	t := frame[len(frame)-trailerLen:]
	if [4]byte(t[:4]) != magic {
		return 0, false
	}
	return binary.BigEndian.Uint64(t[4:]), true
}

// udpFrame wraps a UDP payload in Ethernet/IPv4/UDP (UDP checksum 0, as
// VXLAN senders usually do).
func udpFrame(srcMAC, dstMAC vcn.MAC, src, dst netip.AddrPort, payload []byte) []byte {
	b := make([]byte, ethLen+ipv4Len+8+len(payload))
	copy(b[0:6], dstMAC[:])
	copy(b[6:12], srcMAC[:])
	binary.BigEndian.PutUint16(b[12:], 0x0800)
	putIPv4(b[ethLen:], len(b)-ethLen, vcn.ProtoUDP, src.Addr(), dst.Addr(), 0)
	u := b[ethLen+ipv4Len:]
	binary.BigEndian.PutUint16(u[0:], src.Port())
	binary.BigEndian.PutUint16(u[2:], dst.Port())
	binary.BigEndian.PutUint16(u[4:], uint16(8+len(payload)))
	copy(u[8:], payload)
	return b
}

// parseUDP returns the source, destination and payload of an
// Ethernet/IPv4/UDP frame.
func parseUDP(frame []byte) (src, dst netip.AddrPort, payload []byte, ok bool) {
	if len(frame) < ethLen+ipv4Len+8 || binary.BigEndian.Uint16(frame[12:]) != 0x0800 {
		return src, dst, nil, false
	}
	ip := frame[ethLen:]
	ihl := int(ip[0]&0x0f) * 4
	if ip[0]>>4 != 4 || ihl < ipv4Len || ip[9] != vcn.ProtoUDP || len(ip) < ihl+8 {
		return src, dst, nil, false
	}
	total := int(binary.BigEndian.Uint16(ip[2:]))
	if total > len(ip) || total < ihl+8 {
		return src, dst, nil, false
	}
	u := ip[ihl:total]
	src = netip.AddrPortFrom(netip.AddrFrom4([4]byte(ip[12:16])), binary.BigEndian.Uint16(u[0:]))
	dst = netip.AddrPortFrom(netip.AddrFrom4([4]byte(ip[16:20])), binary.BigEndian.Uint16(u[2:]))
	return src, dst, u[8:], true
}
