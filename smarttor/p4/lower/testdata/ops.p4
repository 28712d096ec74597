/* ops.p4: expressions, statements and externs the lowering must get
 * right, each result written to a header field the test reads back. */
#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  a;
    bit<8>  b;
    bit<16> c;
    bit<32> d;
    int<8>  s;
    bit<8>  r1;
    bit<8>  r2;
    bit<8>  r3;
    bit<8>  r4;
    bit<8>  r5;
    bit<8>  r6;
    bit<16> r7;
    bit<32> r8;
    bit<8>  r9;
}

struct headers_t { h_t h; }
struct meta_t { bit<8> x; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

bit<8> add8(in bit<8> x, in bit<8> y) {
    if (x == 0xff) {
        return 0;
    }
    return x + y;
}

control Inc(inout bit<8> v) {
    apply { v = v + 1; }
}

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<8>, bit<32>>(4) regs;
    Inc() inc;

    action set(bit<8> v) { hdr.h.r6 = v; }
    action other() { hdr.h.r6 = 0xee; }
    table t {
        key = { hdr.h.a : ternary; }
        actions = { set; other; }
        default_action = other();
        const entries = {
            8w1 &&& 8w0xff : set(0x11);
            8w2 &&& 8w0xfe : set(0x22);
        }
    }
    apply {
        hdr.h.r1 = add8(hdr.h.a, hdr.h.b);
        hdr.h.r2 = hdr.h.a |-| hdr.h.b;
        hdr.h.r3 = (hdr.h.s < 0) ? 8w1 : 8w0;
        hdr.h.r4 = hdr.h.c[11:4];
        hdr.h.r5 = (bit<8>)(hdr.h.d >> 24);
        switch (t.apply().action_run) {
            set: { hdr.h.r7 = 16w1; }
            default: { hdr.h.r7 = 16w2; }
        }
        hdr.h.r8 = hdr.h.a ++ hdr.h.b ++ hdr.h.c;
        bit<8> tmp;
        regs.read(tmp, 1);
        regs.write(1, tmp + 1);
        hdr.h.r9 = tmp;
        inc.apply(hdr.h.r9);
        hdr.h.c[3:0] = 4w0xf;
        log_msg("a={} b={}", {hdr.h.a, hdr.h.b});
        assert(hdr.h.a != 0);
        if (hdr.h.a == 0 || hdr.h.b == 0xff) {
            mark_to_drop(std);
            return;
        }
        std.egress_spec = 2;
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
