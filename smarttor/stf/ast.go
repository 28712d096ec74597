package stf

import "fmt"

// File is a parsed STF file: its statements in file order.
type File struct {
	Name  string
	Stmts []Stmt
}

// Stmt is one STF statement. Line is its 1-based line in the file.
type Stmt interface {
	Pos() int
	stmt()
}

// Packet sends Data into the switch on Port.
type Packet struct {
	Line int
	Port uint32
	Data []byte
}

// Expect expects a packet on Port. Pattern holds upper-case hex nibbles
// and '*' (any nibble); an expected packet matches a received one that
// starts with it, or, with Exact (a trailing '$'), equals it in length
// too. Any (no data) accepts any number of packets on the port.
type Expect struct {
	Line    int
	Port    uint32
	Pattern string
	Exact   bool
	Any     bool
}

// KeyMatch is one "field:value" of an add statement, as written.
type KeyMatch struct {
	Field, Value string
}

// Arg is one "name:value" action argument, as written.
type Arg struct {
	Name, Value string
}

// ActionCall is "action(arg:value, ...)".
type ActionCall struct {
	Name string
	Args []Arg
}

// Add inserts a table entry. Priority is meaningful when HasPriority
// (larger wins, as in P4Runtime; bmv2stf reverses it for BMv2's CLI).
// ID names the entry ("= ID") for check_counter NAME($ID).
type Add struct {
	Line        int
	Table       string
	Priority    int64
	HasPriority bool
	Keys        []KeyMatch
	Action      ActionCall
	ID          string
}

// SetDefault sets a table's default action.
type SetDefault struct {
	Line   int
	Table  string
	Action ActionCall
}

// RemoveAll deletes the entries of every table ("remove all").
type RemoveAll struct{ Line int }

// CheckCounter compares a counter cell with a value: Counter(Index) where
// Index is a number (an indexed counter) or "$ID" (the direct counter of
// the entry added with "= ID"). Kind is "packets" or "bytes"; Op one of
// == != < <= > >=.
type CheckCounter struct {
	Line    int
	Counter string
	Index   string
	Kind    string
	Op      string
	Value   uint64
}

// Wait waits for the packets sent so far to be processed (a no-op here:
// packets are processed synchronously).
type Wait struct{ Line int }

// Direct is one of simple_switch_CLI's commands that bmv2stf passes
// through: mirroring_add, mirroring_add_mc, mirroring_delete,
// mc_mgrp_create, mc_mgrp_destroy, mc_node_create, mc_node_update,
// mc_node_associate, mc_node_dissociate, mc_node_destroy, counter_read,
// counter_write, counter_reset, register_read, register_write,
// register_reset. Args are the words after the command, checked for
// their number and form by the parser.
type Direct struct {
	Line int
	Name string
	Args []string
}

// Pos returns the statement's line.
func (s *Packet) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *Expect) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *Add) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *SetDefault) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *RemoveAll) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *CheckCounter) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *Wait) Pos() int { return s.Line }

// Pos returns the statement's line.
func (s *Direct) Pos() int { return s.Line }

func (*Packet) stmt()       {}
func (*Expect) stmt()       {}
func (*Add) stmt()          {}
func (*SetDefault) stmt()   {}
func (*RemoveAll) stmt()    {}
func (*CheckCounter) stmt() {}
func (*Wait) stmt()         {}
func (*Direct) stmt()       {}

// Error is an error at a line of an STF file.
type Error struct {
	File string
	Line int
	Msg  string
	Err  error // the wrapped cause, if any
}

// Error returns "file:line: message".
func (e *Error) Error() string {
	if e.File == "" {
		return fmt.Sprintf("%d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is a list of errors, one per line when printed.
type ErrorList []*Error

// Error returns the errors, one per line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	s := l[0].Error()
	for _, e := range l[1:] {
		s += "\n" + e.Error()
	}
	return s
}

// Err returns l as an error, nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
