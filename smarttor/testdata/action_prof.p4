// action_prof.p4: tables with implementation = action_profile(N) and
// action_selector(...) (a selector key field); each STF add makes a
// member of the profile, as bmv2stf does; a miss runs the default action.
// Both tables share their actions; ap is shared by two tables.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> s; bit<8> r1; bit<8> r2; bit<8> r3; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action_profile(4) ap;
    action_selector(HashAlgorithm.crc16, 8, 16) as;
    action a1(bit<8> v) { hdr.h.r1 = v; }
    action a2(bit<8> v) { hdr.h.r2 = v; }
    action a3(bit<8> v, bit<9> port) { hdr.h.r3 = v; std.egress_spec = port; }
    table tp {
        key = { hdr.h.k : exact; }
        actions = { a1; a2; NoAction; }
        implementation = ap;
    }
    table tp2 {
        key = { hdr.h.k : ternary; }
        actions = { a1; a2; NoAction; }
        implementation = ap;
    }
    table ts {
        key = { hdr.h.k : exact; hdr.h.s : selector; }
        actions = { a3; NoAction; }
        implementation = as;
    }
    apply {
        std.egress_spec = 1;
        tp.apply();
        if (hdr.h.r1 == 0) { tp2.apply(); }
        ts.apply();
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
