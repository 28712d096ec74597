// lang.p4: language features: constants and constant expressions,
// typedef and type, custom errors, struct and header initializers (by
// position and by name), bool metadata, tuple select with a constant
// keyset, header-level equality-free copies through a local variable,
// @defaultonly actions, a table with only a default action.
#include <core.p4>
#include <v1model.p4>

const bit<8> BASE = 0x10;
const bit<8> DERIVED = BASE * 2 + 1;     // 0x21
typedef bit<16> port16_t;
type bit<8> tag_t;
error { BadTag }

header h_t { bit<8> a; bit<8> b; port16_t p; bit<8> r; bit<8> err; }
struct pair_t { bit<8> x; bit<8> y; }
struct headers_t { h_t h; }
struct meta_t { bool flag; pair_t pr; tag_t tag; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        verify(hdr.h.a != 0xff, error.BadTag);
        transition select(hdr.h.a, hdr.h.b) {
            (BASE, DERIVED): special;
            default: accept;
        }
    }
    state special { meta.flag = true; transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action bump() { hdr.h.r = hdr.h.r + 1; }
    @defaultonly action dflt() { hdr.h.r = hdr.h.r + 0x40; }
    table only_default {
        actions = { dflt; }
        default_action = dflt();
    }
    table t {
        key = { hdr.h.a : exact; }
        actions = { bump; @defaultonly dflt; }
        default_action = dflt();
    }
    apply {
        std.egress_spec = 1;
        meta.pr = { hdr.h.b, hdr.h.a };
        pair_t named = { x = 2, y = 1 };   // out of order: see named_init.p4
        hdr.h.r = meta.pr.x + named.x;          // b + 2
        if (meta.flag) { hdr.h.r = hdr.h.r | 0x80; }
        meta.tag = (tag_t)hdr.h.a;
        if ((bit<8>)meta.tag == DERIVED) { hdr.h.p = (port16_t)0xd0d0; }
        hdr.h.err = 0;
        if (std.parser_error == error.BadTag) { hdr.h.err = 1; }
        only_default.apply();
        t.apply();
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
