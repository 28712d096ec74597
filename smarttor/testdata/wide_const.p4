// wide_const.p4: the same operators on 128-bit compile-time constants
// (folded by the checker): shifts, int >>, *, unary -, |+| |-|,
// comparisons, ++, a slice across words, sign extension.
#include <core.p4>
#include <v1model.p4>
const bit<128> A = 128w0xfedcba98765432100123456789abcdef;
const int<128> S = -128s5;
header o_t { bit<128> shl; bit<128> shr; int<128> sar; bit<128> mul; bit<128> neg; bit<128> sat; int<128> ssat; bit<8> cmp; bit<128> cat; bit<72> sl; int<128> sx; }
struct headers_t { o_t o; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.o.setValid();
        hdr.o.shl = A << 100;
        hdr.o.shr = A >> 70;
        hdr.o.sar = ((int<128>)A) >> 120;
        hdr.o.mul = A * A;
        hdr.o.neg = -A;
        hdr.o.sat = A |+| A;
        hdr.o.ssat = S |-| 128s0x7fffffffffffffffffffffffffffffff;
        hdr.o.cmp = (A > 128w5 ? 8w1 : 8w0) | (S < 128s0 ? 8w2 : 8w0) | (((int<128>)A) < 128s0 ? 8w4 : 8w0);
        hdr.o.cat = 64w0x1122334455667788 ++ 64w0x99aabbccddeeff00;
        hdr.o.sl = A[99:28];
        hdr.o.sx = (int<128>)(int<16>)16w0x8001;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
