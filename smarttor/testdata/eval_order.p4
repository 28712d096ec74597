// eval_order.p4: operands are evaluated left to right. The left operand
// of a binary operator (+, ==, ++, == on structs) and the earlier
// elements of a list are read before a later call that writes them
// through an inout parameter is made.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; bit<16> d; bit<16> e; bit<8> f; }
struct pair_t { bit<8> x; bit<8> y; }
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
pair_t twin(inout bit<8> v) {
    v = v + 1;
    pair_t r = { v, v };
    return r;
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
        hash(hdr.h.e, HashAlgorithm.identity, 16w0, { hdr.h.a, bump(hdr.h.a) }, 32w65536);
        pair_t p = { hdr.h.a, hdr.h.a + 1 };
        if (p == twin(p.x)) {
            hdr.h.f = 1;
        } else {
            hdr.h.f = 2;
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
