package match

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
)

// FieldMatch is one field of a Ternary entry. Which members count depends on
// the field's kind:
//
//	exact:    Value
//	lpm:      Value, PrefixLen
//	ternary:  Value, Mask
//	optional: Value, or Wildcard
//	range:    Value (low), High
//
// Wildcard makes any field match everything (ternary mask 0, prefix /0,
// optional absent, range from 0 to the maximum), as an omitted field does in
// P4Runtime. Value, Mask and High are Size(i) bytes, big-endian.
type FieldMatch struct {
	Value     []byte
	Mask      []byte
	High      []byte
	PrefixLen int
	Wildcard  bool
}

// Entry is the match part of a Ternary entry: one FieldMatch per schema
// field, and its priority (larger wins).
type Entry struct {
	Fields   []FieldMatch
	Priority int32
}

// Ternary is a table with ternary, range or optional fields (and any exact
// and LPM fields) whose entries have priorities. Lookup returns the
// highest-priority matching entry by tuple space search (see tupleSpace);
// the entries are also kept in a list sorted by priority for Range.
type Ternary[V any] struct {
	schema  *Schema
	mu      sync.RWMutex
	entries []*ternaryEntry[V] // by priority, highest first; stable for equal
	byID    map[string]*ternaryEntry[V]
	byPrio  map[int32][]*ternaryEntry[V]
	tuples  tupleSpace[V]
}

type ternaryEntry[V any] struct {
	id       string
	value    []byte // canonical: value & mask
	mask     []byte // zero on range fields
	ranges   []span
	priority int32
	entry    Entry // canonical copy, for Range
	v        V
}

// span is a range field: bytes [off, off+n) of the key between lo and hi.
type span struct {
	off    int
	lo, hi []byte
}

// NewTernary returns an empty table for s (any kinds).
func NewTernary[V any](s *Schema) *Ternary[V] {
	return &Ternary[V]{schema: s, byID: make(map[string]*ternaryEntry[V]), byPrio: make(map[int32][]*ternaryEntry[V]), tuples: newTupleSpace[V]()}
}

// Schema returns the table's key layout.
func (t *Ternary[V]) Schema() *Schema { return t.schema }

