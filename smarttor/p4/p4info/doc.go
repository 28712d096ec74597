// Package p4info generates a P4Runtime P4Info from a neutral description of a
// program's control-plane objects, exactly as `p4c --p4runtime-files` does for
// the v1model architecture, and indexes a P4Info by id and by name for the
// target and the P4Runtime server.
//
// The front-end (smarttor/p4/types) walks the checked program and fills a
// Program; Build turns it into a *p4configv1.P4Info. The rules follow p4c's
// control-plane/p4RuntimeSymbolTable.cpp and p4RuntimeSerializer.cpp:
//
//   - Ids. Every object is a symbol of one resource kind (Prefix). An @id
//     annotation is used first: if it has no 8-bit prefix the kind's prefix is
//     ORed in; a wrong prefix is an error, and two objects with the same @id
//     are an error. Then, kind by kind, the remaining names are sorted
//     (bytewise) and each gets (prefix << 24) | (h & 0xffffff) where h is the
//     Jenkins one-at-a-time hash of the full dotted name ("MyIngress.ipv4_lpm").
//     On a collision p4c increments the 32-bit hash h itself (not the id) and
//     tries again, so the id depends on the sorted order, which makes it
//     reproducible. Two symbols of the same kind and name are one symbol.
//
//   - Aliases. One suffix set holds the names of all objects of every kind;
//     an alias is the shortest suffix of '.'-separated components that no
//     other name in the set shares ("ingress.on_miss" stays whole when
//     "egress.on_miss" exists; "ingress.ipv4_fib" becomes "ipv4_fib").
//
//   - Order. Objects of a kind appear in the P4Info in the order p4c collects
//     them, which is program order: top-level declarations (NoAction from
//     core.p4) first, then the blocks of the package in the order of its
//     parameters (parser, verifyChecksum, ingress, egress, computeChecksum,
//     deparser for v1model), and declaration order inside a control. Build
//     keeps the order of the Program's slices, so the front-end supplies them
//     in that order. Action references, match fields and parameters keep
//     their source order too.
//
//   - Annotations. @name, @id, @brief and @description are not copied into
//     annotation lists (the name and id are in the preamble, @brief and
//     @description become doc); every other annotation is kept as "@name" or
//     "@name(body)", the body's tokens separated by one space as p4c prints
//     an annotation it does not parse; structured annotations (@name[...])
//     go to structured_annotations.
//
//   - Newer fields. Table.has_initial_entries and an action selector's
//     selector_size_semantics are newer than the pinned P4Runtime API; Build
//     stores them as unknown fields in wire form (see newer.go), which
//     MarshalText prints by name and the wire format keeps.
//
// MarshalText writes the text format p4c writes (fields in field-number
// order, two-space indentation, C-escaped strings), byte for byte stable,
// which prototext deliberately is not; MarshalBinary is deterministic wire
// format.
//
// p4info may import only the standard library, protobuf and the P4Runtime API
// (github.com/p4lang/p4runtime/go/p4/config/v1).
package p4info
