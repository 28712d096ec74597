/* implicit_noaction.p4: NoAction, which the front-end adds to a table
 * without default action, comes after the table's own actions among the
 * top-level actions a control uses. A new type of a new type is described
 * by the type beneath both, and the inner one is listed only when used
 * itself. */
#include <core.p4>
#include <v1model.p4>

type bit<16> inner_t;
type inner_t outer_t;

struct h_t { }
struct m_t { outer_t k; bit<8> x; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

action first() { }

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    table t {
        key = { m.k : exact; }
        actions = { first; }
    }
    apply { t.apply(); }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
