package ir

import (
	"errors"
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Value is an operand the Builder hands out: a slot, its width and
// signedness.
type Value struct {
	Slot   Slot
	Width  int
	Signed bool
}

// FieldSpec declares a field, local or parameter.
type FieldSpec struct {
	Name   string
	Width  int
	Signed bool
	Varbit bool // varbit<Width> (headers only)
}

// F is shorthand for an unsigned FieldSpec.
func F(name string, width int) FieldSpec { return FieldSpec{Name: name, Width: width} }

// Builder builds a Program. Misuse (unknown names, width mismatches,
// unsupported wide arithmetic) is recorded and reported by Build, so a
// lowering can go on and report every problem at once.
type Builder struct {
	p     *Program
	errs  []error
	codes []*CodeBuilder
}

// NewBuilder starts a program; the standard metadata is laid out first.
func NewBuilder(name string) *Builder {
	b := &Builder{p: &Program{Name: name, Errors: append([]string(nil), CoreErrors...)}}
	s := b.Struct("standard_metadata",
		F("ingress_port", 9), F("egress_spec", 9), F("egress_port", 9),
		F("instance_type", 32), F("packet_length", 32),
		F("enq_timestamp", 32), F("enq_qdepth", 19), F("deq_timedelta", 32), F("deq_qdepth", 19),
		F("ingress_global_timestamp", 48), F("egress_global_timestamp", 48),
		F("mcast_grp", 16), F("egress_rid", 16), F("checksum_error", 1),
		F("parser_error", 32), F("priority", 3),
		// Older v1model.p4 fields that nothing reads.
		F("drop", 1), F("recirculate_port", 16))
	f := func(i int) Slot { return s.Fields[i].Slot }
	b.p.Std = StdMeta{
		IngressPort: f(0), EgressSpec: f(1), EgressPort: f(2), InstanceType: f(3), PacketLength: f(4),
		EnqTimestamp: f(5), EnqQdepth: f(6), DeqTimedelta: f(7), DeqQdepth: f(8),
		IngressGlobalTimestamp: f(9), EgressGlobalTimestamp: f(10), McastGrp: f(11), EgressRid: f(12),
		ChecksumError: f(13), ParserError: f(14), Priority: f(15), Base: s.Base, Words: s.Words,
	}
	return b
}

func (b *Builder) errorf(format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf(format, args...))
}

// alloc reserves n words named name.
func (b *Builder) alloc(name string, width int) Slot {
	if width > MaxWidth {
		// Instr.W holds widths in 16 bits.
		b.errorf("%s: width %d is more than the %d bits the target supports", name, width, MaxWidth)
		width = MaxWidth
	}
	s := Slot(b.p.Slots)
	n := Words(width)
	for i := 0; i < n; i++ {
		nm := name
		if i > 0 {
			nm = fmt.Sprintf("%s+%d", name, i)
		}
		b.p.SlotNames = append(b.p.SlotNames, nm)
	}
	b.p.Slots += n
	return s
}

// SetFiles records the file set of the source positions (At).
func (b *Builder) SetFiles(fset *syntax.FileSet) { b.p.Files = fset }

// Std returns the standard metadata as a Struct.
func (b *Builder) Std() *Struct { return b.p.Structs[0] }

// StdField returns a field of the standard metadata by name.
func (b *Builder) StdField(name string) Value { return b.StructField(b.p.Structs[0], name) }

// PaddingField names the field the builder appends to a header whose fixed
// fields do not fill whole bytes.
const PaddingField = "_padding"

