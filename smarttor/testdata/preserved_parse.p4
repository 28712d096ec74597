// preserved_parse.p4: the fields a resubmit or recirculate preserves are
// in place when the parser runs again (simple_switch copies them before
// the packet re-enters), so the parser can branch on them; a preserved
// field the parser writes keeps the parser's value.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> path; bit<8> seen; bit<8> inst; }
struct headers_t { h_t h; }
struct meta_t { @field_list(1) bit<8> mark; @field_list(1) bit<8> byparser; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        hdr.h.seen = meta.byparser;
        transition select(meta.mark) { 7: marked; default: accept; }
    }
    state marked {
        hdr.h.path = 0x77;
        meta.byparser = 0x42;
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.h.inst = (bit<8>)std.instance_type;
        if (std.instance_type == 0) {
            meta.mark = 7;
            meta.byparser = 0x99;
            if (hdr.h.op == 1) { resubmit_preserving_field_list(1); }
        } else {
            hdr.h.seen = hdr.h.seen ^ meta.byparser;
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        if (hdr.h.op == 2 && std.instance_type == 0) {
            meta.mark = 7;
            meta.byparser = 0x99;
            recirculate_preserving_field_list(1);
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
