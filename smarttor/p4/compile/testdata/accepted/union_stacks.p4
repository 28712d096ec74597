// union_stacks.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bool f; bit<7> pad; int<16> s; }
typedef h_t[2] hs_t;
header_union u_t { h_t x; h_t y; }
struct headers_t { h_t h; hs_t hs; u_t[2] us; }
struct meta_t { bit<8> x; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        pkt.extract(hdr.us[0].x);
        pkt.extract(hdr.us.next.y);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        if (hdr.h.f && hdr.h.s < -5) { hdr.h.s = hdr.h.s + 16s7; }
        hdr.h.s = hdr.h.s >> 2;
        if (hdr.us[1].y.isValid()) { hdr.us[1].x = hdr.us[1].y; }
        hdr.us.push_front(1);
        hdr.hs[0] = hdr.h;
        hdr.hs[0].f = !hdr.h.f;
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
