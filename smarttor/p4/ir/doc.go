// Package ir is the compact, lowered form of a v1model P4 program that the
// smart-ToR interpreter (package exec) runs per packet.
//
// The design follows starlark-go's compiled program: everything a packet
// touches is resolved once, when the program is built, so the run loop never
// looks a name up and never allocates.
//
//   - State. Every header field, header validity bit, struct field, local
//     variable, action parameter, table result and temporary gets a fixed
//     Slot in one []uint64 arena per packet. A value of width W ≤ 64 lives in
//     one word, right-aligned, always masked to W bits (the invariant every
//     instruction keeps). A wider value (IPv6 addresses) lives in
//     Words(W) consecutive words, most significant word first, the top word
//     holding the W%64 high bits. A header is its validity word followed by
//     its fields, so a header assignment is one block copy; a struct's
//     fields are consecutive too. The arena is zeroed for every packet:
//     uninitialized reads are zero, as in BMv2.
//   - Code. Parser states, controls, actions and the deparser are flat
//     register-machine instruction sequences (Instr) over arena slots:
//     binary operations with an optional immediate operand, conditional
//     jumps to pc targets, and one instruction per extern call whose
//     arguments that do not fit in an Instr live in side tables of the
//     Program (field lists, hash and checksum calls, selects). Nested
//     control instances are inlined, each with its own slots and tables.
//     A Code carries a pc→source-position table, so a runtime error or a
//     trace line points at P4 source.
//   - Tables. A table lists its key fields (slot, width, match kind) in key
//     order; the interpreter builds the canonical key bytes match.Schema
//     expects and looks it up in an engine chosen once from the kinds. Its
//     hit and action_run results land in slots, so `t.apply().hit` and
//     `switch (t.apply().action_run)` compile into plain slot reads. Action
//     parameters occupy consecutive slots: binding an entry's arguments is
//     one copy.
//   - Branches on a comparison with a constant, on another value, on a
//     header's validity or on a negation are fused into one instruction
//     by the CodeBuilder (jeqk, jnek, jeq, jne, jz/jnz on the validity
//     slot), the common shape of P4 control flow.
//   - Wide values (> 64 bits) take a separate slow path of their own
//     opcodes (the ones ending in W: block moves, constants, bitwise
//     operations, + - * / %, shifts, saturating arithmetic, comparisons,
//     resizing casts, slices and concatenation at any width), so the
//     instructions on ≤ 64-bit values stay one-word operations. The
//     interpreter computes them word by word, most significant word first
//     in the arena, without allocating.
//
// Programs are built with a Builder (by hand in tests, or by the lowering
// from the type-checked program); Dump prints the readable disassembly that
// golden tests compare. A Program is immutable once built and safe to share
// between goroutines.
//
// ir may import the standard library, smarttor/p4/syntax (positions),
// smarttor/p4/types, smarttor/match and smarttor/extern.
package ir
