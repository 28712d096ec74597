/* register_index.p4: v1model's register<T, I> given only T; an index that
 * is an integer literal makes I bit<32> (no index_type_name in P4Info). */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { bit<8> x; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    register<bit<8>>(4) r;
    apply {
        r.read(m.x, 1);
        r.write(2, m.x);
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
