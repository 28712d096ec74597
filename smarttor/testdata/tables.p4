// tables.p4: exact, lpm, ternary (with priorities), range and optional
// keys, default actions, const entries, hit/miss and switch on
// action_run. Each table writes its result into a byte of the header.
#include <core.p4>
#include <v1model.p4>

header h_t {
    bit<8>  k8;
    bit<16> k16;
    bit<32> addr;
    bit<8>  r_exact;
    bit<8>  r_lpm;
    bit<8>  r_tern;
    bit<8>  r_range;
    bit<8>  r_opt;
    bit<8>  r_const;
    bit<8>  r_hit;
    bit<8>  r_switch;
}

struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action set_exact(bit<8> v) { hdr.h.r_exact = v; }
    action set_lpm(bit<8> v) { hdr.h.r_lpm = v; }
    action set_tern(bit<8> v) { hdr.h.r_tern = v; }
    action set_range(bit<8> v) { hdr.h.r_range = v; }
    action set_opt(bit<8> v) { hdr.h.r_opt = v; }
    action set_const(bit<8> v) { hdr.h.r_const = v; }
    action fwd(bit<9> port) { std.egress_spec = port; }
    action miss(bit<8> v) { hdr.h.r_exact = v; }
    action a1() { hdr.h.r_switch = 1; }
    action a2() { hdr.h.r_switch = 2; }

    table t_exact {
        key = { hdr.h.k8 : exact; }
        actions = { set_exact; miss; }
        default_action = miss(0xee);
    }
    table t_lpm {
        key = { hdr.h.addr : lpm; }
        actions = { set_lpm; NoAction; }
        default_action = NoAction();
    }
    table t_tern {
        key = { hdr.h.k16 : ternary; hdr.h.k8 : exact; }
        actions = { set_tern; NoAction; }
        default_action = NoAction();
    }
    table t_range {
        key = { hdr.h.k16 : range; }
        actions = { set_range; NoAction; }
        default_action = NoAction();
    }
    table t_opt {
        key = { hdr.h.k8 : optional; hdr.h.k16 : optional; }
        actions = { set_opt; NoAction; }
        default_action = NoAction();
    }
    table t_const {
        key = { hdr.h.k8 : exact; }
        actions = { set_const; }
        const default_action = set_const(0xcd);
        const entries = {
            8w1 : set_const(0xc1);
            8w2 : set_const(0xc2);
        }
    }
    table t_fwd {
        key = { hdr.h.k8 : exact; }
        actions = { fwd; }
        default_action = fwd(1);
    }
    table t_switch {
        key = { hdr.h.k8 : exact; }
        actions = { a1; a2; NoAction; }
        default_action = NoAction();
    }

    apply {
        t_exact.apply();
        t_lpm.apply();
        t_tern.apply();
        t_range.apply();
        t_opt.apply();
        t_const.apply();
        if (t_fwd.apply().hit) {
            hdr.h.r_hit = 1;
        } else {
            hdr.h.r_hit = 0x80;
        }
        switch (t_switch.apply().action_run) {
            a1: { hdr.h.r_switch = hdr.h.r_switch + 0x10; }
            a2: { hdr.h.r_switch = hdr.h.r_switch + 0x20; }
            default: { hdr.h.r_switch = 0xff; }
        }
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
