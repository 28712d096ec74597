// subparser_ctor.p4: subparser.p4 with the sub-parser reached two other
// ways: given as a constructor argument of a parser type to a parser that
// applies it (Outer), and by direct type invocation (Tags.apply without
// an instantiation).
#include <core.p4>
#include <v1model.p4>

header tag_t { bit<8> more; bit<8> v; }
header out_t { bit<8> count; bit<8> last; }
struct headers_t { out_t o; tag_t[4] tags; }
struct meta_t { }

parser Tags(packet_in pkt, inout tag_t[4] tags, out bit<8> last) {
    state start {
        pkt.extract(tags.next);
        last = tags.last.v;
        transition select(tags.last.more) { 0: accept; default: start; }
    }
}
parser TagsT(packet_in pkt, inout tag_t[4] tags, out bit<8> last);
parser Outer(packet_in pkt, inout tag_t[4] tags, out bit<8> last)(TagsT t) {
    state start {
        t.apply(pkt, tags, last);
        transition accept;
    }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Tags() tags;
    Outer(tags) outer;
    bit<8> last = 0;
    state start {
        pkt.extract(hdr.o);
        outer.apply(pkt, hdr.tags, last);
        hdr.o.last = last;
        transition select(hdr.o.count) { 0: accept; default: again; }
    }
    state again {
        Tags.apply(pkt, hdr.tags, last);
        hdr.o.last = last;
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        if (std.parser_error != error.NoError) { mark_to_drop(std); exit; }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.o); pkt.emit(hdr.tags); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
