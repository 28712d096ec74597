// indexed_externs.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<4> i; bit<4> pad; }
struct headers_t { h_t h; }
struct meta_t { bit<2> color; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<8>, bit<4>>(16) r;
    counter<bit<4>>(16, CounterType.packets_and_bytes) c;
    meter<bit<4>>(16, MeterType.bytes) m;
    apply {
        r.read(hdr.h.a, 4w3);
        r.write(hdr.h.i, hdr.h.b);
        c.count(hdr.h.i);
        m.execute_meter<bit<2>>(hdr.h.i, meta.color);
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
