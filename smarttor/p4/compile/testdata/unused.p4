/* unused.p4: p4c removes tables that are never applied, control instances
 * that are never applied, and actions only they use, before it generates
 * P4Info; directly called actions stay. Extern instances stay even when
 * unused. */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { bit<8> x; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control Inner(inout m_t m) {
    action inner_set(bit<8> v) { m.x = v; }
    table inner_t {
        key = { m.x : exact; }
        actions = { inner_set; }
    }
    apply { inner_t.apply(); }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    counter<bit<8>>(16, CounterType.packets) never_counted;
    Inner() used_inner;
    Inner() unused_inner;
    action only_in_unused(bit<8> v) { m.x = v; }
    action called(bit<8> v) { m.x = v; }
    action in_table() { }
    action never() { }
    table unused_t {
        key = { m.x : exact; }
        actions = { only_in_unused; }
    }
    table used_t {
        key = { m.x : exact; }
        actions = { in_table; }
    }
    apply {
        used_t.apply();
        called(1);
        used_inner.apply(m);
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), V(), D()) main;
