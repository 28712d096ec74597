// control.p4: if/else chains, exit, return, actions calling actions,
// action parameters from the control plane and directionless
// arguments, nested control instances, table hit/miss in conditions.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> sel; bit<8> r1; bit<8> r2; bit<8> r3; }
struct headers_t { h_t h; }
struct meta_t { bit<8> depth; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Add(inout bit<8> v, in bit<8> by) {
    apply {
        if (by == 0) { return; }
        v = v + by;
    }
}

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Add() add1;
    Add() add2;
    action inc_r2() { hdr.h.r2 = hdr.h.r2 + 1; }
    action twice() { inc_r2(); inc_r2(); }
    action set_r3(bit<8> v) { hdr.h.r3 = v; twice(); }
    table t {
        key = { hdr.h.sel : exact; }
        actions = { set_r3; NoAction; }
        default_action = NoAction();
    }
    apply {
        std.egress_spec = 1;
        if (hdr.h.sel == 0) {
            hdr.h.r1 = 0xa0;
        } else if (hdr.h.sel < 4) {
            hdr.h.r1 = 0xa1;
        } else {
            hdr.h.r1 = 0xa2;
        }
        if (t.apply().miss) {
            hdr.h.r2 = 0xee;
        }
        add1.apply(hdr.h.r1, hdr.h.sel);
        add2.apply(hdr.h.r3, 8w1);
        if (hdr.h.sel == 7) {
            hdr.h.r1 = 0x77;
            exit;
        }
        if (hdr.h.sel == 8) {
            mark_to_drop(std);
            return;
        }
        hdr.h.r3 = hdr.h.r3 | 0x80;
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { hdr.h.r2 = hdr.h.r2 | 0x40; }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
