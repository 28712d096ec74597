// shift_edge.p4: shifts by amounts at or beyond the width (constant,
// run-time and wider than 64 bits) give 0, or copies of the sign bit for
// int >>; casts between bool and bit<1>; int sign extension; a wide value
// shifted by a wide amount.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<8> x; int<8> sx; bit<8> s; bit<72> ws; }
header out_t {
    bit<8> shlk; bit<8> shlk2; int<8> sark; bit<8> shlr; bit<8> shrr; int<8> sarr;
    bit<8> shlw; int<8> sarw; bit<128> wshw; bit<8> bools; int<16> sext; int<128> wsext;
}
struct headers_t { in_t i; out_t o; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.i); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.o.setValid();
        bit<8> x = hdr.i.x;
        int<8> sx = hdr.i.sx;
        hdr.o.shlk = x << 3;
        hdr.o.shlk2 = x << 300;
        hdr.o.sark = sx >> 9;
        hdr.o.shlr = x << hdr.i.s;
        hdr.o.shrr = x >> hdr.i.s;
        hdr.o.sarr = sx >> hdr.i.s;
        hdr.o.shlw = x << hdr.i.ws;
        hdr.o.sarw = sx >> hdr.i.ws;
        hdr.o.wshw = (x ++ 120w0) >> hdr.i.ws;
        bool b = (bool)x[0:0];
        bit<1> one = (bit<1>)(x == 8w0x81);
        hdr.o.bools = (bit<6>)0 ++ (b ? 1w1 : 1w0) ++ one;
        hdr.o.sext = (int<16>)sx;
        hdr.o.wsext = (int<128>)sx;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
