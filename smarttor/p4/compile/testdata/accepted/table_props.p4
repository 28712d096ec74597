// table_props.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

typedef bit<9> egressSpec_t;
header h_t { bit<8> a; bit<8> b; bit<16> c; }
struct pair_t { bit<8> p; bit<8> q; }
struct headers_t { h_t h; h_t h2; }
struct meta_t { h_t saved; pair_t pr; bool flag; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        h_t peek = pkt.lookahead<h_t>();
        transition select(peek.a) {
            0x0 &&& 0xF0: one;
            8w0x10 .. 8w0x1F: two;
            default: one;
        }
    }
    state one { pkt.extract(hdr.h); transition accept; }
    state two { pkt.extract(hdr.h); pkt.extract(hdr.h2); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action a1(bit<8> v) { hdr.h.a = v; }
    @hidden action a2() { }
    action a3() { }
    table keyless { actions = { a1; } default_action = a1(8w0b1010); }
    table tb {
        key = { meta.flag : exact; hdr.h.a : lpm; }
        actions = { @tableonly a1; @defaultonly a3; }
        default_action = a3;
        size = 1 << 10;
    }
    table tp {
        key = { hdr.h.a : ternary; }
        actions = { a1; }
        largest_priority_wins = false;
        priority_delta = 10;
        const entries = {
            0x0F &&& 0x0F : a1(1);
            default : a1(2);
        }
    }
    apply {
        keyless.apply();
        meta.flag = hdr.h.b == 0x7;
        if (!tb.apply().hit) { a2(); }
        tp.apply();
        meta.saved = hdr.h;
        hdr.h2 = meta.saved;
        meta.pr = { p = 0o17, q = 1_0 };
        std.egress_spec = (egressSpec_t)1;
        @atomic {
            hdr.h.c = hdr.h.c + 1;
        }
        bit<32> hv;
        hash(hv, HashAlgorithm.crc32, 32w0, { {hdr.h.a, hdr.h.b}, meta.pr }, 32w65536);
        digest<pair_t>(1, meta.pr);
        if (hdr.h.a == 0) { return; }
        hdr.h.b = -8s1 == -1 ? 8w1 : 8w2;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.h2); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
