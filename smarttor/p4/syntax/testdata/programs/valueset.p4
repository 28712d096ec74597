/* Parser value sets and keysets: masks, ranges, tuples, don't-care and
 * default in select cases. */
#include <core.p4>
#include <v1model.p4>
#include "headers.p4"

struct vs_key_t {
    bit<16> etherType;
}

struct headers_t {
    ethernet_t ethernet;
    ipv4_t     ipv4;
    udp_t      udp;
}

struct meta_t {
    bit<8> klass;
}

parser VsParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                inout standard_metadata_t sm) {
    value_set<bit<16>>(4) tunnel_types;
    @name("ip_protos") value_set<vs_key_t>(8) custom_types;
    const bit<16> LOW_PORT = 1024;

    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            0x0800 &&& 0xFFFF: parse_ipv4;
            0x86DD: reject;
            tunnel_types: accept;
            custom_types: accept;
            0x0600 .. 0x06FF: accept;
            _: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (4, 5, IPPROTO_UDP): parse_udp;
            (4, 4w0 &&& 4w0, _): accept;
            (_, _, 8w0x00 .. 8w0x10): accept;
            default: reject;
        }
    }

    state parse_udp {
        pkt.extract(hdr.udp);
        transition select(hdr.udp.dstPort) {
            0 .. LOW_PORT - 1: well_known;
            16w0x8000 &&& 16w0x8000: high;
            default: accept;
        }
    }

    state well_known {
        meta.klass = 1;
        transition accept;
    }

    state high {
        meta.klass = 2;
        transition accept;
    }
}

control VsVerify(inout headers_t hdr, inout meta_t meta) { apply { } }

control VsIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action set_port(port_t p) { sm.egress_spec = p; }
    table classify {
        key = {
            meta.klass        : exact;
            hdr.udp.dstPort   : range;
            hdr.ipv4.src      : ternary;
            hdr.ipv4.dst      : optional;
        }
        actions = { set_port; NoAction; }
        default_action = NoAction;
    }
    apply {
        if (sm.parser_error != error.NoError) {
            mark_to_drop(sm);
            return;
        }
        classify.apply();
    }
}

control VsEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }

control VsCompute(inout headers_t hdr, inout meta_t meta) { apply { } }

control VsDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr);
    }
}

V1Switch(VsParser(), VsVerify(), VsIngress(), VsEgress(), VsCompute(), VsDeparser()) main;
