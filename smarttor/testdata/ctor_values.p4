// ctor_values.p4: constructor parameters of bool, plain enum and bit
// types read as per-instance constants in conditions, a table size and an
// action body.
#include <core.p4>
#include <v1model.p4>

enum Mode { Fast, Slow }
header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; h_t h2; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); pkt.extract(hdr.h2); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Sub(inout h_t h)(bool flag, Mode m, bit<32> n, bit<8> k) {
    action set(bit<8> v) { h.b = v + k; }
    table t { key = { h.a : exact; } actions = { set; NoAction; } size = n; const entries = { 1 : set(5); } default_action = NoAction(); }
    apply {
        if (flag && m == Mode.Fast) { t.apply(); } else { h.b = k; }
    }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Sub(true, Mode.Fast, 128, 1) s1;
    Sub(true, Mode.Slow, 64, 2) s2;
    apply { s1.apply(hdr.h); s2.apply(hdr.h2); std.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
