// legacy_std.p4: standard_metadata.drop and recirculate_port, fields of
// older v1model.p4 files, can be written and read; as in simple_switch,
// setting drop does not drop the packet (mark_to_drop does).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> v; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 2;
        std.drop = 1;
        std.recirculate_port = 7;
        hdr.h.v = (bit<8>)std.drop + (bit<8>)std.recirculate_port;
        if (hdr.h.op == 1) {
            mark_to_drop(std);
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
