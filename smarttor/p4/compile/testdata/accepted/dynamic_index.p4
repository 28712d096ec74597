// dynamic_index.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; }
header v_t { bit<8> len; varbit<32> d; }
header_union u_t { h_t x; v_t y; }
struct headers_t { h_t h; h_t[3] hs; u_t u; u_t[2] us; }
struct meta_t { bit<8> i; bit<8> j; headers_t copy; }

bool valid(in h_t h) { return h.isValid(); }
void mk(out h_t h, in bit<8> v) { h.setValid(); h.a = v; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        transition select(pkt.lookahead<h_t>().a) { 0: accept; default: get; }
    }
    state get { pkt.extract(hdr.h); pkt.extract(hdr.u.y, 8); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action seta(inout h_t h, bit<8> v) { h.a = v; }
    table t { key = { hdr.h.a : exact; } actions = { seta(hdr.h); } }
    apply {
        t.apply();
        if (valid(hdr.h)) { mk(hdr.hs[0], 3); }
        meta.i = hdr.h.a & 1;
        meta.j = hdr.h.a >> 1 & 1;
        hdr.hs[meta.i].setValid();
        hdr.hs[meta.j] = hdr.h;
        hdr.hs[meta.i].a = hdr.hs[meta.i].a + hdr.hs[meta.j].a;
        hdr.u.x = hdr.h;
        meta.copy = hdr;
        hdr = meta.copy;
        hdr.us[meta.i].x.setValid();
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
