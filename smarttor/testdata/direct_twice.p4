// direct_twice.p4: a control with no controllable entity applied directly
// twice in one scope (Twice.apply(); Twice.apply()) runs twice, each call
// on an instance of its own; a parser type applied twice extracts twice.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h1; h_t h2; }
struct meta_t { }
parser Sub(packet_in pkt, out h_t h) { state start { pkt.extract(h); transition accept; } }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { Sub.apply(pkt, hdr.h1); Sub.apply(pkt, hdr.h2); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Twice(inout h_t h, in bit<8> by) {
    action add() { h.b = h.b + by; }
    apply { add(); }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        Twice.apply(hdr.h1, 1);
        Twice.apply(hdr.h1, 2);
        Twice.apply(hdr.h2, hdr.h1.a);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h1); pkt.emit(hdr.h2); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
