// Package exec runs lowered P4 programs (package ir) with the semantics of
// BMv2's simple_switch and the v1model architecture: the software data
// plane of the smart-ToR target.
//
// A Switch holds the current Pipeline (the program with its tables, extern
// instances and value sets) behind an atomic pointer: Process loads it once
// per packet, so swapping a whole pipeline under traffic never mixes two.
// Table contents change in place through the match engines, which are
// single-writer/many-reader under their own locks (package match); default
// entries, multicast groups, clone sessions and value sets are immutable
// values replaced through atomic pointers.
//
// Per packet, Process runs parser → verify checksum → ingress → traffic
// manager → egress → compute checksum → deparser, as simple_switch does,
// synchronously on the caller's goroutine:
//
//   - the parser stores its error in standard_metadata.parser_error and the
//     packet continues to ingress, with the headers extracted so far;
//   - after ingress: an I2E clone (the packet as it came out of the parser,
//     re-parsed from the received bytes, then all metadata reset but the
//     preserved field list; headers and stack indexes kept) for
//     every replica of the clone session; then resubmit (the original is not
//     forwarded); then multicast by mcast_grp through the packet
//     replication engine (egress_port, egress_rid, instance_type
//     REPLICATION per copy); otherwise unicast to egress_spec, and drop
//     port 511 (mark_to_drop) drops;
//   - after egress: an E2E clone (headers and header stack indexes as
//     egress left them, metadata reset except the preserved field list); drop if egress_spec is 511;
//     compute checksum; deparse; then recirculate (the deparsed frame
//     enters ingress again with instance_type RECIRC and the preserved
//     fields) or output, truncated if asked. Resubmits and recirculations
//     are bounded (MaxPasses) so a program cannot loop forever;
//   - as simple_switch resets the standard metadata of clones, resubmitted
//     and recirculated packets, their ingress_port is 0 unless a field list
//     preserves it (an I2E clone is parsed with the port, then reset).
//
// Tables are the match engines of package match (exact, LPM, ternary)
// chosen from the key's match kinds; an entry is an immutable action call
// (or an action profile member/group reference) with its direct counter,
// direct meter and last-hit time beside it. The control-plane API
// (api.go, batch.go, pre.go, profile.go) takes P4Runtime-style ids and
// canonical big-endian bytes, so the P4Runtime server only converts
// protobuf messages.
//
// Values wider than 64 bits occupy several arena words, most significant
// first; their opcodes (package ir's ones ending in W) are computed word by
// word in wide.go with P4_16's semantics (modulo 2^W, two's complement,
// shifts past the width, saturation), in place, so the one-word opcodes of
// the ≤ 64-bit fast path stay as they are.
//
// Zero allocation: a Worker owns every buffer a packet needs (the arena,
// the key buffer, the deparse buffer, hash input, digest fields, the
// scratch words of wide multiplication and division); Process
// takes a Worker from a sync.Pool. Output frames are handed to the out
// callback in a buffer the Worker owns: out must copy what it keeps.
// Digests go to a DigestSink with field bytes that are valid during the
// call only.
//
// exec may import smarttor/p4/ir, smarttor/match, smarttor/extern and the
// standard library.
package exec
