// misc.p4: 128-bit fields (IPv6 addresses as lpm and exact keys, wide
// action arguments, wide equality), enums and typedefs, a switch
// statement on a value with grouped labels, switch on action_run with
// grouped labels, exit inside an action, default action arguments.
#include <core.p4>
#include <v1model.p4>

typedef bit<128> ip6_t;
enum bit<8> Kind { A = 1, B = 2, C = 3 }

header ipv6_t { bit<8> kind; ip6_t src; ip6_t dst; bit<8> r1; bit<8> r2; bit<8> r3; }
struct headers_t { ipv6_t ip; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.ip); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action route(bit<9> port, ip6_t nat) { std.egress_spec = port; hdr.ip.src = nat; }
    action stop(bit<8> code) { hdr.ip.r3 = code; std.egress_spec = 3; exit; }
    action x1() { hdr.ip.r2 = 1; }
    action x2() { hdr.ip.r2 = 2; }
    action x3() { hdr.ip.r2 = 3; }
    table fib {
        key = { hdr.ip.dst : lpm; }
        actions = { route; stop; }
        default_action = stop(0xdd);
    }
    table pick {
        key = { hdr.ip.src : exact; }
        actions = { x1; x2; x3; NoAction; }
        default_action = NoAction();
    }
    apply {
        switch (pick.apply().action_run) {
            x1:
            x2: { hdr.ip.r1 = 0x12; }
            x3: { hdr.ip.r1 = 0x03; }
        }
        switch (hdr.ip.kind) {
            Kind.A:
            Kind.B: { hdr.ip.r3 = 0xab; }
            Kind.C: { hdr.ip.r3 = 0xcc; }
            default: { hdr.ip.r3 = 0xff; }
        }
        if (hdr.ip.dst == 128w0) {
            hdr.ip.r3 = 0;
        }
        fib.apply();
        hdr.ip.r3 = hdr.ip.r3 + 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.ip); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
