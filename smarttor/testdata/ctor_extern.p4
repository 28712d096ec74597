// ctor_extern.p4: an extern instance passed to nested controls as a
// constructor argument (through two levels): the nested controls count
// into the instance declared by the outer one.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Inner(inout h_t h)(counter c) {
    apply { c.count((bit<32>)h.a); }
}
control Outer(inout h_t h)(counter c) {
    Inner(c) inner;
    apply { c.count(0); inner.apply(h); }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    counter(4, CounterType.packets) hits;
    Outer(hits) outer;
    apply { std.egress_spec = 1; outer.apply(hdr.h); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
