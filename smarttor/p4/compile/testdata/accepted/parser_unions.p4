// parser_unions.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
header v_t { varbit<64> data; }
header_union u_t { h_t x; v_t y; }
struct vs_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; h_t[3] hs; v_t v; v_t v2; u_t u; }
struct meta_t { bit<8> n; }

parser Inner(packet_in pkt, inout headers_t hdr, in bit<8> limit) {
    state start {
        transition select(limit) { 0: accept; default: more; }
    }
    state more { pkt.extract(hdr.hs[1]); transition accept; }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    value_set<vs_t>(4) pairs;
    Inner() inner;
    h_t tmp;
    state start {
        pkt.extract(tmp);
        hdr.h = tmp;
        meta.n = tmp.a;
        transition select(tmp.a, tmp.b) {
            pairs: accept;
            (1, 1): with_var;
            (2, _): with_union;
            (3, 3): sub;
            (4, 4): reject;
            default: stacks;
        }
    }
    state with_var {
        pkt.extract(hdr.v, (bit<32>)((hdr.h.b - 1) * 8));
        hdr.v2 = hdr.v;
        transition accept;
    }
    state with_union { pkt.extract(hdr.u.x); transition accept; }
    state sub { inner.apply(pkt, hdr, meta.n); transition accept; }
    state stacks {
        pkt.extract(hdr.hs[0]);
        transition select(hdr.hs[0].a) {
            0: accept;
            default: stacks2;
        }
    }
    state stacks2 { pkt.extract(hdr.hs.next); transition select(hdr.hs.lastIndex) { 2: accept; default: stacks2; } }
}
control VC(inout headers_t hdr, inout meta_t meta) {
    apply {
        verify_checksum_with_payload(hdr.h.isValid(), { hdr.h.a }, hdr.h.b, HashAlgorithm.csum16);
    }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    bit<8> local = 3;
    action a(in bit<8> v) { hdr.h.a = v + local; }
    action b() { a(1); exit; }
    table t { key = { hdr.h.a : exact; } actions = { b; } }
    apply {
        a(hdr.h.b);
        t.apply();
        bit<16> r;
        random<bit<16>>(r, 0, 100);
        hash(r, HashAlgorithm.identity, 16w0, { hdr.h.a }, 16w0);
        hash(r, HashAlgorithm.xor16, 16w0, { hdr.h.a, hdr.h.b }, 16w0);
        resubmit_preserving_field_list(0);
        recirculate_preserving_field_list(1);
        clone(CloneType.E2E, 5);
        if (hdr.u.isValid()) { hdr.u.y.setValid(); }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) {
    apply { update_checksum_with_payload(true, { hdr.h.a }, hdr.h.b, HashAlgorithm.csum16); }
}
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.u); pkt.emit(hdr.v); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
