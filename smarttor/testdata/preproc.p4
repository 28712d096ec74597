// preproc.p4: the preprocessor end to end: #include of a "file" (twice,
// the second emptied by its include guard) and of <core.p4>/<v1model.p4>,
// object-like and function-like #define, #if/#ifdef/#ifndef/#elif/#else/
// #endif, #undef, and __LINE__. Each branch taken sets a bit of flags.
#include <core.p4>
#include <v1model.p4>
#include "preproc_defs.h"
#include "preproc_defs.h"

#define LEVEL 2
#define GONE 1
#undef GONE

#if LEVEL == 1
const bit<8> F_IF = 0x80;
#elif LEVEL == 2
const bit<8> F_IF = 0x01;
#else
const bit<8> F_IF = 0x40;
#endif
#ifdef GONE
const bit<8> F_DEF = 0x20;
#else
const bit<8> F_DEF = 0x02;
#endif
#ifndef GONE
const bit<8> F_NDEF = 0x04;
#endif
#if defined(OUT_PORT) && !defined(GONE) && ADD(1, 2) == 3
const bit<8> F_EXPR = 0x08;
#else
const bit<8> F_EXPR = 0x00;
#endif

struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.sum = ADD(hdr.h.a, hdr.h.b);
        hdr.h.flags = F_IF | F_DEF | F_NDEF | F_EXPR;
        hdr.h.line = __LINE__;
        std.egress_spec = OUT_PORT;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
