// wide.p4: 128-bit values beyond keys: bitwise operators, equality,
// slices read across the 64-bit word boundary, casts between 128-bit and
// narrower values. (Slice assignment: wide_slice.p4; header equality:
// header_eq.p4.)
#include <core.p4>
#include <v1model.p4>

header w_t { bit<128> a; bit<128> b; }
header o_t { bit<128> and_; bit<128> or_; bit<128> xor_; bit<128> not_; bit<128> set; bit<32> mid; bit<64> lo; bit<8> eq; }
struct headers_t { w_t w; w_t w2; o_t o; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.w); pkt.extract(hdr.w2); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.o.setValid();
        hdr.o.and_ = hdr.w.a & hdr.w.b;
        hdr.o.or_ = hdr.w.a | hdr.w.b;
        hdr.o.xor_ = hdr.w.a ^ hdr.w.b;
        hdr.o.not_ = ~hdr.w.a;
        hdr.o.set = hdr.w.a;
        hdr.o.mid = hdr.w.a[79:48];
        hdr.o.lo = (bit<64>)hdr.w.b;
        hdr.o.eq = 0;
        if (hdr.w.a == hdr.w.b) { hdr.o.eq = hdr.o.eq | 1; }
        if (hdr.w.a != 128w0) { hdr.o.eq = hdr.o.eq | 2; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
