// defaults_const.p4: a struct constant assigned to a variable, a struct
// initializer {x = 3, ...} (the other fields take their default, 0) and
// for-in over a header stack (each element in turn).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
header r_t { bit<8> sum; bit<8> kxy; bit<8> dy; bit<8> dx; }
struct pair_t { bit<8> x; bit<8> y; }
const pair_t K = { x = 7, y = 9 };
struct headers_t { h_t[2] hs; r_t r; }
struct meta_t { pair_t p; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.hs[0]); pkt.extract(hdr.hs[1]); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.r.setValid();
        hdr.r.sum = 0;
        for (h_t h in hdr.hs) { hdr.r.sum = hdr.r.sum + h.a; }
        meta.p = K;
        hdr.r.kxy = meta.p.x + meta.p.y;
        meta.p = { x = 3, ... };
        hdr.r.dy = meta.p.y;
        hdr.r.dx = meta.p.x;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.hs); pkt.emit(hdr.r); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