// Lookup returns the value of the highest-priority entry matching key.
func (t *Ternary[V]) Lookup(key []byte) (V, bool) {
	var zero V
	if len(key) != t.schema.keyLen {
		return zero, false
	}
	var stack [MaxStackKey]byte
	var buf []byte
	if len(key) <= MaxStackKey {
		buf = stack[:len(key)]
	} else {
		buf = make([]byte, len(key))
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if e := t.tuples.lookup(key, buf); e != nil {
		return e.v, true
	}
	return zero, false
}

func (e *ternaryEntry[V]) rangesMatch(key []byte) bool {
	for _, r := range e.ranges {
		k := key[r.off : r.off+len(r.lo)]
		if bytes.Compare(k, r.lo) < 0 || bytes.Compare(k, r.hi) > 0 {
			return false
		}
	}
	return true
}

// matches reports whether e matches key, by comparing every byte (the
// reference the tuple space search is tested against).
func (e *ternaryEntry[V]) matches(key []byte) bool {
	i := 0
	for ; i+8 <= len(key); i += 8 {
		k := binary.BigEndian.Uint64(key[i:])
		m := binary.BigEndian.Uint64(e.mask[i:])
		if k&m != binary.BigEndian.Uint64(e.value[i:]) {
			return false
		}
	}
	for ; i < len(key); i++ {
		if key[i]&e.mask[i] != e.value[i] {
			return false
		}
	}
	for _, r := range e.ranges {
		k := key[r.off : r.off+len(r.lo)]
		if bytes.Compare(k, r.lo) < 0 || bytes.Compare(k, r.hi) > 0 {
			return false
		}
	}
	return true
}

func (e *ternaryEntry[V]) overlaps(o *ternaryEntry[V]) bool {
	for i := range e.value {
		if (e.value[i]^o.value[i])&e.mask[i]&o.mask[i] != 0 {
			return false
		}
	}
	for j, r := range e.ranges {
		p := o.ranges[j]
		if bytes.Compare(r.lo, p.hi) > 0 || bytes.Compare(p.lo, r.hi) > 0 {
			return false
		}
	}
	return true
}

// canonical validates e and builds its canonical form (without value).
func (t *Ternary[V]) canonical(e Entry) (*ternaryEntry[V], error) {
	s := t.schema
	if len(e.Fields) != len(s.fields) {
		return nil, fmt.Errorf("%w: %d field matches for %d fields", ErrInvalid, len(e.Fields), len(s.fields))
	}
	ce := &ternaryEntry[V]{
		value:    make([]byte, s.keyLen),
		mask:     make([]byte, s.keyLen),
		priority: e.Priority,
		entry:    Entry{Fields: make([]FieldMatch, len(e.Fields)), Priority: e.Priority},
	}
	for i, fm := range e.Fields {
		f := s.fields[i]
		off, n := s.offsets[i], s.size(i)
		width := s.width[off : off+n]
		val, mask := ce.value[off:off+n], ce.mask[off:off+n]
		check := func(what string, b []byte) error {
			if len(b) != n {
				return fmt.Errorf("%w: field %d: %s is %d bytes, want %d", ErrInvalid, i, what, len(b), n)
			}
			for j := range b {
				if b[j]&^width[j] != 0 {
					return fmt.Errorf("%w: field %d: %s %x does not fit in %d bits", ErrInvalid, i, what, b, f.Bits)
				}
			}
			return nil
		}
		out := &ce.entry.Fields[i]
		if f.Kind == KindRange {
			r := span{off: off, lo: make([]byte, n), hi: append([]byte(nil), width...)}
			if !fm.Wildcard {
				if err := check("low", fm.Value); err != nil {
					return nil, err
				}
				if err := check("high", fm.High); err != nil {
					return nil, err
				}
				if bytes.Compare(fm.Value, fm.High) > 0 {
					return nil, fmt.Errorf("%w: field %d: range %x..%x is empty", ErrInvalid, i, fm.Value, fm.High)
				}
				copy(r.lo, fm.Value)
				copy(r.hi, fm.High)
			}
			ce.ranges = append(ce.ranges, r)
			out.Value, out.High = r.lo, r.hi
			continue
		}
		if fm.Wildcard {
			if f.Kind == KindExact {
				return nil, fmt.Errorf("%w: field %d: an exact field cannot be a wildcard", ErrInvalid, i)
			}
			out.Wildcard = true
			if f.Kind == KindLPM || f.Kind == KindTernary {
				out.Value, out.Mask = make([]byte, n), make([]byte, n)
			}
			continue
		}
		if err := check("value", fm.Value); err != nil {
			return nil, err
		}
		switch f.Kind {
		case KindExact, KindOptional:
			copy(mask, width)
		case KindLPM:
			if fm.PrefixLen < 0 || fm.PrefixLen > f.Bits {
				return nil, fmt.Errorf("%w: field %d: prefix length %d of a %d-bit field", ErrInvalid, i, fm.PrefixLen, f.Bits)
			}
			setPrefix(mask, f.Bits, fm.PrefixLen)
			out.PrefixLen = fm.PrefixLen
		case KindTernary:
			if err := check("mask", fm.Mask); err != nil {
				return nil, err
			}
			copy(mask, fm.Mask)
			out.Mask = append([]byte(nil), mask...)
		}
		for j := range val {
			val[j] = fm.Value[j] & mask[j]
		}
		out.Value = append([]byte(nil), val...)
	}
	id := make([]byte, 0, 2*s.keyLen+4+2*len(ce.ranges)*8)
	id = append(id, ce.value...)
	id = append(id, ce.mask...)
	for _, r := range ce.ranges {
		id = append(id, r.lo...)
		id = append(id, r.hi...)
	}
	id = binary.BigEndian.AppendUint32(id, uint32(e.Priority))
	ce.id = string(id)
	return ce, nil
}

// Insert adds an entry; ErrExists if an entry with the same match and
// priority is present, ErrPriorityTie if one with the same priority
// overlaps it.
func (t *Ternary[V]) Insert(e Entry, v V) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.insert(e, v)
}

