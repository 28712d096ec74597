// generic_fn.p4: generic functions inlined with their call's type
// arguments: a local of type T (swap<T>), T a bit<8> or a struct, and a
// result of type T chosen between an argument and an integer literal.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; bit<8> d; }
struct pr_t { bit<8> p; bit<8> q; }
struct headers_t { h_t h; }
struct meta_t { pr_t x; pr_t y; }

void swap<T>(inout T a, inout T b) { T t = a; a = b; b = t; }
T pick<T>(in bool c, in T a, in T b) { if (c) { return a; } return b; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        swap(hdr.h.a, hdr.h.b);
        meta.x = { hdr.h.c, 0 };
        meta.y = { 0, hdr.h.d };
        swap(meta.x, meta.y);
        hdr.h.c = meta.x.q;
        hdr.h.d = pick(hdr.h.a > 3, hdr.h.a, 1);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
