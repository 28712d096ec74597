// control_ctor.p4: a control with constructor parameters (bit and bool)
// instantiated twice, read in its apply block and in its action.
#include <core.p4>
#include <v1model.p4>
header a_t { bit<8> x; bit<8> y; }
struct headers_t { a_t a; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.a); transition accept; }
}
control Add(inout bit<8> v)(bit<8> k, bool twice) {
    action go() { v = v + k; }
    apply { go(); if (twice) { v = v + k; } }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Add(3, false) add3;
    Add(10, true) add20;
    apply { std.egress_spec = 1; add3.apply(hdr.a.x); add20.apply(hdr.a.y); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
