// parser_errors.p4: parser errors not raised elsewhere, each reaching
// ingress in standard_metadata.parser_error with the headers extracted
// before it: error.NoMatch from a select without a matching case or
// default, error.StackOutOfBounds from extract(stack.next) on a full
// stack, error.PacketTooShort from a lookahead past the end.
#include <core.p4>
#include <v1model.p4>

header r_t { bit<8> err; }
header t_t { bit<8> kind; }
header e_t { bit<8> v; }
struct headers_t { r_t r; t_t t; e_t[2] st; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.t);
        transition select(hdr.t.kind) { 1: stack; 2: look; 3: accept; }
    }
    state stack {
        pkt.extract(hdr.st.next);
        transition select(hdr.st.last.v) { 0: accept; default: stack; }
    }
    state look {
        bit<16> x = pkt.lookahead<bit<16>>();
        transition select(x) { 0: accept; default: reject; }
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.r.setValid();
        if (std.parser_error == error.NoError) {
            hdr.r.err = 0;
        } else if (std.parser_error == error.NoMatch) {
            hdr.r.err = 1;
        } else if (std.parser_error == error.StackOutOfBounds) {
            hdr.r.err = 2;
        } else if (std.parser_error == error.PacketTooShort) {
            hdr.r.err = 3;
        } else {
            hdr.r.err = 0xff;
        }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
