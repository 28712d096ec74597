/* Two actions a table can use, two tables or two instances of one extern
   cannot share a control-plane name: the controller could not address
   them (P4Info names are unique per kind). */
#include <core.p4>
#include <v1model.p4>

struct H {}
struct M {}

action top1() {}
@name("top2") action top2a() {}
@name(".top2") action top2b() {} /* ERROR "action \"top2b\" has the control-plane name \"top2\" of action \"top2a\"" */

parser P(packet_in p, out H h, inout M m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control I(inout H h, inout M m, inout standard_metadata_t sm) {
    @name(".top1") action a1(bit<9> port) { sm.egress_spec = port; } /* ERROR "action \"a1\" has the control-plane name \"top1\" of action \"top1\"" */
    @name("x") action a2() {}
    @name(".I.x") action a3() {} /* ERROR "action \"a3\" has the control-plane name \"I.x\" of action \"a2\"" */
    @name("unused") action a4() {}
    @name(".unused") action a5() {}
    table t {
        key = { sm.ingress_port : exact; }
        actions = { a1; a2; top1; top2a; top2b; NoAction; }
        default_action = NoAction();
    }
    table u {
        key = { sm.ingress_port : exact; }
        actions = { a3; }
    }
    @name("u") table u2 { /* ERROR "table \"I.u\" has the control-plane name of the table declared at" */
        key = { sm.ingress_port : exact; }
        actions = { NoAction; }
    }
    @name("unapplied") table u3 { key = { sm.ingress_port : exact; } actions = { NoAction; } }
    @name("unapplied") table u4 { key = { sm.ingress_port : exact; } actions = { NoAction; } }
    counter(8, CounterType.packets) c1;
    @name("c1") counter(8, CounterType.packets) c2; /* ERROR "counter \"I.c1\" has the control-plane name of the counter declared at" */
    @name("c1") meter(8, MeterType.packets) m1;
    apply {
        t.apply();
        u.apply();
        u2.apply();
        c1.count(0);
        c2.count(1);
    }
}

control E(inout H h, inout M m, inout standard_metadata_t sm) { apply {} }
control V(inout H h, inout M m) { apply {} }
control D(packet_out p, in H h) { apply {} }

V1Switch(P(), V(), I(), E(), V(), D()) main;
