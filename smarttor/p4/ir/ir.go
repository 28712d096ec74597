package ir

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Slot is the index of a 64-bit word in a packet's arena.
type Slot int32

// MaxWidth is the widest value in bits the IR holds (Instr.W is 16 bits).
const MaxWidth = 1<<16 - 1

// NoSlot marks an absent slot.
const NoSlot Slot = -1

// Words returns the number of arena words a value of width bits occupies.
func Words(width int) int {
	if width <= 0 {
		return 1
	}
	return (width + 63) / 64
}

// Mask returns the all-ones value of width bits (width ≤ 64).
func Mask(width int) uint64 {
	if width >= 64 {
		return ^uint64(0)
	}
	return 1<<uint(width) - 1
}

// Program is a lowered v1model program.
type Program struct {
	Name string
	// Files, when set, turns the positions of Code.Pos into file:line:col
	// (see Position).
	Files *syntax.FileSet
	Slots int // arena size in words
	// SlotNames names every slot, for the disassembly and traces.
	SlotNames []string

	Headers []*Header
	// StackNext are the nextIndex slots of the header stacks (header
	// union stacks included). Like the headers, and unlike metadata, a
	// clone keeps them (simple_switch's PHV copy_headers).
	StackNext []Slot
	Structs   []*Struct
	Std       StdMeta
	// Errors names the values of the error type, by code (0 is NoError).
	Errors []string

	Parser          *Parser
	VerifyChecksum  *Code
	Ingress         *Code
	Egress          *Code
	ComputeChecksum *Code
	Deparser        *Code

	Actions   []*Action
	Tables    []*Table
	Counters  []*Counter
	Meters    []*Meter
	Registers []*Register
	Digests   []*Digest
	ValueSets []*ValueSet
	// ActionProfiles are action profiles and action selectors.
	ActionProfiles []*ActionProfile

	// Side tables referenced by instructions.
	Lists      [][]Operand // field lists: hash, digest, checksum, log_msg
	Hashes     []*HashCall
	Checksums  []*ChecksumCall
	Selects    []*Select
	Wide       [][]uint64 // wide constants, most significant word first
	Messages   []string   // log_msg formats
	FieldLists []FieldList
}

// Operand is a value in a slot with its width: one element of a field list.
type Operand struct {
	Slot  Slot
	Width int
}

// Field is a field of a header or struct.
type Field struct {
	Name  string
	Slot  Slot
	Width int
	// Signed marks int<W> fields.
	Signed bool
	// Varbit marks a varbit<Width> field: its value is right-aligned in
	// Width bits, its current length in the header's VarLen slot.
	Varbit bool
}

// Header is a header type instance: a validity slot followed by its fields.
type Header struct {
	Name   string
	Valid  Slot
	Fields []Field
	Bits   int // sum of the fixed field widths, padding included: a multiple of 8
	// VarLen holds the length in bits of the header's varbit field, or is
	// NoSlot when it has none.
	VarLen Slot
	// Words is the number of arena words, validity included: the length of
	// a header copy.
	Words int
	Pos   syntax.Pos
}

// Struct is a struct instance (metadata, locals): fields in consecutive
// slots.
type Struct struct {
	Name   string
	Fields []Field
	Base   Slot
	Words  int
}

// StdMeta holds the slots of v1model's standard_metadata_t fields.
type StdMeta struct {
	IngressPort, EgressSpec, EgressPort  Slot
	InstanceType, PacketLength           Slot
	EnqTimestamp, EnqQdepth              Slot
	DeqTimedelta, DeqQdepth              Slot
	IngressGlobalTimestamp               Slot
	EgressGlobalTimestamp                Slot
	McastGrp, EgressRid                  Slot
	ChecksumError, ParserError, Priority Slot
	Base                                 Slot
	Words                                int
}

// Standard error codes of core.p4, in the order p4c numbers them.
const (
	ErrNoError = iota
	ErrPacketTooShort
	ErrNoMatch
	ErrStackOutOfBounds
	ErrHeaderTooShort
	ErrParserTimeout
	ErrParserInvalidArgument
)

