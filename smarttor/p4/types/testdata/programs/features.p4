/* features.p4: exercises the language features the checker and the P4Info
 * generation support: serializable enums, new types, header stacks and
 * unions, externs of v1model, value sets, const entries, nested control
 * instances with constructor parameters, @name (relative and absolute) and
 * @hidden. Written for the smarttor tests. */
#include <core.p4>
#include <v1model.p4>

enum bit<8> proto_t {
    TCP = 6,
    UDP = 17
}

enum direction_t { IN, OUT }

@p4runtime_translation("p4.org/psa/v1/PortId_t", 32)
type bit<9> port_id_t;

type bit<16> tag_t;

header eth_t {
    bit<48> dst;
    bit<48> src;
    bit<16> type;
}

header mpls_t {
    bit<20> label;
    bit<3>  tc;
    bit<1>  bos;
    bit<8>  ttl;
}

header v4_t {
    bit<8>  ver_ihl;
    bit<8>  proto;
    bit<32> src;
    bit<32> dst;
}

header v6_t {
    bit<128> src;
    bit<128> dst;
}

header_union ip_t {
    v4_t v4;
    v6_t v6;
}

header opt_t {
    bit<8>      len;
    varbit<320> data;
}

struct headers_t {
    eth_t     eth;
    mpls_t[3] mpls;
    ip_t      ip;
    opt_t     opt;
}

struct pair_t {
    bit<16> a;
    bit<16> b;
}

struct learn_t {
    bit<48>   src;
    port_id_t port;
    proto_t   proto;
}

struct meta_t {
    bit<32>     idx;
    bit<2>      color;
    bit<16>     hash;
    pair_t      pair;
    tag_t       tag;
    direction_t dir;
    bit<8>      proto;
}

const bit<16> ETH_MPLS = 0x8847;
const bit<16> ETH_V4 = 0x0800;
const int WIDTH = 4 * 8;
const bit<WIDTH> MASK = 32w0xffff_0000;

/* A top-level extern instance, shared by the controls that use it. */
@name("global_counter") counter<bit<32>>(4, CounterType.packets) top_counter;

bit<16> mix(in bit<16> a, in bit<16> b) {
    return (a ^ b) |+| 16w1;
}

parser FParser(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    value_set<bit<16>>(4) tunnel_types;

    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.type) {
            ETH_MPLS: parse_mpls;
            ETH_V4: parse_v4;
            tunnel_types: accept;
            0x86dd &&& 0xffff: parse_v6;
            0x9000 .. 0x90ff: accept;
            default: accept;
        }
    }
    state parse_mpls {
        pkt.extract(hdr.mpls.next);
        transition select(hdr.mpls.last.bos) {
            0: parse_mpls;
            1: parse_v4;
        }
    }
    state parse_v4 {
        pkt.extract(hdr.ip.v4);
        bit<8> first = pkt.lookahead<bit<8>>();
        transition select(hdr.ip.v4.proto, first) {
            (6, _): accept;
            (_, 0x45): parse_opt;
            default: accept;
        }
    }
    state parse_opt {
        pkt.extract(hdr.opt, (bit<32>)hdr.opt.len * 8);
        transition accept;
    }
    state parse_v6 {
        pkt.extract(hdr.ip.v6);
        verify(hdr.ip.v6.src != 0, error.ParserInvalidArgument);
        pkt.advance(32);
        transition accept;
    }
}

