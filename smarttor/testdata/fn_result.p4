// fn_result.p4: functions returning a header or a struct; the result is
// copied to the assigned variable (fields and validity).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct pair_t { bit<8> x; bit<8> y; }
struct headers_t { h_t h; h_t made; }
struct meta_t { }

h_t make(in bit<8> v) {
    if (v == 1) {
        return { 8w0x11, 8w0x12 };
    }
    h_t r = { v, v + 1 };
    return r;
}
pair_t swap(in pair_t p) { return { p.y, p.x }; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.made = make(hdr.h.a);
        pair_t p = swap({ hdr.h.a, hdr.h.b });
        hdr.h.a = p.x;
        hdr.h.b = p.y;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.made); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
