// wide_entries.p4: const entries (ternary and exact-shaped) and a const
// default action with 128-bit keys and action arguments.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<128> k; bit<128> p; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action set(bit<128> p) { hdr.h.p = p; }
    table t {
        key = { hdr.h.k: ternary; }
        actions = { set; }
        const entries = {
            128w0x11112222333344445555666677778888 &&& 128w0xffffffffffffffff0000000000000000: set(128w0xaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb);
            128w0x00000000000000010000000000000002 : set(128w0x1);
        }
        const default_action = set(128w0xfedcba9876543210fedcba9876543210);
    }
    apply { std.egress_spec = 1; t.apply(); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
