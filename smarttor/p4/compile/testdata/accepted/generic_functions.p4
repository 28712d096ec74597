// generic_functions.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct pr_t { bit<8> p; bit<8> q; }
struct headers_t { h_t h; }
struct meta_t { pr_t x; pr_t y; }

void swap<T>(inout T a, inout T b) { T t = a; a = b; b = t; }
T pick<T>(in bool c, in T a, in T b) { if (c) { return a; } return b; }
void fill<T>(out T x, in T v) { x = v; }
bit<8> add<T>(in T a, in bit<8> b) { return b; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        swap(hdr.h.a, hdr.h.b);
        meta.x = { 1, 2 };
        swap(meta.x, meta.y);
        hdr.h.a = pick(hdr.h.a > 3, hdr.h.a, 1);
        hdr.h.b = pick(hdr.h.a > 3, 7, hdr.h.b);
        fill(meta.x, meta.y);
        hdr.h.a = add(meta.x, 3);
        swap<bit<8>>(hdr.h.a, hdr.h.b);
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
