// subparser_out_reset.p4: a sub-parser with an out header parameter applied
// in a parser loop: each run starts with the parameter invalid, so the
// run that extracts nothing copies out an invalid header and the loop ends.
#include <core.p4>
#include <v1model.p4>
header a_t { bit<8> more; bit<8> v; }
struct headers_t { a_t a; a_t last; }
struct meta_t { bit<8> n; }
parser Sub(packet_in pkt, out a_t a) {
    state start { transition select(pkt.lookahead<bit<8>>()) { 0: accept; default: take; } }
    state take { pkt.extract(a); transition accept; }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Sub() sub;
    state start {
        sub.apply(pkt, hdr.a);
        meta.n = meta.n + 1;
        transition select(hdr.a.isValid()) { true: keep; false: accept; }
    }
    state keep { hdr.last = hdr.a; transition start; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; hdr.last.v = hdr.last.v + meta.n; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.a); pkt.emit(hdr.last); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
