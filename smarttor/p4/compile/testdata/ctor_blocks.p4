/* ctor_blocks.p4: a control applied only through a constructor parameter
 * of a control type (in1, given to Via) is in P4Info, one never applied
 * (in2) is not; Outer is applied by direct invocation, an instance named
 * like its type inside the caller (I.Outer). */
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; }
struct headers_t { h_t h; }
struct meta_t { }

control CtlT(inout bit<8> x);
control Inner(inout bit<8> x) {
    action set(bit<8> v) { x = v; }
    table t {
        key = { x : exact; }
        actions = { set; NoAction; }
        default_action = NoAction();
    }
    apply { t.apply(); }
}
control Via(inout bit<8> x)(CtlT c) {
    apply { c.apply(x); }
}
control Outer(inout bit<8> x) {
    Inner() in1;
    Via(in1) v;
    Inner() in2;
    apply { v.apply(x); }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { Outer.apply(hdr.h.a); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
