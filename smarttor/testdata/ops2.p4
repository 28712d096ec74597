// ops2.p4: edge cases of the operators: shifts by the width or more,
// arithmetic shift of negative values, casts between signed and unsigned
// of different widths, bool casts, odd widths, 64-bit wrap-around,
// slices across 32-bit boundaries of 64-bit values, unary minus on
// signed values.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<8> a; bit<8> n; int<8> s; bit<64> w; bit<4> nib; bit<4> pad; }
header out_t {
    bit<8>  shl_big;  bit<8> shr_big;  int<8> sshr_big;  bit<8> shl_var;
    bit<16> s2u16;    int<16> u2s16;   bit<4> trunc4;    bit<4> not4;
    bit<8>  b2;       bit<64> wsum;    bit<64> wmul;     bit<32> mid;
    int<8> neg;      bit<8> shr_var;   bit<8> cmp;
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
        hdr.o.shl_big = hdr.i.a << 8;
        hdr.o.shr_big = hdr.i.a >> 9;
        hdr.o.sshr_big = hdr.i.s >> 10;
        hdr.o.shl_var = hdr.i.a << hdr.i.n;
        hdr.o.s2u16 = (bit<16>)(int<16>)hdr.i.s;
        hdr.o.u2s16 = (int<16>)(bit<16>)hdr.i.a;
        hdr.o.trunc4 = (bit<4>)hdr.i.a;
        hdr.o.not4 = ~hdr.i.nib;
        hdr.o.b2 = (bit<8>)(bit<1>)(hdr.i.a > hdr.i.n) + (bit<8>)(bit<1>)(hdr.i.s < -8s1);
        hdr.o.wsum = hdr.i.w + 64w0xffffffffffffffff;
        hdr.o.wmul = hdr.i.w * 64w3;
        hdr.o.mid = hdr.i.w[47:16];
        hdr.o.neg = -hdr.i.s;
        hdr.o.shr_var = hdr.i.a >> hdr.i.n;
        hdr.o.cmp = 0;
        if (hdr.i.s <= (int<8>)8w0x80) { hdr.o.cmp = hdr.o.cmp | 1; }
        if (hdr.i.s >= 8s127) { hdr.o.cmp = hdr.o.cmp | 2; }
        if (hdr.i.w > 64w0x8000000000000000) { hdr.o.cmp = hdr.o.cmp | 4; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