func (t *Ternary[V]) insert(e Entry, v V) error {
	ce, err := t.canonical(e)
	if err != nil {
		return err
	}
	if _, dup := t.byID[ce.id]; dup {
		return fmt.Errorf("%w: priority %d", ErrExists, e.Priority)
	}
	for _, o := range t.byPrio[ce.priority] {
		if ce.overlaps(o) {
			return fmt.Errorf("%w: priority %d", ErrPriorityTie, e.Priority)
		}
	}
	ce.v = v
	// After the last entry of higher or equal priority.
	i := sort.Search(len(t.entries), func(i int) bool { return t.entries[i].priority < ce.priority })
	t.entries = append(t.entries, nil)
	copy(t.entries[i+1:], t.entries[i:])
	t.entries[i] = ce
	t.byID[ce.id] = ce
	t.byPrio[ce.priority] = append(t.byPrio[ce.priority], ce)
	t.tuples.add(ce)
	return nil
}

// Find returns the value of the entry with exactly this match and priority.
func (t *Ternary[V]) Find(e Entry) (V, bool) {
	var zero V
	ce, err := t.canonical(e)
	if err != nil {
		return zero, false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if x, ok := t.byID[ce.id]; ok {
		return x.v, true
	}
	return zero, false
}

// Modify replaces the value of an entry; ErrNotFound if it is absent.
func (t *Ternary[V]) Modify(e Entry, v V) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.modify(e, v)
}

func (t *Ternary[V]) modify(e Entry, v V) error {
	ce, err := t.canonical(e)
	if err != nil {
		return err
	}
	x, ok := t.byID[ce.id]
	if !ok {
		return fmt.Errorf("%w: priority %d", ErrNotFound, e.Priority)
	}
	x.v = v
	return nil
}

// Delete removes an entry; ErrNotFound if it is absent.
func (t *Ternary[V]) Delete(e Entry) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.delete(e)
}

func (t *Ternary[V]) delete(e Entry) error {
	ce, err := t.canonical(e)
	if err != nil {
		return err
	}
	x, ok := t.byID[ce.id]
	if !ok {
		return fmt.Errorf("%w: priority %d", ErrNotFound, e.Priority)
	}
	delete(t.byID, x.id)
	t.tuples.remove(x)
	t.entries = removePtr(t.entries, x)
	if rest := removePtr(t.byPrio[x.priority], x); len(rest) > 0 {
		t.byPrio[x.priority] = rest
	} else {
		delete(t.byPrio, x.priority)
	}
	return nil
}

func removePtr[T comparable](xs []T, x T) []T {
	for i := range xs {
		if xs[i] == x {
			copy(xs[i:], xs[i+1:])
			var zero T
			xs[len(xs)-1] = zero
			return xs[:len(xs)-1]
		}
	}
	return xs
}

// TernaryUpdate is one write of an Apply batch.
type TernaryUpdate[V any] struct {
	Op    Op
	Entry Entry
	Value V
}

// Apply performs the updates in order under one write lock and returns one
// error per update (nil for success).
func (t *Ternary[V]) Apply(updates []TernaryUpdate[V]) []error {
	errs := make([]error, len(updates))
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, u := range updates {
		switch u.Op {
		case OpInsert:
			errs[i] = t.insert(u.Entry, u.Value)
		case OpModify:
			errs[i] = t.modify(u.Entry, u.Value)
		case OpDelete:
			errs[i] = t.delete(u.Entry)
		default:
			errs[i] = fmt.Errorf("%w: unknown op %d", ErrInvalid, u.Op)
		}
	}
	return errs
}

// Len returns the number of entries.
func (t *Ternary[V]) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.entries)
}

// Range calls f for every entry, highest priority first, until f returns
// false. The Entry is canonical (values masked, ranges and wildcards
// explicit) and shared: f must not modify it.
func (t *Ternary[V]) Range(f func(e Entry, v V) bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, x := range t.entries {
		if !f(x.entry, x.v) {
			return
		}
	}
}

// Clear removes every entry.
func (t *Ternary[V]) Clear() {
	t.mu.Lock()
	t.entries = nil
	t.byID = make(map[string]*ternaryEntry[V])
	t.byPrio = make(map[int32][]*ternaryEntry[V])
	t.tuples = newTupleSpace[V]()
	t.mu.Unlock()
}
