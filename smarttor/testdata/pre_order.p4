// pre_order.p4: the order in which simple_switch acts on the end of
// ingress and egress: an I2E clone first, then resubmit (the original
// bytes again, even if marked to drop), then multicast (mcast_grp != 0
// wins over egress_spec and over a drop port set before it; mark_to_drop
// after it clears mcast_grp), then the drop port; in egress the E2E clone
// is made even when the original is dropped, and a dropped packet is not
// recirculated.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> inst; bit<8> port; bit<8> mark; }
struct headers_t { h_t h; }
struct meta_t { @field_list(1) bit<8> f; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        bool first = std.instance_type == 0;
        if (first) { hdr.h.mark = 0x11; }
        if (hdr.h.op == 1) {
            mark_to_drop(std);
            std.mcast_grp = 1;
        } else if (hdr.h.op == 2) {
            std.mcast_grp = 1;
            mark_to_drop(std);
        } else if (hdr.h.op == 3 && first) {
            resubmit_preserving_field_list(1);
            mark_to_drop(std);
        } else if (hdr.h.op == 4) {
            std.mcast_grp = 1;
            std.egress_spec = 2;
        } else if (hdr.h.op == 6 && first) {
            clone(CloneType.I2E, 5);
            resubmit_preserving_field_list(1);
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.inst = (bit<8>)std.instance_type;
        hdr.h.port = (bit<8>)std.egress_port;
        if (hdr.h.op == 5 && std.instance_type == 0) {
            clone(CloneType.E2E, 5);
            mark_to_drop(std);
        } else if (hdr.h.op == 7 && std.instance_type == 0) {
            recirculate_preserving_field_list(1);
            mark_to_drop(std);
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
