// header_struct.p4: a header with a struct field (a struct of fixed-width
// fields, nested once more): extract, member reads and writes, a struct
// copied out of and into a header, emit.
#include <core.p4>
#include <v1model.p4>

struct inner_t { bit<8> x; }
struct pair_t { bit<4> hi; bit<4> lo; inner_t q; }
header in_t { bit<8> tag; pair_t p; }
header out_t { pair_t copy; }
struct headers_t { in_t h; out_t o; }
struct meta_t { pair_t p; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        meta.p = hdr.h.p;
        hdr.h.p.lo = hdr.h.p.hi;
        hdr.h.p.q.x = meta.p.q.x + 1;
        hdr.o.setValid();
        hdr.o.copy = meta.p;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
