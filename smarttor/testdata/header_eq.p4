// header_eq.p4: == and != on whole headers (validity and every field).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
header r_t { bit<8> eq; }
struct headers_t { h_t x; h_t y; r_t r; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.x); pkt.extract(hdr.y); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.r.setValid();
        hdr.r.eq = 0;
        if (hdr.x == hdr.y) { hdr.r.eq = 1; }
        if (hdr.x != hdr.y) { hdr.r.eq = hdr.r.eq | 2; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.x); pkt.emit(hdr.y); pkt.emit(hdr.r); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