// Header declares a header instance. A header without a varbit field whose
// fields do not fill whole bytes gets a trailing PaddingField, as p4c's
// BMv2 back end adds one: it is not a field of the P4 type.
func (b *Builder) Header(name string, fields ...FieldSpec) *Header {
	h := &Header{Name: name, Valid: b.alloc(name+".$valid", 1), VarLen: NoSlot}
	varbits := 0
	for _, f := range fields {
		if f.Width <= 0 {
			b.errorf("header %q: field %q has width %d", name, f.Name, f.Width)
		}
		h.Fields = append(h.Fields, Field{Name: f.Name, Slot: b.alloc(name+"."+f.Name, f.Width), Width: f.Width, Signed: f.Signed, Varbit: f.Varbit})
		if f.Varbit {
			varbits++
			continue
		}
		h.Bits += f.Width
	}
	if varbits > 1 {
		b.errorf("header %q has %d varbit fields", name, varbits)
	}
	if pad := h.Bits % 8; pad != 0 && varbits == 0 {
		// p4c's BMv2 back end rounds such a header up to whole bytes
		// with a trailing _padding field, which is extracted from and
		// emitted to the packet like any other field.
		w := 8 - pad
		h.Fields = append(h.Fields, Field{Name: PaddingField, Slot: b.alloc(name+"."+PaddingField, w), Width: w})
		h.Bits += w
	}
	if varbits > 0 {
		h.VarLen = b.alloc(name+".$varlen", 32)
	}
	h.Words = b.p.Slots - int(h.Valid)
	if h.Bits%8 != 0 {
		b.errorf("header %q is %d bits, not a multiple of 8", name, h.Bits)
	}
	b.p.Headers = append(b.p.Headers, h)
	return h
}

// HeaderIndex returns the index of h in Program.Headers.
func (b *Builder) HeaderIndex(h *Header) int {
	for i, x := range b.p.Headers {
		if x == h {
			return i
		}
	}
	b.errorf("header %q not declared", h.Name)
	return 0
}

// Struct declares a struct instance (metadata or locals).
func (b *Builder) Struct(name string, fields ...FieldSpec) *Struct {
	s := &Struct{Name: name, Base: Slot(b.p.Slots)}
	for _, f := range fields {
		s.Fields = append(s.Fields, Field{Name: f.Name, Slot: b.alloc(name+"."+f.Name, f.Width), Width: f.Width, Signed: f.Signed})
	}
	s.Words = b.p.Slots - int(s.Base)
	b.p.Structs = append(b.p.Structs, s)
	return s
}

// HeaderField returns a field of a header by name.
func (b *Builder) HeaderField(h *Header, name string) Value {
	for _, f := range h.Fields {
		if f.Name == name {
			return Value{f.Slot, f.Width, f.Signed}
		}
	}
	b.errorf("header %q has no field %q", h.Name, name)
	return Value{Slot: NoSlot, Width: 1}
}

// StructField returns a field of a struct by name.
func (b *Builder) StructField(s *Struct, name string) Value {
	for _, f := range s.Fields {
		if f.Name == name {
			return Value{f.Slot, f.Width, f.Signed}
		}
	}
	b.errorf("struct %q has no field %q", s.Name, name)
	return Value{Slot: NoSlot, Width: 1}
}

// Local declares a variable.
func (b *Builder) Local(name string, width int) Value {
	return Value{Slot: b.alloc(name, width), Width: width}
}

// StackNext declares the nextIndex slot of a header stack (see
// Program.StackNext).
func (b *Builder) StackNext(name string) Value {
	v := Value{Slot: b.alloc(name, 32), Width: 32}
	b.p.StackNext = append(b.p.StackNext, v.Slot)
	return v
}

// Temp declares a temporary.
func (b *Builder) Temp(width int) Value {
	return Value{Slot: b.alloc(fmt.Sprintf("$t%d", b.p.Slots), width), Width: width}
}

// Error declares a user error (or returns the code of a declared one).
func (b *Builder) Error(name string) uint64 {
	for i, e := range b.p.Errors {
		if e == name {
			return uint64(i)
		}
	}
	b.p.Errors = append(b.p.Errors, name)
	return uint64(len(b.p.Errors) - 1)
}

// ID prefixes, as P4Info's resource types.
const (
	idAction        = 0x01
	idTable         = 0x02
	idValueSet      = 0x03
	idCounter       = 0x12
	idDirectCounter = 0x13
	idMeter         = 0x14
	idDirectMeter   = 0x15
	idRegister      = 0x16
	idDigest        = 0x18
	idActionProfile = 0x11
)

func defaultID(prefix uint32, index int) uint32 { return prefix<<24 | uint32(index+1) }

