// ctor_values.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

enum Mode { Fast, Slow }
header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { bit<8> n; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Sub(inout h_t h)(bool flag, Mode m, bit<32> n, bit<8> k) {
    action set(bit<8> v) { h.b = v + k; }
    table t { key = { h.a : exact; } actions = { set; } size = n; }
    apply {
        if (flag && m == Mode.Fast) { t.apply(); } else { h.b = k; }
    }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Sub(true, Mode.Fast, 128, 1) s1;
    Sub(false, Mode.Slow, 64, 2) s2;
    apply { s1.apply(hdr.h); s2.apply(hdr.h); std.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
