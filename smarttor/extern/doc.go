// Package extern implements the v1model externs for the smart-ToR
// interpreter with BMv2's semantics (behavioral-model's
// src/bm_sim/calculations.cpp, meters.cpp, counters, registers and
// simple_switch's primitives), so that a program computes the same values
// on our target as on simple_switch:
//
//   - hash algorithms: crc16 (CRC-16/ARC: poly 0x8005 reflected, init 0),
//     crc32 (the IEEE CRC-32), crcCCITT (CRC-16/CCITT-FALSE: poly 0x1021,
//     init 0xffff, not reflected), crc16_custom and crc32_custom (table CRCs
//     whose parameters the control plane may change; they start equal to
//     crc16 and crc32), csum16 (the Internet checksum), xor16 (XOR of
//     big-endian 16-bit words, the tail padded with zeros), identity (the
//     first 8 bytes, big-endian) and random;
//   - the hash extern's reduction: base + (hash % max), max 0 taken as 1;
//   - the input of a hash or checksum: BMv2 concatenates the fields bit by
//     bit, not byte by byte; Bits builds that buffer;
//   - counters (packets and bytes, atomic), two-rate three-color meters
//     (RFC 2698 as BMv2 runs it, with an injectable clock), registers, and
//     the random(lo, hi) extern (Rand).
//
// Everything on the per-packet path (Hasher.Sum, Bits.Append*, Counter
// updates, Meter.Execute, Register reads and writes, Rand) is safe for
// concurrent use (a Bits belongs to one goroutine) and does not allocate.
//
// extern may import only the standard library.
package extern
