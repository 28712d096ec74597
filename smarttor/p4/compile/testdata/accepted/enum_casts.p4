// enum_casts.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

enum bit<8> E8 { A = 1, B = 2 }
header h_t { E8 e; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { E8 x; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition select(hdr.h.e) { (E8)3: accept; E8.A &&& (E8)0xF: accept; default: accept; } }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    table t { key = { hdr.h.e : ternary; } actions = { NoAction; } const entries = { (E8)5 &&& (E8)0xF : NoAction(); E8.B : NoAction(); } }
    apply {
        meta.x = (E8)0;
        meta.x = (E8)8w7;
        hdr.h.b = (bit<8>)E8.B + 1;
        t.apply();
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
