/* varbit.p4: a TLV whose value is a varbit sized from the length byte. */
#include <core.p4>
#include <v1model.p4>

header eth_h { bit<48> dst; bit<48> src; bit<16> type; }
header tlv_h { bit<8> t; bit<8> l; varbit<64> v; }
struct headers_t { eth_h eth; tlv_h tlv; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.eth);
        bit<8> l = pkt.lookahead<bit<16>>()[7:0];
        pkt.extract(hdr.tlv, (bit<32>)l * 8);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (std.parser_error == error.HeaderTooShort) {
            std.egress_spec = 2;
        }
        if (hdr.tlv.t == 9) {
            hdr.tlv.t = 10;
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.eth); pkt.emit(hdr.tlv); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
