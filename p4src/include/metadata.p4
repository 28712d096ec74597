/* Metadata, digest layout and counter indices of the smart-ToR program. */
#ifndef SMARTTOR_METADATA_P4
#define SMARTTOR_METADATA_P4

const port_t CPU_PORT = 510;

/* standard_metadata.instance_type as BMv2 numbers it. */
const bit<32> PKT_INSTANCE_TYPE_RECIRC = 4;

/* Flow directions, relative to the VNIC (vcn.Direction). */
const bit<8> DIR_EGRESS  = 0;   /* from the instance */
const bit<8> DIR_INGRESS = 1;   /* towards the instance */

/* Digest reasons. */
const bit<8> REASON_MISS  = 1;
const bit<8> REASON_STALE = 2;

/* Packet-in reasons. */
const bit<8> CPU_REASON_ARP  = 1;
const bit<8> CPU_REASON_LLDP = 2;

/* Flow-cache verdicts, set by the flow_cache actions. */
const bit<2> FC_NONE    = 0;
const bit<2> FC_ENCAP   = 1;
const bit<2> FC_DELIVER = 2;
const bit<2> FC_DENY    = 3;

/* Indices of the stats counter. */
const bit<32> STAT_HIT_EGRESS      = 0;
const bit<32> STAT_HIT_INGRESS     = 1;
const bit<32> STAT_MISS            = 2;
const bit<32> STAT_STALE           = 3;
const bit<32> STAT_NIS_RETURN      = 4;
const bit<32> STAT_TRANSIT         = 5;
const bit<32> STAT_HAIRPIN         = 6;
const bit<32> STAT_TO_CPU          = 7;
const bit<32> STAT_ARP_REPLY       = 8;
const bit<32> STAT_PACKET_OUT      = 9;
const bit<32> STAT_DROP_PARSER     = 16;
const bit<32> STAT_DROP_CHECKSUM   = 17;
const bit<32> STAT_DROP_SPOOF      = 18;
const bit<32> STAT_DROP_DENY       = 19;
const bit<32> STAT_DROP_TTL        = 20;
const bit<32> STAT_DROP_NO_VNIC    = 21;
const bit<32> STAT_DROP_NO_ROUTE   = 22;
const bit<32> STAT_DROP_UNSUPPORTED = 23;
const bit<32> STAT_DROP_UNCONFIGURED = 24;
const bit<32> STAT_DROP_BAD_RETURN = 25;
const bit<32> STAT_DROP_UNKNOWN_SRC = 26;
const bit<32> STAT_DROP_NOT_FOR_US  = 27;
const bit<32> STAT_COUNT           = 32;

/* The digest sent to the controller on a miss or a stale hit. Field order
 * is the digest's P4Info struct order. */
struct flow_digest_t {
    bit<32>     vnic;
    bit<8>      direction;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
    bit<8>      protocol;
    bit<16>     src_port;
    bit<16>     dst_port;
    bit<8>      reason;
}

/* The flow-cache key, assembled from outer (egress) or inner (ingress)
 * headers before the single flow_cache look-up. */
struct flow_key_t {
    bit<32>     vnic;
    bit<8>      direction;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
    bit<8>      protocol;
    bit<16>     src_port;
    bit<16>     dst_port;
}

/* What the flow_cache hit carried: the verdict's parameters and, for each
 * part the entry was built from, the version slot and the version. Slot 0
 * means "no dependency". */
struct flow_hit_t {
    bit<2>      verdict;
    ipv4_addr_t substrate;
    bit<24>     vni;
    bit<32>     vnic;
    bit<32>     policy_slot;
    bit<32>     policy_version;
    bit<32>     mapping_slot;
    bit<32>     mapping_version;
    bit<32>     route_slot;
    bit<32>     route_version;
}

struct metadata_t {
    /* ToR configuration (tor_config). */
    bit<1>      configured;
    ipv4_addr_t my_vtep;
    mac_addr_t  router_mac;
    ipv4_addr_t nis_addr;
    /* Classification. */
    bit<12>     vlan_id;
    bit<24>     vni;
    flow_key_t  fk;
    bit<1>      lookup;
    flow_hit_t  hit;
    bit<1>      stale;
    /* Forwarding decisions, applied once at the end of ingress. */
    bit<1>      punt;
    bit<8>      punt_reason;
    bit<1>      encap;
    ipv4_addr_t encap_dst;
    bit<8>      vxlan_mark;
    bit<1>      to_substrate;
    bit<1>      deliver;
    bit<32>     deliver_vnic;
    bit<1>      hairpin;
    bit<8>      cpu_reason;
}

#endif
