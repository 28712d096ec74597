// direct_meter.p4: a direct meter (packets) on a table, read in the
// entry's action; each entry has its own cell, configured by
// meter_set_rates with the entry's $ID; an unconfigured cell is green.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> color; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    direct_meter<bit<8>>(MeterType.packets) dm;
    action colour(bit<9> port) { dm.read(hdr.h.color); std.egress_spec = port; }
    action other() { hdr.h.color = 0xee; }
    table t {
        key = { hdr.h.k : exact; }
        actions = { colour; other; }
        meters = dm;
        default_action = other();
    }
    apply { std.egress_spec = 1; t.apply(); }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
