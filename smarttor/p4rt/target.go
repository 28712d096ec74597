package p4rt

import (
	"time"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// Target is the data plane behind the server. All values are canonical for
// the target: byte strings are big-endian and exactly ceil(bits/8) bytes
// long (the server pads and checks widths), match keys list every match
// field of the table in P4Info order, don't-care fields included.
//
// The server serialises every call that changes state (one writer at a
// time); reads may run concurrently with each other but not with writes.
// Methods return errors made with Errorf/status codes (see Code) or plain
// errors, which the server reports as INTERNAL. ErrNotFound and
// ErrExists style answers are expected only where the server cannot know
// them itself (it keeps its own copy of entries and PRE state).
type Target interface {
	// Prepare checks that the P4Info and device config belong together
	// and builds a pipeline ready to run, without touching the running
	// one (VERIFY). An error means INVALID_ARGUMENT.
	Prepare(info *p4configv1.P4Info, deviceConfig []byte) (Pipeline, error)
	// Commit makes a prepared pipeline the running one, with empty
	// tables, the program's default actions and zeroed externs.
	Commit(p Pipeline) error

	// WriteTable applies updates to one table in order and returns one
	// error (nil for success) per update.
	WriteTable(tableID uint32, updates []TableUpdate) []error
	// SetDefaultAction sets the default action of a table; a nil action
	// restores the program's default.
	SetDefaultAction(tableID uint32, a *Action) error
	// DefaultAction returns the current default action of a table.
	DefaultAction(tableID uint32) (*Action, error)

	// DirectCounter reads the direct counter of an entry; isDefault
	// selects the default entry and ignores key.
	DirectCounter(tableID uint32, key *Key, isDefault bool) (Counts, error)
	// SetDirectCounter writes the direct counter of an entry.
	SetDirectCounter(tableID uint32, key *Key, isDefault bool, c Counts) error
	// SetDirectMeter configures the direct meter of an entry; nil means
	// the default configuration (every packet GREEN).
	SetDirectMeter(tableID uint32, key *Key, isDefault bool, m *MeterConfig) error
	// LastHit returns when an entry was last hit by a packet; the zero
	// time if it never was.
	LastHit(tableID uint32, key *Key) (time.Time, error)

	// Counter reads one cell of an indexed counter.
	Counter(counterID uint32, index int64) (Counts, error)
	// SetCounter writes one cell of an indexed counter.
	SetCounter(counterID uint32, index int64, c Counts) error
	// SetMeter configures one cell of an indexed meter (nil: default).
	SetMeter(meterID uint32, index int64, m *MeterConfig) error
	// Register reads one register cell, ceil(bits/8) bytes.
	Register(registerID uint32, index int64) ([]byte, error)
	// SetRegister writes one register cell.
	SetRegister(registerID uint32, index int64, value []byte) error

	// SetMulticastGroup creates or replaces a multicast group.
	SetMulticastGroup(id uint32, replicas []Replica) error
	// DeleteMulticastGroup removes a multicast group.
	DeleteMulticastGroup(id uint32) error
	// SetCloneSession creates or replaces a clone session.
	SetCloneSession(s CloneSession) error
	// DeleteCloneSession removes a clone session.
	DeleteCloneSession(id uint32) error
	// SetValueSet replaces the members of a parser value set.
	SetValueSet(valueSetID uint32, members [][]FieldMatch) error

	// SetActionProfileMember creates or replaces a member of an action
	// profile; a nil action deletes it.
	SetActionProfileMember(profileID, memberID uint32, a *Action) error
	// SetActionProfileGroup creates or replaces a group of an action
	// selector; nil members deletes it.
	SetActionProfileGroup(profileID, groupID uint32, members []GroupMember) error

	// PacketOut injects a frame from the controller: the packet_out
	// controller header, bit-packed by the server, followed by the
	// payload, exactly what BMv2 receives on its CPU port.
	PacketOut(frame []byte) error
	// SetHandler registers where the target sends packet-ins and digests;
	// nil unregisters. The target may call it from any goroutine and must
	// not hold its own locks while calling.
	SetHandler(h Handler)
}

// Handler receives what the data plane sends to the controller.
type Handler interface {
	// PacketIn is a frame sent to the CPU port: the packet_in controller
	// header (if the program has one) followed by the payload. The frame
	// is owned by the callee.
	PacketIn(frame []byte)
	// Digest is one digest message: the values of the digest type's
	// fields in order, each ceil(bits/8) bytes (or any length, the
	// server canonicalises).
	Digest(digestID uint32, fields [][]byte)
}

// Pipeline is a target-specific prepared pipeline.
type Pipeline any

// FieldMatch is the value of one match field, the interpreter's own
// type (match.FieldMatch) so that keys go to its tables without a copy.
// Value, Mask and High are ceil(bits/8) bytes:
//
//	exact:    Value
//	lpm:      Value, PrefixLen
//	ternary:  Value, Mask
//	optional: Value (Mask all ones), or Wildcard
//	range:    Value (low), High
//
// Wildcard marks a field the client omitted; its values are then filled
// in as the don't-care match (mask 0, prefix 0, range 0 to all ones).
type FieldMatch = match.FieldMatch

// Key identifies a table entry: its match, every field in P4Info order,
// and its priority (0 for tables without ternary, range or optional
// fields).
type Key struct {
	Match    []FieldMatch
	Priority int32
}

// Action is an action with its parameters in P4Info order, each
// ceil(bits/8) bytes.
type Action struct {
	ID     uint32
	Params [][]byte
}

// Op is a table update operation.
type Op uint8

// The table update operations.
const (
	OpInsert Op = iota + 1
	OpModify
	OpDelete
)

// TableUpdate is one update of a table entry. For an indirect table,
// Action is nil and MemberID or GroupID names the action profile entry.
type TableUpdate struct {
	Op       Op
	Key      *Key
	Action   *Action
	MemberID uint32
	GroupID  uint32
	// Counter, when set on insert or modify, initialises the entry's
	// direct counter.
	Counter *Counts
	// Meter configures the direct meter on insert and modify (nil:
	// default configuration).
	Meter *MeterConfig
	// IdleTimeout is the entry's TTL, 0 for none; the target only needs
	// it to keep hit times.
	IdleTimeout time.Duration
}

// Counts is the value of a counter cell.
type Counts struct {
	Bytes   int64
	Packets int64
}

// MeterConfig is a two-rate three-color meter configuration.
type MeterConfig struct {
	CIR, CBurst, PIR, PBurst int64
}

// Replica is one copy made by the packet replication engine.
type Replica struct {
	Port     uint32
	Instance uint32
}

// CloneSession is a clone session of the packet replication engine.
type CloneSession struct {
	ID             uint32
	Replicas       []Replica
	ClassOfService uint32
	// TruncateBytes truncates clones to this length; 0 keeps them whole.
	TruncateBytes int32
}

// GroupMember is a member of an action selector group.
type GroupMember struct {
	MemberID uint32
	Weight   int32
}

// EntryLister is implemented by targets whose programs install table
// entries of their own (`const entries`, `entries = {...}`). After a
// commit the server lists every table once and keeps what it finds, so
// that reads return these entries as the spec requires.
type EntryLister interface {
	// Entries calls f for every entry of a table. Values may be canonical
	// or padded.
	Entries(tableID uint32, f func(k *Key, a *Action)) error
}
