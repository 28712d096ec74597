package match

import (
	"fmt"
	"sort"
	"sync"
)

// LPM is a table with one LPM field and any number of exact fields. It keeps
// one hash map per prefix length present, keyed by the key masked to that
// length; Lookup tries the lengths from longest to shortest.
type LPM[V any] struct {
	schema *Schema
	field  int // index of the LPM field
	mu     sync.RWMutex
	groups []*lpmGroup[V] // by prefix length, longest first
	n      int
}

type lpmGroup[V any] struct {
	plen int
	mask []byte // all ones on exact fields, the prefix on the LPM field
	m    map[string]V
}

// NewLPM returns an empty LPM table. s must have exactly one KindLPM field;
// the others must be KindExact.
func NewLPM[V any](s *Schema) (*LPM[V], error) {
	field := -1
	for i, f := range s.fields {
		switch f.Kind {
		case KindLPM:
			if field >= 0 {
				return nil, fmt.Errorf("%w: LPM table with two LPM fields", ErrInvalid)
			}
			field = i
		case KindExact:
		default:
			return nil, fmt.Errorf("%w: LPM table with %v field %d", ErrInvalid, f.Kind, i)
		}
	}
	if field < 0 {
		return nil, fmt.Errorf("%w: LPM table without an LPM field", ErrInvalid)
	}
	return &LPM[V]{schema: s, field: field}, nil
}

// Schema returns the table's key layout.
func (t *LPM[V]) Schema() *Schema { return t.schema }

// Lookup returns the value of the longest prefix matching key.
func (t *LPM[V]) Lookup(key []byte) (V, bool) {
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
	for _, g := range t.groups {
		for i := range buf {
			buf[i] = key[i] & g.mask[i]
		}
		if v, ok := g.m[string(buf)]; ok {
			return v, true
		}
	}
	return zero, false
}

// canonical checks key and prefixLen and returns the masked key.
func (t *LPM[V]) canonical(key []byte, prefixLen int) (string, []byte, error) {
	if err := t.schema.checkKey(key); err != nil {
		return "", nil, err
	}
	if w := t.schema.fields[t.field].Bits; prefixLen < 0 || prefixLen > w {
		return "", nil, fmt.Errorf("%w: prefix length %d of a %d-bit field", ErrInvalid, prefixLen, w)
	}
	mask := t.mask(prefixLen)
	k := make([]byte, len(key))
	for i := range k {
		k[i] = key[i] & mask[i]
	}
	return string(k), mask, nil
}

func (t *LPM[V]) mask(prefixLen int) []byte {
	mask := append([]byte(nil), t.schema.width...)
	off, n := t.schema.offsets[t.field], t.schema.size(t.field)
	lpm := mask[off : off+n]
	for i := range lpm {
		lpm[i] = 0
	}
	setPrefix(lpm, t.schema.fields[t.field].Bits, prefixLen)
	return mask
}

func (t *LPM[V]) group(plen int) (int, bool) {
	i := sort.Search(len(t.groups), func(i int) bool { return t.groups[i].plen <= plen })
	return i, i < len(t.groups) && t.groups[i].plen == plen
}

// Insert adds the entry key/prefixLen (key is masked to prefixLen);
// ErrExists if it is present.
func (t *LPM[V]) Insert(key []byte, prefixLen int, v V) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.insert(key, prefixLen, v)
}

func (t *LPM[V]) insert(key []byte, prefixLen int, v V) error {
	k, mask, err := t.canonical(key, prefixLen)
	if err != nil {
		return err
	}
	i, ok := t.group(prefixLen)
	if !ok {
		g := &lpmGroup[V]{plen: prefixLen, mask: mask, m: make(map[string]V)}
		t.groups = append(t.groups, nil)
		copy(t.groups[i+1:], t.groups[i:])
		t.groups[i] = g
	}
	g := t.groups[i]
	if _, dup := g.m[k]; dup {
		return fmt.Errorf("%w: %x/%d", ErrExists, k, prefixLen)
	}
	g.m[k] = v
	t.n++
	return nil
}

// Modify replaces the value of the entry key/prefixLen; ErrNotFound if it
// is absent.
func (t *LPM[V]) Modify(key []byte, prefixLen int, v V) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.modify(key, prefixLen, v)
}

func (t *LPM[V]) modify(key []byte, prefixLen int, v V) error {
	k, _, err := t.canonical(key, prefixLen)
	if err != nil {
		return err
	}
	i, ok := t.group(prefixLen)
	if ok {
		if _, ok = t.groups[i].m[k]; ok {
			t.groups[i].m[k] = v
			return nil
		}
	}
	return fmt.Errorf("%w: %x/%d", ErrNotFound, k, prefixLen)
}

// Delete removes the entry key/prefixLen; ErrNotFound if it is absent.
func (t *LPM[V]) Delete(key []byte, prefixLen int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.delete(key, prefixLen)
}

func (t *LPM[V]) delete(key []byte, prefixLen int) error {
	k, _, err := t.canonical(key, prefixLen)
	if err != nil {
		return err
	}
	i, ok := t.group(prefixLen)
	if ok {
		g := t.groups[i]
		if _, ok = g.m[k]; ok {
			delete(g.m, k)
			t.n--
			if len(g.m) == 0 {
				t.groups = append(t.groups[:i], t.groups[i+1:]...)
			}
			return nil
		}
	}
	return fmt.Errorf("%w: %x/%d", ErrNotFound, k, prefixLen)
}

// LPMUpdate is one write of an Apply batch.
type LPMUpdate[V any] struct {
	Op        Op
	Key       []byte
	PrefixLen int
	Value     V
}

// Apply performs the updates in order under one write lock and returns one
// error per update (nil for success).
func (t *LPM[V]) Apply(updates []LPMUpdate[V]) []error {
	errs := make([]error, len(updates))
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, u := range updates {
		switch u.Op {
		case OpInsert:
			errs[i] = t.insert(u.Key, u.PrefixLen, u.Value)
		case OpModify:
			errs[i] = t.modify(u.Key, u.PrefixLen, u.Value)
		case OpDelete:
			errs[i] = t.delete(u.Key, u.PrefixLen)
		default:
			errs[i] = fmt.Errorf("%w: unknown op %d", ErrInvalid, u.Op)
		}
	}
	return errs
}

// Len returns the number of entries.
func (t *LPM[V]) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.n
}

// Range calls f for every entry, longest prefixes first, until f returns
// false. key is the masked key, a copy f may keep.
func (t *LPM[V]) Range(f func(key []byte, prefixLen int, v V) bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, g := range t.groups {
		for k, v := range g.m {
			if !f([]byte(k), g.plen, v) {
				return
			}
		}
	}
}

// Clear removes every entry.
func (t *LPM[V]) Clear() {
	t.mu.Lock()
	t.groups, t.n = nil, 0
	t.mu.Unlock()
}
