/* A direct counter or meter belongs to one table: its P4Info names that
   table, and each of the table's entries has its own cell. */
#include <core.p4>
#include <v1model.p4>

struct H {}
struct M { bit<8> color; }

parser P(packet_in p, out H h, inout M m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control I(inout H h, inout M m, inout standard_metadata_t sm) {
    direct_counter(CounterType.packets) one;
    direct_counter(CounterType.packets) shared; /* ERROR "direct_counter \"I.shared\" is used by tables I.t2, I.t3; a direct resource belongs to one table" */
    direct_meter<bit<8>>(MeterType.packets) dm; /* ERROR "direct_meter \"I.dm\" is used by tables I.t2, I.t4" */
    action a() { dm.read(m.color); }
    table t1 {
        key = { sm.ingress_port : exact; }
        actions = { NoAction; }
        counters = one;
    }
    table t2 {
        key = { sm.ingress_port : exact; }
        actions = { a; NoAction; }
        counters = shared;
        meters = dm;
    }
    table t3 {
        key = { sm.ingress_port : exact; }
        actions = { NoAction; }
        counters = shared;
    }
    table t4 {
        key = { sm.ingress_port : exact; }
        actions = { a; NoAction; }
        meters = dm;
    }
    apply {
        t1.apply();
        t2.apply();
        t3.apply();
        t4.apply();
    }
}

control E(inout H h, inout M m, inout standard_metadata_t sm) { apply {} }
control V(inout H h, inout M m) { apply {} }
control D(packet_out p, in H h) { apply {} }

V1Switch(P(), V(), I(), E(), V(), D()) main;
