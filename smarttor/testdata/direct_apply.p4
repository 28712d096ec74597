// direct_apply.p4: direct type invocation (Sub.apply(...) in a parser state,
// Inc.apply(...), Inc2.apply(...) in a control) applies an instance named
// after the type.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { }
parser Sub(packet_in pkt, out h_t h) { state start { pkt.extract(h); transition accept; } }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { Sub.apply(pkt, hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Inc(inout h_t h) {
    counter(4, CounterType.packets) hits;
    action bump() { h.b = h.b + 1; hits.count(0); }
    table t { actions = { bump; } default_action = bump(); }
    apply { t.apply(); }
}
control Inc2(inout h_t h) { apply { h.b = h.b + 1; } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; Inc.apply(hdr.h); Inc2.apply(hdr.h); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
