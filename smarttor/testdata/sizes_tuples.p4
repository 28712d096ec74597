// sizes_tuples.p4: minSizeInBits/minSizeInBytes/maxSizeInBytes of
// headers (compile-time integers; a varbit counts 0 at least and its
// maximum at most) and constant indexes into a tuple.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<16> b; }
header v_t { bit<8> l; varbit<32> d; }
header r_t { bit<8> x; bit<8> y; bit<8> z; bit<8> w; }
struct headers_t { h_t h; r_t r; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        v_t v;
        std.egress_spec = 1;
        hdr.r.setValid();
        hdr.r.x = (bit<8>)hdr.h.minSizeInBits();
        hdr.r.y = (bit<8>)v.maxSizeInBytes();
        hdr.r.z = (bit<8>)v.minSizeInBytes();
        tuple<bit<8>, bit<8>> t = { hdr.h.a, 7 };
        hdr.r.w = t[0] + t[1];
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.r); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
