// overloads.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { bit<8> x; }

bit<8> f(in bit<8> a) { return a + 1; }
bit<8> f(in bit<8> a, in bit<8> b) { return a + b; }
action top(inout bit<8> z) { z = 7; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        hdr.h.setValid();
        transition select(hdr.h.isValid()) { true: accept; false: reject; }
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.a = f(hdr.h.a);
        hdr.h.b = f(hdr.h.a, hdr.h.b);
        bool v = hdr.h.isValid();
        if (v == hdr.h.isValid()) { top(meta.x); }
        std.egress_spec = 1;
        if (meta.x == 7) { return; }
        std.egress_spec = 2;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
