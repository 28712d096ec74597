/* Stateful firewall: a Bloom filter of two registers indexed by CRC
 * hashes of the 5-tuple lets replies of outbound TCP flows in. */
#include <core.p4>
#include <v1model.p4>
#include "headers.p4"

#define BLOOM_FILTER_ENTRIES 4096
#define BLOOM_FILTER_BIT_WIDTH 1

struct metadata {
    bit<32> reg_pos_one;
    bit<32> reg_pos_two;
    bit<1>  reg_val_one;
    bit<1>  reg_val_two;
    bit<1>  direction;
}

struct headers {
    ethernet_t ethernet;
    ipv4_t     ipv4;
    tcp_t      tcp;
}

parser MyParser(packet_in packet, out headers hdr, inout metadata meta,
                inout standard_metadata_t standard_metadata) {
    state start {
        packet.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            ETHERTYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        packet.extract(hdr.ipv4);
        transition select(hdr.ipv4.protocol) {
            IPPROTO_TCP: parse_tcp;
            default: accept;
        }
    }
    state parse_tcp {
        packet.extract(hdr.tcp);
        transition accept;
    }
}

control MyVerifyChecksum(inout headers hdr, inout metadata meta) {
    apply { }
}

control MyIngress(inout headers hdr, inout metadata meta,
                  inout standard_metadata_t standard_metadata) {
    register<bit<BLOOM_FILTER_BIT_WIDTH>>(BLOOM_FILTER_ENTRIES) bloom_filter_1;
    register<bit<BLOOM_FILTER_BIT_WIDTH>, bit<32>>(BLOOM_FILTER_ENTRIES) bloom_filter_2;
    bit<32> flows_seen = 0;

    action drop() {
        mark_to_drop(standard_metadata);
    }

    action compute_hashes(ip4_t ipAddr1, ip4_t ipAddr2, bit<16> port1, bit<16> port2) {
        hash(meta.reg_pos_one, HashAlgorithm.crc16, (bit<32>)0,
             {ipAddr1, ipAddr2, port1, port2, hdr.ipv4.protocol},
             (bit<32>)BLOOM_FILTER_ENTRIES);
        hash(meta.reg_pos_two, HashAlgorithm.crc32, 32w0,
             {ipAddr1, ipAddr2, port1, port2, hdr.ipv4.protocol},
             32w4096);
    }

    action ipv4_forward(mac_t dstAddr, port_t port) {
        standard_metadata.egress_spec = port;
        hdr.ethernet.src = hdr.ethernet.dst;
        hdr.ethernet.dst = dstAddr;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
    }

    table ipv4_lpm {
        key = { hdr.ipv4.dst: lpm; }
        actions = { ipv4_forward; drop; NoAction; }
        size = 1024;
        default_action = drop();
    }

    action set_direction(bit<1> dir) {
        meta.direction = dir;
    }

    table check_ports {
        key = {
            standard_metadata.ingress_port: exact;
            standard_metadata.egress_spec: exact;
        }
        actions = { set_direction; NoAction; }
        size = 1024;
        default_action = NoAction();
    }

    apply {
        if (hdr.ipv4.isValid()) {
            ipv4_lpm.apply();
            if (hdr.tcp.isValid()) {
                meta.direction = 0;
                if (check_ports.apply().hit) {
                    if (meta.direction == 0) {
                        compute_hashes(hdr.ipv4.src, hdr.ipv4.dst, hdr.tcp.srcPort, hdr.tcp.dstPort);
                    } else {
                        compute_hashes(hdr.ipv4.dst, hdr.ipv4.src, hdr.tcp.dstPort, hdr.tcp.srcPort);
                    }
                    if (meta.direction == 0) {
                        // SYN from inside: remember the flow.
                        if (hdr.tcp.flags[1:1] == 1) {
                            bloom_filter_1.write(meta.reg_pos_one, 1);
                            bloom_filter_2.write(meta.reg_pos_two, 1);
                            flows_seen = flows_seen + 1;
                        }
                    } else if (meta.direction == 1) {
                        bloom_filter_1.read(meta.reg_val_one, meta.reg_pos_one);
                        bloom_filter_2.read(meta.reg_val_two, meta.reg_pos_two);
                        if (meta.reg_val_one != 1 || meta.reg_val_two != 1) {
                            drop();
                        }
                    }
                }
            }
        }
    }
}

control MyEgress(inout headers hdr, inout metadata meta,
                 inout standard_metadata_t standard_metadata) {
    apply { }
}

control MyComputeChecksum(inout headers hdr, inout metadata meta) {
    apply {
        update_checksum(hdr.ipv4.isValid(),
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.dscp, hdr.ipv4.ecn,
              hdr.ipv4.totalLen, hdr.ipv4.identification, hdr.ipv4.flags,
              hdr.ipv4.fragOffset, hdr.ipv4.ttl, hdr.ipv4.protocol,
              hdr.ipv4.src, hdr.ipv4.dst },
            hdr.ipv4.hdrChecksum, HashAlgorithm.csum16);
    }
}

control MyDeparser(packet_out packet, in headers hdr) {
    apply {
        packet.emit(hdr.ethernet);
        packet.emit(hdr.ipv4);
        packet.emit(hdr.tcp);
    }
}

V1Switch(MyParser(), MyVerifyChecksum(), MyIngress(), MyEgress(),
         MyComputeChecksum(), MyDeparser()) main;
