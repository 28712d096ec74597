// nested_ctor.p4: constructor calls as constructor arguments, C2(C1()) c2
// and Keep(register<bit<8>>(4)) k: each runs as an instance of its own.
// C1 adds a to b; C2 applies it, then doubles b; Keep stores b in a
// register cell indexed by a's low 2 bits and writes the previous value
// of that cell into c.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<8> b; bit<8> c; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Ct(inout h_t h);
control C1(inout h_t h) {
    action add() { h.b = h.b + h.a; }
    table t { actions = { add; } default_action = add(); }
    apply { t.apply(); }
}
control C2(inout h_t h)(Ct inner) {
    apply { inner.apply(h); h.b = h.b << 1; }
}
control Keep(inout h_t h)(register<bit<8>> r) {
    apply {
        bit<8> prev;
        r.read(prev, (bit<32>)h.a[1:0]);
        r.write((bit<32>)h.a[1:0], h.b);
        h.c = prev;
    }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    C2(C1()) c2;
    Keep(register<bit<8>>(4)) k;
    apply { std.egress_spec = 1; c2.apply(hdr.h); k.apply(hdr.h); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
