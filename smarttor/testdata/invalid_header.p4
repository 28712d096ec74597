// invalid_header.p4: assigning {#} makes a header invalid (not emitted)
// and every member of a header union invalid.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; }
header_union u_t { h_t x; h_t y; }
struct headers_t { h_t h; u_t u; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); pkt.extract(hdr.u.x); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (hdr.h.a == 1) { hdr.h = {#}; }
        if (hdr.h.a == 2) { hdr.u = {#}; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.u); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
