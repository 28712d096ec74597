/* Serializable enums in headers and selects, plain enums, and a switch on
 * the action a table ran. */
#include <core.p4>
#include <v1model.p4>

enum bit<16> EtherType {
    IPV4 = 0x0800,
    ARP  = 0x0806,
    VLAN = 0x8100,
    IPV6 = 0x86DD
}

enum Verdict { ALLOW, DENY, PUNT }

typedef bit<8> Color_t;
enum Color_t Color { GREEN = 0, YELLOW = 1, RED = 2 }

header ethernet_t {
    bit<48>   dst;
    bit<48>   src;
    EtherType etherType;
}

header vlan_t {
    bit<3>    pcp;
    bit<1>    dei;
    bit<12>   vid;
    EtherType etherType;
}

struct headers_t {
    ethernet_t ethernet;
    vlan_t     vlan;
}

struct meta_t {
    Verdict verdict;
    Color   color;
}

parser EParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
               inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            EtherType.VLAN: parse_vlan;
            EtherType.IPV4: accept;
            default: accept;
        }
    }
    state parse_vlan {
        pkt.extract(hdr.vlan);
        transition accept;
    }
}

control EVerify(inout headers_t hdr, inout meta_t meta) { apply { } }

control EIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action allow(bit<9> port) {
        sm.egress_spec = port;
        meta.verdict = Verdict.ALLOW;
    }
    action deny() {
        meta.verdict = Verdict.DENY;
    }
    action punt() {
        meta.verdict = Verdict.PUNT;
    }

    table acl {
        key = {
            hdr.ethernet.etherType : exact;
            hdr.vlan.vid           : ternary;
        }
        actions = { allow; deny; punt; }
        default_action = deny;
    }

    table counters_only {
        key = { hdr.ethernet.src : exact; }
        actions = { NoAction; }
    }

    apply {
        switch (acl.apply().action_run) {
            allow: {
                meta.color = Color.GREEN;
            }
            deny:
            punt: {
                meta.color = (Color)8w2;
                mark_to_drop(sm);
            }
        }
        switch (counters_only.apply().action_run) {
            NoAction: { }
            default: {
                exit;
            }
        }
        if (counters_only.apply().miss) {
            meta.verdict = Verdict.PUNT;
        }
        bit<16> raw = (bit<16>)hdr.ethernet.etherType;
        if (raw == 0x0806) {
            hdr.ethernet.etherType = EtherType.ARP;
        }
    }
}

control EEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }

control ECompute(inout headers_t hdr, inout meta_t meta) { apply { } }

control EDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.vlan);
    }
}

V1Switch(EParser(), EVerify(), EIngress(), EEgress(), ECompute(), EDeparser()) main;
