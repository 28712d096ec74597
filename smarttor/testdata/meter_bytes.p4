// meter_bytes.p4: a two-rate three-color meter of bytes (RFC 2698 as
// BMv2 runs it: red when the peak bucket holds fewer bytes than the
// packet's length, else yellow when the committed one does, else green;
// the buckets start full and, the runner's clock being frozen, never
// refill), and a plain (non-serializable) enum set from the color and
// switched on.
#include <core.p4>
#include <v1model.p4>

enum Colour { Green, Yellow, Red }
header h_t { bit<8> idx; bit<8> color; bit<8> letter; bit<8> p1; bit<8> p2; bit<8> p3; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    meter(4, MeterType.bytes) m;
    apply {
        bit<8> c;
        m.execute_meter((bit<32>)hdr.h.idx, c);
        hdr.h.color = c;
        Colour k = Colour.Red;
        if (c == V1MODEL_METER_COLOR_GREEN) {
            k = Colour.Green;
        } else if (c == V1MODEL_METER_COLOR_YELLOW) {
            k = Colour.Yellow;
        }
        switch (k) {
            Colour.Green: { hdr.h.letter = 0x47; }
            Colour.Yellow: { hdr.h.letter = 0x59; }
            default: { hdr.h.letter = k == Colour.Red ? 8w0x52 : 8w0x3f; }
        }
        std.egress_spec = 1;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