// NewCode starts a code block (a control, the deparser, a checksum
// control).
func (b *Builder) NewCode(name string) *CodeBuilder {
	cb := &CodeBuilder{b: b, code: &Code{Name: name}}
	b.codes = append(b.codes, cb)
	return cb
}

// Action declares an action; its parameters get consecutive slots. Fill
// its code through the returned CodeBuilder.
func (b *Builder) Action(name string, params ...FieldSpec) (int, *CodeBuilder) {
	a := &Action{Name: name}
	base := Slot(b.p.Slots)
	for _, p := range params {
		a.Params = append(a.Params, Param{Name: p.Name, Slot: b.alloc(name+"."+p.Name, p.Width), Width: p.Width})
	}
	a.ArgWords = b.p.Slots - int(base)
	cb := b.NewCode(name)
	a.Code = cb.code
	b.p.Actions = append(b.p.Actions, a)
	return len(b.p.Actions) - 1, cb
}

// ActionByName returns the index of an action (build time only).
func (b *Builder) ActionByName(name string) int {
	for i, a := range b.p.Actions {
		if a.Name == name {
			return i
		}
	}
	b.errorf("no action %q", name)
	return 0
}

// Param returns parameter i of action a.
func (b *Builder) Param(a, i int) Value {
	if a < 0 || a >= len(b.p.Actions) || i < 0 || i >= len(b.p.Actions[a].Params) {
		b.errorf("no parameter %d of action %d", i, a)
		return Value{Slot: NoSlot, Width: 1}
	}
	p := b.p.Actions[a].Params[i]
	return Value{Slot: p.Slot, Width: p.Width}
}

// SetActionID sets the (P4Info) id of an action.
func (b *Builder) SetActionID(a int, id uint32) { b.p.Actions[a].ID = id }

// KeySpec declares a table key field.
type KeySpec struct {
	Name  string
	Kind  match.Kind
	Value Value
}

// TableSpec declares a table.
type TableSpec struct {
	Name           string
	ID             uint32
	Keys           []KeySpec
	Actions        []ActionRef
	Default        ActionCall
	ConstDefault   bool
	Entries        []ConstEntry
	ConstEntries   bool
	Size           int
	SupportTimeout bool
	// Profile is the action profile of an indirect table (HasProfile).
	HasProfile   bool
	Profile      int
	SelectorKeys []Value
	Pos          syntax.Pos
}

// ActionProfile declares an action profile, or with selector an action
// selector hashing with algo into width bits.
func (b *Builder) ActionProfile(name string, id uint32, size int, selector bool, algo HashAlgo, width int) int {
	b.p.ActionProfiles = append(b.p.ActionProfiles, &ActionProfile{Name: name, ID: id, Size: size, Selector: selector, Algo: algo, OutputWidth: width})
	i := len(b.p.ActionProfiles) - 1
	if id == 0 {
		b.p.ActionProfiles[i].ID = defaultID(idActionProfile, i)
	}
	return i
}

// Table declares a table and returns its index.
func (b *Builder) Table(s TableSpec) int {
	t := &Table{Name: s.Name, ID: s.ID, Actions: s.Actions, Default: s.Default, ConstDefault: s.ConstDefault,
		Entries: s.Entries, ConstEntries: s.ConstEntries, Size: s.Size, SupportTimeout: s.SupportTimeout, Pos: s.Pos,
		DirectCounter: -1, DirectMeter: -1, Profile: -1}
	if s.HasProfile {
		t.Profile = s.Profile
	}
	for _, v := range s.SelectorKeys {
		t.SelectorKeys = append(t.SelectorKeys, Operand{v.Slot, v.Width})
	}
	for _, k := range s.Keys {
		t.Keys = append(t.Keys, Key{Name: k.Name, Kind: k.Kind, Slot: k.Value.Slot, Width: k.Value.Width})
	}
	t.HitSlot = b.alloc(s.Name+".$hit", 1)
	t.ActionRunSlot = b.alloc(s.Name+".$action_run", 32)
	b.p.Tables = append(b.p.Tables, t)
	return len(b.p.Tables) - 1
}

// TableHit returns the slot a table's apply().hit lands in.
func (b *Builder) TableHit(t int) Value { return Value{Slot: b.p.Tables[t].HitSlot, Width: 1} }

