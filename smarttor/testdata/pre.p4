// pre.p4: multicast through the packet replication engine (mc_* STF
// commands), egress_rid and egress_port seen in egress, mark_to_drop in
// ingress and in egress, I2E and E2E clones (mirroring_add) with their
// instance_type.
#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  op;      // 1 multicast, 2 drop, 3 clone I2E, 4 clone E2E
    bit<16> arg;
    bit<8>  inst;    // written by egress: instance_type
    bit<16> rid;     // egress_rid
    bit<16> port;    // egress_port
}
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (hdr.h.op == 1 || hdr.h.op == 5) {
            std.mcast_grp = hdr.h.arg;
        } else if (hdr.h.op == 2) {
            mark_to_drop(std);
        } else if (hdr.h.op == 3) {
            clone(CloneType.I2E, (bit<32>)hdr.h.arg);
        }
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.inst = (bit<8>)std.instance_type;
        hdr.h.rid = std.egress_rid;
        hdr.h.port = (bit<16>)std.egress_port;
        if (hdr.h.op == 4 && std.instance_type == 0) {
            clone(CloneType.E2E, (bit<32>)hdr.h.arg);
        }
        if (hdr.h.op == 5 && std.egress_port == 3) {
            mark_to_drop(std);
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
