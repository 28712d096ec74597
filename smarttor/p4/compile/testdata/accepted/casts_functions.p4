// casts_functions.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

typedef tuple<bit<8>, bit<8>> T2;
header h_t { bit<8> a; bit<8> b; bit<16> c; }
struct pair_t { bit<8> p; bit<8> q; }
struct headers_t { h_t h; h_t[2] hs; }
struct meta_t { pair_t pr; h_t[2] hs; error e; }
const int Q = 7 / 2;
const int R = 7 % 2;
const bit<8> OFF = (bit<8>)(Q + R);

void setT<T>(out T x, in T v) { x = v; }
bit<8> plus1(in bit<8> v) { return v + 1; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        bit<8> x = 8w1 + 1;
        x = 1 + 2 + hdr.h.a;
        x = hdr.h.a + (1 << 2);
        x = x << 8w2;
        x = x << 2;
        setT(x, 8w3);
        setT(meta.pr, { 1, 2 });
        int<8> s = (int<8>)hdr.h.a;
        s = -s;
        s = s * -1;
        bit<4> n = (bit<4>)hdr.h.a[7:4];
        hdr.h.a[7:4] = 4w3;
        hdr.h.a[3:0] = 3;
        n = hdr.h.c[11:4][3:0];
        bool b = (bool)1w1;
        bit<1> one = (bit<1>)b;
        meta.e = error.NoError;
        if (meta.e != error.PacketTooShort) { x = OFF; }
        T2 t2 = { 1, 2 };
        if (meta.pr == { 1, 2 }) { x = 9; }
        if (meta.pr == (pair_t){ p = 1, q = 2 }) { x = 10; }
        meta.hs = hdr.hs;
        hdr.hs[1].setValid();
        x = plus1(plus1(x));
        hdr.h.b = x;
        std.egress_spec = 1;
        x = (bit<8>)(8w255 + 8w1);
        hdr.h.c = (bit<16>)x << 8 | (bit<16>)hdr.h.a;
        hdr.h.c = hdr.h.c |-| 1;
        bit<8> y;
        y = hdr.h.a > 1 ? hdr.h.a : 1;
        hdr.h.b = (bit<8>)y;
        x = (bit<8>)s;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.hs); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
