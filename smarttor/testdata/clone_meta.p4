// clone_meta.p4: the standard metadata clones and resubmitted packets
// start with in simple_switch: reset (ingress_port 0) but for
// instance_type, egress_port and packet_length, unless a field list
// preserves them. An I2E clone is parsed with the ingress_port (the parser
// may branch on it), then reset (parser_error too); a resubmitted packet
// is parsed with ingress_port 0.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> op; bit<8> pport; bit<8> iport; bit<8> kept; bit<8> eport; bit<8> inst; bit<16> plen; bit<8> perr; }
struct headers_t { h_t h; }
struct meta_t { @field_list(1) bit<9> port; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start {
        pkt.extract(hdr.h);
        hdr.h.pport = (bit<8>)std.ingress_port;
        verify(hdr.h.op != 5, error.NoMatch);
        transition accept;
    }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        if (std.instance_type == 0) {
            meta.port = std.ingress_port;
            if (hdr.h.op == 1 || hdr.h.op == 5) { clone(CloneType.I2E, 5); }
            if (hdr.h.op == 3) { resubmit_preserving_field_list(1); }
            if (hdr.h.op == 4) { clone_preserving_field_list(CloneType.I2E, 5, 1); }
        }
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        hdr.h.iport = (bit<8>)std.ingress_port;
        hdr.h.kept = (bit<8>)meta.port;
        hdr.h.eport = (bit<8>)std.egress_port;
        hdr.h.inst = (bit<8>)std.instance_type;
        hdr.h.plen = (bit<16>)std.packet_length;
        hdr.h.perr = std.parser_error == error.NoMatch ? 8w1 : 8w0;
        if (hdr.h.op == 2 && std.instance_type == 0) { clone(CloneType.E2E, 5); }
    }
}
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
