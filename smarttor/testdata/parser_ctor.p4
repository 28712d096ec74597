// parser_ctor.p4: a sub-parser with a constructor parameter that applies a
// sub-parser of its own; a user function, a header local to a state, advance,
// verify(false, ...), ranges and masks on a lookahead select key, a struct
// value_set and a don't-care in a tuple select.
#include <core.p4>
#include <v1model.p4>
header a_t { bit<8> kind; bit<8> len; }
header b_t { bit<16> v; }
struct pair_t { bit<8> k; bit<8> l; }
struct headers_t { a_t a; b_t b; b_t b2; b_t b3; }
struct meta_t { bit<32> plen; bit<8> f; }
bit<8> twice(in bit<8> x) { return x + x; }
parser Inner(packet_in pkt, out b_t b) {
    state start { pkt.extract(b); transition accept; }
}
parser Outer(packet_in pkt, inout headers_t hdr)(bit<8> k) {
    Inner() inner;
    state start {
        inner.apply(pkt, hdr.b2);
        hdr.b2.v = hdr.b2.v + (bit<16>)k;
        transition accept;
    }
}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Outer(8w7) outer;
    value_set<pair_t>(4) pairs;
    state start {
        b_t tmp;
        transition select(pkt.lookahead<bit<8>>()) {
            0 .. 9: first;
            8w0x10 &&& 8w0xf0: second;
            default: third;
        }
    }
    state first {
        pkt.extract(hdr.a);
        meta.f = twice(hdr.a.len);
        transition select(hdr.a.kind, hdr.a.len) {
            pairs: nest;
            (_, 1): nest;
            default: accept;
        }
    }
    state nest { outer.apply(pkt, hdr); transition accept; }
    state second { pkt.advance(8); b_t t2; pkt.extract(t2); hdr.b3 = t2; transition accept; }
    state third { verify(false, error.NoMatch); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply { std.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