control FVerify(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control Stage(inout meta_t meta)(bit<32> table_size) {
    action set_tag(tag_t t) {
        meta.tag = t;
    }
    table tags {
        key = { meta.idx : exact; }
        actions = { set_tag; }
        size = table_size;
    }
    apply {
        tags.apply();
    }
}

control FIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    register<bit<32>, bit<32>>(128) seen;
    meter(64, MeterType.bytes) rate;
    direct_meter<bit<2>>(MeterType.packets) acl_meter;
    direct_counter(CounterType.packets) acl_counter;
    @max_group_size(8) action_selector(HashAlgorithm.crc16, 1024, 14) ecmp_sel;
    action_profile(256) nh_profile;
    Stage(512) first;
    @name("second_stage") Stage(1024) second;

    @hidden action internal() { }
    action drop() {
        mark_to_drop(sm);
    }
    action forward(port_id_t port, @name("mac") bit<48> dmac) {
        sm.egress_spec = (bit<9>)port;
        hdr.eth.dst = dmac;
    }
    action set_proto(proto_t p) {
        meta.proto = (bit<8>)p;
    }
    action acl_action(bit<2> c) {
        acl_meter.read(meta.color);
        meta.color = meta.color | c;
    }
    @name(".global_acl")
    table acl {
        key = {
            hdr.eth.src        : ternary;
            hdr.ip.v4.isValid(): exact;
            hdr.ip.v4.dst      : lpm @name("dst");
            meta.idx[15:0]     : range @name("idx_lo");
            meta.proto         : optional;
        }
        actions = { acl_action; @tableonly drop; @defaultonly NoAction; }
        const default_action = NoAction();
        meters = acl_meter;
        counters = acl_counter;
        const entries = {
            (48w1 &&& 48w0xff, true, 32w0x0a000000 &&& 32w0xff000000, 1 .. 100, 6) : acl_action(1);
            priority = 50: (_, false, _, _, _) : drop();
        }
    }
    table ecmp {
        key = {
            meta.hash : selector;
            meta.idx  : exact;
        }
        actions = { forward; drop; }
        implementation = ecmp_sel;
        default_action = drop();
    }
    table nexthop {
        key = { meta.idx : exact; }
        actions = { forward; }
        implementation = nh_profile;
    }
    table by_proto {
        key = { meta.proto : exact; }
        actions = { set_proto; NoAction; }
        entries = {
            6 : set_proto(proto_t.TCP);
            17 : set_proto(proto_t.UDP);
        }
        idle_timeout_with_auto_delete = true;
        support_timeout = true;
    }
    @hidden table hidden_table {
        actions = { internal; }
        default_action = internal;
    }

    apply {
        bit<32> old;
        seen.read(old, meta.idx);
        seen.write(meta.idx, old + 1);
        rate.execute_meter(meta.idx, meta.color);
        hash(meta.hash, HashAlgorithm.crc32, 16w0, { hdr.eth.src, hdr.eth.dst }, 32w65536);
        meta.pair = { a = meta.hash, b = mix(meta.hash, 16w7) };
        meta.pair = { meta.hash, 2 };
        tuple<bit<8>, bool> t = { 1, true };
        meta.idx = meta.idx & MASK;
        meta.idx = (meta.idx << 2) >> 1;
        meta.hash = hdr.eth.type ++ 8w0 == 24w0 ? 16w1 : 16w2;
        if (hdr.mpls[0].isValid() && hdr.mpls.size == 3) {
            hdr.mpls.push_front(1);
            hdr.mpls[0].setValid();
            hdr.mpls[0].label = hdr.mpls[1].label;
            hdr.mpls.pop_front(1);
        }
        if (hdr.ip.isValid()) {
            meta.dir = direction_t.IN;
        }
        switch (acl.apply().action_run) {
            acl_action: { ecmp.apply(); }
            default: { nexthop.apply(); }
        }
        switch (meta.proto) {
            6: { by_proto.apply(); }
            17:
            default: { }
        }
        if (!by_proto.apply().hit) {
            first.apply(meta);
            second.apply(meta);
        }
        hidden_table.apply();
        digest<learn_t>(1, { hdr.eth.src, (port_id_t)sm.ingress_port, proto_t.TCP });
        learn_t l = { src = hdr.eth.src, port = (port_id_t)sm.ingress_port, proto = (proto_t)meta.proto };
        digest(2, l);
        if (meta.proto == proto_t.UDP) {
            exit;
        }
    }
}

control FEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    counter<bit<8>>(256, CounterType.bytes) by_class;
    apply {
        by_class.count((bit<8>)meta.color);
        top_counter.count(1);
        log_msg("egress port {}", { sm.egress_port });
    }
}

control FCompute(inout headers_t hdr, inout meta_t meta) {
    apply {
        update_checksum(hdr.ip.v4.isValid(), { hdr.ip.v4.src, hdr.ip.v4.dst }, meta.pair.a, HashAlgorithm.csum16);
    }
}

control FDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.eth);
        pkt.emit(hdr.mpls);
        pkt.emit(hdr.ip);
    }
}

V1Switch(FParser(), FVerify(), FIngress(), FEgress(), FCompute(), FDeparser()) main;
