// wide_concat.p4: concatenation wider than 64 bits (a 48-bit MAC and a
// 16-bit type and an 8-bit tag into a 72-bit field).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<48> mac; bit<16> typ; bit<8> tag; bit<72> cat; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.h.cat = hdr.h.mac ++ hdr.h.typ ++ hdr.h.tag;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
