// pkt_len.p4: standard_metadata.packet_length as simple_switch sets it:
// in ingress and egress the length of the packet as received (a header
// ingress inserts does not count in egress), and on a recirculated pass
// the length of the packet as deparsed.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<16> plen_i; bit<16> plen_e; bit<8> inst; }
header x_t { bit<16> v; }
struct headers_t { h_t h; x_t x; }
struct meta_t { @field_list(1) bit<8> f; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.plen_i = (bit<16>)std.packet_length;
        if (std.instance_type == 0) {
            hdr.x.setValid();
            hdr.x.v = 0xbeef;
        }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.plen_e = (bit<16>)std.packet_length;
        hdr.h.inst = (bit<8>)std.instance_type;
        if (hdr.h.op == 2 && std.instance_type == 0) {
            recirculate_preserving_field_list(1);
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.x); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
