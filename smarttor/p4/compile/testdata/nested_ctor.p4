/* nested_ctor.p4: constructor calls as constructor arguments. When a
 * control is instantiated with constants or such calls, p4c specializes it
 * and the call becomes an instance inside it, named as the parameter:
 * C3(C2(C1())) c3 gives I.c3.c (C2) and I.c3.c.c (C1, its table
 * I.c3.c.c.t); Use(register<bit<8>>(16)) u gives the register I.u.r, its
 * index type, left to inference in both the argument and the parameter
 * (register<bit<8>>), bit<32> from the parameter's use. An argument naming
 * an instance (C2(c1)) stops the specialization: as p4c's
 * MoveConstructors, the call is then declared in I before its user, named
 * tmp (then tmp_0...): its counter is I.tmp.hits. */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { bit<8> x; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control Ct(inout m_t m);

control C1(inout m_t m) {
    action set(bit<8> v) { m.x = v; }
    table t {
        key = { m.x : exact; }
        actions = { set; }
    }
    apply { t.apply(); }
}

control C2(inout m_t m)(Ct c) {
    counter(2, CounterType.packets) hits;
    apply { c.apply(m); hits.count(0); }
}

control C3(inout m_t m)(Ct c) {
    apply { c.apply(m); }
}

control Use(inout m_t m)(register<bit<8>> r) {
    apply { r.write((bit<32>)m.x, m.x); }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    C3(C2(C1())) c3;
    Use(register<bit<8>>(16)) u;
    C1() c1;
    C3(C2(c1)) named;
    apply {
        c3.apply(m);
        u.apply(m);
        named.apply(m);
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