// TableActionRun returns the slot of a table's apply().action_run.
func (b *Builder) TableActionRun(t int) Value {
	return Value{Slot: b.p.Tables[t].ActionRunSlot, Width: 32}
}

// Counter declares an indexed counter.
func (b *Builder) Counter(name string, size int, typ CounterType) int {
	b.p.Counters = append(b.p.Counters, &Counter{Name: name, Size: size, Type: typ, Table: -1})
	return len(b.p.Counters) - 1
}

// DirectCounter declares a direct counter of table t.
func (b *Builder) DirectCounter(name string, typ CounterType, t int) int {
	b.p.Counters = append(b.p.Counters, &Counter{Name: name, Type: typ, Table: t})
	i := len(b.p.Counters) - 1
	b.p.Tables[t].DirectCounter = i
	return i
}

// Meter declares an indexed meter.
func (b *Builder) Meter(name string, size int, bytes bool) int {
	b.p.Meters = append(b.p.Meters, &Meter{Name: name, Size: size, Bytes: bytes, Table: -1})
	return len(b.p.Meters) - 1
}

// DirectMeter declares a direct meter of table t.
func (b *Builder) DirectMeter(name string, bytes bool, t int) int {
	b.p.Meters = append(b.p.Meters, &Meter{Name: name, Bytes: bytes, Table: t})
	i := len(b.p.Meters) - 1
	b.p.Tables[t].DirectMeter = i
	return i
}

// Register declares a register array.
func (b *Builder) Register(name string, size, width int) int {
	b.p.Registers = append(b.p.Registers, &Register{Name: name, Size: size, Width: width})
	return len(b.p.Registers) - 1
}

// Digest declares a digest type.
func (b *Builder) Digest(name string, fields ...FieldSpec) int {
	d := &Digest{Name: name}
	for _, f := range fields {
		d.Fields = append(d.Fields, Field{Name: f.Name, Slot: NoSlot, Width: f.Width})
	}
	b.p.Digests = append(b.p.Digests, d)
	return len(b.p.Digests) - 1
}

// ValueSet declares a parser value_set.
func (b *Builder) ValueSet(name string, size int, widths ...int) int {
	b.p.ValueSets = append(b.p.ValueSets, &ValueSet{Name: name, Size: size, Widths: widths})
	return len(b.p.ValueSets) - 1
}

// FieldList declares a @field_list(id) of values preserved across
// resubmit, recirculate and clone; it returns its index.
func (b *Builder) FieldList(id int, values ...Value) int {
	fl := FieldList{ID: id}
	for _, v := range values {
		fl.Slots = append(fl.Slots, Operand{v.Slot, v.Width})
	}
	b.p.FieldLists = append(b.p.FieldLists, fl)
	return len(b.p.FieldLists) - 1
}

// FieldListByID returns the index of @field_list(id), or -1.
func (b *Builder) FieldListByID(id int) int {
	for i, fl := range b.p.FieldLists {
		if fl.ID == id {
			return i
		}
	}
	return -1
}

// Parser starts the parser; states are declared with State.
func (b *Builder) Parser(name string) { b.p.Parser = &Parser{Name: name} }

// State declares a parser state and returns its index and code builder.
// The first state declared is the start state unless SetStart says
// otherwise.
func (b *Builder) State(name string) (int, *CodeBuilder) {
	if b.p.Parser == nil {
		b.Parser("parser")
	}
	cb := b.NewCode(name)
	b.p.Parser.States = append(b.p.Parser.States, &State{Name: name, Code: cb.code})
	return len(b.p.Parser.States) - 1, cb
}

// SetStart sets the parser's start state.
func (b *Builder) SetStart(state int) { b.p.Parser.Start = state }

// SetControls sets the five code blocks of the V1Switch package.
func (b *Builder) SetControls(verify, ingress, egress, compute, deparser *CodeBuilder) {
	code := func(cb *CodeBuilder) *Code {
		if cb == nil {
			return &Code{Name: "empty"}
		}
		return cb.code
	}
	b.p.VerifyChecksum, b.p.Ingress, b.p.Egress = code(verify), code(ingress), code(egress)
	b.p.ComputeChecksum, b.p.Deparser = code(compute), code(deparser)
}

