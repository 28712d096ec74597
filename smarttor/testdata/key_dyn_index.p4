// key_dyn_index.p4: a table key with a run-time header stack index,
// h.s[h.i.idx].a, is read into a temporary before the lookup.
#include <core.p4>
#include <v1model.p4>

header e_t { bit<8> a; }
header i_t { bit<8> idx; bit<8> res; }
struct headers_t { e_t[2] s; i_t i; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.s[0]); pkt.extract(hdr.s[1]); pkt.extract(hdr.i); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action set(bit<8> v) { hdr.i.res = v; }
    table t {
        key = { hdr.s[hdr.i.idx].a : exact; }
        actions = { set; NoAction; }
        const entries = {
            0xAA : set(1);
            0xBB : set(2);
        }
        default_action = NoAction();
    }
    apply { std.egress_spec = 1; t.apply(); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.s); pkt.emit(hdr.i); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
