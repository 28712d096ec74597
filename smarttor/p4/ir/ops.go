package ir

import "fmt"

// Op is an instruction opcode. "B" below is the slot B, or the immediate K
// when Instr.Imm is set; W is Instr.W, the result width; every result is
// masked to W bits.
type Op uint8

// The opcodes.
const (
	OpNop Op = iota

	OpConst  // Dst = K
	OpConstW // Dst[0:Words(W)] = Wide[A]
	OpMov    // Dst = A
	OpMovN   // Dst[0:K] = A[0:K] (header, struct and wide copies)

	OpAdd     // Dst = A + B
	OpSub     // Dst = A - B
	OpMul     // Dst = A * B
	OpDiv     // Dst = A / B (0 if B is 0)
	OpMod     // Dst = A % B (0 if B is 0)
	OpAnd     // Dst = A & B
	OpOr      // Dst = A | B
	OpXor     // Dst = A ^ B
	OpShl     // Dst = A << B (0 if B ≥ W)
	OpShr     // Dst = A >> B, logical
	OpSar     // Dst = A >> B, arithmetic on W-bit signed values
	OpAddSat  // Dst = A |+| B, unsigned
	OpSubSat  // Dst = A |-| B, unsigned
	OpSAddSat // Dst = A |+| B, signed W-bit values
	OpSSubSat // Dst = A |-| B, signed W-bit values
	OpNot     // Dst = ~A
	OpNeg     // Dst = -A
	OpLNot    // Dst = !A (1 or 0)

	OpEq  // Dst = A == B (1 or 0)
	OpNe  // Dst = A != B
	OpLt  // Dst = A < B, unsigned
	OpLe  // Dst = A <= B
	OpGt  // Dst = A > B
	OpGe  // Dst = A >= B
	OpSLt // Dst = A < B, signed W... K is the operand width
	OpSLe // Dst = A <= B, signed
	OpSGt // Dst = A > B, signed
	OpSGe // Dst = A >= B, signed

	OpEqW  // Dst = A[0:n] == B[0:n], n = Words(K) (wide operands of K bits)
	OpNeW  // Dst = A[0:n] != B[0:n]
	OpAndW // Dst[0:n] = A & B, n = Words(W)
	OpOrW  // Dst[0:n] = A | B
	OpXorW // Dst[0:n] = A ^ B
	OpNotW // Dst[0:n] = ~A masked to W

	OpSlice  // Dst = A[K+W-1:K] (A ≤ 64 bits)
	OpSliceW // Dst = bits [K, K+W) of the wide value A of C bits (W ≤ 64)
	OpConcat // Dst = A ++ B: (A << K) | B, K the width of B
	OpSext   // Dst = A sign-extended from K bits to W bits

	OpConcatW   // Dst = A ++ B of W bits, K the width of B (either or Dst wider than 64 bits)
	OpSetSliceW // Dst[K+W-1:K] = A, Dst a wide value of C bits (A of W bits, either width)

	// Arithmetic on values wider than 64 bits: Dst[0:n] = A op B with
	// n = Words(W), operands of W bits in slots (never immediate).
	OpAddW     // Dst = A + B mod 2^W
	OpSubW     // Dst = A - B mod 2^W
	OpMulW     // Dst = A * B mod 2^W
	OpDivW     // Dst = A / B, unsigned (0 if B is 0)
	OpModW     // Dst = A % B, unsigned (0 if B is 0)
	OpNegW     // Dst = -A mod 2^W
	OpShlW     // Dst = A << B, B a slot of ≤ 64 bits or the immediate K (0 if ≥ W)
	OpShrW     // Dst = A >> B, logical
	OpSarW     // Dst = A >> B, arithmetic on W-bit signed values
	OpAddSatW  // Dst = A |+| B, unsigned
	OpSubSatW  // Dst = A |-| B, unsigned
	OpSAddSatW // Dst = A |+| B, signed
	OpSSubSatW // Dst = A |-| B, signed
	OpLtW      // Dst = A < B (1 or 0), unsigned; operands of K bits
	OpLeW      // Dst = A <= B
	OpGtW      // Dst = A > B
	OpGeW      // Dst = A >= B
	OpSLtW     // Dst = A < B, signed K-bit values
	OpSLeW     // Dst = A <= B, signed
	OpSGtW     // Dst = A > B, signed
	OpSGeW     // Dst = A >= B, signed
	OpResizeW  // Dst (W bits) = A (C bits) truncated or extended, with sign if K is 1 (either width > 64)

	OpJmp  // pc = K
	OpJz   // if A == 0 { pc = K }
	OpJnz  // if A != 0 { pc = K }
	OpJeqK // if A == K { pc = C }: a fused eq-immediate and branch
	OpJneK // if A != K { pc = C }: a fused ne-immediate and branch
	OpJeq  // if A == B { pc = C }: a fused eq and branch
	OpJne  // if A != B { pc = C }: a fused ne and branch

	OpIsValid    // Dst = validity of header A
	OpSetValid   // header A valid
	OpSetInvalid // header A invalid

	OpApply  // apply table A: hit and action_run slots, then run the action
	OpCall   // run action A (its parameters already in place)
	OpCallX  // run action A; Dst = 1 if it ended in exit (which stops here), else 0
	OpExit   // exit: end the current control block (ingress, egress, ...)
	OpReturn // return from the current action or code

	OpMarkToDrop  // mark_to_drop(standard_metadata)
	OpCount       // counter A .count(B)
	OpMeter       // Dst = color of meter A .execute_meter(B)
	OpDirectMeter // Dst = color of direct meter A for the entry being run
	OpRegRead     // Dst = register A [B]
	OpRegWrite    // register A [B] = C
	OpHash        // Dst = Hashes[A] over its list
	OpRandom      // Dst = random in [A, B]
	OpDigest      // digest Digests[A] of Lists[B]
	OpClone       // clone(type K, session A), preserving FieldLists[B] if B ≥ 0
	OpResubmit    // resubmit, preserving FieldLists[A] if A ≥ 0
	OpRecirculate // recirculate, preserving FieldLists[A] if A ≥ 0
	OpTruncate    // truncate(A) bytes on output
	OpAssert      // assert(A): count and log a failure, never stop
	OpAssume      // assume(A): as assert
	OpLog         // log_msg(Messages[A], Lists[B] or none if B < 0)
	OpVerifyCsum  // verify_checksum Checksums[A]
	OpUpdateCsum  // update_checksum Checksums[A]

	OpExtract    // extract header A (fixed size)
	OpExtractVar // extract header A whose last field takes B bits
	OpAdvance    // advance A bits
	OpLookahead  // Dst = the W bits K bits past the parse position, not consumed
	OpVerify     // verify(A, error K), or the error in slot B when C is 1
	OpEmit       // emit header A if valid

	OpAccept // transition accept
	OpReject // transition reject
	OpGoto   // transition to state K
	OpSelect // transition select Selects[A]

	numOps
)

