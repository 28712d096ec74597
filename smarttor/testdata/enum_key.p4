// enum_key.p4: a table keyed on a serializable enum field, with a
// ternary entry whose value and mask are of the enum's underlying type
// (as p4c accepts: a mask is no member of the enum).
#include <core.p4>
#include <v1model.p4>

enum bit<8> Kind { A = 1, B = 0x20 }
header h_t { Kind k; bit<8> v; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action set(bit<8> v) { hdr.h.v = v; }
    table t {
        key = { hdr.h.k : ternary; }
        actions = { set; }
        const default_action = set(0xee);
        const entries = {
            Kind.A                       : set(1);
            ((bit<8>)Kind.B) &&& 0xf0    : set(2);
        }
    }
    apply {
        std.egress_spec = 1;
        t.apply();
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
