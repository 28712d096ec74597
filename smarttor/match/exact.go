package match

import (
	"fmt"
	"sync"
)

// Exact is a table whose fields are all exact: a hash map on the key bytes.
type Exact[V any] struct {
	schema *Schema
	mu     sync.RWMutex
	m      map[string]V
}

// NewExact returns an empty exact table. Every field of s must be
// KindExact.
func NewExact[V any](s *Schema) (*Exact[V], error) {
	for i, f := range s.fields {
		if f.Kind != KindExact {
			return nil, fmt.Errorf("%w: exact table with %v field %d", ErrInvalid, f.Kind, i)
		}
	}
	return &Exact[V]{schema: s, m: make(map[string]V)}, nil
}

// Schema returns the table's key layout.
func (t *Exact[V]) Schema() *Schema { return t.schema }

// Lookup returns the value of the entry whose key is key.
func (t *Exact[V]) Lookup(key []byte) (V, bool) {
	t.mu.RLock()
	v, ok := t.m[string(key)]
	t.mu.RUnlock()
	return v, ok
}

// Insert adds an entry; ErrExists if key is present.
func (t *Exact[V]) Insert(key []byte, v V) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.insert(key, v)
}

func (t *Exact[V]) insert(key []byte, v V) error {
	if err := t.schema.checkKey(key); err != nil {
		return err
	}
	if _, ok := t.m[string(key)]; ok {
		return fmt.Errorf("%w: key %x", ErrExists, key)
	}
	t.m[string(key)] = v
	return nil
}

// Modify replaces the value of an entry; ErrNotFound if key is absent.
func (t *Exact[V]) Modify(key []byte, v V) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.modify(key, v)
}

func (t *Exact[V]) modify(key []byte, v V) error {
	if _, ok := t.m[string(key)]; !ok {
		return fmt.Errorf("%w: key %x", ErrNotFound, key)
	}
	t.m[string(key)] = v
	return nil
}

// Delete removes an entry; ErrNotFound if key is absent.
func (t *Exact[V]) Delete(key []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.delete(key)
}

func (t *Exact[V]) delete(key []byte) error {
	if _, ok := t.m[string(key)]; !ok {
		return fmt.Errorf("%w: key %x", ErrNotFound, key)
	}
	delete(t.m, string(key))
	return nil
}

// Op is a write in a batch: Insert, Modify or Delete.
type Op int

// The write operations.
const (
	OpInsert Op = iota + 1
	OpModify
	OpDelete
)

// ExactUpdate is one write of an Apply batch.
type ExactUpdate[V any] struct {
	Op    Op
	Key   []byte
	Value V
}

// Apply performs the updates in order under one write lock and returns one
// error per update (nil for success); a failed update does not stop the
// others, as in a P4Runtime batch.
func (t *Exact[V]) Apply(updates []ExactUpdate[V]) []error {
	errs := make([]error, len(updates))
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, u := range updates {
		switch u.Op {
		case OpInsert:
			errs[i] = t.insert(u.Key, u.Value)
		case OpModify:
			errs[i] = t.modify(u.Key, u.Value)
		case OpDelete:
			errs[i] = t.delete(u.Key)
		default:
			errs[i] = fmt.Errorf("%w: unknown op %d", ErrInvalid, u.Op)
		}
	}
	return errs
}

// Len returns the number of entries.
func (t *Exact[V]) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.m)
}

// Range calls f for every entry, in no particular order, until f returns
// false. key is a copy f may keep.
func (t *Exact[V]) Range(f func(key []byte, v V) bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for k, v := range t.m {
		if !f([]byte(k), v) {
			return
		}
	}
}

// Clear removes every entry.
func (t *Exact[V]) Clear() {
	t.mu.Lock()
	t.m = make(map[string]V)
	t.mu.Unlock()
}
