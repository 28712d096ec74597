// keyword_names.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> key; bit<8> type; bit<8> state; bit<8> entries; bit<8> actions; bit<8> apply; bit<8> priority; bit<8> list; bit<8> size; }
struct headers_t { h_t h; }
struct meta_t { bit<8> x; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    bit<8> x = 1;
    action a(bit<8> x, bit<8> key) { meta.x = x + key; }
    action b(bit<8> state) { hdr.h.state = state; }
    table t { key = { hdr.h.key : exact; hdr.h.type : exact; } actions = { a; b; } }
    apply {
        bit<8> meta_x = meta.x;
        {
            bit<8> x = 2;
            meta.x = x;
        }
        if (meta.x == 2) {
            bit<8> hdr2 = 1;
            meta.x = hdr2 + x;
        }
        hdr.h.apply = hdr.h.entries + hdr.h.actions + hdr.h.priority + hdr.h.list + hdr.h.size;
        t.apply();
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
