/* Package instantiation errors. */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { }
struct other_t { }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}
control VC(inout h_t h, inout m_t m) { apply { } }
control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    apply {
        exit;
    }
}
control E(inout other_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control CC(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), VC(), I(), E(), CC(), D()) main; /* ERROR "parameter \"h\" of control \"E\" has type other_t, Egress needs h_t" */
