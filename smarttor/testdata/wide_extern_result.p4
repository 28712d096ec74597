// wide_extern_result.p4: hash and random into results wider than 64 bits
// (zero-extended), with wide bounds and a wide base and max.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<16> x; bit<128> hsh; bit<128> rnd; bit<72> hsh2; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hash(hdr.h.hsh, HashAlgorithm.identity, 16w0, { hdr.h.x }, 32w65536);
        random(hdr.h.rnd, 128w7, 128w7);
        hash(hdr.h.hsh2, HashAlgorithm.identity, 72w0x100, { hdr.h.x }, 72w0x10);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
