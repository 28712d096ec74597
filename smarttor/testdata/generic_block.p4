// generic_block.p4: a generic control G<T> (a local of type T, an action
// using it) instantiated for bit<8> and for a struct, and a generic
// sub-parser GP<H> extracting its out parameter of type H.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct pr_t { bit<8> p; bit<8> q; }
struct headers_t { h_t h; h_t h2; }
struct meta_t { pr_t x; pr_t y; }

control G<T>(inout T x, in T v) {
    T tmp;
    action set() { x = tmp; }
    apply { tmp = v; set(); }
}
parser GP<H>(packet_in pkt, out H h) {
    state start { pkt.extract(h); transition accept; }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    GP<h_t>() gp;
    state start { pkt.extract(hdr.h); gp.apply(pkt, hdr.h2); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    G<bit<8>>() g8;
    G<pr_t>() gs;
    apply {
        g8.apply(hdr.h.a, hdr.h.b);
        meta.y = { hdr.h2.a, hdr.h2.b };
        gs.apply(meta.x, meta.y);
        hdr.h2.a = meta.x.q;
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
