// compare_list.p4: == and != between a struct and a list or struct
// expression ({1, 2}, (pair_t){p = 3, q = 4}) compare field by field.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> p; bit<8> q; bit<8> r; }
struct pair_t { bit<8> p; bit<8> q; }
struct headers_t { h_t h; }
struct meta_t { pair_t pr; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        meta.pr = { hdr.h.p, hdr.h.q };
        hdr.h.r = 0;
        if (meta.pr == { 1, 2 }) { hdr.h.r = 1; }
        if ((pair_t){ p = 3, q = 4 } != meta.pr) { hdr.h.r = hdr.h.r | 2; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
