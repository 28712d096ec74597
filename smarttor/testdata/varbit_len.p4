// varbit_len.p4: the length given to a two-argument extract must be a
// whole number of bytes (else error.ParserInvalidArgument, as BMv2) and
// at most the varbit's width (else error.HeaderTooShort); ingress reports
// the parser error in a header of its own.
#include <core.p4>
#include <v1model.p4>

header len_t { bit<8> n; }
header opt_t { varbit<16> v; }
header code_t { bit<8> code; }
struct headers_t { code_t c; len_t len; opt_t opt; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.len);
        pkt.extract(hdr.opt, (bit<32>)hdr.len.n);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.c.setValid();
        if (std.parser_error == error.NoError) {
            hdr.c.code = 0;
        } else if (std.parser_error == error.PacketTooShort) {
            hdr.c.code = 1;
        } else if (std.parser_error == error.HeaderTooShort) {
            hdr.c.code = 4;
        } else if (std.parser_error == error.ParserInvalidArgument) {
            hdr.c.code = 6;
        } else {
            hdr.c.code = 7;
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
