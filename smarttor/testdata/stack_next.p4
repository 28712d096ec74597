// stack_next.p4: a parser loop over a header stack with .next, .last and
// .lastIndex (an MPLS-like label stack, bottom-of-stack bit ends it),
// and push_front/pop_front in ingress.
#include <core.p4>
#include <v1model.p4>

header label_t { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }
header info_t { bit<8> depth; }

struct headers_t { info_t info; label_t[4] labels; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.info);
        transition labels;
    }
    state labels {
        pkt.extract(hdr.labels.next);
        transition select(hdr.labels.last.bos) {
            1: accept;
            default: labels;
        }
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.info.depth = (bit<8>)hdr.labels.lastIndex;
        if (hdr.info.depth == 0) {
            // one label: push a new one on top
            hdr.labels.push_front(1);
            hdr.labels[0].setValid();
            hdr.labels[0].label = 0xabcde;
            hdr.labels[0].tc = 0;
            hdr.labels[0].bos = 0;
            hdr.labels[0].ttl = 64;
        } else {
            hdr.labels.pop_front(1);
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.info); pkt.emit(hdr.labels); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
