/* annotations.p4: structured annotations (@Name[...], expression lists,
 * key=value lists, empty) go to structured_annotations, not to the
 * annotation strings; @brief and @description become doc; key names of a
 * slice, a masked field (mask in the base written, without width) and
 * isValid() follow p4c (x[hi:lo], "x & 0xf0f0",
 * x.$valid$), an @name replaces the expression. The body of an unstructured
 * annotation is its tokens separated by one space (@my_ref(t, m.x) is
 * "@my_ref(t , m . x)"), as p4c prints annotations it does not parse. */
#include <core.p4>
#include <v1model.p4>
header h_t { bit<32> a; bit<16> b; }
struct hs { h_t h; }
struct m_t { bit<8> x; }
parser P(packet_in pkt, out hs h, inout m_t m, inout standard_metadata_t sm) {
    state start { pkt.extract(h.h); transition accept; }
}
control I(inout hs h, inout m_t m, inout standard_metadata_t sm) {
    @MyAnno[1, "two", true] @Kv[k1=3, k2="v"] @brief("brief text") @description("long text")
    action set(@brief("the port") bit<9> port) { sm.egress_spec = port; }
    @Empty[] @my_ref(t, m.x)
    table t {
        key = {
            h.h.a[31:24] : exact;
            h.h.a & 0xff : ternary;
            h.h.b & 16w0xF0F0 : ternary;
            h.h.isValid() : exact;
            (bit<8>)h.h.b : exact @name("cast_b") @brief("casted");
        }
        actions = { @tableonly set; @defaultonly NoAction; }
        default_action = NoAction();
    }
    apply { t.apply(); }
}
control E(inout hs h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout hs h, inout m_t m) { apply { } }
control C(inout hs h, inout m_t m) { apply { } }
control D(packet_out pkt, in hs h) { apply { } }
V1Switch(P(), V(), I(), E(), C(), D()) main;
