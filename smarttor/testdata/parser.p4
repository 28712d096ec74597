// parser.p4: select on one and two fields, with masks, ranges and
// default; lookahead; header stack elements by constant index;
// verify and reject; parser errors reaching ingress as parser_error.
#include <core.p4>
#include <v1model.p4>

header tag_t { bit<8> kind; bit<8> val; }
header two_t { bit<4> a; bit<4> b; bit<8> c; }
header out_t { bit<8> path; bit<8> look; bit<8> err; }

struct headers_t {
    tag_t    tag;
    two_t[2] st;
    two_t    two;
    out_t    o;
}
struct meta_t { bit<8> path; bit<8> look; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        meta.look = pkt.lookahead<bit<8>>();
        pkt.extract(hdr.tag);
        transition select(hdr.tag.kind) {
            8w0x10 &&& 8w0xf0: masked;   // 0x10..0x1f
            8w0x20 .. 8w0x2f: ranged;
            8w0x30: stack;
            8w0x31: two_keys;
            8w0x40: bad;
            8w0x41: check;
            default: other;
        }
    }
    state masked { meta.path = 1; transition accept; }
    state ranged { meta.path = 2; transition accept; }
    state other  { meta.path = 9; transition accept; }
    state stack {
        pkt.extract(hdr.st[0]);
        pkt.extract(hdr.st[1]);
        meta.path = 3;
        transition accept;
    }
    state two_keys {
        pkt.extract(hdr.two);
        transition select(hdr.two.a, hdr.two.b) {
            (4w1, 4w2): k12;
            (4w1, _): k1x;
            (_, 4w3 &&& 4w3): kx3;
            default: accept;
        }
    }
    state k12 { meta.path = 0x12; transition accept; }
    state k1x { meta.path = 0x10; transition accept; }
    state kx3 { meta.path = 0x03; transition accept; }
    state bad { transition reject; }
    state check {
        verify(hdr.tag.val == 0, error.NoMatch);
        meta.path = 4;
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.o.setValid();
        hdr.o.path = meta.path;
        hdr.o.look = meta.look;
        hdr.o.err = 0;
        if (std.parser_error == error.PacketTooShort) {
            hdr.o.err = 1;
        } else if (std.parser_error != error.NoError) {
            hdr.o.err = 2;
        }
        if (hdr.st[1].isValid()) {
            hdr.st[0].c = hdr.st[0].c + hdr.st[1].c;
        }
        std.egress_spec = 1;
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.o);
        pkt.emit(hdr.tag);
        pkt.emit(hdr.st);
        pkt.emit(hdr.two);
    }
}

V1Switch(P(), VC(), I(), E(), C(), D()) main;