// CoreErrors are the names of the standard errors.
var CoreErrors = []string{"NoError", "PacketTooShort", "NoMatch", "StackOutOfBounds",
	"HeaderTooShort", "ParserTimeout", "ParserInvalidArgument"}

// v1model instance_type values (BMv2 simple_switch).
const (
	InstanceNormal        = 0
	InstanceIngressClone  = 1
	InstanceEgressClone   = 2
	InstanceCoalesced     = 3
	InstanceRecirculation = 4
	InstanceReplication   = 5
	InstanceResubmit      = 6
)

// DropPort is v1model's drop port: egress_spec 511 drops the packet.
const DropPort = 511

// Code is a flat instruction sequence with its pc→position table.
type Code struct {
	Name   string
	Instrs []Instr
	Pos    []syntax.Pos // Pos[pc] is the source of Instrs[pc]
}

// Instr is one instruction. The meaning of its operands depends on Op (see
// the Op constants); W is the result width.
type Instr struct {
	Op  Op
	Imm bool // binary operations: B is K instead of a slot
	W   uint16
	Dst Slot
	A   Slot
	B   Slot
	C   Slot
	K   uint64
}

// Parser is the parser state machine.
type Parser struct {
	Name   string
	States []*State
	Start  int
}

// The pseudo-states a transition may go to.
const (
	StateAccept = -1
	StateReject = -2
)

// State is a parser state: code ending in a transition (OpAccept,
// OpReject, OpGoto or OpSelect).
type State struct {
	Name string
	Code *Code
}

// KeysetKind is the kind of one component of a select case.
type KeysetKind uint8

// Keyset kinds.
const (
	KeysetDefault  KeysetKind = iota // _ or default
	KeysetValue                      // == Value
	KeysetMask                       // &&& Mask == Value
	KeysetRange                      // Value .. High
	KeysetValueSet                   // member of ValueSets[ValueSet]
)

// Keyset is one component of a select case.
type Keyset struct {
	Kind     KeysetKind
	Value    uint64
	Mask     uint64
	High     uint64
	ValueSet int
	// Wide holds Value, Mask and High of a key wider than 64 bits, in the
	// arena layout of the key (most significant word first).
	Wide *WideKeyset
}

// WideKeyset is the value, mask and high bound of a keyset on a key wider
// than 64 bits.
type WideKeyset struct {
	Value, Mask, High []uint64
}

// SelectCase is a case of a select: one keyset per key (a value_set case
// has a single KeysetValueSet component that matches the whole key tuple).
type SelectCase struct {
	Keysets []Keyset
	Next    int // state index, StateAccept or StateReject
}

// Select is a select expression: keys and cases in order; no match is
// error.NoMatch.
type Select struct {
	Keys  []Operand
	Cases []SelectCase
}

// Param is an action parameter.
type Param struct {
	Name  string
	Slot  Slot
	Width int
}

// Action is an action: parameters in consecutive slots, and its code.
type Action struct {
	Name   string
	ID     uint32
	Params []Param
	// ArgWords is the number of arena words the parameters take, from
	// Params[0].Slot.
	ArgWords int
	Code     *Code
	Pos      syntax.Pos
}

// Key is a table key field.
type Key struct {
	Name  string
	Kind  match.Kind
	Slot  Slot
	Width int
}

// ActionRef is an action a table may run.
type ActionRef struct {
	Action      int
	DefaultOnly bool
	TableOnly   bool
}

// ActionCall is an action with its arguments: a default action or the
// action of a constant entry. Args are canonical bytes, one per parameter.
type ActionCall struct {
	Action int
	Args   [][]byte
}

// ConstEntry is an entry of a table's `entries` list.
type ConstEntry struct {
	Match    []match.FieldMatch
	Priority int32
	Action   ActionCall
}

