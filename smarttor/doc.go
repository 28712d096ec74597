// Package smarttor is the software smart-ToR target: a general P4_16 target
// written in Go. It knows nothing about VCNs.
//
// Its subpackages are the phases of a P4 compiler and runtime, with imports
// pointing one way: p4/syntax (preprocessor, lexer, parser, AST) ← p4/types
// (name resolution, type checking) ← p4/p4info (P4Info generation) and
// p4/ir (lowering) ← exec (the per-packet interpreter) ← p4rt (the P4Runtime
// and gNMI servers) and ports (in-memory and AF_PACKET ports).
//
// smarttor and its subpackages may import the standard library, protobuf,
// gRPC, the P4Runtime and gNMI APIs and each other (in the direction above);
// never the vcn domain package or any other component of this project.
package smarttor
