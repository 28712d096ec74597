// dyn_index.p4: header stack elements indexed by a run-time value, read,
// written and passed inout (P4_16 spec 8.18: an index out of range is
// undefined; here a write does nothing and a read gives 0).
#include <core.p4>
#include <v1model.p4>

header i_t { bit<8> w; bit<8> r; bit<8> got; bit<8> inv; bit<8> valid; }
header e_t { bit<8> v; }
struct headers_t { i_t i; e_t[3] s; }
struct meta_t { }

void bump(inout bit<8> v) { v = v + 0x10; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.i);
        pkt.extract(hdr.s.next);
        pkt.extract(hdr.s.next);
        pkt.extract(hdr.s.next);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.s[hdr.i.w].v = 0xee;
        hdr.i.got = hdr.s[hdr.i.r].v + 1;
        bump(hdr.s[hdr.i.w].v);
        hdr.s[hdr.i.inv].setInvalid();
        hdr.i.valid = 0;
        if (hdr.s[hdr.i.r].isValid()) { hdr.i.valid = 1; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.s); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
