/* v1model.p4: the V1Switch architecture (BMv2 simple_switch), as declared by
 * the smarttor target. Written for this project from the documented
 * behaviour of BMv2's v1model; field names and widths match BMv2 so that
 * programs and P4Info are interchangeable. */
#ifndef SMARTTOR_V1MODEL_P4
#define SMARTTOR_V1MODEL_P4
#define _V1_MODEL_P4_ /* as p4c's v1model.p4 */
#include <core.p4>

/* Programs may choose an older version before including this file. */
#ifndef V1MODEL_VERSION
#define V1MODEL_VERSION 20200408
#endif

match_kind {
    range,     // lo..hi
    optional,  // exact or wildcard
    selector   // input of an action selector's hash
}

const bit<32> __v1model_version = V1MODEL_VERSION;

#if V1MODEL_VERSION >= 20200408
typedef bit<9>  PortId_t;
typedef bit<48> EgressInstance_t;
typedef bit<8>  ClassOfService_t;
typedef bit<32> PktInstType_t;
#endif

@metadata @name("standard_metadata")
struct standard_metadata_t {
#if V1MODEL_VERSION >= 20200408
    PortId_t ingress_port;
    PortId_t egress_spec;
    PortId_t egress_port;
#else
    bit<9> ingress_port;
    bit<9> egress_spec;
    bit<9> egress_port;
#endif
    bit<32> instance_type;
    /// drop and recirculate_port are in older v1model.p4 files, which
    /// some programs still set; simple_switch never read them (drop
    /// with mark_to_drop), and neither does this target.
    bit<1>  drop;
    bit<16> recirculate_port;
    bit<32> packet_length;
    @alias("queueing_metadata.enq_timestamp")  bit<32> enq_timestamp;
    @alias("queueing_metadata.enq_qdepth")     bit<19> enq_qdepth;
    @alias("queueing_metadata.deq_timedelta")  bit<32> deq_timedelta;
    @alias("queueing_metadata.deq_qdepth")     bit<19> deq_qdepth;
    @alias("intrinsic_metadata.ingress_global_timestamp") bit<48> ingress_global_timestamp;
    @alias("intrinsic_metadata.egress_global_timestamp")  bit<48> egress_global_timestamp;
    @alias("intrinsic_metadata.mcast_grp")     bit<16> mcast_grp;
    @alias("intrinsic_metadata.egress_rid")    bit<16> egress_rid;
    /// 1 when verify_checksum found a mismatch.
    bit<1> checksum_error;
    /// The error the parser stopped with.
    error parser_error;
    @alias("intrinsic_metadata.priority")      bit<3> priority;
}

enum CounterType {
    packets,
    bytes,
    packets_and_bytes
}

enum MeterType {
    packets,
    bytes
}

/// An array of counters, indexed from 0 to size-1.
#if V1MODEL_VERSION >= 20200408
extern counter<I> {
    counter(bit<32> size, CounterType type);
    void count(in I index);
}
#else
extern counter {
    counter(bit<32> size, CounterType type);
    void count(in bit<32> index);
}
#endif

/// A counter attached to every entry of one table.
extern direct_counter {
    direct_counter(CounterType type);
    void count();
}

/// An array of three-colour meters.
#define V1MODEL_METER_COLOR_GREEN  0
#define V1MODEL_METER_COLOR_YELLOW 1
#define V1MODEL_METER_COLOR_RED    2
#if V1MODEL_VERSION >= 20200408
extern meter<I> {
    meter(bit<32> size, MeterType type);
    void execute_meter<T>(in I index, out T result);
}
#else
extern meter {
    meter(bit<32> size, MeterType type);
    void execute_meter<T>(in bit<32> index, out T result);
}
#endif

/// A meter attached to every entry of one table.
extern direct_meter<T> {
    direct_meter(MeterType type);
    void read(out T result);
}

/// An array of size cells of type T, kept across packets.
#if V1MODEL_VERSION >= 20200408
extern register<T, I> {
    register(bit<32> size);
    @noSideEffects
    void read(out T result, in I index);
    void write(in I index, in T value);
}
#else
extern register<T> {
    register(bit<32> size);
    @noSideEffects
    void read(out T result, in bit<32> index);
    void write(in bit<32> index, in T value);
}
#endif

