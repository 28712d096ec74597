// extern_ctor_arg.p4: extern instances (a register and a counter) passed
// as constructor arguments of a control, directly and on through a
// nested control; both controls use the one register.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> x; bit<8> y; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control Acc(inout bit<8> v)(register<bit<8>, bit<32>> r, counter<bit<32>> c) {
    apply {
        bit<8> old;
        r.read(old, 0);
        r.write(0, old + v);
        v = old;
        c.count(1);
    }
}
control Twice(inout bit<8> v)(register<bit<8>, bit<32>> r2, counter<bit<32>> c2) {
    Acc(r2, c2) inner;
    apply { inner.apply(v); }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<8>, bit<32>>(1) reg;
    counter<bit<32>>(4, CounterType.packets) cnt;
    Acc(reg, cnt) acc;
    Twice(reg, cnt) tw;
    apply { std.egress_spec = 1; acc.apply(hdr.h.x); tw.apply(hdr.h.y); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
