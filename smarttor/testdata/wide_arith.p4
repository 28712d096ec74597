// wide_arith.p4: arithmetic on values wider than 64 bits, P4_16
// semantics: + - * and unary - wrap modulo 2^128; shifts by run-time and
// constant amounts (0 at or beyond the width, sign fill for int >>);
// saturating |+| |-| on bit and int; unsigned and signed comparisons;
// casts that widen with sign extension and truncate; a slice wider than
// 64 bits across word boundaries; / and % of compile-time constants.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<128> a; bit<128> b; bit<8> s; }
header out_t {
    bit<128> add; bit<128> sub; bit<128> mul; bit<128> neg;
    bit<128> shl; bit<128> shr; bit<128> shlk; int<128> sar;
    bit<128> addsat; bit<128> subsat; int<128> saddsat; int<128> ssubsat;
    bit<8> cmp; bit<96> mid; bit<128> sext; bit<72> trunc; bit<128> divmod;
}
struct headers_t { in_t i; out_t o; }
struct meta_t { }

const bit<128> BIG = 128w0xfedcba98765432100123456789abcdef;
const bit<128> QUOT = BIG / 7;
const bit<128> REMD = BIG % 1000000007;

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.i); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.o.setValid();
        bit<128> a = hdr.i.a;
        bit<128> b = hdr.i.b;
        int<128> sa = (int<128>)a;
        int<128> sb = (int<128>)b;
        hdr.o.add = a + b;
        hdr.o.sub = a - b;
        hdr.o.mul = a * b;
        hdr.o.neg = -a;
        hdr.o.shl = a << hdr.i.s;
        hdr.o.shr = a >> hdr.i.s;
        hdr.o.shlk = a << 68;
        hdr.o.sar = sa >> hdr.i.s;
        hdr.o.addsat = a |+| b;
        hdr.o.subsat = a |-| b;
        hdr.o.saddsat = sa |+| sb;
        hdr.o.ssubsat = sa |-| sb;
        bit<8> c = 0;
        if (a < b) { c = c | 1; }
        if (a <= b) { c = c | 2; }
        if (a > b) { c = c | 4; }
        if (a >= b) { c = c | 8; }
        if (sa < sb) { c = c | 16; }
        if (sa <= sb) { c = c | 32; }
        if (sa > sb) { c = c | 64; }
        if (sa >= sb) { c = c | 128; }
        hdr.o.cmp = c;
        hdr.o.mid = a[111:16];
        hdr.o.sext = (bit<128>)(int<128>)(int<32>)a[31:0];
        hdr.o.trunc = (bit<72>)b;
        hdr.o.divmod = QUOT ^ REMD;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
