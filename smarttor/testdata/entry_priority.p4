// entry_priority.p4: entries with priorities (P4_16 1.2.4): an entry
// without a priority gets the previous one's minus priority_delta, or plus
// it when largest_priority_wins = false, where the smallest priority wins.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> big; bit<8> small; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    action big(bit<8> v) { hdr.h.big = v; }
    action small(bit<8> v) { hdr.h.small = v; }
    // Priorities 100, 90, 80, 95, 85: for k = 0x11, entries 2 (0x1 &&& 0xf,
    // 90) and 4 (95) match: 95 wins; for k = 0x21, 2 (90) beats 3 (80).
    table largest {
        key = { hdr.h.k : ternary; }
        actions = { big; }
        priority_delta = 10;
        entries = {
            priority=100: 0x00 &&& 0xff : big(1);
                          0x01 &&& 0x0f : big(2);
                          0x20 &&& 0xf0 : big(3);
            priority=95:  0x10 &&& 0xf0 : big(4);
                          _             : big(5);
        }
    }
    // Priorities 10, 20, 30, 15, 25: the smallest wins; for k = 0x11,
    // entries 2 (20) and 4 (15) match: 15 wins; for k = 0x21, 2 (20) and 3
    // (30) match: 20 wins.
    table smallest {
        key = { hdr.h.k : ternary; }
        actions = { small; }
        largest_priority_wins = false;
        priority_delta = 10;
        entries = {
            priority=10: 0x00 &&& 0xff : small(1);
                         0x01 &&& 0x0f : small(2);
                         0x20 &&& 0xf0 : small(3);
            priority=15: 0x10 &&& 0xf0 : small(4);
                         _             : small(5);
        }
    }
    apply {
        std.egress_spec = 1;
        largest.apply();
        smallest.apply();
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
