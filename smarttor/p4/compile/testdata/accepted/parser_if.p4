// parser_if.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; h_t h2; h_t[2] hs; }
struct meta_t { bit<8> n; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        if (hdr.h.a == 1) {
            pkt.extract(hdr.h2);
            meta.n = 1;
        } else if (hdr.h.a == 2) {
            pkt.extract(hdr.hs.next);
        } else {
            meta.n = 3;
        }
        bit<8> z = hdr.h.b;
        transition select(z, hdr.h.a == 1) {
            (0, true): accept;
            (_, false): loop;
            default: reject;
        }
    }
    state loop {
        transition select(hdr.hs.nextIndex < 2) { true: more; false: accept; }
    }
    state more { pkt.extract(hdr.hs.next); transition loop; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = (bit<9>)meta.n; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
