// hdr_padding.p4: a header whose fields do not fill whole bytes (13 bits)
// takes two bytes of the packet, as p4c's BMv2 back end pads it with a
// trailing _padding field: the three padding bits are extracted and
// emitted back unchanged, and the next header starts on the next byte.
#include <core.p4>
#include <v1model.p4>

header odd_t { bit<8> a; bit<4> b; bit<1> c; }
header next_t { bit<8> x; }
struct headers_t { odd_t odd; next_t nxt; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.odd);
        pkt.extract(hdr.nxt);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.odd.a = hdr.odd.a + 1;
        hdr.odd.b = 0xf;
        hdr.odd.c = ~hdr.odd.c;
        hdr.nxt.x = hdr.nxt.x + 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
