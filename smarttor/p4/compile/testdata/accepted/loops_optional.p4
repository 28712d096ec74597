// loops_optional.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { bit<8> x; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action a() { hdr.h.b = 1; }
    action c(bit<8> v) { hdr.h.b = v; }
    table t {
        key = { hdr.h.a : exact; hdr.h.b : optional; }
        actions = { a; c; }
        const entries = {
            (1, _) : a;
            (2, 3) : c(4);
        }
    }
    apply {
        t.apply();
        bit<8> i;
        bit<8> j;
        for (i = 0, j = 1; i < 4; i = i + 1, j = j + 2) { meta.x = meta.x + j; }
        for (bit<8> k = 0; k < 2; k += 1) { if (k == 1) { break; } continue; }
        hdr.h.a = meta.x;
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
