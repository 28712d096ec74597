// A v1model program with a const table, for the server's initial-entry
// reads.
#include <core.p4>
#include <v1model.p4>

header ethernet_t {
    bit<48> dst_addr;
    bit<48> src_addr;
    bit<16> ether_type;
}

struct headers_t { ethernet_t ethernet; }
struct metadata_t { }

parser P(packet_in pkt, out headers_t hdr, inout metadata_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout metadata_t meta) { apply { } }

control I(inout headers_t hdr, inout metadata_t meta, inout standard_metadata_t std) {
    action fwd(bit<9> port) { std.egress_spec = port; }
    action drop() { mark_to_drop(std); }
    table by_type {
        key = { hdr.ethernet.ether_type: exact; }
        actions = { fwd; drop; }
        const entries = {
            0x0800 : fwd(1);
            0x86dd : fwd(2);
        }
        default_action = drop();
    }
    table acl {
        key = { hdr.ethernet.dst_addr: ternary; }
        actions = { fwd; drop; }
        const entries = {
            48w0x010000000000 &&& 48w0x010000000000 : drop();
        }
        default_action = drop();
    }
    apply {
        by_type.apply();
        acl.apply();
    }
}

control E(inout headers_t hdr, inout metadata_t meta, inout standard_metadata_t std) { apply { } }
control CC(inout headers_t hdr, inout metadata_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.ethernet); } }

V1Switch(P(), VC(), I(), E(), CC(), D()) main;
