// counters.p4: an indexed counter (packets and bytes) counted by
// ingress port, a direct counter on a table, registers read and written
// by packets and by the control plane.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> key; bit<8> idx; bit<32> val; bit<32> old; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    counter(8, CounterType.packets_and_bytes) by_port;
    direct_counter(CounterType.packets_and_bytes) hits;
    register<bit<32>>(16) store;

    action count_it() { hits.count(); }
    table t {
        key = { hdr.h.key : exact; }
        actions = { count_it; NoAction; }
        default_action = NoAction();
        counters = hits;
    }
    apply {
        by_port.count((bit<32>)std.ingress_port);
        t.apply();
        // swap: old = store[idx]; store[idx] = val
        bit<32> tmp;
        store.read(tmp, (bit<32>)hdr.h.idx);
        hdr.h.old = tmp;
        if (hdr.h.val != 0) {
            store.write((bit<32>)hdr.h.idx, hdr.h.val);
        }
        std.egress_spec = 1;
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), VC(), I(), E(), C(), D()) main;