/// Action data shared by several entries.
extern action_profile {
    action_profile(bit<32> size);
}

/// Writes a uniformly random value in [lo, hi] to result.
extern void random<T>(out T result, in T lo, in T hi);

/// Sends data to the control plane.
extern void digest<T>(in bit<32> receiver, in T data);

enum HashAlgorithm {
    crc32,
    crc32_custom,
    crc16,
    crc16_custom,
    random,
    identity,
    csum16,
    xor16
}

/// Drops the packet (old form, acting on the implicit standard_metadata).
@deprecated("Please use mark_to_drop(standard_metadata) instead.")
extern void mark_to_drop();

/// Drops the packet at the end of the ingress or egress pipeline.
extern void mark_to_drop(inout standard_metadata_t standard_metadata);

/// result = base + (hash(data) % max), or base when max is 0.
@pure
extern void hash<O, T, D, M>(out O result, in HashAlgorithm algo, in T base, in D data, in M max);

/// Action profile whose member is chosen by a hash of the selector keys.
extern action_selector {
    action_selector(HashAlgorithm algorithm, bit<32> size, bit<32> outputWidth);
}

enum CloneType {
    I2E,
    E2E
}

@deprecated("Please use verify_checksum/update_checksum instead.")
extern Checksum16 {
    Checksum16();
    bit<16> get<D>(in D data);
}

/// Sets standard_metadata.checksum_error when checksum differs.
extern void verify_checksum<T, O>(in bool condition, in T data, in O checksum, HashAlgorithm algo);

/// Computes the checksum of data into checksum when condition holds.
extern void update_checksum<T, O>(in bool condition, in T data, inout O checksum, HashAlgorithm algo);

/// As verify_checksum, with the payload appended to data.
extern void verify_checksum_with_payload<T, O>(in bool condition, in T data, in O checksum, HashAlgorithm algo);

/// As update_checksum, with the payload appended to data.
extern void update_checksum_with_payload<T, O>(in bool condition, in T data, inout O checksum, HashAlgorithm algo);

/// Clones the packet to the given session.
extern void clone(in CloneType type, in bit<32> session);

@deprecated("Please use 'resubmit_preserving_field_list' instead")
extern void resubmit<T>(in T data);
/// Resubmits the packet, keeping the user metadata annotated @field_list(index).
extern void resubmit_preserving_field_list(bit<8> index);

@deprecated("Please use 'recirculate_preserving_field_list' instead")
extern void recirculate<T>(in T data);
/// Recirculates the packet, keeping the user metadata annotated @field_list(index).
extern void recirculate_preserving_field_list(bit<8> index);

@deprecated("Please use 'clone_preserving_field_list' instead")
extern void clone3<T>(in CloneType type, in bit<32> session, in T data);
/// Clones the packet, keeping the user metadata annotated @field_list(index).
extern void clone_preserving_field_list(in CloneType type, in bit<32> session, bit<8> index);

/// Truncates the packet to length bytes on output.
extern void truncate(in bit<32> length);

/// Aborts when check is false (a debugging aid).
extern void assert(in bool check);

/// Lets verification tools assume check holds.
extern void assume(in bool check);

/// Writes a message to the target's log.
extern void log_msg(string msg);
/// Writes a message with {} placeholders filled from data.
extern void log_msg<T>(string msg, in T data);

/* The programmable blocks of V1Switch. */
parser Parser<H, M>(packet_in b,
                    out H parsedHdr,
                    inout M meta,
                    inout standard_metadata_t standard_metadata);

control VerifyChecksum<H, M>(inout H hdr,
                             inout M meta);

@pipeline
control Ingress<H, M>(inout H hdr,
                      inout M meta,
                      inout standard_metadata_t standard_metadata);

@pipeline
control Egress<H, M>(inout H hdr,
                     inout M meta,
                     inout standard_metadata_t standard_metadata);

control ComputeChecksum<H, M>(inout H hdr,
                              inout M meta);

@deparser
control Deparser<H>(packet_out b, in H hdr);

package V1Switch<H, M>(Parser<H, M> p,
                       VerifyChecksum<H, M> vr,
                       Ingress<H, M> ig,
                       Egress<H, M> eg,
                       ComputeChecksum<H, M> ck,
                       Deparser<H> dep);

#endif /* SMARTTOR_V1MODEL_P4 */
