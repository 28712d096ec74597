// loops.p4: for loops (P4_16 1.2.5): for (init; cond; post), for-in over
// a range and over a list, break and continue, in actions and apply.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> n; bit<16> sum; bit<8> odd; bit<8> first7; bit<8> list; bit<8> wrap; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action sums() {
        hdr.h.sum = 0;
        for (bit<8> i = 1; i <= hdr.h.n; i = i + 1) {
            hdr.h.sum = hdr.h.sum + (bit<16>)i;
        }
    }
    apply {
        std.egress_spec = 1;
        sums();
        hdr.h.odd = 0;
        for (bit<8> i in 0 .. 9) {
            if (i & 1 == 0) { continue; }
            hdr.h.odd = hdr.h.odd + 1;
        }
        hdr.h.first7 = 0xff;
        for (bit<8> i = 0; ; i = i + 1) {
            if (i * 7 > hdr.h.n) { hdr.h.first7 = i; break; }
        }
        hdr.h.list = 0;
        for (bit<8> v in { 8w3, 8w5, 8w40 }) {
            hdr.h.list = hdr.h.list + v;
        }
        hdr.h.wrap = 0;
        for (bit<2> i in 0 .. 3) {
            hdr.h.wrap = hdr.h.wrap + 1;
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
