// ops.p4: arithmetic (wrapping and saturating), bitwise operators,
// shifts, concatenation, slices (read and write), casts (truncate,
// zero- and sign-extend), signed comparison, the conditional operator.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<8> a; bit<8> b; int<8> s; bit<16> w; }
header out_t {
    bit<8>  add;    bit<8>  sub;    bit<8>  mul;
    bit<8>  sadd;   bit<8>  ssub;
    bit<8>  and_;   bit<8>  or_;    bit<8>  xor_;   bit<8> not_;
    bit<8>  shl;    bit<8>  shr;    int<8>  sshr;
    bit<16> cat;    bit<8>  slice;  bit<16> wset;
    bit<8>  trunc;  bit<16> zext;   int<16> sext;
    bit<8>  lt;     bit<8>  slt;    bit<8>  cond;   bit<8> neg;
}

struct headers_t { in_t i; out_t o; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.i); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.o.setValid();
        bit<8> a = hdr.i.a;
        bit<8> b = hdr.i.b;
        hdr.o.add = a + b;
        hdr.o.sub = a - b;
        hdr.o.mul = a * b;
        hdr.o.sadd = a |+| b;
        hdr.o.ssub = a |-| b;
        hdr.o.and_ = a & b;
        hdr.o.or_ = a | b;
        hdr.o.xor_ = a ^ b;
        hdr.o.not_ = ~a;
        hdr.o.shl = a << 3;
        hdr.o.shr = a >> b[2:0];
        hdr.o.sshr = hdr.i.s >> 2;
        hdr.o.cat = a ++ b;
        hdr.o.slice = hdr.i.w[11:4];
        hdr.o.wset = hdr.i.w;
        hdr.o.wset[15:12] = 4w0xa;
        hdr.o.wset[3:0] = b[7:4];
        hdr.o.trunc = (bit<8>)hdr.i.w;
        hdr.o.zext = (bit<16>)a;
        hdr.o.sext = (int<16>)hdr.i.s;
        hdr.o.lt = (a < b) ? 8w1 : 8w0;
        hdr.o.slt = (hdr.i.s < 8s0) ? 8w1 : 8w0;
        hdr.o.cond = (a == 0 || b == 0) ? 8w0xaa : ((a > b && !(b == 1)) ? 8w0xbb : 8w0xcc);
        hdr.o.neg = -a;
        std.egress_spec = 1;
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.o); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
