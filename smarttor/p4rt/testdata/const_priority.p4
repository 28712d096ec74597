// const_priority.p4: const entries with @priority. p4c's BMv2 back end
// gives an annotated entry its N and the others their place from 1, BMv2
// preferring the smallest; simple_switch_grpc (PI) shows the control
// plane 2147483647 minus that, the largest winning.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> v; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action set(bit<8> v) { hdr.h.v = v; }
    table t {
        key = { hdr.h.k : ternary; }
        actions = { set; }
        const entries = {
            0x01 &&& 0x0f : set(1) @priority(3);
            0x21 &&& 0xff : set(2);
            0x10 &&& 0xf0 : set(3) @priority(1);
            _             : set(4) @priority(9);
        }
    }
    apply {
        std.egress_spec = 1;
        t.apply();
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
