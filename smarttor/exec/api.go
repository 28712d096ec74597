package exec

import (
	"errors"
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// Errors of the runtime API, wrapped with details; test with errors.Is.
// Entry writes also return match.ErrExists and match.ErrNotFound.
var (
	ErrNoPipeline   = errors.New("no pipeline")
	ErrUnknownID    = errors.New("unknown id")
	ErrInvalid      = errors.New("invalid argument")
	ErrConstDefault = errors.New("default action is constant")
	ErrConstEntries = errors.New("table entries are constant")
	ErrTableFull    = errors.New("table is full")
)

// TableEntry is a table entry as the control plane sees it.
type TableEntry struct {
	// Table is the table's id.
	Table uint32
	// Match has one field per key field, in key order, values as
	// big-endian bytes (canonical or zero-padded): exact Value; lpm Value
	// and PrefixLen; ternary Value and Mask; range Value (low) and High;
	// optional Value. Wildcard marks an omitted non-exact field.
	Match []match.FieldMatch
	// Priority orders entries of tables with ternary, range or optional
	// fields (larger wins); 0 elsewhere.
	Priority int32
	// Action is the action's id, Params its arguments in order.
	Action uint32
	Params [][]byte
	// IdleTimeout is the entry's idle timeout in nanoseconds (0: none).
	IdleTimeout int64
	// Indirect entries of action profile tables name a member or group
	// (Ref) instead of Action and Params.
	Indirect Indirect
	Ref      uint32

	// Read back only: the direct counter and the last hit (nanoseconds of
	// the switch clock; the insertion time before any hit).
	Counter CounterData
	LastHit int64
}

// CounterData is a counter's value.
type CounterData struct {
	Packets, Bytes uint64
}

// WriteOp is a table write operation.
type WriteOp uint8

// The table write operations.
const (
	Insert WriteOp = iota + 1
	Modify
	Delete
)

func (s *Switch) pipeline() (*Pipeline, error) {
	p := s.pipe.Load()
	if p == nil {
		return nil, ErrNoPipeline
	}
	return p, nil
}

func (p *Pipeline) table(id uint32) (*table, error) {
	if i, ok := p.ids[id]; ok && i < len(p.tables) && p.tables[i].ir.ID == id {
		return p.tables[i], nil
	}
	return nil, fmt.Errorf("%w: table %#x", ErrUnknownID, id)
}

func (p *Pipeline) action(id uint32) (int, error) {
	if i, ok := p.actionIDs[id]; ok {
		return i, nil
	}
	return 0, fmt.Errorf("%w: action %#x", ErrUnknownID, id)
}

// WriteEntry inserts, modifies or deletes a table entry. Modify keeps the
// entry's direct counter and last-hit time; Delete needs only Table,
// Match and Priority.
func (s *Switch) WriteEntry(op WriteOp, e *TableEntry) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	t, err := p.table(e.Table)
	if err != nil {
		return err
	}
	if t.ir.ConstEntries {
		return fmt.Errorf("%w: table %q", ErrConstEntries, t.ir.Name)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if op == Delete {
		return t.delete(e.Match, e.Priority)
	}
	ne, err := p.newTableEntry(t, e)
	if err != nil {
		return err
	}
	ne.match, ne.priority, ne.idleTimeout = e.Match, e.Priority, e.IdleTimeout
	ne.stats.lastHit.Store(s.clock())
	switch op {
	case Insert:
		if t.ir.Size > 0 && t.len() >= t.ir.Size {
			return fmt.Errorf("%w: table %q holds %d entries", ErrTableFull, t.ir.Name, t.ir.Size)
		}
		return t.insert(ne)
	case Modify:
		return t.modify(ne)
	}
	return fmt.Errorf("%w: write op %d", ErrInvalid, op)
}

// InsertEntry is WriteEntry(Insert, e).
func (s *Switch) InsertEntry(e *TableEntry) error { return s.WriteEntry(Insert, e) }

// ModifyEntry is WriteEntry(Modify, e).
func (s *Switch) ModifyEntry(e *TableEntry) error { return s.WriteEntry(Modify, e) }

// DeleteEntry is WriteEntry(Delete, e).
func (s *Switch) DeleteEntry(e *TableEntry) error { return s.WriteEntry(Delete, e) }

// newTableEntry builds the entry of a write: an action call, or for a
// table with an action profile a member or group reference.
func (p *Pipeline) newTableEntry(t *table, e *TableEntry) (*entry, error) {
	if t.ir.Profile >= 0 {
		if e.Indirect != MemberRef && e.Indirect != GroupRef {
			return nil, fmt.Errorf("%w: table %q takes action profile members or groups", ErrInvalid, t.ir.Name)
		}
		st := p.profiles[t.ir.Profile].state.Load()
		if _, ok := st.members[e.Ref]; e.Indirect == MemberRef && !ok {
			return nil, fmt.Errorf("%w: member %d", match.ErrNotFound, e.Ref)
		}
		if _, ok := st.groups[e.Ref]; e.Indirect == GroupRef && !ok {
			return nil, fmt.Errorf("%w: group %d", match.ErrNotFound, e.Ref)
		}
		ne := &entry{action: t.ir.Default.Action, indirect: e.Indirect, ref: e.Ref, stats: &entryStats{}}
		return ne, nil
	}
	if e.Indirect != NoIndirect {
		return nil, fmt.Errorf("%w: table %q has no action profile", ErrInvalid, t.ir.Name)
	}
	a, err := p.action(e.Action)
	if err != nil {
		return nil, err
	}
	return t.newEntry(a, e.Params, false)
}

func (p *Pipeline) export(t *table, e *entry) *TableEntry {
	packets, bytes := e.stats.ctr.Read()
	if e.indirect != NoIndirect {
		return &TableEntry{Table: t.ir.ID, Match: e.match, Priority: e.priority, Indirect: e.indirect, Ref: e.ref,
			IdleTimeout: e.idleTimeout, Counter: CounterData{packets, bytes}, LastHit: e.stats.lastHit.Load()}
	}
	return &TableEntry{Table: t.ir.ID, Match: e.match, Priority: e.priority,
		Action: p.prog.Actions[e.action].ID, Params: e.params, IdleTimeout: e.idleTimeout,
		Counter: CounterData{packets, bytes},
		LastHit: e.stats.lastHit.Load()}
}

// ReadEntries calls f with every entry of a table until f returns false.
// The entry shares memory with the table: f must not modify it. f must not
// write to the table.
func (s *Switch) ReadEntries(table uint32, f func(e *TableEntry) bool) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	t, err := p.table(table)
	if err != nil {
		return err
	}
	t.rangeEntries(func(e *entry) bool { return f(p.export(t, e)) })
	return nil
}