// Table is a match-action table.
type Table struct {
	Name    string
	ID      uint32
	Keys    []Key
	Actions []ActionRef
	Default ActionCall
	// ConstDefault forbids changing the default action.
	ConstDefault bool
	Entries      []ConstEntry
	// ConstEntries forbids control-plane writes (const entries = {...}).
	ConstEntries bool
	// Size is the size property; 0 for none.
	Size int
	// HitSlot receives 1 on a hit, 0 on a miss; ActionRunSlot the index in
	// Program.Actions of the action run.
	HitSlot       Slot
	ActionRunSlot Slot
	// DirectCounter and DirectMeter index Counters and Meters, or -1.
	DirectCounter  int
	DirectMeter    int
	SupportTimeout bool
	// Profile indexes ActionProfiles for a table whose entries name
	// members or groups (implementation = ...), or is -1.
	Profile int
	// SelectorKeys are the `selector` key fields, hashed to pick a group
	// member.
	SelectorKeys []Operand
	Pos          syntax.Pos
}

// ActionProfile is an action_profile (members) or action_selector
// (members and groups, a member picked by a hash of the selector keys).
type ActionProfile struct {
	Name        string
	ID          uint32
	Size        int
	Selector    bool
	Algo        HashAlgo
	OutputWidth int
}

// CounterType is what a counter counts.
type CounterType uint8

// Counter types.
const (
	CountPackets CounterType = iota
	CountBytes
	CountPacketsAndBytes
)

// Counter is a counter or direct_counter instance.
type Counter struct {
	Name  string
	ID    uint32
	Size  int
	Type  CounterType
	Table int // the table of a direct counter, else -1
}

// Meter is a meter or direct_meter instance.
type Meter struct {
	Name  string
	ID    uint32
	Size  int
	Bytes bool // MeterType.bytes
	Table int  // the table of a direct meter, else -1
}

// Register is a register array.
type Register struct {
	Name  string
	ID    uint32
	Size  int
	Width int
}

// Digest is a digest type (one per struct type used with digest()).
type Digest struct {
	Name   string
	ID     uint32
	Fields []Field // names and widths; slots unused
}

// ValueSet is a parser value_set.
type ValueSet struct {
	Name   string
	ID     uint32
	Size   int
	Widths []int // width of each key component
}

// HashAlgo is a v1model HashAlgorithm.
type HashAlgo uint8

// Hash algorithms, in v1model's declaration order.
const (
	HashCRC32 HashAlgo = iota
	HashCRC32Custom
	HashCRC16
	HashCRC16Custom
	HashRandom
	HashIdentity
	HashCsum16
	HashXor16
)

var hashNames = [...]string{"crc32", "crc32_custom", "crc16", "crc16_custom", "random", "identity", "csum16", "xor16"}

// String returns the v1model name of the algorithm.
func (a HashAlgo) String() string {
	if int(a) < len(hashNames) {
		return hashNames[a]
	}
	return "HashAlgo?"
}

// HashCall is a hash(result, algo, base, data, max) call.
type HashCall struct {
	Algo HashAlgo
	Base Slot
	Max  Slot
	List int
	// Valid, when not nil, holds for each value of Lists[List] the
	// validity slot of the header it is a field of, or NoSlot: BMv2
	// leaves the fields of invalid headers out of the input.
	Valid []Slot
}

// ChecksumCall is a verify_checksum or update_checksum (with_payload)
// call.
type ChecksumCall struct {
	Cond        Slot
	List        int
	Field       Slot
	Width       int
	Algo        HashAlgo
	WithPayload bool
	// Valid is as HashCall.Valid.
	Valid []Slot
}

// FieldList is a @field_list: the slots preserved across resubmit,
// recirculate and clone.
type FieldList struct {
	ID    int
	Slots []Operand
}

// Clone types (v1model CloneType).
const (
	CloneI2E = 0
	CloneE2E = 1
)

// Position returns pos as file:line:col, or "" without Files or a valid
// position.
func (p *Program) Position(pos syntax.Pos) string {
	if p.Files == nil || !pos.IsValid() {
		return ""
	}
	return p.Files.Position(pos).String()
}
