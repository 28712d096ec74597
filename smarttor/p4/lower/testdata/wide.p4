// wide.p4: the lowering of operations on values wider than 64 bits, for
// the disassembly golden wide.ir (one instruction of each wide opcode).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<128> a; bit<128> b; bit<8> s; bit<32> n; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    value_set<bit<128>>(2) vs;
    state start {
        bit<96> peek = pkt.lookahead<bit<96>>();
        pkt.extract(hdr.h);
        transition select(hdr.h.a) {
            128w1: accept;
            vs: accept;
            default: accept;
        }
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        bit<128> a = hdr.h.a;
        bit<128> b = hdr.h.b;
        int<128> sa = (int<128>)a;
        int<128> sb = (int<128>)b;
        hdr.h.a = a + b - a * b;
        hdr.h.b = (a / b) ^ (a % b) ^ -a;
        hdr.h.a = (a << hdr.h.s) ^ (a >> hdr.h.s) ^ (a << 3) ^ (bit<128>)(sa >> hdr.h.s);
        hdr.h.b = (a |+| b) ^ (a |-| b) ^ (bit<128>)(sa |+| sb) ^ (bit<128>)(sa |-| sb);
        if (a < b || a <= b || a > b || a >= b || sa < sb || sa <= sb || sa > sb || sa >= sb) {
            hdr.h.n = (bit<32>)a;
        }
        hdr.h.a = (bit<128>)(int<128>)(int<32>)hdr.h.n ^ (bit<128>)a[99:4] ^ (bit<128>)(hdr.h.s ++ b[119:0]);
        hdr.h.b = a << b;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