// ReadEntry returns the entry with e's Table, Match and Priority.
func (s *Switch) ReadEntry(e *TableEntry) (*TableEntry, error) {
	p, t, got, err := s.findEntry(e)
	if err != nil {
		return nil, err
	}
	return p.export(t, got), nil
}

// findEntry finds the entry with e's Table, Match and Priority in the
// running pipeline.
func (s *Switch) findEntry(e *TableEntry) (*Pipeline, *table, *entry, error) {
	p, err := s.pipeline()
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := p.table(e.Table)
	if err != nil {
		return nil, nil, nil, err
	}
	got, _, err := t.find(e.Match, e.Priority)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, t, got, nil
}

// SetDirectCounter sets the direct counter of the entry with e's Table,
// Match and Priority.
func (s *Switch) SetDirectCounter(e *TableEntry, d CounterData) error {
	_, _, got, err := s.findEntry(e)
	if err != nil {
		return err
	}
	got.stats.ctr.Write(d.Packets, d.Bytes)
	return nil
}

// SetDirectMeter configures the direct meter of an entry (nil: unset,
// everything green).
func (s *Switch) SetDirectMeter(e *TableEntry, cfg *MeterConfig) error {
	_, _, got, err := s.findEntry(e)
	if err != nil {
		return err
	}
	if cfg == nil {
		got.stats.meter.Reset()
		return nil
	}
	return got.stats.meter.Configure(*cfg)
}

// ClearTable deletes every entry of a table (constant entries too).
func (s *Switch) ClearTable(table uint32) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	t, err := p.table(table)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clear()
	return nil
}

// SetDefaultEntry sets a table's default action.
func (s *Switch) SetDefaultEntry(table, action uint32, params [][]byte) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	t, err := p.table(table)
	if err != nil {
		return err
	}
	if t.ir.ConstDefault {
		return fmt.Errorf("%w: table %q", ErrConstDefault, t.ir.Name)
	}
	a, err := p.action(action)
	if err != nil {
		return err
	}
	e, err := t.newEntry(a, params, true)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e.stats = t.def.Load().stats
	t.def.Store(e)
	return nil
}

// ResetDefaultEntry restores a table's default action of the program.
func (s *Switch) ResetDefaultEntry(table uint32) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	t, err := p.table(table)
	if err != nil {
		return err
	}
	t.def.Store(t.initial)
	return nil
}

// DefaultEntry returns a table's default entry (Match nil).
func (s *Switch) DefaultEntry(table uint32) (*TableEntry, error) {
	p, err := s.pipeline()
	if err != nil {
		return nil, err
	}
	t, err := p.table(table)
	if err != nil {
		return nil, err
	}
	return p.export(t, t.def.Load()), nil
}

// EntryCount returns the number of entries of a table.
func (s *Switch) EntryCount(table uint32) (int, error) {
	p, err := s.pipeline()
	if err != nil {
		return 0, err
	}
	t, err := p.table(table)
	if err != nil {
		return 0, err
	}
	return t.len(), nil
}

// IdleEntries calls f with every entry of a table that has an idle timeout
// and has not been hit for longer than it at time now (switch clock,
// nanoseconds). The P4Runtime server sends these in idle-timeout
// notifications.
func (s *Switch) IdleEntries(table uint32, now int64, f func(e *TableEntry)) error {
	return s.ReadEntries(table, func(e *TableEntry) bool {
		if e.IdleTimeout > 0 && now-e.LastHit > e.IdleTimeout {
			f(e)
		}
		return true
	})
}

