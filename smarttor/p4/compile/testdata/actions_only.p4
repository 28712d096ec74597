/* actions_only.p4: an action called only by another action is inlined by
 * p4c and not listed; an action called from a control's apply is. A P4Info
 * with actions only has no type_info at all. */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { bit<8> x; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

action helper_top(inout bit<8> v) { v = v + 1; }

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    action helper(bit<8> v) { m.x = v; }
    action outer() {
        helper(3);
        helper_top(m.x);
    }
    apply { outer(); }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