// Build checks the program and returns it; the Builder must not be used
// afterwards.
func (b *Builder) Build() (*Program, error) {
	p := b.p
	if p.Parser == nil || len(p.Parser.States) == 0 {
		b.errorf("program %q has no parser states", p.Name)
	}
	if p.Ingress == nil {
		b.SetControls(nil, nil, nil, nil, nil)
	}
	for _, cb := range b.codes {
		cb.finish()
	}
	for i, a := range p.Actions {
		if a.ID == 0 {
			a.ID = defaultID(idAction, i)
		}
	}
	for i, t := range p.Tables {
		if t.ID == 0 {
			t.ID = defaultID(idTable, i)
		}
		b.checkTable(t)
	}
	for i, c := range p.Counters {
		if c.ID == 0 {
			c.ID = defaultID(map[bool]uint32{false: idCounter, true: idDirectCounter}[c.Table >= 0], i)
		}
	}
	for i, m := range p.Meters {
		if m.ID == 0 {
			m.ID = defaultID(map[bool]uint32{false: idMeter, true: idDirectMeter}[m.Table >= 0], i)
		}
	}
	for i, r := range p.Registers {
		if r.ID == 0 {
			r.ID = defaultID(idRegister, i)
		}
	}
	for i, d := range p.Digests {
		if d.ID == 0 {
			d.ID = defaultID(idDigest, i)
		}
	}
	for i, v := range p.ValueSets {
		if v.ID == 0 {
			v.ID = defaultID(idValueSet, i)
		}
	}
	if len(b.errs) > 0 {
		return nil, fmt.Errorf("program %q: %w", p.Name, errors.Join(b.errs...))
	}
	return p, nil
}

func (b *Builder) checkTable(t *Table) {
	valid := func(c ActionCall) bool { return c.Action >= 0 && c.Action < len(b.p.Actions) }
	for _, r := range t.Actions {
		if r.Action < 0 || r.Action >= len(b.p.Actions) {
			b.errorf("table %q: action %d out of range", t.Name, r.Action)
		}
	}
	if !valid(t.Default) {
		b.errorf("table %q: default action %d out of range", t.Name, t.Default.Action)
	}
	for _, k := range t.Keys {
		if k.Slot < 0 {
			b.errorf("table %q: key %q has no slot", t.Name, k.Name)
		}
	}
}

// SetTableID, SetCounterID, ... set P4Info ids after the fact.

// SetTableID sets the (P4Info) id of a table.
func (b *Builder) SetTableID(t int, id uint32) { b.p.Tables[t].ID = id }

// SetCounterID sets the (P4Info) id of a counter.
func (b *Builder) SetCounterID(c int, id uint32) { b.p.Counters[c].ID = id }

// SetDigestID sets the (P4Info) id of a digest.
func (b *Builder) SetDigestID(d int, id uint32) { b.p.Digests[d].ID = id }

// SetMeterID sets the (P4Info) id of a meter; 0 keeps the default.
func (b *Builder) SetMeterID(m int, id uint32) {
	if id != 0 {
		b.p.Meters[m].ID = id
	}
}

// SetRegisterID sets the (P4Info) id of a register; 0 keeps the default.
func (b *Builder) SetRegisterID(r int, id uint32) {
	if id != 0 {
		b.p.Registers[r].ID = id
	}
}

// SetValueSetID sets the (P4Info) id of a value set; 0 keeps the default.
func (b *Builder) SetValueSetID(v int, id uint32) {
	if id != 0 {
		b.p.ValueSets[v].ID = id
	}
}

// RegisterWidth returns the cell width of register r.
func (b *Builder) RegisterWidth(r int) int { return b.p.Registers[r].Width }

// SetTableActions sets a table's actions, default action and constant
// entries after its declaration, for lowerings that must declare the table
// (and its direct resources) before lowering its actions.
func (b *Builder) SetTableActions(t int, actions []ActionRef, def ActionCall, entries []ConstEntry) {
	tb := b.p.Tables[t]
	tb.Actions, tb.Default, tb.Entries = actions, def, entries
}
