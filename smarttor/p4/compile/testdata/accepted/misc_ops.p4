// misc_ops.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

const int WIDTH = 8;
const bit<32> CC = 32w1 << 4;
typedef bit<WIDTH> byte_t;
type bit<16> port16_t;
enum bit<8> E8 { A = 1, B = 2 }
enum Plain { X, Y }
error { MyErr }

header h_t { bit<8> a; bit<8> b; bit<16> c; }
header v_t { bit<8> len; varbit<64> data; }
header_union u_t { h_t h; v_t v; }
struct inner_t { bit<8> x; bool f; }
struct meta_t { inner_t in1; bit<8> y; E8 e; Plain p; port16_t pt; }
struct headers_t { h_t h; h_t[3] hs; u_t u; }

bit<8> max8(in bit<8> a, in bit<8> b) { return a > b ? a : b; }
T id<T>(in T x) { return x; }

parser Sub(packet_in pkt, out h_t h) {
    state start { pkt.extract(h); transition accept; }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    value_set<bit<8>>(4) vs;
    Sub() sub;
    state start {
        sub.apply(pkt, hdr.h);
        transition select(hdr.h.a, hdr.h.b) {
            (1, _): s1;
            (2 &&& 0xF, 3..5): s2;
            (vs, _): s3;
            default: accept;
        }
    }
    state s1 {
        bit<8> la = pkt.lookahead<bit<8>>();
        pkt.advance(8);
        pkt.extract(hdr.hs.next);
        verify(hdr.hs.last.a != 0, error.MyErr);
        transition select(hdr.hs.lastIndex) { 0: s1; default: accept; }
    }
    state s2 { pkt.extract(hdr.u.v, (bit<32>)hdr.h.a); transition accept; }
    state s3 { transition reject; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Nested(inout h_t h)(bit<8> k) {
    apply { h.a = h.a + k; }
}

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Nested(8w3) n3;
    Nested(5) n5;
    counter(8, CounterType.packets) cnt;
    direct_counter(CounterType.bytes) dc;
    meter(8, MeterType.bytes) mt;
    register<bit<8>>(8) rg;
    bit<8> tmp = 0;
    action a1(bit<8> v) { hdr.h.a = v; dc.count(); }
    action a2() { exit; }
    table t {
        key = { hdr.h.a : ternary; hdr.h.b : range; meta.e : exact; hdr.h.isValid() : exact; hdr.h.c[7:0] : ternary @name("c_low"); }
        actions = { a1; a2; @defaultonly NoAction; }
        default_action = NoAction();
        counters = dc;
        size = 64;
        const entries = {
            (0x01 &&& 0xFF, 1..2, E8.A, true, _) : a1(1);
            (_, _, E8.B, false, 3) : a2();
        }
    }
    apply {
        n3.apply(hdr.h);
        n5.apply(hdr.h);
        bit<8> x = 8w255 |+| 1;
        int<8> s = -8s1;
        s = s >> 1;
        x[3:0] = 4w1;
        bit<1> bb = (bit<1>)true;
        bool fl = (bool)bb;
        meta.in1 = { x = 1, f = true };
        meta.in1 = (inner_t){ x = 2, f = false };
        meta.e = (E8)8w2;
        bit<8> eu = (bit<8>)meta.e;
        meta.p = Plain.X;
        meta.pt = (port16_t)16w5;
        tmp = max8(x, hdr.h.a);
        tmp = id(tmp);
        tmp = id<bit<8>>(3);
        bit<32> sz = hdr.h.minSizeInBits(); sz = (bit<32>)hdr.u.v.maxSizeInBytes();

        tuple<bit<8>, bool> tp = { 1, true };
        x = tp[0];
        if (hdr.u.h.isValid()) { hdr.u.v.setInvalid(); }
        hdr.hs.push_front(1);
        hdr.hs.pop_front(1);
        hdr.hs[0] = hdr.h;
        switch (t.apply().action_run) {
            a1: { cnt.count(1); }
            a2:
            default: { mt.execute_meter(2, x); }
        }
        switch (x) {
            1: 
            2: { x = 3; }
            default: { }
        }
        if (t.apply().hit) { rg.write(0, x); }
        rg.read(x, 1);
        random(x, 0, 10);
        hash(sz, HashAlgorithm.crc16, 16w0, { hdr.h.a, hdr.h.b }, 32w100);
        digest(1, { hdr.h.a, meta.y });
        log_msg("x = {}", { x });
        assert(x != 0);
        std.egress_spec = (bit<9>)x;
        if (std.parser_error == error.MyErr) { mark_to_drop(std); }
        clone_preserving_field_list(CloneType.I2E, 5, 0);
        truncate(64);
        hdr.h = { 1, 2, 3 };
        meta = { in1 = { 1, true }, y = 2, e = E8.A, p = Plain.Y, pt = (port16_t)1 };
        if (hdr.h == hdr.hs[1]) { return; }
        x = hdr.h.a ++ hdr.h.b == 16w1 ? 8w1 : 8w2;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) {
    apply {
        update_checksum(hdr.h.isValid(), { hdr.h.a, hdr.h.b }, hdr.h.c, HashAlgorithm.csum16);
    }
}
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
