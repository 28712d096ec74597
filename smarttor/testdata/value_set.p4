// value_set.p4: a parser value_set (one bit<16> field) selecting a
// state, filled from the control plane (pvs_add/pvs_remove/pvs_clear);
// an empty set matches nothing.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<16> typ; bit<8> path; }
struct headers_t { h_t h; }
struct meta_t { bit<8> path; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    value_set<bit<16>>(4) special;
    state start {
        pkt.extract(hdr.h);
        transition select(hdr.h.typ) {
            special: in_set;
            default: accept;
        }
    }
    state in_set { meta.path = 1; transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; hdr.h.path = meta.path; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
