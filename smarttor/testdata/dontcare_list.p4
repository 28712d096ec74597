// dontcare_list.p4: _ as the out argument of a function (its value is
// dropped, its other effects happen) and of register.read; a list of
// headers assigned to a header stack, element by element.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; }
struct headers_t { h_t h; h_t[2] hs; }
struct meta_t { bit<8> seen; }

bit<8> twice(out bit<8> o, inout bit<8> acc) { o = acc; acc = acc + acc; return acc; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<8>>(2) r;
    apply {
        std.egress_spec = 1;
        bit<8> acc = hdr.h.a;
        bit<8> res = twice(_, acc);
        r.read(_, 0);
        h_t second = { res };
        hdr.hs = { hdr.h, second };
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.hs); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
