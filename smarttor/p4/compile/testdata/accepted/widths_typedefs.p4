// widths_typedefs.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

const int WIDTH = 4;
const bool DEBUG = false;
typedef bit<8> b8;
typedef b8 bb8;
type bb8 t8;
header h_t { bit<(WIDTH + 4)> a; bit<(WIDTH * 2)> b; int<8> s; }
struct headers_t { h_t h; }
struct meta_t { bool f; t8 t; }

bit<8> one() { return 1; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition select(DEBUG) { true: accept; false: accept; } }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action a(@name("val") bit<8> v) { hdr.h.a = v; }
    table t { key = { hdr.h.a : exact; } actions = { a; } default_action = a(-1); }
    apply {
        if (hdr.h.s < 0) { hdr.h.s = -hdr.h.s; }
        if (meta.f == true) { hdr.h.a = one(); }
        bit<8> x = (bit<8>)(hdr.h.a + 1);
        x = meta.f ? 8w1 : x;
        int<8> y = (int<8>)-1;
        a(-1);
        if (DEBUG) { x = 0; }
        meta.t = (t8)x;
        x = (bit<8>)meta.t;
        bb8 z = x;
        t.apply();
        std.egress_spec = 1;
        hdr.h.b = z + (bit<8>)y;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
