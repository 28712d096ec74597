// subparser_value_set.p4: a value_set declared in a sub-parser (its own
// control-plane instance) next to one in the top-level parser.
#include <core.p4>
#include <v1model.p4>
header a_t { bit<8> k; bit<8> v; }
struct headers_t { a_t a; a_t b; }
struct meta_t { bit<8> r; }
parser Sub(packet_in pkt, out a_t b, inout bit<8> r) {
    value_set<bit<8>>(4) inner_vs;
    state start {
        pkt.extract(b);
        transition select(b.k) { inner_vs: hit; default: accept; }
    }
    state hit { r = 2; transition accept; }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    value_set<bit<8>>(4) outer_vs;
    Sub() sub;
    state start {
        pkt.extract(hdr.a);
        transition select(hdr.a.k) { outer_vs: one; default: two; }
    }
    state one { meta.r = 1; transition two; }
    state two { sub.apply(pkt, hdr.b, meta.r); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; hdr.a.v = meta.r; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
