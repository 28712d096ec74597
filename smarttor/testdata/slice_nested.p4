// slice_nested.p4: assignment to a slice of a slice, x[h1:l1][h2:l2] = v,
// sets bits [l1+h2:l1+l2] of x; reading one gives the same bits.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<16> x; bit<8> r; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.h.r = (bit<8>)hdr.h.x[11:4][5:2];
        hdr.h.x[11:4][5:2] = 4w0;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
