// enum_cast_key.p4: integer constants cast to a serializable enum that
// are no member of it ((E8)3, (E8)0xF) are compile-time constants: a
// select case and a masked table entry on an enum key.
#include <core.p4>
#include <v1model.p4>

enum bit<8> E8 { A = 1, B = 2 }
header h_t { E8 e; bit<8> r; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        transition select(hdr.h.e) { (E8)3: three; default: accept; }
    }
    state three { hdr.h.r = 0x33; transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action set(bit<8> v) { hdr.h.r = v; }
    table t {
        key = { hdr.h.e : ternary; }
        actions = { set; NoAction; }
        const entries = { (E8)5 &&& (E8)0xF : set(0x55); }
        default_action = NoAction();
    }
    apply { std.egress_spec = 1; t.apply(); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
