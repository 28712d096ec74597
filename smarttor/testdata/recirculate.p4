// recirculate.p4: resubmit and recirculate with a preserved field list
// (@field_list), instance_type on each pass, and truncate; the pass
// counter in user metadata survives only where preserved.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> passes; bit<8> inst; bit<8> kept; bit<8> lost; }
struct headers_t { h_t h; }
struct meta_t {
    @field_list(1) bit<8> count;
    bit<8> other;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.h.inst = (bit<8>)std.instance_type;
        if (hdr.h.op == 1 && meta.count < 2) {
            // resubmit twice: the original packet again, count preserved
            meta.count = meta.count + 1;
            meta.other = 0x55;
            resubmit_preserving_field_list(1);
        }
        hdr.h.kept = meta.count;
        hdr.h.lost = meta.other;
        if (hdr.h.op == 3) {
            truncate(2);
        }
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        if (hdr.h.op == 2 && hdr.h.passes < 3) {
            // recirculate the deparsed packet (with passes + 1)
            hdr.h.passes = hdr.h.passes + 1;
            recirculate_preserving_field_list(1);
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
