// parser_nested.p4: a sub-parser applied inside an if (and inside a
// block) in a parser state, the statements after it running once it
// accepts; verify in a sub-parser; parser locals with initializers;
// lookahead of a struct and of a header (with a field wider than 64
// bits); a value_set in a select.
#include <core.p4>
#include <v1model.p4>

error { BadValue }
header a_t { bit<8> kind; bit<8> len; }
header b_t { bit<16> v; }
header c_t { bit<8> x; bit<72> y; }
header o_t { bit<8> cnt; bit<8> peek; bit<8> err; bit<8> more; }
struct peek_t { bit<8> kind; bit<8> len; }
struct headers_t { a_t a; b_t b; b_t b2; c_t c; o_t o; c_t c2; }
struct meta_t { bit<8> cnt; bit<8> peek; bit<8> more; }

parser Sub(packet_in pkt, inout b_t b) {
    state start {
        pkt.extract(b);
        verify(b.v != 16w0xdead, error.BadValue);
        transition accept;
    }
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Sub() sub;
    bit<8> count = 1;
    value_set<bit<8>>(4) kinds;
    state start {
        peek_t p = pkt.lookahead<peek_t>();
        hdr.c2 = pkt.lookahead<c_t>();
        pkt.extract(hdr.a);
        meta.peek = p.kind ^ p.len;
        if (hdr.a.kind == 1) {
            sub.apply(pkt, hdr.b);
            count = count + 1;
        } else {
            count = count + 10;
            if (hdr.a.len == 2) {
                {
                    sub.apply(pkt, hdr.b2);
                    count = count + 100;
                }
            }
        }
        meta.cnt = count;
        transition select(hdr.a.kind) {
            kinds: more;
            default: accept;
        }
    }
    state more { meta.more = 1; pkt.extract(hdr.c); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.o.setValid();
        hdr.o.cnt = meta.cnt;
        hdr.o.peek = meta.peek;
        hdr.o.more = meta.more;
        hdr.o.err = 0;
        if (std.parser_error == error.BadValue) { hdr.o.err = 1; }
        if (std.parser_error == error.PacketTooShort) { hdr.o.err = 2; }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) {
    apply { pkt.emit(hdr.a); pkt.emit(hdr.b); pkt.emit(hdr.b2); pkt.emit(hdr.c); pkt.emit(hdr.o); pkt.emit(hdr.c2); }
}
V1Switch(P(), VC(), I(), E(), C(), D()) main;
