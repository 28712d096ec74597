/* smarttor.p4: the data plane of a smart ToR with a versioned flow cache.
 *
 * Host side: a frame from an instance is classified to its VNIC by
 * (ingress port, VLAN), checked against the VNIC's addresses
 * (anti-spoofing) and looked up in the flow cache. Substrate side: VXLAN to
 * this ToR's VTEP is matched to a local VNIC by (VNI, inner destination)
 * and looked up in the same cache in the ingress direction.
 *
 * A cache hit is only trusted if every part the entry was built from is
 * still at the version the entry carries: the current version of each part
 * lives in a version table keyed by a slot id the entry carries, so one
 * P4Runtime write to a version table makes every dependent entry stale. A
 * miss or a stale hit sends a digest to the controller and tunnels the
 * packet itself to the NIS, so it is not lost.
 *
 * Plain P4_16 for v1model: it compiles with p4c for BMv2 and runs on the
 * smarttor target. See README.md beside this file.
 */
#include <core.p4>
#include <v1model.p4>

#include "include/headers.p4"
#include "include/metadata.p4"

parser SmartTorParser(packet_in pkt, out headers_t hdr, inout metadata_t meta,
                      inout standard_metadata_t std) {
    state start {
        transition select(std.ingress_port) {
            CPU_PORT: parse_packet_out;
            default:  parse_ethernet;
        }
    }
    state parse_packet_out {
        pkt.extract(hdr.packet_out);
        transition parse_ethernet;
    }
    state parse_ethernet {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_VLAN: parse_vlan;
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            ETHERTYPE_ARP:  parse_arp;
            default:        accept;
        }
    }
    state parse_vlan {
        pkt.extract(hdr.vlan);
        meta.vlan_id = hdr.vlan.vid;
        transition select(hdr.vlan.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            ETHERTYPE_ARP:  parse_arp;
            default:        accept;
        }
    }
    state parse_arp {
        pkt.extract(hdr.arp);
        transition accept;
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.version == 4, error.HeaderTooShort);
        verify(hdr.ipv4.ihl == 5, error.HeaderTooShort);
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.protocol) {
            (0, IPPROTO_TCP):  parse_tcp;
            (0, IPPROTO_UDP):  parse_udp;
            (0, IPPROTO_ICMP): parse_icmp;
            default:           accept;
        }
    }
    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        transition accept;
    }
    state parse_tcp {
        pkt.extract(hdr.tcp);
        transition accept;
    }
    state parse_icmp {
        pkt.extract(hdr.icmp);
        transition accept;
    }
    state parse_udp {
        pkt.extract(hdr.udp);
        transition select(hdr.udp.dst_port) {
            UDP_PORT_VXLAN: parse_vxlan;
            default:        accept;
        }
    }
    state parse_vxlan {
        pkt.extract(hdr.vxlan);
        pkt.extract(hdr.inner_ethernet);
        transition select(hdr.inner_ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_inner_ipv4;
            default:        accept;
        }
    }
    state parse_inner_ipv4 {
        pkt.extract(hdr.inner_ipv4);
        verify(hdr.inner_ipv4.ihl == 5, error.HeaderTooShort);
        transition select(hdr.inner_ipv4.frag_offset, hdr.inner_ipv4.protocol) {
            (0, IPPROTO_TCP):  parse_inner_tcp;
            (0, IPPROTO_UDP):  parse_inner_udp;
            (0, IPPROTO_ICMP): parse_inner_icmp;
            default:           accept;
        }
    }
    state parse_inner_tcp {
        pkt.extract(hdr.inner_tcp);
        transition accept;
    }
    state parse_inner_udp {
        pkt.extract(hdr.inner_udp);
        transition accept;
    }
    state parse_inner_icmp {
        pkt.extract(hdr.inner_icmp);
        transition accept;
    }
}

control SmartTorVerifyChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply {
        verify_checksum(hdr.ipv4.isValid(),
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.dscp, hdr.ipv4.ecn,
              hdr.ipv4.total_len, hdr.ipv4.identification, hdr.ipv4.flags,
              hdr.ipv4.frag_offset, hdr.ipv4.ttl, hdr.ipv4.protocol,
              hdr.ipv4.src_addr, hdr.ipv4.dst_addr },
            hdr.ipv4.hdr_checksum, HashAlgorithm.csum16);
    }
}

