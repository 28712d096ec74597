/* header_struct.p4: a header field may be a struct of bit<W>, bool and
 * serializable fields (P4_16 1.2.2); a key on a member of it is named by
 * the whole path. */
#include <core.p4>
#include <v1model.p4>

enum bit<8> kind_t { A = 1, B = 2 }
struct inner_t { bit<4> lo; bit<4> hi; }
struct row_t { bit<8> e; kind_t k; inner_t nib; bool flag; bit<7> pad; }
header row_h { row_t row; bit<16> tail; }

struct h_t { row_h r; }
struct m_t { }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { pkt.extract(h.r); transition accept; }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    table t {
        key = { h.r.row.e : exact; h.r.row.nib.hi : ternary; }
        actions = { set; }
    }
    apply { t.apply(); }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { pkt.emit(h.r); } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
