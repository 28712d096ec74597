/* selectors.p4: the size annotations of action profiles and selectors.
 * On a selector, @max_group_size sets max_group_size and, like
 * @selector_size_semantics and @max_member_weight, the size semantics
 * (sum_of_weights unless "sum_of_members" is asked for, which takes the
 * member weight); none of them is copied into the annotation list. On an
 * action profile without selector they are ignored. A selector without
 * them has no size semantics. Other annotations stay. */
#include <core.p4>
#include <v1model.p4>

struct h_t { }
struct m_t { bit<16> k; bit<16> sel; }

parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}

control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    action fwd(bit<9> port) { sm.egress_spec = port; }

    @max_group_size(16) @selector_size_semantics("sum_of_members") @max_member_weight(8)
    action_profile(64) plain;
    @my_note @max_group_size(32)
    action_selector(HashAlgorithm.crc16, 256, 16) weights;
    @max_group_size(4) @selector_size_semantics("sum_of_members") @max_member_weight(100)
    action_selector(HashAlgorithm.crc16, 512, 16) members;
    @selector_size_semantics("sum_of_members")
    action_selector(HashAlgorithm.crc16, 128, 16) members_no_weight;
    action_selector(HashAlgorithm.crc16, 1024, 16) bare;

    table t_plain {
        key = { m.k : exact; }
        actions = { fwd; }
        implementation = plain;
    }
    table t_weights {
        key = { m.k : exact; m.sel : selector; }
        actions = { fwd; }
        implementation = weights;
    }
    table t_members {
        key = { m.k : exact; m.sel : selector; }
        actions = { fwd; }
        implementation = members;
    }
    table t_members_no_weight {
        key = { m.k : exact; m.sel : selector; }
        actions = { fwd; }
        implementation = members_no_weight;
    }
    table t_bare {
        key = { m.k : exact; m.sel : selector; }
        actions = { fwd; }
        implementation = bare;
    }
    apply {
        t_plain.apply();
        t_weights.apply();
        t_members.apply();
        t_members_no_weight.apply();
        t_bare.apply();
    }
}

control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control C(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }

V1Switch(P(), V(), I(), E(), C(), D()) main;
