package ptf

import (
	"encoding/binary"
	"net"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

var bcastMAC = net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// serialize writes layers (outermost first) into one frame, each layer
// with its own options: gopacket's SerializeLayers takes one set for all,
// and an outer UDP header must keep checksum 0 while the IPv4 header
// around it gets a computed one.
func serialize(ls ...layerOpts) []byte {
	buf := gopacket.NewSerializeBuffer()
	for i := len(ls) - 1; i >= 0; i-- {
		if err := ls[i].l.SerializeTo(buf, ls[i].opts); err != nil {
			panic(err) // test-built layers only
		}
	}
	return append([]byte(nil), buf.Bytes()...)
}

type layerOpts struct {
	l    gopacket.SerializableLayer
	opts gopacket.SerializeOptions
}

var (
	fix     = gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	lenOnly = gopacket.SerializeOptions{FixLengths: true}
)

func with(l gopacket.SerializableLayer, o gopacket.SerializeOptions) layerOpts {
	return layerOpts{l, o}
}

// payload is 32 bytes of data: with it every frame and every inner frame
// is at least 60 bytes, so gopacket pads none of them.
var payload = gopacket.Payload([]byte("0123456789abcdef0123456789abcdef"))

// tcpFrame is an Ethernet (optionally 802.1Q-tagged) IPv4/TCP frame with
// the payload; with proto set, UDP (17) or an ICMP echo request (1)
// instead.
type tcpFrame struct {
	srcMAC, dstMAC net.HardwareAddr
	vlan           uint16 // 0: untagged
	src, dst       netip.Addr
	sport, dport   uint16
	ttl            uint8
	proto          uint8 // 0: TCP
}

func (f tcpFrame) bytes() []byte {
	ttl := f.ttl
	if ttl == 0 {
		ttl = 64
	}
	ip4 := &layers.IPv4{Version: 4, IHL: 5, TTL: ttl, Protocol: layers.IPProtocolTCP, Id: 1,
		SrcIP: f.src.AsSlice(), DstIP: f.dst.AsSlice()}
	var l4 gopacket.SerializableLayer
	switch f.proto {
	case 0, 6:
		tcp := &layers.TCP{SrcPort: layers.TCPPort(f.sport), DstPort: layers.TCPPort(f.dport), Seq: 1, SYN: true, Window: 1024}
		if err := tcp.SetNetworkLayerForChecksum(ip4); err != nil {
			panic(err)
		}
		l4 = tcp
	case 17:
		ip4.Protocol = layers.IPProtocolUDP
		udp := &layers.UDP{SrcPort: layers.UDPPort(f.sport), DstPort: layers.UDPPort(f.dport)}
		if err := udp.SetNetworkLayerForChecksum(ip4); err != nil {
			panic(err)
		}
		l4 = udp
	case 1:
		ip4.Protocol = layers.IPProtocolICMPv4
		l4 = &layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0), Id: 1, Seq: 1}
	default:
		panic("tcpFrame: protocol not built")
	}
	eth := &layers.Ethernet{SrcMAC: f.srcMAC, DstMAC: f.dstMAC, EthernetType: layers.EthernetTypeIPv4}
	if f.vlan == 0 {
		return serialize(with(eth, fix), with(ip4, fix), with(l4, fix), with(payload, fix))
	}
	eth.EthernetType = layers.EthernetTypeDot1Q
	tag := &layers.Dot1Q{VLANIdentifier: f.vlan, Type: layers.EthernetTypeIPv4}
	return serialize(with(eth, fix), with(tag, fix), with(ip4, fix), with(l4, fix), with(payload, fix))
}

// hostTCP is the TCP segment VNIC 7 sends to the remote peer.
func hostTCP() tcpFrame {
	return tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: remoteIP, sport: 40000, dport: 80}
}

// remoteTCP is the reply from the remote peer to VNIC 7, as the peer's
// VTEP encapsulates it.
func remoteTCP() tcpFrame {
	return tcpFrame{srcMAC: remoteMAC, dstMAC: routerMAC, src: remoteIP, dst: vnicIP, sport: 80, dport: 40000}
}

// udpFrame is an Ethernet IPv4/UDP frame with the payload (underlay
// traffic).
func udpFrame(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, ttl uint8) []byte {
	ip4 := &layers.IPv4{Version: 4, IHL: 5, TTL: ttl, Protocol: layers.IPProtocolUDP, Id: 7,
		SrcIP: src.AsSlice(), DstIP: dst.AsSlice()}
	udp := &layers.UDP{SrcPort: 1000, DstPort: 2000}
	if err := udp.SetNetworkLayerForChecksum(ip4); err != nil {
		panic(err)
	}
	eth := &layers.Ethernet{SrcMAC: srcMAC, DstMAC: dstMAC, EthernetType: layers.EthernetTypeIPv4}
	return serialize(with(eth, fix), with(ip4, fix), with(udp, fix), with(payload, fix))
}

