// validity.p4: setValid/setInvalid, isValid, header assignment (copies
// validity and fields), emit skipping invalid headers, inserting and
// removing headers, a struct assignment.
#include <core.p4>
#include <v1model.p4>

header a_t { bit<8> op; bit<8> x; }
header b_t { bit<16> y; }
header c_t { bit<8> flags; }

struct pair_t { bit<8> p; bit<8> q; }
struct headers_t { a_t a; b_t b; b_t b2; c_t c; }
struct meta_t { pair_t m1; pair_t m2; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.a);
        transition select(hdr.a.op) {
            1: with_b;
            default: accept;
        }
    }
    state with_b { pkt.extract(hdr.b); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.c.setValid();
        hdr.c.flags = 0;
        if (hdr.b.isValid()) { hdr.c.flags = hdr.c.flags | 1; }
        if (hdr.a.x == 1) {
            // remove b
            hdr.b.setInvalid();
        } else if (hdr.a.x == 2) {
            // copy b into b2 (valid copy)
            hdr.b2 = hdr.b;
            hdr.b2.y = hdr.b2.y + 1;
        } else if (hdr.a.x == 3) {
            // insert b when missing
            if (!hdr.b.isValid()) {
                hdr.b.setValid();
                hdr.b.y = 0xbeef;
            }
        } else if (hdr.a.x == 4) {
            // assigning an invalid header makes the target invalid
            hdr.b = hdr.b2;
        } else if (hdr.a.x == 5) {
            meta.m1.p = 7;
            meta.m1.q = 9;
            meta.m2 = meta.m1;
            hdr.c.flags = meta.m2.p + meta.m2.q;
        }
        if (hdr.b.isValid()) { hdr.c.flags = hdr.c.flags | 0x10; }
        if (hdr.b2.isValid()) { hdr.c.flags = hdr.c.flags | 0x20; }
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) {
    apply { pkt.emit(hdr.c); pkt.emit(hdr.a); pkt.emit(hdr.b); pkt.emit(hdr.b2); }
}

V1Switch(P(), VC(), I(), E(), C(), D()) main;
