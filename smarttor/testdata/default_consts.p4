// default_consts.p4: default values in constants and arguments: const
// K = {7, ...} and K2 = {y = true, ...} are compile-time constants whose
// other fields are 0, false and the first enum member; inc(..., ...) passes
// the default values 0 and {0, false, A}.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<8> b; bit<8> c; }
enum E { A, B }
struct s_t { bit<8> x; bool y; E e; }
const s_t K = { 7, ... };
const s_t K2 = { y = true, ... };
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
bit<8> inc(in bit<8> v, in s_t s) { return v + s.x + 1; }
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.a = inc(..., ...);
        hdr.h.b = K.x + (K.y ? 8w1 : 8w2) + (K2.y ? 8w4 : 8w8) + (K.e == E.A ? 8w16 : 8w32);
        std.egress_spec = 1;
    }
}
control E2(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E2(), C(), D()) main;
