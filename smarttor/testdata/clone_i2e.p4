// clone_i2e.p4: an I2E clone is the packet as it came in (re-parsed, so
// ingress's changes to headers are not in it), with only the preserved
// metadata field kept, at its value at the end of ingress; the clone is
// made even when ingress drops the original (mark_to_drop).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> v; bit<8> inst; bit<8> keep; bit<8> lost; }
struct headers_t { h_t h; }
struct meta_t { @field_list(1) bit<8> keep; bit<8> lost; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        clone_preserving_field_list(CloneType.I2E, 5, 1);
        hdr.h.v = 0x99;
        meta.keep = 0x55;
        meta.lost = 0x66;
        if (hdr.h.op == 2) {
            mark_to_drop(std);
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.inst = (bit<8>)std.instance_type;
        hdr.h.keep = meta.keep;
        hdr.h.lost = meta.lost;
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