// vxlan describes an outer Ethernet/IPv4/UDP/VXLAN header.
type vxlan struct {
	srcMAC, dstMAC net.HardwareAddr
	src, dst       netip.Addr
	sport          uint16
	mark           uint8 // the slow-path mark (p4src/README.md)
	vni            uint32
}

// wrap encapsulates inner as the switch does: TTL 64, id 0, no flags, UDP
// checksum 0, VXLAN flags I and the mark in the last reserved byte before
// the VNI.
func (v vxlan) wrap(inner []byte) []byte {
	ip4 := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolUDP,
		SrcIP: v.src.AsSlice(), DstIP: v.dst.AsSlice()}
	udp := &layers.UDP{SrcPort: layers.UDPPort(v.sport), DstPort: 4789}
	vx := &layers.VXLAN{ValidIDFlag: true, VNI: v.vni, GBPGroupPolicyID: uint16(v.mark)}
	eth := &layers.Ethernet{SrcMAC: v.srcMAC, DstMAC: v.dstMAC, EthernetType: layers.EthernetTypeIPv4}
	return serialize(with(eth, fix), with(ip4, fix), with(udp, lenOnly), with(vx, lenOnly),
		with(gopacket.Payload(inner), lenOnly))
}

// fromPeer is VXLAN from the peer VTEP to ours, as the spine delivers it.
func fromPeer(src netip.Addr, mark uint8) vxlan {
	return vxlan{srcMAC: spineMAC, dstMAC: routerMAC, src: src, dst: vtep, sport: 49152, mark: mark, vni: vni}
}

// toSubstrate is VXLAN the switch sends from its VTEP to dst through the
// spine, with the flow-entropy source port of the inner flow.
func toSubstrate(dst netip.Addr, mark uint8, k flowKey) vxlan {
	return vxlan{srcMAC: routerMAC, dstMAC: spineMAC, src: vtep, dst: dst, sport: entropyPort(k), mark: mark, vni: vni}
}

// entropyPort is the outer UDP source port smarttor.p4 computes:
// 49152 + crc16(src_addr, dst_addr, protocol, src_port, dst_port) mod
// 16384, where crc16 is BMv2's (CRC-16/ARC: polynomial 0x8005 reflected,
// initial value 0, no final xor).
func entropyPort(k flowKey) uint16 {
	var b [13]byte
	copy(b[0:4], ip(k.src))
	copy(b[4:8], ip(k.dst))
	b[8] = byte(k.proto)
	binary.BigEndian.PutUint16(b[9:11], uint16(k.sport))
	binary.BigEndian.PutUint16(b[11:13], uint16(k.dport))
	return 49152 + crc16ARC(b[:])%16384
}

func crc16ARC(data []byte) uint16 {
	var crc uint16
	for _, c := range data {
		crc ^= uint16(c)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xa001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

// maskSourcePort is a PTF mask over a VXLAN frame that ignores the outer
// UDP source port (bytes 34-35).
func maskSourcePort(frame []byte) []byte {
	m := make([]byte, len(frame))
	for i := range m {
		m[i] = 0xff
	}
	m[34], m[35] = 0, 0
	return m
}

// rewriteMACs returns frame with new destination and source MACs, as the
// switch delivers a decapsulated frame.
func rewriteMACs(frame []byte, dst, src net.HardwareAddr) []byte {
	f := append([]byte(nil), frame...)
	copy(f[0:6], dst)
	copy(f[6:12], src)
	return f
}

// arpFrame is an ARP packet (oper 1 request, 2 reply) in Ethernet.
func arpFrame(ethSrc, ethDst net.HardwareAddr, oper uint16, sha net.HardwareAddr, spa netip.Addr, tha net.HardwareAddr, tpa netip.Addr) []byte {
	if tha == nil {
		tha = net.HardwareAddr{0, 0, 0, 0, 0, 0}
	}
	eth := &layers.Ethernet{SrcMAC: ethSrc, DstMAC: ethDst, EthernetType: layers.EthernetTypeARP}
	arp := &layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4,
		HwAddressSize: 6, ProtAddressSize: 4, Operation: oper,
		SourceHwAddress: sha, SourceProtAddress: spa.AsSlice(),
		DstHwAddress: tha, DstProtAddress: tpa.AsSlice()}
	return serialize(with(eth, fix), with(arp, fix))
}

// decode parses a frame for field-level assertions.
func decode(frame []byte) gopacket.Packet {
	return gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.Default)
}
