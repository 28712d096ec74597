// nested_drop.p4: mark_to_drop(std) in a nested control, std passed
// inout, drops the packet (minimal reproduction).
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> x; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Drop(inout standard_metadata_t std) { apply { mark_to_drop(std); } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Drop() d;
    apply { std.egress_spec = 2; d.apply(std); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
