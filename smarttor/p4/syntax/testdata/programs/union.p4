/* header_union: an IPv4 or IPv6 header in one field, validity tests and
 * setInvalid on the union. */
#include <core.p4>
#include <v1model.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> etherType;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  tos;
    bit<16> len;
    bit<16> id;
    bit<16> frag;
    bit<8>  ttl;
    bit<8>  proto;
    bit<16> csum;
    bit<32> src;
    bit<32> dst;
}

header ipv6_h {
    bit<4>   version;
    bit<8>   tc;
    bit<20>  flowLabel;
    bit<16>  payloadLen;
    bit<8>   nextHdr;
    bit<8>   hopLimit;
    bit<128> src;
    bit<128> dst;
}

header_union ip_h {
    ipv4_h v4;
    ipv6_h v6;
}

struct headers {
    ethernet_h ethernet;
    ip_h       ip;
}

struct meta { bit<8> hops; }

parser UParser(packet_in b, out headers h, inout meta m, inout standard_metadata_t sm) {
    state start {
        b.extract(h.ethernet);
        transition select(h.ethernet.etherType) {
            16w0x800: v4;
            16w0x86dd: v6;
        }
    }
    state v4 {
        b.extract(h.ip.v4);
        transition accept;
    }
    state v6 {
        b.extract(h.ip.v6);
        transition accept;
    }
}

control UVerify(inout headers h, inout meta m) { apply { } }

control UIngress(inout headers h, inout meta m, inout standard_metadata_t sm) {
    apply {
        if (h.ip.v4.isValid()) {
            m.hops = h.ip.v4.ttl;
            h.ip.v4.ttl = h.ip.v4.ttl - 1;
        } else if (h.ip.v6.isValid()) {
            m.hops = h.ip.v6.hopLimit;
            h.ip.v6.hopLimit = h.ip.v6.hopLimit - 1;
        }
        if (m.hops == 0) {
            h.ip.v4.setInvalid();
            h.ip.v6.setInvalid();
            mark_to_drop(sm);
        }
        sm.egress_spec = (h.ip.isValid() ? 9w1 : 9w0);
    }
}

control UEgress(inout headers h, inout meta m, inout standard_metadata_t sm) { apply { } }

control UCompute(inout headers h, inout meta m) { apply { } }

control UDeparser(packet_out b, in headers h) {
    apply {
        b.emit(h.ethernet);
        b.emit(h.ip);
    }
}

V1Switch(UParser(), UVerify(), UIngress(), UEgress(), UCompute(), UDeparser()) main;
