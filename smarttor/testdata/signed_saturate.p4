// signed_saturate.p4: saturating addition and subtraction on int<8>
// saturate at -128 and 127 (P4_16 spec 8.6), not as unsigned.
#include <core.p4>
#include <v1model.p4>

header h_t { int<8> s; int<8> add; int<8> sub; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.add = hdr.h.s |+| 8s100;
        hdr.h.sub = hdr.h.s |-| 8s100;
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
