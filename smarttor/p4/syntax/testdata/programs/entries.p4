/* Tables with const entries: priorities written as "priority = N:" and as
 * @priority(N), ternary masks, ranges, don't-care and default keys, and
 * entries with action arguments. */
#include <core.p4>
#include <v1model.p4>
#include "headers.p4"

struct headers_t {
    ethernet_t ethernet;
    ipv4_t     ipv4;
    tcp_t      tcp;
}

struct meta_t { bit<8> class_id; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        pkt.extract(hdr.tcp);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Ing(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action set_class(bit<8> id) { meta.class_id = id; }
    action to_port(port_t port) { sm.egress_spec = port; }
    action drop() { mark_to_drop(sm); }

    @name("ingress.acl")
    table acl {
        key = {
            hdr.ipv4.src     : ternary @name("src");
            hdr.ipv4.dst     : ternary @name("dst");
            hdr.tcp.dstPort  : range   @name("port");
        }
        actions = {
            set_class;
            @tableonly drop;
            @defaultonly NoAction;
        }
        const default_action = NoAction();
        const entries = {
            priority = 10: (0x0a000000 &&& 0xff000000, _, 22 .. 22) : drop();
            priority = 20: (_, 32w0x0a000001, 80 .. 443) : set_class(1);
            @priority(30) (32w0x0a000002 &&& 32w0xffffffff, _, _) : set_class(2);
            (_, _, _) : set_class(0);
        }
        size = 128;
    }

    table ports {
        key = { meta.class_id : exact; }
        actions = { to_port; drop; }
        entries = {
            const 1 : to_port(1);
            const 2 : to_port(2);
            0 : drop;
        }
        default_action = to_port(9w0);
    }

    table largest {
        key = { hdr.ethernet.dst : exact; hdr.ethernet.src : exact; }
        actions = { to_port; }
        const entries = {
            (48w0xffffffffffff, 48w0) : to_port(510);
            (0xff_ff_ff_ff_ff_ff, 0x00_00_00_00_00_01) : to_port(0b1_1111_1111);
        }
        default_action = to_port(0);
        size = 2;
        support_timeout = true;
    }

    apply {
        acl.apply();
        ports.apply();
        largest.apply();
    }
}

control Egr(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }

control CC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Dep(packet_out pkt, in headers_t hdr) {
    apply { pkt.emit(hdr.ethernet); pkt.emit(hdr.ipv4); pkt.emit(hdr.tcp); }
}

V1Switch(P(), VC(), Ing(), Egr(), CC(), Dep()) main;
