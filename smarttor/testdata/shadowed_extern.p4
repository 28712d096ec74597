// shadowed_extern.p4: the checksum control is named verify_checksum, like
// v1model's extern function, and calls that function: the name is the
// control where a type is wanted and the function in a call.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<16> c; bit<8> err; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control verify_checksum(inout headers_t hdr, inout meta_t meta) {
    apply { verify_checksum(true, { hdr.h.a }, hdr.h.c, HashAlgorithm.csum16); }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; hdr.h.err = (bit<8>)std.checksum_error; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), verify_checksum(), I(), E(), C(), D()) main;
