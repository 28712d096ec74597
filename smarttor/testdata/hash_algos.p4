// hash_algos.p4: the hash() algorithms of v1model not used elsewhere:
// crc16_custom and crc32_custom (unconfigured: the crc16 and crc32
// parameters), xor16 (XOR of the 16-bit words), random (with max 1 the
// result is always base), and the base + (h % max) reduction on xor16.
#include <core.p4>
#include <v1model.p4>

header in_t { bit<16> a; bit<16> b; bit<16> c; }
header out_t { bit<16> crc16c; bit<32> crc32c; bit<16> x16; bit<16> x16mod; bit<16> rnd; }
struct headers_t { in_t i; out_t o; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.i); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.o.setValid();
        hash(hdr.o.crc16c, HashAlgorithm.crc16_custom, 16w0, { hdr.i.a, hdr.i.b, hdr.i.c }, 17w65536);
        hash(hdr.o.crc32c, HashAlgorithm.crc32_custom, 32w0, { hdr.i.a, hdr.i.b, hdr.i.c }, 33w4294967296);
        hash(hdr.o.x16, HashAlgorithm.xor16, 16w0, { hdr.i.a, hdr.i.b, hdr.i.c }, 17w65536);
        hash(hdr.o.x16mod, HashAlgorithm.xor16, 16w1000, { hdr.i.a, hdr.i.b, hdr.i.c }, 16w100);
        hash(hdr.o.rnd, HashAlgorithm.random, 16w0x1234, { hdr.i.a }, 16w1);
        std.egress_spec = 2;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
