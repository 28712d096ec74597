/* nested_ctor.p4: constructor calls as constructor arguments. As p4c's
 * MoveConstructors, each becomes an instance of its own, declared before
 * the instantiation that uses it and named tmp, tmp_0, ... (inner calls
 * first), without prefix of the type: C1's table is I.tmp.t, the register
 * given to Use is I.tmp_1. The register's index type, left to inference
 * in both the argument and the parameter (register<bit<8>>), is bit<32>
 * from the parameter's use. */
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
    apply { c.apply(m); }
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
    apply {
        c3.apply(m);
        u.apply(m);
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
