// verify_value.p4: verify with an error held in a variable (chosen at run
// time) rather than a constant.
#include <core.p4>
#include <v1model.p4>

error { BadA, BadB }
header a_t { bit<8> k; bit<8> v; }
struct headers_t { a_t a; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.a);
        error e = error.BadA;
        if (hdr.a.k == 2) { e = error.BadB; }
        verify(hdr.a.k == 0, e);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (std.parser_error == error.BadA) { hdr.a.v = 1; }
        else if (std.parser_error == error.BadB) { hdr.a.v = 2; }
        else if (std.parser_error == error.NoError) { hdr.a.v = 0; }
        else { hdr.a.v = 0xff; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.a); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
