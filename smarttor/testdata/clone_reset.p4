// clone_reset.p4: what a clone keeps in simple_switch. An I2E clone is
// parsed again, then all its metadata is reset (user metadata the parser
// wrote included) while its headers and header stack indexes stay; an E2E
// clone copies the headers and the stacks' next indexes, with its
// metadata reset.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> pm; bit<8> li; }
header e_t { bit<8> v; }
struct headers_t { h_t h; e_t[3] s; }
struct meta_t { bit<8> pm; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        meta.pm = 0x77;
        pkt.extract(hdr.s.next);
        pkt.extract(hdr.s.next);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (hdr.h.op == 1) { clone(CloneType.I2E, 5); }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.pm = meta.pm;
        hdr.h.li = (bit<8>)hdr.s.lastIndex;
        if (hdr.h.op == 2 && std.instance_type == 0) { clone(CloneType.E2E, 5); }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); pkt.emit(hdr.s); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
