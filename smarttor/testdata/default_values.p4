// default_values.p4: default values (P4_16 1.2.3) and list types. ...
// initializes with the type's default value: 0, false, the first enum
// member, an invalid header; {e1, ...} and {f = e, ...} give the leading
// elements or named fields, the others taking default values, and {...}
// makes a valid header of zeros. (list<bit<8>>){} is an empty list.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<8> b; bit<8> c; bit<8> d; }
enum Color { Red, Green }
struct s_t { bit<8> x; bool y; Color k; }
struct headers_t { h_t h; h_t dflt; h_t part; h_t gone; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        bit<8> zero = ...;
        s_t s0 = ...;
        s_t s1 = { hdr.h.a, ... };
        s_t s2 = { y = true, ... };
        tuple<bit<8>, bit<8>> t = { hdr.h.b, ... };
        list<bit<8>> none = (list<bit<8>>) { };
        h_t inv = ...;
        hdr.dflt = { ... };
        hdr.part = { 1, 2, ... };
        hdr.gone = ...;
        hdr.h.a = zero + s0.x + t[1];
        if (!s0.y && s0.k == Color.Red && s2.y && s2.x == 0) { hdr.h.b = s1.x + t[0]; }
        if (!inv.isValid()) { hdr.h.c = 0xcc; }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) {
    apply { pkt.emit(hdr.h); pkt.emit(hdr.dflt); pkt.emit(hdr.part); pkt.emit(hdr.gone); }
}
V1Switch(P(), VC(), I(), E(), C(), D()) main;
