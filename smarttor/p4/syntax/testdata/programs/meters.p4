/* Meters: an indexed meter executed from an action, a direct meter read
 * into metadata, and policing by colour. */
#include <core.p4>
#include <v1model.p4>
#include "headers.p4"

const bit<2> METER_GREEN  = 0;
const bit<2> METER_YELLOW = 1;
const bit<2> METER_RED    = 2;

struct meta_t {
    bit<2>  color;
    bit<32> meter_idx;
}

struct headers_t {
    ethernet_t ethernet;
    ipv4_t     ipv4;
}

parser MParser(packet_in pkt, out headers_t hdr, inout meta_t meta,
               inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.etherType) {
            ETHERTYPE_IPV4: ipv4;
            default: accept;
        }
    }
    state ipv4 {
        pkt.extract(hdr.ipv4);
        transition accept;
    }
}

control MVerify(inout headers_t hdr, inout meta_t meta) {
    apply {
        verify_checksum(hdr.ipv4.isValid(),
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.dscp, hdr.ipv4.ecn,
              hdr.ipv4.totalLen, hdr.ipv4.identification, hdr.ipv4.flags,
              hdr.ipv4.fragOffset, hdr.ipv4.ttl, hdr.ipv4.protocol,
              hdr.ipv4.src, hdr.ipv4.dst },
            hdr.ipv4.hdrChecksum, HashAlgorithm.csum16);
    }
}

control MIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    meter(32w1024, MeterType.packets) port_meter;
    meter<bit<10>>(1024, MeterType.bytes) flow_meter;
    direct_meter<bit<2>>(MeterType.bytes) dscp_meter;

    action m_action(bit<32> idx) {
        port_meter.execute_meter<bit<2>>(idx, meta.color);
        meta.meter_idx = idx;
    }
    action m_read() {
        dscp_meter.read(meta.color);
    }
    action flow_police() {
        flow_meter.execute_meter((bit<10>)hdr.ipv4.src[9:0], meta.color);
    }

    table m_table {
        key = { hdr.ethernet.src : exact; }
        actions = { m_action; NoAction; }
        size = 1024;
        default_action = NoAction;
    }
    table dscp_table {
        key = { hdr.ipv4.dscp : exact; }
        actions = { m_read; }
        meters = dscp_meter;
        default_action = m_read();
    }
    table flows {
        key = { hdr.ipv4.src : exact; }
        actions = { flow_police; }
        implementation = action_profile(128);
    }
    action_selector(HashAlgorithm.crc16, 32w64, 32w4) ecmp_selector;
    action set_nhop(port_t port) { sm.egress_spec = port; }
    table ecmp {
        key = {
            hdr.ipv4.dst : lpm;
            hdr.ipv4.src : selector;
            hdr.ipv4.protocol : selector;
        }
        actions = { set_nhop; }
        implementation = ecmp_selector;
    }

    apply {
        m_table.apply();
        dscp_table.apply();
        flows.apply();
        ecmp.apply();
        if (meta.color == METER_RED) {
            mark_to_drop(sm);
        } else if (meta.color == METER_YELLOW) {
            hdr.ipv4.dscp = 6w0;
        }
    }
}

control MEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }

control MCompute(inout headers_t hdr, inout meta_t meta) {
    apply {
        update_checksum_with_payload(hdr.ipv4.isValid(), { hdr.ipv4.src, hdr.ipv4.dst },
                                     hdr.ipv4.hdrChecksum, HashAlgorithm.csum16);
    }
}

control MDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

V1Switch(MParser(), MVerify(), MIngress(), MEgress(), MCompute(), MDeparser()) main;