func (p *Pipeline) indexOf(id uint32, n int, kind string) (int, error) {
	if i, ok := p.ids[id]; ok && i < n {
		return i, nil
	}
	return 0, fmt.Errorf("%w: %s %#x", ErrUnknownID, kind, id)
}

func (p *Pipeline) counter(id uint32) (*counter, error) {
	i, err := p.indexOf(id, len(p.counters), "counter")
	if err != nil || p.counters[i].ir.ID != id {
		return nil, fmt.Errorf("%w: counter %#x", ErrUnknownID, id)
	}
	return p.counters[i], nil
}

// ReadCounter returns cell index of an indexed counter.
func (s *Switch) ReadCounter(id uint32, index uint64) (CounterData, error) {
	p, err := s.pipeline()
	if err != nil {
		return CounterData{}, err
	}
	c, err := p.counter(id)
	if err != nil {
		return CounterData{}, err
	}
	cell := c.cells.Cell(index)
	if cell == nil {
		return CounterData{}, fmt.Errorf("%w: counter %q index %d of %d", ErrInvalid, c.ir.Name, index, c.cells.Size())
	}
	packets, bytes := cell.Read()
	return CounterData{packets, bytes}, nil
}

// CounterSize returns the number of cells of an indexed counter.
func (s *Switch) CounterSize(id uint32) (int, error) {
	p, err := s.pipeline()
	if err != nil {
		return 0, err
	}
	c, err := p.counter(id)
	if err != nil {
		return 0, err
	}
	return c.cells.Size(), nil
}

// WriteCounter sets cell index of an indexed counter.
func (s *Switch) WriteCounter(id uint32, index uint64, d CounterData) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	c, err := p.counter(id)
	if err != nil {
		return err
	}
	cell := c.cells.Cell(index)
	if cell == nil {
		return fmt.Errorf("%w: counter %q index %d of %d", ErrInvalid, c.ir.Name, index, c.cells.Size())
	}
	cell.Write(d.Packets, d.Bytes)
	return nil
}

func (p *Pipeline) register(id uint32) (*register, error) {
	i, err := p.indexOf(id, len(p.registers), "register")
	if err != nil || p.registers[i].ir.ID != id {
		return nil, fmt.Errorf("%w: register %#x", ErrUnknownID, id)
	}
	return p.registers[i], nil
}

// ReadRegister returns cell index of a register as canonical bytes.
func (s *Switch) ReadRegister(id uint32, index uint64) ([]byte, error) {
	p, err := s.pipeline()
	if err != nil {
		return nil, err
	}
	r, err := p.register(id)
	if err != nil {
		return nil, err
	}
	out := make([]byte, (r.ir.Width+7)/8)
	if !r.cells.Read(index, out) {
		return nil, fmt.Errorf("%w: register %q index %d of %d", ErrInvalid, r.ir.Name, index, r.cells.Size())
	}
	return out, nil
}

// WriteRegister sets cell index of a register.
func (s *Switch) WriteRegister(id uint32, index uint64, value []byte) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	r, err := p.register(id)
	if err != nil {
		return err
	}
	v, err := fit(value, r.ir.Width)
	if err != nil {
		return err
	}
	if !r.cells.Write(index, v) {
		return fmt.Errorf("%w: register %q index %d of %d", ErrInvalid, r.ir.Name, index, r.cells.Size())
	}
	return nil
}

func (p *Pipeline) meter(id uint32) (*meter, error) {
	i, err := p.indexOf(id, len(p.meters), "meter")
	if err != nil || p.meters[i].ir.ID != id {
		return nil, fmt.Errorf("%w: meter %#x", ErrUnknownID, id)
	}
	return p.meters[i], nil
}

// SetMeter configures cell index of an indexed meter (nil: unset).
func (s *Switch) SetMeter(id uint32, index uint64, cfg *MeterConfig) error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	m, err := p.meter(id)
	if err != nil {
		return err
	}
	cell := m.cells.Cell(index)
	if cell == nil {
		return fmt.Errorf("%w: meter %q index %d of %d", ErrInvalid, m.ir.Name, index, m.cells.Size())
	}
	if cfg == nil {
		cell.Reset()
		return nil
	}
	return cell.Configure(*cfg)
}

// Meter returns the configuration of cell index of an indexed meter.
func (s *Switch) Meter(id uint32, index uint64) (MeterConfig, bool, error) {
	p, err := s.pipeline()
	if err != nil {
		return MeterConfig{}, false, err
	}
	m, err := p.meter(id)
	if err != nil {
		return MeterConfig{}, false, err
	}
	cell := m.cells.Cell(index)
	if cell == nil {
		return MeterConfig{}, false, fmt.Errorf("%w: meter %q index %d of %d", ErrInvalid, m.ir.Name, index, m.cells.Size())
	}
	c, ok := cell.Config()
	return c, ok, nil
}