/* VersionCheck compares one version a cache entry carries with the current
 * version of its part. Instantiated once per part kind, so each kind has
 * its own table: <instance>.versions, keyed by slot. */
control VersionCheck(in bit<32> slot, in bit<32> version, inout bit<1> stale) {
    bit<32> current = 0;
    bit<1>  found = 0;

    @brief("The part's current version")
    action set_current_version(bit<32> current_version) {
        current = current_version;
        found = 1;
    }
    action version_unknown() {
        found = 0;
    }
    table versions {
        key = { slot : exact @name("slot"); }
        actions = { set_current_version; @defaultonly version_unknown; }
        const default_action = version_unknown();
        size = 65536;
    }
    apply {
        if (slot != 0) {
            versions.apply();
            if (found == 0 || current != version) {
                stale = 1;
            }
        }
    }
}

control SmartTorIngress(inout headers_t hdr, inout metadata_t meta,
                        inout standard_metadata_t std) {
    counter(STAT_COUNT, CounterType.packets_and_bytes) stats;
    direct_counter(CounterType.packets_and_bytes) flow_cache_counter;

    VersionCheck() policy_check;
    VersionCheck() mapping_check;
    VersionCheck() route_check;

    action drop(bit<32> reason) {
        stats.count(reason);
        mark_to_drop(std);
    }

    /* ToR-wide settings: a keyless table whose default entry the
     * controller sets. */
    action set_tor_config(ipv4_addr_t vtep, mac_addr_t router_mac, ipv4_addr_t nis_addr) {
        meta.configured = 1;
        meta.my_vtep = vtep;
        meta.router_mac = router_mac;
        meta.nis_addr = nis_addr;
    }
    action tor_unconfigured() {
        meta.configured = 0;
    }
    table tor_config {
        actions = { set_tor_config; tor_unconfigured; }
        default_action = tor_unconfigured();
    }

    /* Which ports face the substrate. Every other port is a host port,
     * where only known (port, VLAN) pairs are accepted: an instance can
     * never inject substrate traffic (VXLAN, NIS returns, transit). */
    bit<1> substrate_port = 0;
    action set_substrate_port() {
        substrate_port = 1;
    }
    table port_role {
        key = { std.ingress_port : exact @name("ingress_port"); }
        actions = { set_substrate_port; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 512;
    }

    /* Host side: (port, VLAN) → VNIC. */
    bit<1>      vnic_found = 0;
    mac_addr_t  vnic_mac = 0;
    ipv4_addr_t vnic_ip = 0;
    action set_host_vnic(bit<32> vnic, bit<24> vni, mac_addr_t mac, ipv4_addr_t ip) {
        vnic_found = 1;
        meta.fk.vnic = vnic;
        meta.vni = vni;
        vnic_mac = mac;
        vnic_ip = ip;
    }
    table host_vnic {
        key = {
            std.ingress_port : exact @name("ingress_port");
            meta.vlan_id     : exact @name("vlan_id");
        }
        actions = { set_host_vnic; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 4096;
    }

    /* Substrate side: (VNI, overlay destination) → local VNIC. */
    action set_local_vnic(bit<32> vnic) {
        vnic_found = 1;
        meta.fk.vnic = vnic;
    }
    table vnic_by_overlay {
        key = {
            hdr.vxlan.vni            : exact @name("vni");
            hdr.inner_ipv4.dst_addr  : exact @name("overlay_ip");
        }
        actions = { set_local_vnic; @defaultonly NoAction; }
        const default_action = NoAction();
        size = 4096;
    }

    /* The flow cache. Every verdict carries the versions it was built
     * from. */
    action fc_encap(ipv4_addr_t substrate, bit<24> vni,
                    bit<32> policy_slot, bit<32> policy_version,
                    bit<32> mapping_slot, bit<32> mapping_version,
                    bit<32> route_slot, bit<32> route_version) {
        meta.hit.verdict = FC_ENCAP;
        meta.hit.substrate = substrate;
        meta.hit.vni = vni;
        meta.hit.policy_slot = policy_slot;
        meta.hit.policy_version = policy_version;
        meta.hit.mapping_slot = mapping_slot;
        meta.hit.mapping_version = mapping_version;
        meta.hit.route_slot = route_slot;
        meta.hit.route_version = route_version;
    }
    action fc_deliver(bit<32> vnic,
                      bit<32> policy_slot, bit<32> policy_version,
                      bit<32> mapping_slot, bit<32> mapping_version,
                      bit<32> route_slot, bit<32> route_version) {
        meta.hit.verdict = FC_DELIVER;
        meta.hit.vnic = vnic;
        meta.hit.policy_slot = policy_slot;
        meta.hit.policy_version = policy_version;
        meta.hit.mapping_slot = mapping_slot;
        meta.hit.mapping_version = mapping_version;
        meta.hit.route_slot = route_slot;
        meta.hit.route_version = route_version;
    }
    action fc_deny(bit<32> policy_slot, bit<32> policy_version,
                   bit<32> mapping_slot, bit<32> mapping_version,
                   bit<32> route_slot, bit<32> route_version) {
        meta.hit.verdict = FC_DENY;
        meta.hit.policy_slot = policy_slot;
        meta.hit.policy_version = policy_version;
        meta.hit.mapping_slot = mapping_slot;
        meta.hit.mapping_version = mapping_version;
        meta.hit.route_slot = route_slot;
        meta.hit.route_version = route_version;
    }
    action fc_miss() {
        meta.hit.verdict = FC_NONE;
    }
    table flow_cache {
        key = {
            meta.fk.vnic      : exact @name("vnic");
            meta.fk.direction : exact @name("direction");
            meta.fk.src_addr  : exact @name("src_addr");
            meta.fk.dst_addr  : exact @name("dst_addr");
            meta.fk.protocol  : exact @name("protocol");
            meta.fk.src_port  : exact @name("src_port");
            meta.fk.dst_port  : exact @name("dst_port");
        }
        actions = { fc_encap; fc_deliver; fc_deny; @defaultonly fc_miss; }
        const default_action = fc_miss();
        counters = flow_cache_counter;
        support_timeout = true;
        size = 262144;
    }

    /* Where local VNICs are: VNIC → port, VLAN (0: untagged), MAC. */
    action deliver_to_port(port_t port, bit<12> vlan, mac_addr_t mac) {
        std.egress_spec = port;
        hdr.ethernet.dst_addr = mac;
        hdr.ethernet.src_addr = meta.router_mac;
        meta.vlan_id = vlan;
    }
    action vnic_unknown() {
        stats.count(STAT_DROP_NO_VNIC);
        mark_to_drop(std);
    }
    table vnic_delivery {
        key = { meta.deliver_vnic : exact @name("vnic"); }
        actions = { deliver_to_port; @defaultonly vnic_unknown; }
        const default_action = vnic_unknown();
        size = 4096;
    }

    /* Underlay: LPM on the (outer) IPv4 destination. */
    action set_next_hop(port_t port, mac_addr_t dmac) {
        std.egress_spec = port;
        hdr.ethernet.src_addr = meta.router_mac;
        hdr.ethernet.dst_addr = dmac;
    }
    action no_route() {
        stats.count(STAT_DROP_NO_ROUTE);
        mark_to_drop(std);
    }
    table underlay_route {
        key = { hdr.ipv4.dst_addr : lpm @name("dst_addr"); }
        actions = { set_next_hop; @defaultonly no_route; }
        const default_action = no_route();
        size = 16384;
    }

    /* Wrap the frame in outer Ethernet/IPv4/UDP/VXLAN towards
     * meta.encap_dst. The outer Ethernet addresses come from the underlay
     * route; the outer UDP source port carries flow entropy for ECMP. */
    action vxlan_encap() {
        hdr.inner_ethernet = hdr.ethernet;
        hdr.inner_ipv4 = hdr.ipv4;
        hdr.inner_tcp = hdr.tcp;
        hdr.inner_udp = hdr.udp;
        hdr.inner_icmp = hdr.icmp;
        hdr.tcp.setInvalid();
        hdr.icmp.setInvalid();

        hdr.ethernet.ether_type = ETHERTYPE_IPV4;

        hdr.ipv4.setValid();
        hdr.ipv4.version = 4;
        hdr.ipv4.ihl = 5;
        hdr.ipv4.dscp = 0;
        hdr.ipv4.ecn = 0;
        hdr.ipv4.total_len = hdr.inner_ipv4.total_len + 50;
        hdr.ipv4.identification = 0;
        hdr.ipv4.flags = 0;
        hdr.ipv4.frag_offset = 0;
        hdr.ipv4.ttl = 64;
        hdr.ipv4.protocol = IPPROTO_UDP;
        hdr.ipv4.src_addr = meta.my_vtep;
        hdr.ipv4.dst_addr = meta.encap_dst;

        hdr.udp.setValid();
        hash(hdr.udp.src_port, HashAlgorithm.crc16, (bit<16>)49152,
             { meta.fk.src_addr, meta.fk.dst_addr, meta.fk.protocol,
               meta.fk.src_port, meta.fk.dst_port },
             (bit<32>)16384);
        hdr.udp.dst_port = UDP_PORT_VXLAN;
        hdr.udp.length = hdr.inner_ipv4.total_len + 30;
        hdr.udp.checksum = 0;

        hdr.vxlan.setValid();
        hdr.vxlan.flags = VXLAN_FLAG_I;
        hdr.vxlan.reserved = (bit<24>)meta.vxlan_mark;
        hdr.vxlan.vni = meta.vni;
        hdr.vxlan.reserved2 = 0;
    }

    /* Strip the outer headers: the inner frame becomes the frame. */
    action vxlan_decap() {
        hdr.ethernet = hdr.inner_ethernet;
        hdr.ipv4 = hdr.inner_ipv4;
        hdr.tcp = hdr.inner_tcp;
        hdr.udp = hdr.inner_udp;
        hdr.icmp = hdr.inner_icmp;
        hdr.vxlan.setInvalid();
        hdr.inner_ethernet.setInvalid();
        hdr.inner_ipv4.setInvalid();
        hdr.inner_tcp.setInvalid();
        hdr.inner_udp.setInvalid();
        hdr.inner_icmp.setInvalid();
    }

    /* Answer ARP requests with the router MAC (proxy ARP): instances reach
     * every overlay address through the ToR. */
    action arp_reply() {
        hdr.arp.oper = ARP_REPLY;
        hdr.arp.tha = hdr.arp.sha;
        hdr.arp.sha = meta.router_mac;
        ipv4_addr_t target = hdr.arp.tpa;
        hdr.arp.tpa = hdr.arp.spa;
        hdr.arp.spa = target;
        hdr.ethernet.dst_addr = hdr.ethernet.src_addr;
        hdr.ethernet.src_addr = meta.router_mac;
        std.egress_spec = std.ingress_port;
        stats.count(STAT_ARP_REPLY);
    }

    action send_to_cpu(bit<8> reason) {
        std.egress_spec = CPU_PORT;
        meta.cpu_reason = reason;
        stats.count(STAT_TO_CPU);
    }

    /* Transport-level flow key fields of the outer (host) packet. */
    action key_from_outer() {
        meta.fk.src_addr = hdr.ipv4.src_addr;
        meta.fk.dst_addr = hdr.ipv4.dst_addr;
        meta.fk.protocol = hdr.ipv4.protocol;
        meta.fk.src_port = 0;
        meta.fk.dst_port = 0;
    }
    action key_from_inner() {
        meta.fk.src_addr = hdr.inner_ipv4.src_addr;
        meta.fk.dst_addr = hdr.inner_ipv4.dst_addr;
        meta.fk.protocol = hdr.inner_ipv4.protocol;
        meta.fk.src_port = 0;
        meta.fk.dst_port = 0;
    }

    apply {
        if (hdr.packet_out.isValid()) {
            std.egress_spec = hdr.packet_out.egress_port;
            hdr.packet_out.setInvalid();
            stats.count(STAT_PACKET_OUT);
            exit;
        }
        if (std.parser_error != error.NoError) {
            drop(STAT_DROP_PARSER);
            exit;
        }
        if (std.checksum_error == 1) {
            drop(STAT_DROP_CHECKSUM);
            exit;
        }
        tor_config.apply();
        if (meta.configured == 0) {
            drop(STAT_DROP_UNCONFIGURED);
            exit;
        }

        port_role.apply();
        if (std.instance_type == PKT_INSTANCE_TYPE_RECIRC) {
            substrate_port = 1;     /* our own hairpin, already checked */
        }
        if (hdr.arp.isValid() && hdr.arp.oper == ARP_REQUEST && hdr.arp.tpa == meta.my_vtep) {
            arp_reply();            /* the underlay resolving our VTEP */
        } else if (hdr.ethernet.ether_type == ETHERTYPE_LLDP) {
            send_to_cpu(CPU_REASON_LLDP);
        } else if (substrate_port == 1) {
            if (hdr.vxlan.isValid() && hdr.ipv4.dst_addr == meta.my_vtep) {
                /* VXLAN for one of our VNICs. */
                if (hdr.inner_ipv4.isValid()) {
                    vnic_by_overlay.apply();
                }
                if (vnic_found == 0) {
                    drop(STAT_DROP_NO_VNIC);
                } else if (hdr.vxlan.reserved[7:0] == VXLAN_MARK_NIS_RETURN) {
                    if (hdr.ipv4.src_addr == meta.nis_addr) {
                        /* Returned by the NIS with the full configuration
                         * applied: deliver without a cache look-up. */
                        stats.count(STAT_NIS_RETURN);
                        vxlan_decap();
                        meta.deliver = 1;
                        meta.deliver_vnic = meta.fk.vnic;
                    } else {
                        drop(STAT_DROP_BAD_RETURN);
                    }
                } else {
                    meta.vni = hdr.vxlan.vni;
                    meta.fk.direction = DIR_INGRESS;
                    key_from_inner();
                    if (hdr.inner_tcp.isValid()) {
                        meta.fk.src_port = hdr.inner_tcp.src_port;
                        meta.fk.dst_port = hdr.inner_tcp.dst_port;
                    } else if (hdr.inner_udp.isValid()) {
                        meta.fk.src_port = hdr.inner_udp.src_port;
                        meta.fk.dst_port = hdr.inner_udp.dst_port;
                    }
                    meta.lookup = 1;
                }
            } else if (hdr.arp.isValid()) {
                send_to_cpu(CPU_REASON_ARP);
            } else if (hdr.ipv4.isValid()) {
                /* Underlay transit, for frames addressed to us only: a
                 * router that forwarded every frame it hears would loop
                 * flooded frames back onto the segment; and nothing but
                 * VXLAN is for our VTEP itself. */
                if (hdr.ethernet.dst_addr != meta.router_mac || hdr.ipv4.dst_addr == meta.my_vtep) {
                    drop(STAT_DROP_NOT_FOR_US);
                } else if (hdr.ipv4.ttl <= 1) {
                    drop(STAT_DROP_TTL);
                } else {
                    hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
                    stats.count(STAT_TRANSIT);
                    meta.to_substrate = 1;
                }
            } else {
                drop(STAT_DROP_UNKNOWN_SRC);
            }
        } else {
            /* Host side: only frames of a known (port, VLAN). */
            host_vnic.apply();
            if (hdr.arp.isValid()) {
                if (hdr.arp.oper == ARP_REQUEST && vnic_found == 1 &&
                    hdr.arp.spa == vnic_ip && hdr.arp.sha == vnic_mac && hdr.arp.tpa != vnic_ip) {
                    /* Proxy ARP: every overlay address is behind us (but
                     * never answer an instance probing its own address). */
                    arp_reply();
                } else {
                    send_to_cpu(CPU_REASON_ARP);
                }
            } else if (vnic_found == 0) {
                drop(STAT_DROP_UNKNOWN_SRC);
            } else if (!hdr.ipv4.isValid()) {
                drop(STAT_DROP_UNSUPPORTED);
            } else if (hdr.ethernet.src_addr != vnic_mac || hdr.ipv4.src_addr != vnic_ip) {
                drop(STAT_DROP_SPOOF);
            } else {
                if (hdr.vlan.isValid()) {
                    hdr.ethernet.ether_type = hdr.vlan.ether_type;
                    hdr.vlan.setInvalid();
                }
                meta.fk.direction = DIR_EGRESS;
                key_from_outer();
                if (hdr.tcp.isValid()) {
                    meta.fk.src_port = hdr.tcp.src_port;
                    meta.fk.dst_port = hdr.tcp.dst_port;
                } else if (hdr.udp.isValid()) {
                    meta.fk.src_port = hdr.udp.src_port;
                    meta.fk.dst_port = hdr.udp.dst_port;
                }
                meta.lookup = 1;
            }
        }

        if (meta.lookup == 1) {
            flow_cache.apply();
            if (meta.hit.verdict != FC_NONE) {
                policy_check.apply(meta.hit.policy_slot, meta.hit.policy_version, meta.stale);
                mapping_check.apply(meta.hit.mapping_slot, meta.hit.mapping_version, meta.stale);
                route_check.apply(meta.hit.route_slot, meta.hit.route_version, meta.stale);
            }
            if (meta.hit.verdict == FC_NONE) {
                stats.count(STAT_MISS);
                meta.punt = 1;
                meta.punt_reason = REASON_MISS;
            } else if (meta.stale == 1) {
                stats.count(STAT_STALE);
                meta.punt = 1;
                meta.punt_reason = REASON_STALE;
            } else if (meta.hit.verdict == FC_DENY) {
                drop(STAT_DROP_DENY);
            } else if (meta.hit.verdict == FC_ENCAP) {
                stats.count(STAT_HIT_EGRESS);
                meta.encap = 1;
                meta.encap_dst = meta.hit.substrate;
                meta.vni = meta.hit.vni;
            } else {
                stats.count(STAT_HIT_INGRESS);
                vxlan_decap();
                meta.deliver = 1;
                meta.deliver_vnic = meta.hit.vnic;
            }
        }

        if (meta.punt == 1) {
            /* Tell the controller, and send the packet itself to the NIS. */
            digest<flow_digest_t>(1, { meta.fk.vnic, meta.fk.direction,
                                       meta.fk.src_addr, meta.fk.dst_addr,
                                       meta.fk.protocol, meta.fk.src_port,
                                       meta.fk.dst_port, meta.punt_reason });
            if (meta.fk.direction == DIR_EGRESS) {
                meta.encap = 1;
                meta.encap_dst = meta.nis_addr;
                meta.vxlan_mark = VXLAN_MARK_PUNT_EGRESS;
            } else {
                /* Already in VXLAN: readdress the outer header. */
                hdr.vxlan.reserved = (bit<24>)VXLAN_MARK_PUNT_INGRESS;
                hdr.udp.checksum = 0;   /* the sender's checksum no longer holds */
                hdr.ipv4.src_addr = meta.my_vtep;
                hdr.ipv4.dst_addr = meta.nis_addr;
                hdr.ipv4.ttl = 64;
                meta.to_substrate = 1;
            }
        }
        if (meta.encap == 1) {
            vxlan_encap();
            if (meta.encap_dst == meta.my_vtep) {
                /* Both ends behind this ToR: take the packet round again as
                 * substrate traffic. */
                stats.count(STAT_HAIRPIN);
                meta.hairpin = 1;
                std.egress_spec = 0;
            } else {
                meta.to_substrate = 1;
            }
        }
        if (meta.to_substrate == 1) {
            underlay_route.apply();
        }
        if (meta.deliver == 1) {
            vnic_delivery.apply();
            if (meta.vlan_id != 0) {
                hdr.vlan.setValid();
                hdr.vlan.pcp = 0;
                hdr.vlan.dei = 0;
                hdr.vlan.vid = meta.vlan_id;
                hdr.vlan.ether_type = hdr.ethernet.ether_type;
                hdr.ethernet.ether_type = ETHERTYPE_VLAN;
            }
        }
    }
}

control SmartTorEgress(inout headers_t hdr, inout metadata_t meta,
                       inout standard_metadata_t std) {
    apply {
        if (meta.hairpin == 1) {
            recirculate_preserving_field_list(0);
        } else if (std.egress_port == CPU_PORT) {
            hdr.packet_in.setValid();
            hdr.packet_in.ingress_port = std.ingress_port;
            hdr.packet_in.reason = meta.cpu_reason;
            hdr.packet_in._pad = 0;
        }
    }
}

control SmartTorComputeChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply {
        update_checksum(hdr.ipv4.isValid(),
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.dscp, hdr.ipv4.ecn,
              hdr.ipv4.total_len, hdr.ipv4.identification, hdr.ipv4.flags,
              hdr.ipv4.frag_offset, hdr.ipv4.ttl, hdr.ipv4.protocol,
              hdr.ipv4.src_addr, hdr.ipv4.dst_addr },
            hdr.ipv4.hdr_checksum, HashAlgorithm.csum16);
    }
}

control SmartTorDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.packet_in);
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
        pkt.emit(hdr.arp);
        pkt.emit(hdr.ipv4);
        pkt.emit(hdr.ipv6);
        pkt.emit(hdr.tcp);
        pkt.emit(hdr.udp);
        pkt.emit(hdr.icmp);
        pkt.emit(hdr.vxlan);
        pkt.emit(hdr.inner_ethernet);
        pkt.emit(hdr.inner_ipv4);
        pkt.emit(hdr.inner_tcp);
        pkt.emit(hdr.inner_udp);
        pkt.emit(hdr.inner_icmp);
    }
}

V1Switch(SmartTorParser(), SmartTorVerifyChecksum(), SmartTorIngress(),
         SmartTorEgress(), SmartTorComputeChecksum(), SmartTorDeparser()) main;
