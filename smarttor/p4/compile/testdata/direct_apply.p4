/* direct_apply.p4: a control applied by its type name (Inner.apply()) is
 * instantiated in the calling control under the type's name, so its table
 * is I.Inner.t, named as the type is written whatever its @name; p4c
 * declares it before the caller's own locals, so I.Inner.t comes before
 * I.own. */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { bit<8> x; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

@name("renamed")
control Inner(inout m_t m) {
    action set(bit<8> v) { m.x = v; }
    table t {
        key = { m.x : exact; }
        actions = { set; }
    }
    apply { t.apply(); }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    action nop() { }
    table own {
        key = { m.x : exact; }
        actions = { nop; }
    }
    apply {
        own.apply();
        Inner.apply(m);
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
