// varbit.p4: IPv4 options as a varbit field sized from ihl, extracted
// with the two-argument extract and emitted back.
#include <core.p4>
#include <v1model.p4>

header ipv4_t {
    bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len;
    bit<32> rest1; bit<32> rest2; bit<32> src; bit<32> dst;
    varbit<320> options;
}
header len_t { bit<8> optlen; }
struct headers_t { ipv4_t ipv4; len_t l; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.ipv4, (bit<32>)(((bit<9>)pkt.lookahead<bit<8>>()[3:0] - 5) * 32));
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.l.setValid();
        hdr.l.optlen = (bit<8>)((hdr.ipv4.ihl - 5) * 4);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.l); pkt.emit(hdr.ipv4); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
