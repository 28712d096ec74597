// initializers.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

enum bit<8> E8 { A = 1, B = 2 }
enum Color { Red, Green }
header h_t { bit<8> a; bit<8> b; bit<16> c; }
header_union u_t { h_t h1; h_t h2; }
struct inner_t { bit<8> x; bool f; }
const inner_t K = { x = 1, f = true };
struct meta_t { inner_t in1; bit<8> y; Color col; error err; }
struct headers_t { h_t h; h_t[4] hs; u_t[2] us; }

bit<8> withDefault(in bit<8> a, in bit<8> b = 3) { return a + b; }
void setOut(out bit<8> o, in bit<8> v) { o = v; }

control G<T>(inout T x) { apply { } }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    bit<8> cnt = 0;
    state start {
        pkt.extract(hdr.h);
        cnt = hdr.h.a;
        transition select(cnt, std.ingress_port) {
            (0, 1): loop;
            (_, 9w2 &&& 9w3): accept;
            default: next;
        }
    }
    state loop {
        pkt.extract(hdr.hs.next);
        transition select(hdr.hs.last.a) { 0: loop; default: accept; }
    }
    state next { transition select(meta.err) { error.NoError: accept; default: reject; } }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    G<bit<8>>() g8;
    action a1(bit<8> v) { hdr.h.a = v; }
    @name(".glob") action a2() { }
    action_profile(32) ap;
    table t {
        key = { hdr.h.a : exact; }
        actions = { a1; a2; }
        implementation = ap;
    }
    table t2 {
        key = { hdr.h.a : ternary; }
        actions = { a1; a2; }
        entries = {
            0x01 &&& 0x0F : a1(1);
            0x02 &&& 0x0F : a1(2);
        }
    }
    table t3 {
        key = { hdr.h.a : ternary; }
        actions = { a1; }
        const entries = {
            priority = 10 : 0x01 &&& 0x0F : a1(1);
            @priority(5) 0x02 &&& 0x0F : a1(2);
        }
    }
    apply {
        bit<8> x = 1;
        g8.apply(x);
        hdr.h = {#}; hdr.us[0] = {#};
        hdr.h = (h_t){ a = 1, b = 2, c = 3 };
        meta.in1 = K;
        meta.in1 = { x = 5, ... };
        x = withDefault(1);
        x = withDefault(b = 1, a = 2);
        setOut(o = x, v = 4);
        setOut(x, 4);
        a1(5);
        x = x << 2;
        x = (x == 1) ? 8w2 : 3;
        x = 1 + (x >> 1);
        if (hdr.hs.size == 4) { x = hdr.hs[hdr.hs.lastIndex].a; }
        hdr.us[0].h1.setValid();
        if (hdr.us[1].isValid()) { exit; }
        meta.col = Color.Green;
        switch (meta.col) {
            Color.Red: { x = 1; }
            Color.Green: { x = 2; }
        }
        t.apply();
        t2.apply();
        t3.apply();
        x += 1;
        x |= 2;
        for (bit<8> i = 0; i < 4; i = i + 1) { x = x + i; }
        for (h_t hh in hdr.hs) { x = x + hh.a; }
        static_assert(true);
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
