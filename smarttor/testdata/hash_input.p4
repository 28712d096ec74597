// hash_input.p4: the bytes a hash is computed over, as BMv2 builds them
// (BufBuilder): the fields concatenated bit by bit, the last byte padded
// with zero bits at its end, and the fields of invalid headers left out.
// identity shows the bytes; csum16 of an odd number of bytes pads with a
// zero byte.
#include <core.p4>
#include <v1model.p4>

header a_t { bit<4> n; bit<8> b; bit<4> pad; }
header opt_t { bit<8> o; }
header out_t { bit<32> id12; bit<32> id_inv; bit<16> cs_odd; bit<32> id_mix; }
struct headers_t { a_t a; opt_t opt; out_t r; }
struct meta_t { bit<4> m; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.a);
        transition select(hdr.a.pad) { 1: opt; default: accept; }
    }
    state opt { pkt.extract(hdr.opt); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.r.setValid();
        meta.m = 0x5;
        // 12 bits n ++ b: two bytes, the last four bits zero.
        hash(hdr.r.id12, HashAlgorithm.identity, 32w0, { hdr.a.n, hdr.a.b }, 33w4294967296);
        // opt.o is left out while opt is invalid.
        hash(hdr.r.id_inv, HashAlgorithm.identity, 32w0, { hdr.a.b, hdr.opt.o, hdr.a.b }, 33w4294967296);
        // three bytes: b, o (or nothing), b.
        hash(hdr.r.cs_odd, HashAlgorithm.csum16, 16w0, { hdr.a.b, hdr.opt.o, hdr.a.b }, 17w65536);
        // a metadata field between header fields: n, m, b = 16 bits.
        hash(hdr.r.id_mix, HashAlgorithm.identity, 32w0, { hdr.a.n, meta.m, hdr.a.b }, 33w4294967296);
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
