/* A register given for a constructor parameter of type register<bit<8>>
   must agree with the index type the parameter's uses inferred (bit<32>
   here); one whose index type is left open takes it. */
#include <core.p4>
#include <v1model.p4>

struct H {}
struct M { bit<8> x; }

parser P(packet_in p, out H h, inout M m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control Keep(inout M m)(register<bit<8>> r) {
    apply { r.write((bit<32>)m.x, m.x); }
}

control I(inout H h, inout M m, inout standard_metadata_t sm) {
    register<bit<8>>(4) open;
    register<bit<8>, bit<32>>(4) wide;
    register<bit<8>, bit<16>>(4) narrow;
    register<bit<16>>(4) other;
    Keep(open) k1;
    Keep(wide) k2;
    Keep(narrow) k3; /* ERROR "cannot use narrow \(type register<bit<8>, bit<16>>\) as register<bit<8>, bit<32>>" */
    Keep(other) k4; /* ERROR "cannot use other" */
    apply {
        k1.apply(m);
        k2.apply(m);
        k3.apply(m);
        k4.apply(m);
    }
}

control E(inout H h, inout M m, inout standard_metadata_t sm) { apply {} }
control V(inout H h, inout M m) { apply {} }
control D(packet_out p, in H h) { apply {} }

V1Switch(P(), V(), I(), E(), V(), D()) main;
