// list_alias.p4: a list expression assigned to a struct, header or stack
// that it reads is evaluated whole before the destination is written
// (p = {p.y, p.x} swaps), nested lists and {x = ..., y = ...} included.
#include <core.p4>
#include <v1model.p4>

header e_t { bit<8> v; }
header h_t { bit<8> x; bit<8> y; }
struct in_t { bit<8> a; bit<8> b; }
struct out_t { in_t i; bit<8> c; }
struct headers_t { e_t[2] s; h_t h; h_t k; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.s.next);
        pkt.extract(hdr.s.next);
        pkt.extract(hdr.h);
        pkt.extract(hdr.k);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.s = { hdr.s[1], hdr.s[0] };
        out_t o = { { hdr.h.x, hdr.h.y }, 0x70 };
        o = { { o.i.b, o.c }, o.i.a };
        hdr.h = { o.i.a, o.i.b + o.c };
        hdr.k = { y = hdr.k.x, x = hdr.k.y };
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
