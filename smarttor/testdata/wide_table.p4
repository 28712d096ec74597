// wide_table.p4: values wider than 64 bits as table keys (exact and
// ternary), action parameters, register cells (read, write and
// register_read/register_write from STF), and parser select keys and
// lookahead (of bit<96> and of a header's 96-bit field), and a
// value_set of bit<128>.
#include <core.p4>
#include <v1model.p4>

header k_t { bit<128> k; bit<96> t; bit<8> idx; }
header r_t { bit<128> p; bit<100> reg; bit<4> pad; bit<8> sel; bit<96> peek; bit<96> peekt; }
struct headers_t { k_t k; r_t r; }
struct meta_t { bit<96> peek; bit<96> peekt; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    value_set<bit<128>>(2) wide_vs;
    state start {
        meta.peek = pkt.lookahead<bit<96>>();
        meta.peekt = pkt.lookahead<k_t>().t;
        pkt.extract(hdr.k);
        transition select(hdr.k.k) {
            128w0x0102030405060708090a0b0c0d0e0f10: one;
            128w0xffffffffffffffff0000000000000000 &&& 128w0xffffffffffffffff0000000000000000: two;
            wide_vs: three;
            default: accept;
        }
    }
    state three { hdr.r.setValid(); hdr.r.sel = 3; transition accept; }
    state one { hdr.r.setValid(); hdr.r.sel = 1; transition accept; }
    state two { hdr.r.setValid(); hdr.r.sel = 2; transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    register<bit<100>>(4) store;
    action set(bit<128> p) { hdr.r.p = p; }
    action tset(bit<128> p) { hdr.r.p = p + 1; }
    table exact_t { key = { hdr.k.k: exact; } actions = { set; NoAction; } default_action = NoAction; }
    table tern_t { key = { hdr.k.t: ternary; } actions = { tset; NoAction; } default_action = NoAction; }
    apply {
        std.egress_spec = 1;
        hdr.r.setValid();
        hdr.r.peek = meta.peek;
        hdr.r.peekt = meta.peekt;
        if (!exact_t.apply().hit) {
            tern_t.apply();
        }
        bit<100> old;
        store.read(old, (bit<32>)hdr.k.idx);
        hdr.r.reg = old;
        store.write((bit<32>)hdr.k.idx, old + (bit<100>)hdr.k.t);
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.k); pkt.emit(hdr.r); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
