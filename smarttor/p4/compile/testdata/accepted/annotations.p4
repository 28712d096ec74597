// annotations.p4: front-end breadth probe written for this project (constructs p4c
// accepts): TestAcceptedCompile checks and lowers it.
#include <core.p4>
#include <v1model.p4>

@pkginfo(name="probe", version="1.0")
@brief("A probe") @description("one line")
header h_t { bit<8> a; }
struct headers_t { @name("hh") h_t h; }
@my_free(this is free - form text; with tokens)
struct meta_t { bit<8> x; }
@structured[a = 1, b = "two", c = true]
struct s_t { bit<8> y; }
@kv[1, "x", 3 + 4]
struct s2_t { bit<8> y; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std)(bit<8> k) {
    bit<8> K2 = k + 1;
    @pragma netro no_lookup_caching
    @name(".act") action act(@name("value") bit<8> v) { hdr.h.a = v + K2; }
    @hidden @sai_table("t") table t {
        key = { hdr.h.a : exact @name("ha") @format(IPV4_ADDRESS); }
        actions = { act; }
        @my_prop size = 32;
    }
    apply { t.apply(); std.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(3), E(), C(), D()) main;
