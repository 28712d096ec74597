// dontcare_lists.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

enum bit<8> E8 { A = 1, B = 2 }
enum int<8> S8 { M = -1, P = 1 }
header h_t { bit<8> a; bit<8> b; }
struct in_t { bit<8> x; bool f; }
struct out_t { in_t i; bit<8> y; }
struct headers_t { h_t h; h_t[2] hs; }
struct meta_t { out_t o; E8 e; S8 s; }

void setOut(out bit<8> o, in bit<8> v) { o = v; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<8>>(2) r;
    apply {
        setOut(_, 4);
        r.read(_, 0);
        meta.o = { { 1, true }, 2 };
        meta.o = { i = { x = 1, f = false }, y = 3 };
        hdr.hs = { hdr.h, hdr.h };
        tuple<bit<8>, in_t> tt = { 1, { 2, true } };
        meta.e = (E8)hdr.h.a;
        bit<16> w = (bit<16>)(bit<8>)meta.e;
        w = (bit<16>)meta.e;
        meta.s = S8.M;
        int<8> si = (int<8>)meta.s;
        hdr.h.b = (bit<8>)si;
        hdr.h.a = tt[1].x;
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.hs); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
