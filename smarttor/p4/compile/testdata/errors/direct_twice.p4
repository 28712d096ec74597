/* A control applied directly twice in one scope gets two instances, each
   named as its type (p4c's InstantiateDirectCalls gives both
   @name("Inner")), so its table would have one control-plane name twice:
   p4c rejects the P4Info, and the spec makes such a program illegal. A
   control with no table, counter or other controllable entity may be
   applied directly twice (its actions are listed once). */
#include <core.p4>
#include <v1model.p4>

struct H {}
struct M { bit<8> x; }

parser Sub(packet_in p, inout M m) {
    value_set<bit<8>>(4) vs;
    state start {
        transition select(m.x) {
            vs: accept;
            default: accept;
        }
    }
}

parser P(packet_in p, out H h, inout M m, inout standard_metadata_t sm) {
    state start {
        Sub.apply(p, m);
        Sub.apply(p, m); /* ERROR "value_set \"P.Sub.vs\" has the control-plane name of another instance" */
        transition accept;
    }
}

control Inner(inout M m) {
    action set(bit<8> v) { m.x = v; }
    table t {
        key = { m.x : exact; }
        actions = { set; }
    }
    apply { t.apply(); }
}

control Counted(inout M m) {
    counter(4, CounterType.packets) c;
    apply { c.count(0); }
}

control Bump(inout M m) {
    action bump() { m.x = m.x + 1; }
    apply { bump(); }
}

control I(inout H h, inout M m, inout standard_metadata_t sm) {
    apply {
        Bump.apply(m);
        Bump.apply(m);
        Inner.apply(m);
        Inner.apply(m); /* ERROR "table \"I.Inner.t\" has the control-plane name of another instance" */
        Counted.apply(m);
        Counted.apply(m); /* ERROR "counter \"I.Counted.c\" has the control-plane name of another instance" */
    }
}

control E(inout H h, inout M m, inout standard_metadata_t sm) { apply {} }
control V(inout H h, inout M m) { apply {} }
control D(packet_out p, in H h) { apply {} }

V1Switch(P(), V(), I(), E(), V(), D()) main;