var opNames = [...]string{
	OpNop: "nop", OpConst: "const", OpConstW: "constw", OpMov: "mov", OpMovN: "movn",
	OpAdd: "add", OpSub: "sub", OpMul: "mul", OpDiv: "div", OpMod: "mod", OpAnd: "and", OpOr: "or",
	OpXor: "xor", OpShl: "shl", OpShr: "shr", OpSar: "sar", OpAddSat: "addsat", OpSubSat: "subsat",
	OpSAddSat: "saddsat", OpSSubSat: "ssubsat",
	OpNot: "not", OpNeg: "neg", OpLNot: "lnot",
	OpEq: "eq", OpNe: "ne", OpLt: "lt", OpLe: "le", OpGt: "gt", OpGe: "ge",
	OpSLt: "slt", OpSLe: "sle", OpSGt: "sgt", OpSGe: "sge",
	OpEqW: "eqw", OpNeW: "new", OpAndW: "andw", OpOrW: "orw", OpXorW: "xorw", OpNotW: "notw",
	OpSlice: "slice", OpSliceW: "slicew", OpConcat: "concat", OpSext: "sext",
	OpConcatW: "concatw", OpSetSliceW: "setslicew",
	OpAddW: "addw", OpSubW: "subw", OpMulW: "mulw", OpDivW: "divw", OpModW: "modw", OpNegW: "negw",
	OpShlW: "shlw", OpShrW: "shrw", OpSarW: "sarw", OpAddSatW: "addsatw", OpSubSatW: "subsatw",
	OpSAddSatW: "saddsatw", OpSSubSatW: "ssubsatw",
	OpLtW: "ltw", OpLeW: "lew", OpGtW: "gtw", OpGeW: "gew", OpSLtW: "sltw", OpSLeW: "slew", OpSGtW: "sgtw", OpSGeW: "sgew",
	OpResizeW: "resizew",
	OpJmp:     "jmp", OpJz: "jz", OpJnz: "jnz", OpJeqK: "jeqk", OpJneK: "jnek", OpJeq: "jeq", OpJne: "jne",
	OpIsValid: "isvalid", OpSetValid: "setvalid", OpSetInvalid: "setinvalid",
	OpApply: "apply", OpCall: "call", OpCallX: "callx", OpExit: "exit", OpReturn: "return",
	OpMarkToDrop: "mark_to_drop", OpCount: "count", OpMeter: "meter", OpDirectMeter: "direct_meter",
	OpRegRead: "regread", OpRegWrite: "regwrite", OpHash: "hash", OpRandom: "random",
	OpDigest: "digest", OpClone: "clone", OpResubmit: "resubmit", OpRecirculate: "recirculate",
	OpTruncate: "truncate", OpAssert: "assert", OpAssume: "assume", OpLog: "log",
	OpVerifyCsum: "verify_checksum", OpUpdateCsum: "update_checksum",
	OpExtract: "extract", OpExtractVar: "extractvar", OpAdvance: "advance", OpLookahead: "lookahead",
	OpVerify: "verify", OpEmit: "emit",
	OpAccept: "accept", OpReject: "reject", OpGoto: "goto", OpSelect: "select",
}

// String returns the opcode's mnemonic.
func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return fmt.Sprintf("op%d", op)
}

// NumOps is the number of opcodes (for tests that every opcode has a name
// and an implementation).
const NumOps = int(numOps)
