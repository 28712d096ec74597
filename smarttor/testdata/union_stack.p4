// union_stack.p4: a stack of header unions: extract into stack.next.member
// (the element's other member invalid) and push_front (elements move
// member by member, the first becomes all invalid).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; }
header g_t { bit<16> b; }
header_union u_t { h_t x; g_t y; }
struct headers_t { h_t t; u_t[2] us; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.t);
        transition select(hdr.t.a) { 1: one; default: other; }
    }
    state one { pkt.extract(hdr.us.next.x); transition second; }
    state other { pkt.extract(hdr.us.next.y); transition second; }
    state second { pkt.extract(hdr.us.next.x); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (hdr.t.a == 2) { hdr.us.push_front(1); }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.t); pkt.emit(hdr.us); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
