package match

import (
	"fmt"
	"sort"
	"sync"
)

// LPM is a table with one LPM field and any number of exact fields. It keeps
// one hash map per prefix length present, keyed by the key masked to that
// length, and tries the lengths from longest to shortest. To avoid probing
// every length, prefixes of at least split bits (16, or the field width if
// smaller) are also counted in buckets keyed by the key masked to split
// bits: a look-up first finds its bucket and probes only the lengths present
// in it, then the lengths shorter than split. Keys of at most 8 bytes are
// packed into a uint64 (integer map keys hash about twice as fast as
// strings).
type LPM[V any] struct {
	schema *Schema
	field  int  // index of the LPM field
	small  bool // keyLen <= 8: the groups use m64
	split  int
	mu     sync.RWMutex
	groups []*lpmGroup[V] // by prefix length, longest first
	byLen  []*lpmGroup[V] // indexed by prefix length, nil when absent
	short  []*lpmGroup[V] // groups shorter than split, longest first
	// Buckets of the prefixes of split bits or more, by key masked to
	// split bits (packed for small keys).
	splitMask   []byte
	splitMask64 uint64
	buckets     map[string]*lpmBucket
	buckets64   map[uint64]*lpmBucket
	n           int
}

// lpmBucket counts the prefixes, by length, that share their first split
// bits (and exact fields).
type lpmBucket struct {
	split int
	count []int32 // by prefix length - split
	lens  []int   // lengths with a non-zero count, longest first
}

func (b *lpmBucket) add(plen int) {
	b.count[plen-b.split]++
	if b.count[plen-b.split] > 1 {
		return
	}
	i := sort.Search(len(b.lens), func(i int) bool { return b.lens[i] < plen })
	b.lens = append(b.lens, 0)
	copy(b.lens[i+1:], b.lens[i:])
	b.lens[i] = plen
}

// remove reports whether the bucket is now empty.
func (b *lpmBucket) remove(plen int) bool {
	b.count[plen-b.split]--
	if b.count[plen-b.split] == 0 {
		for i, l := range b.lens {
			if l == plen {
				b.lens = append(b.lens[:i], b.lens[i+1:]...)
				break
			}
		}
	}
	return len(b.lens) == 0
}

type lpmGroup[V any] struct {
	plen   int
	mask   []byte // all ones on exact fields, the prefix on the LPM field
	mask64 uint64 // mask packed, for small keys
	m      map[string]V
	m64    map[uint64]V
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
	t := &LPM[V]{schema: s, field: field, small: s.keyLen <= 8}
	t.setSplit(min(16, s.fields[field].Bits))
	return t, nil
}

// setSplit sets the bucket prefix length; the table must be empty.
func (t *LPM[V]) setSplit(split int) {
	t.split = split
	t.splitMask = t.mask(split)
	t.splitMask64 = pack(t.splitMask)
	t.byLen = make([]*lpmGroup[V], t.schema.fields[t.field].Bits+1)
	t.buckets = make(map[string]*lpmBucket)
	t.buckets64 = make(map[uint64]*lpmBucket)
}

// Schema returns the table's key layout.
func (t *LPM[V]) Schema() *Schema { return t.schema }

func pack(b []byte) uint64 {
	var k uint64
	for _, x := range b {
		k = k<<8 | uint64(x)
	}
	return k
}

