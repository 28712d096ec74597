// extract_skip.p4: pkt.extract<H>(_) consumes (and length-checks) a
// header of type H that is not kept.
#include <core.p4>
#include <v1model.p4>

header a_t { bit<16> x; }
header b_t { bit<8> y; }
struct headers_t { b_t b; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract<a_t>(_); pkt.extract(hdr.b); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; if (hdr.b.isValid()) { hdr.b.y = hdr.b.y + 1; } }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.b); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
