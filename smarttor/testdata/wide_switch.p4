// wide_switch.p4: a switch statement on a 128-bit value, with labels
// given as untyped and as typed constants.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<128> k; bit<8> r; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        switch (hdr.h.k) {
            1: { hdr.h.r = 1; }
            0x10000000000000000: { hdr.h.r = 2; }
            128w0xffffffffffffffffffffffffffffffff: { hdr.h.r = 3; }
            default: { hdr.h.r = 4; }
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
