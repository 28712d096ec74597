// wide_slice.p4: assignment to a slice of a 128-bit field across the
// 64-bit word boundary.
#include <core.p4>
#include <v1model.p4>

header w_t { bit<128> a; }
struct headers_t { w_t w; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.w); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.w.a[79:48] = 32w0xcafef00d;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.w); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
