// decls.p4: declarations not used elsewhere: a header_union (extract
// makes one member valid, setValid of a member invalidates the other,
// isValid of the union, emit writes the valid member), a tuple variable
// and its elements, a match_kind declaration, a table size, annotations
// (@id, @hidden, @brief, @tableonly, @controller_header, @name), and
// uninitialized locals and metadata read as zero.
#include <core.p4>
#include <v1model.p4>

match_kind { my_kind }

@controller_header("packet_in")
header pin_t { bit<16> port; }
header sel_t { bit<8> kind; bit<8> res; bit<8> uninit; bit<8> tup; }
header v4_t { bit<32> a; }
header v6_t { bit<64> a; }
header_union ip_u { v4_t v4; v6_t v6; }
struct headers_t { sel_t s; ip_u ip; }
struct meta_t { bit<8> never; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.s);
        transition select(hdr.s.kind[3:0]) { 4: v4; 6: v6; default: accept; }
    }
    state v4 { pkt.extract(hdr.ip.v4); transition accept; }
    state v6 { pkt.extract(hdr.ip.v6); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    @id(0x01000077) @brief("sets res")
    action set(bit<8> r) { hdr.s.res = r; }
    @hidden action hidden_nop() { }
    action only() { hdr.s.res = 0xee; }
    @id(0x02000077) @brief("a table with a size") @name("by_kind")
    table t {
        key = { hdr.s.kind : exact; }
        actions = { set; @tableonly only; @defaultonly NoAction; }
        size = 16;
        default_action = NoAction();
    }
    apply {
        bit<8> u;
        tuple<bit<8>, bit<8>> tp = { 3, 4 };
        t.apply();
        hidden_nop();
        hdr.s.uninit = u + meta.never;
        hdr.s.tup = tp[0] + tp[1] + (bit<8>)(bit<1>)hdr.ip.isValid();
        if (hdr.s.kind == 0x44) {
            // v4 was extracted: making v6 valid invalidates v4
            hdr.ip.v6.setValid();
            hdr.ip.v6.a = 0x0102030405060708;
        } else if (hdr.s.kind == 0x46) {
            hdr.ip.v4.setValid();
            hdr.ip.v4.a = 0x0a000001;
        }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.s); pkt.emit(hdr.ip); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
