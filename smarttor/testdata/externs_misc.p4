// externs_misc.p4: v1model externs not used elsewhere: log_msg (with and
// without arguments), assert and assume that hold, digest, random with
// lo == hi and in [0, 15] (checked with a * nibble), a direct meter read
// in a table's action (unconfigured: green)
// on a table with support_timeout, and an E2E clone3 whose preserved
// field takes its value at the end of egress (set after the call), the
// other metadata being zero in the clone.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> color; bit<8> rnd; bit<8> inst; bit<8> keep; bit<8> lost; bit<8> r15; }
struct headers_t { h_t h; }
struct meta_t { bit<8> keep; bit<8> lost; }
struct dig_t { bit<8> op; bit<9> port; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    direct_meter<bit<8>>(MeterType.packets) dm;
    action colour() { dm.read(hdr.h.color); }
    table t {
        key = { hdr.h.op : exact; }
        actions = { colour; NoAction; }
        meters = dm;
        support_timeout = true;
        default_action = NoAction();
    }
    apply {
        log_msg("ingress");
        log_msg("op {} port {}", { hdr.h.op, std.ingress_port });
        assert(hdr.h.op != 0xff);
        assume(std.ingress_port != 511);
        digest<dig_t>(1, { hdr.h.op, std.ingress_port });
        random(hdr.h.rnd, 8w7, 8w7);
        random(hdr.h.r15, 8w0, 8w15);
        t.apply();
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.inst = (bit<8>)std.instance_type;
        hdr.h.keep = meta.keep;
        hdr.h.lost = meta.lost;
        if (hdr.h.op == 2 && std.instance_type == 0) {
            clone3(CloneType.E2E, 9, { meta.keep });
            meta.keep = 0x55;
            meta.lost = 0x66;
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