// Lookup returns the value of the longest prefix matching key.
func (t *LPM[V]) Lookup(key []byte) (V, bool) {
	var zero V
	if len(key) != t.schema.keyLen {
		return zero, false
	}
	if t.small {
		k := pack(key)
		t.mu.RLock()
		defer t.mu.RUnlock()
		if b := t.buckets64[k&t.splitMask64]; b != nil {
			for _, plen := range b.lens {
				g := t.byLen[plen]
				if v, ok := g.m64[k&g.mask64]; ok {
					return v, true
				}
			}
		}
		for _, g := range t.short {
			if v, ok := g.m64[k&g.mask64]; ok {
				return v, true
			}
		}
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
	for i := range buf {
		buf[i] = key[i] & t.splitMask[i]
	}
	if b := t.buckets[string(buf)]; b != nil {
		for _, plen := range b.lens {
			g := t.byLen[plen]
			for i := range buf {
				buf[i] = key[i] & g.mask[i]
			}
			if v, ok := g.m[string(buf)]; ok {
				return v, true
			}
		}
	}
	for _, g := range t.short {
		for i := range buf {
			buf[i] = key[i] & g.mask[i]
		}
		if v, ok := g.m[string(buf)]; ok {
			return v, true
		}
	}
	return zero, false
}

// bucket returns the bucket of the canonical key k, creating it if asked.
func (t *LPM[V]) bucket(k []byte, create bool) *lpmBucket {
	bk := make([]byte, len(k))
	for i := range k {
		bk[i] = k[i] & t.splitMask[i]
	}
	var b *lpmBucket
	if t.small {
		b = t.buckets64[pack(bk)]
	} else {
		b = t.buckets[string(bk)]
	}
	if b == nil && create {
		b = &lpmBucket{split: t.split, count: make([]int32, t.schema.fields[t.field].Bits+1-t.split)}
		if t.small {
			t.buckets64[pack(bk)] = b
		} else {
			t.buckets[string(bk)] = b
		}
	}
	return b
}

func (t *LPM[V]) dropBucket(k []byte) {
	bk := make([]byte, len(k))
	for i := range k {
		bk[i] = k[i] & t.splitMask[i]
	}
	if t.small {
		delete(t.buckets64, pack(bk))
	} else {
		delete(t.buckets, string(bk))
	}
}

// rebuildShort recomputes the groups shorter than split.
func (t *LPM[V]) rebuildShort() {
	t.short = t.short[:0]
	for _, g := range t.groups {
		if g.plen < t.split {
			t.short = append(t.short, g)
		}
	}
}

// canonical checks key and prefixLen and returns the masked key and the
// mask.
func (t *LPM[V]) canonical(key []byte, prefixLen int) ([]byte, []byte, error) {
	if err := t.schema.checkKey(key); err != nil {
		return nil, nil, err
	}
	if w := t.schema.fields[t.field].Bits; prefixLen < 0 || prefixLen > w {
		return nil, nil, fmt.Errorf("%w: prefix length %d of a %d-bit field", ErrInvalid, prefixLen, w)
	}
	mask := t.mask(prefixLen)
	k := make([]byte, len(key))
	for i := range k {
		k[i] = key[i] & mask[i]
	}
	return k, mask, nil
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

func (g *lpmGroup[V]) get(k []byte) (V, bool) {
	if g.m64 != nil {
		v, ok := g.m64[pack(k)]
		return v, ok
	}
	v, ok := g.m[string(k)]
	return v, ok
}

func (g *lpmGroup[V]) set(k []byte, v V) {
	if g.m64 != nil {
		g.m64[pack(k)] = v
		return
	}
	g.m[string(k)] = v
}

func (g *lpmGroup[V]) del(k []byte) {
	if g.m64 != nil {
		delete(g.m64, pack(k))
		return
	}
	delete(g.m, string(k))
}

func (g *lpmGroup[V]) len() int {
	if g.m64 != nil {
		return len(g.m64)
	}
	return len(g.m)
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
		g := &lpmGroup[V]{plen: prefixLen, mask: mask}
		if t.small {
			g.mask64 = pack(mask)
			g.m64 = make(map[uint64]V)
		} else {
			g.m = make(map[string]V)
		}
		t.groups = append(t.groups, nil)
		copy(t.groups[i+1:], t.groups[i:])
		t.groups[i] = g
		t.byLen[prefixLen] = g
		t.rebuildShort()
	}
	g := t.groups[i]
	if _, dup := g.get(k); dup {
		return fmt.Errorf("%w: %x/%d", ErrExists, k, prefixLen)
	}
	g.set(k, v)
	if prefixLen >= t.split {
		t.bucket(k, true).add(prefixLen)
	}
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
	if i, ok := t.group(prefixLen); ok {
		if _, ok = t.groups[i].get(k); ok {
			t.groups[i].set(k, v)
			return nil
		}
	}
	return fmt.Errorf("%w: %x/%d", ErrNotFound, k, prefixLen)
}

// Find returns the value of the entry key/prefixLen itself (not a
// longest-prefix match).
func (t *LPM[V]) Find(key []byte, prefixLen int) (V, bool) {
	var zero V
	k, _, err := t.canonical(key, prefixLen)
	if err != nil {
		return zero, false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if i, ok := t.group(prefixLen); ok {
		return t.groups[i].get(k)
	}
	return zero, false
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
	if i, ok := t.group(prefixLen); ok {
		g := t.groups[i]
		if _, ok = g.get(k); ok {
			g.del(k)
			t.n--
			if prefixLen >= t.split {
				if b := t.bucket(k, false); b != nil && b.remove(prefixLen) {
					t.dropBucket(k)
				}
			}
			if g.len() == 0 {
				t.groups = append(t.groups[:i], t.groups[i+1:]...)
				t.byLen[prefixLen] = nil
				t.rebuildShort()
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
	n := t.schema.keyLen
	for _, g := range t.groups {
		for k, v := range g.m {
			if !f([]byte(k), g.plen, v) {
				return
			}
		}
		for k, v := range g.m64 {
			b := make([]byte, n)
			for i := n - 1; i >= 0; i-- {
				b[i] = byte(k)
				k >>= 8
			}
			if !f(b, g.plen, v) {
				return
			}
		}
	}
}

// Clear removes every entry.
func (t *LPM[V]) Clear() {
	t.mu.Lock()
	t.groups, t.short, t.n = nil, nil, 0
	t.setSplit(t.split)
	t.mu.Unlock()
}
