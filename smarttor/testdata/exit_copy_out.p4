// exit_copy_out.p4: after exit, the copy-out of inout parameters of the
// enclosing control and action and of all their callers is still done
// (P4_16 spec, exit statement; p4-spec PR #823).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> a; bit<8> b; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Stop(inout bit<8> v) {
    apply { v = 0x5e; exit; }
}
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Stop() stop;
    action set_and_exit(inout bit<8> x) { x = 0xe1; exit; }
    apply {
        std.egress_spec = 1;
        if (hdr.h.k == 1) {
            stop.apply(hdr.h.a);
        } else {
            set_and_exit(hdr.h.b);
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
