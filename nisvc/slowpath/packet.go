// Package slowpath is the NIS's data path: it receives the VXLAN packets
// smart ToRs tunnel to it on a flow-cache miss, applies the full
// configuration (package resolve) and forwards them.
//
// # Wire format
//
// Packets are VXLAN (RFC 7348) over UDP port 4789. The NIS uses the third
// reserved byte of the VXLAN header (byte 3, just before the VNI) as the
// NIS mark; the I flag (0x08) is always set and every other reserved bit
// is zero. The G (group policy) flag is never set, so byte 3 cannot be
// mistaken for a group policy id:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|0|0|0|0|1|0|0|0|        Reserved (0)           |   NIS mark    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          VXLAN Network Identifier (VNI)       | Reserved (0)  |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// NIS mark values (a P4 parser matches hdr.vxlan.reserved[7:0], i.e. the
// byte at offset 3 of the VXLAN header):
//
//	0x00  MarkNone          ordinary VXLAN traffic
//	0x01  MarkPuntEgress    ToR → NIS: a miss on traffic FROM a VNIC behind the ToR
//	0x02  MarkPuntIngress   ToR → NIS: a miss on traffic TO a VNIC behind the ToR
//	0x80  MarkReturn        NIS → ToR: "NIS-returned": deliver the inner frame to
//	                        the VNIC owning its destination address, with no
//	                        flow-cache lookup and never punt it again
//
// A ToR should mark its punts: a packet between two VNICs behind the same
// ToR looks the same on its outbound and inbound legs. Unmarked packets are
// classified by guess: outbound if the inner source is a VNIC whose mapping
// places it at the sender's address, else inbound.
//
// # Processing
//
// Outbound (the inner source, in the VCN of the VNI, is a VNIC whose MAC
// matches): the flow key is the egress flow of that VNIC; allowed →
// re-encapsulated unchanged (mark 0x00) to the resolved substrate VTEP, port
// 4789, with the resolved VNI. Inbound (the inner destination is a VNIC):
// the ingress flow of that VNIC; allowed → returned with MarkReturn and the
// same VNI to the VTEP of the destination VNIC's ToR (the substrate of the
// mapping of its own address; the sender when it has none). The inner frame
// is never modified. Denied packets are dropped and counted; so are
// malformed packets (which never panic), unknown VNICs and non-IPv4 inner
// packets.
//
// It may import package vcn, nisvc/config, nisvc/resolve and gopacket.
package slowpath

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Port is the VXLAN UDP port.
const Port = 4789

// Mark is the NIS mark byte of the VXLAN header.
type Mark uint8

// NIS marks (see the package doc).
const (
	MarkNone        Mark = 0x00
	MarkPuntEgress  Mark = 0x01
	MarkPuntIngress Mark = 0x02
	MarkReturn      Mark = 0x80
)

// MarkOffset is the offset of the NIS mark in the VXLAN header.
const MarkOffset = 3

// Packet is what the slow path reads from a tunnelled packet.
type Packet struct {
	Mark           Mark
	VNI            uint32
	SrcMAC, DstMAC vcn.MAC
	Src, Dst       netip.Addr
	Proto          uint8
	// SrcPort and DstPort are set for TCP and UDP first fragments.
	SrcPort, DstPort uint16
	// Inner is the inner Ethernet frame; it aliases the parsed bytes.
	Inner []byte
}

// Errors of Parse; the returned errors wrap them.
var (
	ErrMalformed   = errors.New("malformed packet")
	ErrUnsupported = errors.New("unsupported packet")
)

// parser decodes packets without allocating; one per goroutine.
type parser struct {
	vx   layers.VXLAN
	eth  layers.Ethernet
	vlan layers.Dot1Q
	ip4  layers.IPv4
	tcp  layers.TCP
	udp  layers.UDP
	icmp layers.ICMPv4
	pay  gopacket.Payload
	dlp  *gopacket.DecodingLayerParser
	seen []gopacket.LayerType
}

func newParser() *parser {
	p := &parser{}
	p.dlp = gopacket.NewDecodingLayerParser(layers.LayerTypeVXLAN, &p.vx, &p.eth, &p.vlan, &p.ip4, &p.tcp, &p.udp, &p.icmp, &p.pay)
	p.dlp.IgnoreUnsupported = true
	p.seen = make([]gopacket.LayerType, 0, 8)
	return p
}

// Parse decodes a VXLAN payload (the UDP payload). It never panics.
func Parse(b []byte) (Packet, error) { return newParser().parse(b) }

func (p *parser) parse(b []byte) (pkt Packet, err error) {
	defer func() {
		// gopacket's decoders are not all hardened; a slice bound bug in
		// one must drop the packet, not the NIS.
		if r := recover(); r != nil {
			pkt, err = Packet{}, fmt.Errorf("%w: decoder panic: %v", ErrMalformed, r)
		}
	}()
	if len(b) < 8 {
		return Packet{}, fmt.Errorf("%w: %d bytes, shorter than a VXLAN header", ErrMalformed, len(b))
	}
	if b[0]&0x08 == 0 {
		return Packet{}, fmt.Errorf("%w: VXLAN I flag not set", ErrMalformed)
	}
	p.seen = p.seen[:0]
	if err := p.dlp.DecodeLayers(b, &p.seen); err != nil {
		return Packet{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	pkt = Packet{Mark: Mark(b[MarkOffset]), VNI: p.vx.VNI}
	if p.vx.GBPExtension {
		pkt.Mark = MarkNone
	}
	hasEth, hasIP := false, false
	for _, lt := range p.seen {
		switch lt {
		case layers.LayerTypeEthernet:
			hasEth = true
			copy(pkt.SrcMAC[:], p.eth.SrcMAC)
			copy(pkt.DstMAC[:], p.eth.DstMAC)
			pkt.Inner = p.vx.Payload
		case layers.LayerTypeIPv4:
			hasIP = true
			pkt.Src, _ = netip.AddrFromSlice(p.ip4.SrcIP.To4())
			pkt.Dst, _ = netip.AddrFromSlice(p.ip4.DstIP.To4())
			pkt.Proto = uint8(p.ip4.Protocol)
		case layers.LayerTypeTCP:
			pkt.SrcPort, pkt.DstPort = uint16(p.tcp.SrcPort), uint16(p.tcp.DstPort)
		case layers.LayerTypeUDP:
			pkt.SrcPort, pkt.DstPort = uint16(p.udp.SrcPort), uint16(p.udp.DstPort)
		}
	}
	if !hasEth {
		return Packet{}, fmt.Errorf("%w: no inner Ethernet frame", ErrMalformed)
	}
	if !hasIP || !pkt.Src.IsValid() || !pkt.Dst.IsValid() {
		return Packet{}, fmt.Errorf("%w: inner packet is not IPv4", ErrUnsupported)
	}
	return pkt, nil
}

// Encap builds a VXLAN payload carrying inner with vni and mark, into buf
// (which is cleared first), and returns its bytes (valid until buf is
// reused).
func Encap(buf gopacket.SerializeBuffer, vni uint32, mark Mark, inner []byte) ([]byte, error) {
	if err := buf.Clear(); err != nil {
		return nil, err
	}
	vx := layers.VXLAN{ValidIDFlag: true, VNI: vni, GBPGroupPolicyID: uint16(mark)}
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, &vx, gopacket.Payload(inner)); err != nil {
		return nil, fmt.Errorf("vxlan encap: %w", err)
	}
	return buf.Bytes(), nil
}
