// register_params.p4: front-end breadth probe written for this project
// (constructs p4c accepts): a register instance given for a constructor
// parameter of type register<bit<8>> (register<T, I> with the index type
// I left to inference), named or constructed in place, and a control
// given in place for a parameter of a control type (Outer(Inner()) o).
// TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { bit<8> n; }

parser Sub(packet_in pkt, out h_t h) {
    state start { pkt.extract(h); transition accept; }
}
parser SubT(packet_in pkt, out h_t h);
parser Wrap(packet_in pkt, out h_t h)(SubT sub) {
    state start { sub.apply(pkt, h); transition accept; }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Wrap(Sub()) w;
    state start { w.apply(pkt, hdr.h); transition accept; }
}

control Keep(inout h_t h)(register<bit<8>> r) {
    apply {
        bit<8> old;
        r.read(old, (bit<32>)h.a);
        r.write((bit<32>)h.a, h.b);
        h.b = old;
    }
}
control Inner(inout h_t h) { apply { h.a = h.a + 1; } }
control InnerT(inout h_t h);
control Outer(inout h_t h)(InnerT i) { apply { i.apply(h); } }

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<8>>(256) named;
    Keep(named) k1;
    Keep(register<bit<8>>(16)) k2;
    Outer(Inner()) o;
    apply {
        k1.apply(hdr.h);
        k2.apply(hdr.h);
        o.apply(hdr.h);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
