// eval_order_select.p4: the keys of a select are evaluated left to
// right: the first key is read before the second, a call, writes it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { }

bit<8> bump(inout bit<8> v) {
    v = v + 1;
    return v;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        transition select(hdr.h.a, bump(hdr.h.a)) {
            (5, 6): five;
            (6, 6): six;
            default: accept;
        }
    }
    state five { hdr.h.b = 0x55; transition accept; }
    state six { hdr.h.b = 0x66; transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
