// generics_ctor.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

enum bit<8> E8 { A = 1, B = 2 }
header h_t { bit<8> a; bit<8> b; bit<16> c; }
struct S<T> { T f; bit<8> g; }
header HG<T> { T v; }
struct headers_t { h_t h; h_t[2] hs; HG<bit<16>> hg; }
struct meta_t { E8 e; S<bit<4>> s; bit<8> y; }

T ident<T>(in T x) { return x; }

parser Sub(packet_in pkt, out h_t h)(bit<8> k) {
    state start { pkt.extract<h_t>(h); h.a = h.a + k; transition accept; }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Sub(2) sub;
    state start {
        transition select(pkt.lookahead<bit<8>>()) {
            0: s0;
            default: s1;
        }
    }
    state s0 { sub.apply(pkt, hdr.h); transition select(hdr.h.a) { 2: accept; default: s2; } }
    state s1 { pkt.extract(hdr.hs[0]); verify(hdr.hs[0].a != 0, error.NoMatch); transition accept; }
    state s2 { pkt.extract(hdr.hg); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Cnt(inout h_t h)(counter c) {
    apply { c.count(1); }
}

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    counter(4, CounterType.packets) cnt;
    Cnt(cnt) cn;
    direct_meter<bit<8>>(MeterType.packets) dm;
    action a1(bit<8> v) { hdr.h.a = v; dm.read(meta.y); }
    action a2(inout bit<8> z, bit<8> v) { z = v; }
    table t {
        key = { hdr.h.a : exact; hdr.h.b : selector; }
        actions = { a2(hdr.h.b); }
        implementation = action_selector(HashAlgorithm.crc16, 32w128, 32w16);
    }
    table t2 {
        key = { hdr.h.a : exact; }
        actions = { a1; }
        meters = dm;
        const default_action = a1(5);
    }
    apply {
        cn.apply(hdr.h);
        t.apply();
        t2.apply();
        bit<8> x = E8.A;
        meta.e = (E8)hdr.h.a;
        if (meta.e == E8.B) { x = 2; }
        hdr.h.a = meta.e;
        switch (meta.e) { E8.A: { x = 1; } default: { } }
        bit<16> w = hdr.h.a ++ hdr.h.b;
        int<8> si = -1;
        si = si |-| 100;
        x = (bit<8>)(int<8>)-1;
        x = ~x;
        x = -x;
        x = x % 3;
        x = x / 2;
        bool bb = x[0:0] == 1;
        const bit<8> X = 2 * 3 + 1;
        x = X + (1 << 7);
        meta.s.f = 4w3;
        meta.s = { f = 1, g = 2 };
        hdr.hg.v = ident(hdr.hg.v);
        hdr.hg.setValid();
        std.egress_spec = 1;
        if (hdr.h.a > 3 && !bb || hdr.h.b != 0) { x = 0; }
        x = meta.s.g |+| 255;
        w = w >> hdr.h.a;
        w = 16w1 << hdr.h.a;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
