// ctor_block.p4: controls given to other controls as constructor
// arguments of a control type, and a direct type invocation (Outer.apply
// without an instantiation). One Bump instance b is shared by everything
// it is given to, directly or through a constructor parameter of the
// parent: its register counts every application, across packets.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; }
struct headers_t { h_t h; }
struct meta_t { }

control CtlT(inout bit<8> x);

control Bump(inout bit<8> x) {
    register<bit<8>>(1) r;
    apply {
        bit<8> v;
        r.read(v, (bit<32>)0);
        v = v + 1;
        r.write((bit<32>)0, v);
        x = v;
    }
}
control Once(inout bit<8> x)(CtlT c) {
    apply { c.apply(x); }
}
control Via(inout bit<8> x)(CtlT c) {
    Once(c) inner;
    apply { inner.apply(x); }
}
control Outer(inout h_t h) {
    Bump() b;
    Once(b) o1;
    Once(b) o2;
    Via(b) v;
    apply {
        o1.apply(h.a);
        o2.apply(h.b);
        v.apply(h.c);
    }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        Outer.apply(hdr.h);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
