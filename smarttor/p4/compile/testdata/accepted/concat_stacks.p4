// concat_stacks.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>
const bit<32> N = 2;
header h_t { bit<8> a; int<8> s; }
struct headers_t { h_t h; h_t[N] hs; h_t[(N + 1)] hs3; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        int<16> c = hdr.h.s ++ hdr.h.a;
        bit<16> d = hdr.h.a ++ hdr.h.s;
        hdr.h.s = c[7:0] == 0 ? (int<8>)1 : (int<8>)c[15:8];
        hdr.h.a = d[7:0];
        hdr.hs[N - 1] = hdr.h;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
