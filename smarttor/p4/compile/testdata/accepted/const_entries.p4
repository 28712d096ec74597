// const_entries.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

const bit<8> K1 = 3;
const bit<8> K2 = K1 * 2;
header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition select(hdr.h.a) { K1: accept; K2 .. K2 + 1: accept; default: accept; } }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action a(bit<8> v) { hdr.h.b = v; }
    table t {
        key = { hdr.h.a : lpm; }
        actions = { a; }
        const entries = {
            K1 : a(K2);
            (1 + 2 + 1) : a(3 * 4);
            0x10 &&& 0xF0 : a(1);
            0x20 / 4 : a(2);
        }
    }
    apply { t.apply(); std.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
