/* MPLS-like label tunnel: a header stack of labels pushed and popped, with
 * per-port counters and a direct counter on the forwarding table. */
#include <core.p4>
#include <v1model.p4>
#include "headers.p4"

#define MAX_LABELS 4

header label_t {
    bit<20> label;
    bit<3>  tc;
    bit<1>  bos;
    bit<8>  ttl;
}

struct headers_t {
    ethernet_t          ethernet;
    label_t[MAX_LABELS] labels;
    ipv4_t              ipv4;
}

struct meta_t {
    bit<8> depth;
}

parser TunnelParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
                    inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            ETHERTYPE_MPLS: parse_label;
            ETHERTYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }
    state parse_label {
        pkt.extract(hdr.labels.next);
        meta.depth = meta.depth + 1;
        transition select(hdr.labels.last.bos) {
            1w1: parse_ipv4;
            1w0: parse_label;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.ihl >= 5, error.HeaderTooShort);
        transition accept;
    }
}

control NoVerify(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control TunnelIngress(inout headers_t hdr, inout meta_t meta,
                      inout standard_metadata_t std) {
    counter(512, CounterType.packets_and_bytes) port_in;
    counter<bit<9>>(512, CounterType.packets) port_drops;
    direct_counter(CounterType.packets) fwd_hits;

    action drop() {
        port_drops.count(std.ingress_port);
        mark_to_drop(std);
    }

    action push(bit<20> label, port_t port) {
        hdr.labels.push_front(1);
        hdr.labels[0].setValid();
        hdr.labels[0].label = label;
        hdr.labels[0].tc = 0;
        hdr.labels[0].bos = (meta.depth == 0) ? 1w1 : 1w0;
        hdr.labels[0].ttl = 64;
        hdr.ethernet.etherType = ETHERTYPE_MPLS;
        std.egress_spec = port;
        fwd_hits.count();
    }

    action pop(port_t port) {
        hdr.labels.pop_front(1);
        if (!hdr.labels[0].isValid()) {
            hdr.ethernet.etherType = ETHERTYPE_IPV4;
        }
        std.egress_spec = port;
        fwd_hits.count();
    }

    action swap(bit<20> label, port_t port) {
        hdr.labels[0].label = label;
        hdr.labels[0].ttl = hdr.labels[0].ttl |-| 1;
        std.egress_spec = port;
        fwd_hits.count();
    }

    table fwd {
        key = {
            hdr.labels[0].label : exact @name("top_label");
            hdr.ipv4.dst        : lpm;
            hdr.labels[0].isValid() : exact;
        }
        actions = { push; pop; swap; @defaultonly drop; }
        default_action = drop();
        counters = fwd_hits;
        size = 4096;
    }

    apply {
        port_in.count((bit<32>)std.ingress_port);
        if (meta.depth > MAX_LABELS - 1 && hdr.labels[MAX_LABELS - 1].bos == 0) {
            drop();
            exit;
        }
        fwd.apply();
    }
}

control TunnelEgress(inout headers_t hdr, inout meta_t meta,
                     inout standard_metadata_t std) {
    apply { }
}

control NoCompute(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control TunnelDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.labels);
        pkt.emit(hdr.ipv4);
    }
}

V1Switch(TunnelParser(), NoVerify(), TunnelIngress(), TunnelEgress(),
         NoCompute(), TunnelDeparser()) main;
