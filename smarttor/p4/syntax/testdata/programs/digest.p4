/* Learning switch: digests of unknown sources, clones to a CPU session,
 * recirculation and resubmission with preserved field lists. */
#include <core.p4>
#include <v1model.p4>
#include "headers.p4"

#define CPU_SESSION 100
#define PKT_INSTANCE_TYPE_NORMAL 0
#define PKT_INSTANCE_TYPE_INGRESS_CLONE 1
#define PKT_INSTANCE_TYPE_RESUBMIT 6
#define IS_RESUBMITTED(std) (std.instance_type == PKT_INSTANCE_TYPE_RESUBMIT)

struct learn_t {
    mac_t  src;
    port_t port;
}

struct meta_t {
    @field_list(1)
    bit<8> resubmit_reason;
    @field_list(1, 2)
    bit<8> recirc_count;
    learn_t learn;
}

@controller_header("packet_in")
header cpu_in_t {
    port_t  ingress_port;
    bit<7>  _pad;
}

struct headers_t {
    cpu_in_t   cpu_in;
    ethernet_t ethernet;
}

parser LParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
               inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control LVerify(inout headers_t hdr, inout meta_t meta) { apply { } }

control LIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action learn() {
        meta.learn.src = hdr.ethernet.src;
        meta.learn.port = sm.ingress_port;
        digest<learn_t>(1, meta.learn);
    }
    action learn_old() {
        digest(32w1, {hdr.ethernet.src, sm.ingress_port});
    }
    action forward(port_t port) { sm.egress_spec = port; }
    action flood() { sm.mcast_grp = 1; }
    action to_cpu() {
        clone3(CloneType.I2E, CPU_SESSION, { sm.ingress_port });
        clone(CloneType.I2E, 32w100);
        clone_preserving_field_list(CloneType.I2E, CPU_SESSION, 2);
    }

    table smac {
        key = { hdr.ethernet.src : exact; }
        actions = { learn; learn_old; NoAction; }
        default_action = learn;
        size = 4096;
        support_timeout = true;
    }
    table dmac {
        key = { hdr.ethernet.dst : exact; }
        actions = { forward; flood; to_cpu; }
        default_action = flood;
    }

    apply {
        if (IS_RESUBMITTED(sm)) {
            meta.resubmit_reason = 0;
        }
        smac.apply();
        dmac.apply();
        if (meta.resubmit_reason == 1 && sm.instance_type == PKT_INSTANCE_TYPE_NORMAL) {
            resubmit_preserving_field_list(1);
        } else if (meta.resubmit_reason == 2) {
            resubmit({ meta.resubmit_reason });
        }
        log_msg("ingress port {} src {}", { sm.ingress_port, hdr.ethernet.src });
        log_msg("done");
    }
}

control LEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == PKT_INSTANCE_TYPE_INGRESS_CLONE) {
            hdr.cpu_in.setValid();
            hdr.cpu_in.ingress_port = sm.ingress_port;
            truncate(64);
        }
        if (meta.recirc_count < 3) {
            meta.recirc_count = meta.recirc_count + 1;
            recirculate_preserving_field_list(2);
        } else if (meta.recirc_count == 3) {
            recirculate<meta_t>(meta);
        }
        assert(sm.egress_port != 511);
        assume(meta.recirc_count <= 3);
    }
}

control LCompute(inout headers_t hdr, inout meta_t meta) { apply { } }

control LDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.cpu_in);
        pkt.emit(hdr.ethernet);
    }
}

V1Switch(LParser(), LVerify(), LIngress(), LEgress(), LCompute(), LDeparser()) main;
