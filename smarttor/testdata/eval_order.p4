// eval_order.p4: the left operand of a binary operator is read before
// the right one is evaluated, even when the right one is a call that
// writes the left one through an inout parameter (+, ==, ++).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; bit<16> d; }
struct headers_t { h_t h; }
struct meta_t { }

bit<8> bump(inout bit<8> v) {
    v = v + 1;
    return v;
}
bit<8> clobber(inout bit<8> v) {
    v = 0x99;
    return 0x11;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.h.b = hdr.h.a + bump(hdr.h.a);
        if (hdr.h.a == bump(hdr.h.a)) {
            hdr.h.c = 1;
        } else {
            hdr.h.c = 2;
        }
        hdr.h.d = hdr.h.c ++ clobber(hdr.h.c);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
