// l2.p4: MAC and IPv4 literals in STF keys and arguments, a validity key
// (isValid() : exact), @name'd keys and tables, a table in a nested
// control (its name prefixed by the instance), expect PORT with no data,
// remove all, clone to a multicast group (mirroring_add_mc).
#include <core.p4>
#include <v1model.p4>

header ethernet_t { bit<48> dst; bit<48> src; bit<16> etherType; }
header vlan_t { bit<16> tci; bit<16> etherType; }
header ipv4_t { bit<64> pre; bit<32> src; bit<32> dst; }

struct headers_t { ethernet_t eth; vlan_t vlan; ipv4_t ipv4; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.etherType) {
            0x8100: vlan;
            0x0800: ipv4;
            default: accept;
        }
    }
    state vlan {
        pkt.extract(hdr.vlan);
        transition select(hdr.vlan.etherType) {
            0x0800: ipv4;
            default: accept;
        }
    }
    state ipv4 { pkt.extract(hdr.ipv4); transition accept; }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control Acl(inout headers_t hdr, inout standard_metadata_t std) {
    // mark_to_drop(std) here is lost (see nested_drop.p4).
    action deny() { std.egress_spec = 511; }
    action rewrite(bit<32> addr) { hdr.ipv4.dst = addr; }
    table acl {
        key = { hdr.ipv4.src : ternary @name("source"); }
        actions = { deny; rewrite; NoAction; }
        default_action = NoAction();
    }
    apply { if (hdr.ipv4.isValid()) { acl.apply(); } }
}

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    Acl() acl_in;
    action fwd(bit<9> port, bit<48> smac) { std.egress_spec = port; hdr.eth.src = smac; }
    action flood() { std.mcast_grp = 1; }
    action mirror() { clone(CloneType.I2E, 3); }
    @name("dmac_table") table dmac {
        key = {
            hdr.eth.dst : exact;
            hdr.vlan.isValid() : exact;
        }
        actions = { fwd; flood; }
        default_action = flood();
    }
    table spy {
        key = { hdr.eth.src : exact; }
        actions = { mirror; NoAction; }
        default_action = NoAction();
    }
    apply {
        spy.apply();
        dmac.apply();
        acl_in.apply(hdr, std);
    }
}

control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) {
    apply { pkt.emit(hdr.eth); pkt.emit(hdr.vlan); pkt.emit(hdr.ipv4); }
}

V1Switch(P(), VC(), I(), E(), C(), D()) main;
