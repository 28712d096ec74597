// slice_out.p4: slices of fields passed as out and inout arguments to
// actions and functions: copy-out writes back only the bits of the slice.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<16> b; }
struct headers_t { h_t h; }
struct meta_t { }

bit<4> twice(inout bit<4> x) {
    x = x + x;
    return x;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action bump(inout bit<4> x) { x = x + 1; }
    action put(out bit<8> y) { y = 0x5a; }
    apply {
        std.egress_spec = 1;
        bump(hdr.h.a[7:4]);
        put(hdr.h.b[11:4]);
        twice(hdr.h.a[3:0]);
        bump(hdr.h.b[15:8][3:0]);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
