// control2.p4: switch on action_run when a miss runs the default action,
// exit inside a nested control, return inside an action, copy-in/copy-out
// of a field passed twice (the last copy-out wins), a direct counter
// (misses not counted), and an I2E clone preserving a user metadata
// field list.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> r1; bit<8> r2; bit<8> r3; bit<8> r4; }
struct headers_t { h_t h; }
struct meta_t { @field_list(7) bit<8> tag; bit<8> untagged; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

// Stop exits before changing v (for copy-out on exit see exit_copy_out.p4).
control Stop(inout bit<8> v) {
    apply {
        if (v != 0) { exit; }
        v = 0;
    }
}

control Twice(inout bit<8> x, inout bit<8> y) {
    apply { x = 1; y = 2; }
}

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    direct_counter(CounterType.packets) dc;
    Stop() stop;
    Twice() twice;
    action a1() { hdr.h.r1 = 0xa1; dc.count(); }
    action a2() { hdr.h.r1 = 0xa2; dc.count(); }
    action early(bit<8> v) {
        hdr.h.r2 = v;
        if (v == 0) { return; }
        hdr.h.r2 = v + 1;
    }
    table t {
        key = { hdr.h.k : exact; }
        actions = { a1; a2; }
        default_action = a2();
        counters = dc;
    }
    table e {
        key = { hdr.h.k : exact; }
        actions = { early; }
        default_action = early(0);
    }
    apply {
        std.egress_spec = 1;
        switch (t.apply().action_run) {
            a1: { hdr.h.r3 = 1; }
            a2: { hdr.h.r3 = 2; }
        }
        e.apply();
        twice.apply(hdr.h.r4, hdr.h.r4);
        meta.tag = hdr.h.k;
        meta.untagged = hdr.h.k;
        if (hdr.h.k == 9) {
            clone_preserving_field_list(CloneType.I2E, 4, 7);
        }
        if (hdr.h.k == 7) {
            stop.apply(hdr.h.r1);
        }
        hdr.h.r3 = hdr.h.r3 | 0x10;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        if (std.instance_type == 1) {
            hdr.h.r1 = meta.tag;
            hdr.h.r2 = meta.untagged;
        }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
