// parser2.p4: advance, a field of a lookahead header, select on a
// lookahead value and on a parser local variable, packet_length and
// ingress_port in ingress, egress_spec left at 0 (port 0), egress
// exit.
#include <core.p4>
#include <v1model.p4>

header pre_t { bit<8> kind; bit<8> skip; }
header body_t { bit<8> b0; bit<8> b1; }
header out_t { bit<8> kind; bit<32> len; bit<16> inport; bit<8> local; }
struct headers_t { out_t o; pre_t pre; body_t body; }
struct meta_t { bit<8> local; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    bit<8> counter = 0;
    state start {
        counter = pkt.lookahead<pre_t>().skip + 1;
        transition select(pkt.lookahead<bit<8>>()) {
            0x01: skip_two;
            default: plain;
        }
    }
    state skip_two {
        pkt.extract(hdr.pre);
        pkt.advance(16);
        transition select(counter) {
            8w3: body;
            default: accept;
        }
    }
    state plain {
        pkt.extract(hdr.pre);
        transition body;
    }
    state body {
        meta.local = counter;
        pkt.extract(hdr.body);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.o.setValid();
        hdr.o.kind = hdr.pre.kind;
        hdr.o.len = std.packet_length;
        hdr.o.inport = (bit<16>)std.ingress_port;
        hdr.o.local = meta.local;
        if (hdr.pre.kind == 2) {
            std.egress_spec = std.ingress_port;
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        if (hdr.pre.kind == 3) { exit; }
        hdr.o.kind = hdr.o.kind | 0x80;
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.o); pkt.emit(hdr.pre); pkt.emit(hdr.body); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
