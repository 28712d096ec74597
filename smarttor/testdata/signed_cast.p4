// signed_cast.p4: widening casts sign-extend int<W> values however they
// were computed: unary -, ?:, a function result, narrow and to 128 bits.
#include <core.p4>
#include <v1model.p4>
header h_t { int<8> a; int<8> b; bit<8> c; int<16> neg; int<16> cond; int<16> sl; int<128> wneg; int<16> fn; }
struct headers_t { h_t h; }
struct meta_t { }
int<8> id(in int<8> v) { return v; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.h.neg = (int<16>)(-hdr.h.a);
        hdr.h.cond = (int<16>)(hdr.h.c == 0 ? hdr.h.a : hdr.h.b);
        hdr.h.sl = (int<16>)(int<8>)hdr.h.c[7:0];
        hdr.h.wneg = (int<128>)(-hdr.h.a);
        hdr.h.fn = (int<16>)id(hdr.h.b);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
