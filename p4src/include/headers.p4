/* Headers of the smart-ToR program. Wire formats are the standard ones;
 * the controller headers follow the BMv2 convention (@controller_header). */
#ifndef SMARTTOR_HEADERS_P4
#define SMARTTOR_HEADERS_P4

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;
typedef bit<9>  port_t;

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<16> ETHERTYPE_ARP  = 0x0806;
const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<16> ETHERTYPE_LLDP = 0x88cc;

const bit<8> IPPROTO_ICMP = 1;
const bit<8> IPPROTO_TCP  = 6;
const bit<8> IPPROTO_UDP  = 17;

const bit<16> UDP_PORT_VXLAN = 4789;

/* VXLAN flags (RFC 7348): I = 0x08 marks a valid VNI. */
const bit<8> VXLAN_FLAG_I = 0x08;

/* The slow-path mark, in the last reserved byte before the VNI (the low
 * byte of vxlan_t.reserved), shared with the NIS (nisvc/slowpath):
 * 0x01 a ToR's punt of outbound traffic, 0x02 a ToR's punt of inbound
 * traffic, 0x80 returned by the NIS for delivery without a flow-cache
 * look-up (honoured only from the NIS's own address). */
const bit<8> VXLAN_MARK_NONE         = 0x00;
const bit<8> VXLAN_MARK_PUNT_EGRESS  = 0x01;
const bit<8> VXLAN_MARK_PUNT_INGRESS = 0x02;
const bit<8> VXLAN_MARK_NIS_RETURN   = 0x80;

@controller_header("packet_in")
header packet_in_t {
    port_t  ingress_port;
    bit<8>  reason;
    bit<7>  _pad;
}

@controller_header("packet_out")
header packet_out_t {
    port_t  egress_port;
    bit<7>  _pad;
}

header ethernet_t {
    mac_addr_t dst_addr;
    mac_addr_t src_addr;
    bit<16>    ether_type;
}

header vlan_t {
    bit<3>  pcp;
    bit<1>  dei;
    bit<12> vid;
    bit<16> ether_type;
}

header arp_t {
    bit<16>     htype;
    bit<16>     ptype;
    bit<8>      hlen;
    bit<8>      plen;
    bit<16>     oper;
    mac_addr_t  sha;
    ipv4_addr_t spa;
    mac_addr_t  tha;
    ipv4_addr_t tpa;
}

const bit<16> ARP_REQUEST = 1;
const bit<16> ARP_REPLY   = 2;

header ipv4_t {
    bit<4>      version;
    bit<4>      ihl;
    bit<6>      dscp;
    bit<2>      ecn;
    bit<16>     total_len;
    bit<16>     identification;
    bit<3>      flags;
    bit<13>     frag_offset;
    bit<8>      ttl;
    bit<8>      protocol;
    bit<16>     hdr_checksum;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
}

header ipv6_t {
    bit<4>   version;
    bit<8>   traffic_class;
    bit<20>  flow_label;
    bit<16>  payload_len;
    bit<8>   next_hdr;
    bit<8>   hop_limit;
    bit<128> src_addr;
    bit<128> dst_addr;
}

header tcp_t {
    bit<16> src_port;
    bit<16> dst_port;
    bit<32> seq_no;
    bit<32> ack_no;
    bit<4>  data_offset;
    bit<4>  res;
    bit<8>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent_ptr;
}

header udp_t {
    bit<16> src_port;
    bit<16> dst_port;
    bit<16> length;
    bit<16> checksum;
}

header icmp_t {
    bit<8>  type;
    bit<8>  code;
    bit<16> checksum;
}

header vxlan_t {
    bit<8>  flags;
    bit<24> reserved;
    bit<24> vni;
    bit<8>  reserved2;
}

/* Outer headers first; for VXLAN the inner frame follows. A host frame is
 * parsed into the outer headers; encapsulation moves them inward. */
struct headers_t {
    packet_out_t packet_out;
    packet_in_t  packet_in;
    ethernet_t   ethernet;
    vlan_t       vlan;
    arp_t        arp;
    ipv4_t       ipv4;
    ipv6_t       ipv6;
    tcp_t        tcp;
    udp_t        udp;
    icmp_t       icmp;
    vxlan_t      vxlan;
    ethernet_t   inner_ethernet;
    ipv4_t       inner_ipv4;
    tcp_t        inner_tcp;
    udp_t        inner_udp;
    icmp_t       inner_icmp;
}

#endif
