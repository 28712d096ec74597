/* entries.p4: a table with an entries property has has_initial_entries;
 * with const entries it is also is_const_table. Controller headers are
 * numbered from their header type's name (not the @controller_header
 * string), and a translated new type's @p4runtime_translation is not
 * copied into type_info. A key set may be written as a list {5}; a
 * serializable enum key may be matched by values of its underlying type. */
#include <core.p4>
#include <v1model.p4>

@p4runtime_translation("example.org/port", 16)
type bit<9> port_t;

@controller_header("packet_in")
header to_cpu_h {
    port_t ingress_port;
    bit<7> pad;
}

struct h_t { to_cpu_h cpu; }
enum bit<8> kind_t { A = 1, B = 2 }

struct m_t { bit<8> k; kind_t kind; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    action set(bit<8> v) { m.k = v; }
    table with_entries {
        key = { m.k : exact; }
        actions = { set; }
        entries = { 1 : set(2); {5} : set(6); }
    }
    table with_const_entries {
        key = { m.k : exact; }
        actions = { set; }
        const entries = { 3 : set(4); }
    }
    table by_kind {
        key = { m.kind : ternary; }
        actions = { set; }
        const entries = {
            kind_t.A : set(1);
            ((bit<8>)kind_t.B) &&& 0xf0 : set(2);
            0x03 &&& 0x0f : set(3);
        }
    }
    table without_entries {
        key = { m.k : exact; }
        actions = { set; }
    }
    apply {
        with_entries.apply();
        with_const_entries.apply();
        by_kind.apply();
        without_entries.apply();
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { pkt.emit(h.cpu); } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
