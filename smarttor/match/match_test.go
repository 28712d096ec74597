package match

import (
	"errors"
	"math/rand"
	"testing"
)

func mustSchema(t testing.TB, fields ...Field) *Schema {
	t.Helper()
	s, err := NewSchema(fields...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSchema(t *testing.T) {
	s := mustSchema(t, Field{KindExact, 9}, Field{KindLPM, 32}, Field{KindTernary, 1})
	if got, want := s.KeyLen(), 2+4+1; got != want {
		t.Errorf("KeyLen = %d, want %d", got, want)
	}
	if s.Offset(1) != 2 || s.Offset(2) != 6 || s.Size(0) != 2 {
		t.Errorf("offsets %d %d size %d", s.Offset(1), s.Offset(2), s.Size(0))
	}
	for _, tc := range []struct {
		name   string
		fields []Field
	}{
		{"empty", nil},
		{"zero width", []Field{{KindExact, 0}}},
		{"bad kind", []Field{{Kind(9), 8}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewSchema(tc.fields...); !errors.Is(err, ErrInvalid) {
				t.Errorf("NewSchema error = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestExact(t *testing.T) {
	s := mustSchema(t, Field{KindExact, 9}, Field{KindExact, 16})
	tb, err := NewExact[int](s)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want error
	}{
		{"insert", func() error { return tb.Insert([]byte{1, 0xff, 0, 1}, 1) }, nil},
		{"insert again", func() error { return tb.Insert([]byte{1, 0xff, 0, 1}, 2) }, ErrExists},
		{"too wide", func() error { return tb.Insert([]byte{2, 0, 0, 1}, 2) }, ErrInvalid},
		{"short key", func() error { return tb.Insert([]byte{1, 0}, 2) }, ErrInvalid},
		{"modify", func() error { return tb.Modify([]byte{1, 0xff, 0, 1}, 3) }, nil},
		{"modify missing", func() error { return tb.Modify([]byte{0, 0, 0, 1}, 3) }, ErrNotFound},
		{"delete missing", func() error { return tb.Delete([]byte{0, 0, 0, 1}) }, ErrNotFound},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); !errors.Is(err, st.want) {
				t.Errorf("error = %v, want %v", err, st.want)
			}
		})
	}
	if v, ok := tb.Lookup([]byte{1, 0xff, 0, 1}); !ok || v != 3 {
		t.Errorf("Lookup = %d, %v, want 3, true", v, ok)
	}
	if _, ok := tb.Lookup([]byte{1, 0xff, 0, 2}); ok {
		t.Error("Lookup of a missing key hit")
	}
	errs := tb.Apply([]ExactUpdate[int]{{Op: OpDelete, Key: []byte{1, 0xff, 0, 1}}, {Op: OpDelete, Key: []byte{1, 0xff, 0, 1}}, {Op: OpInsert, Key: []byte{0, 1, 0, 1}, Value: 9}})
	if errs[0] != nil || !errors.Is(errs[1], ErrNotFound) || errs[2] != nil || tb.Len() != 1 {
		t.Errorf("Apply errors %v, Len %d", errs, tb.Len())
	}
	n := 0
	tb.Range(func(k []byte, v int) bool { n++; return true })
	if n != 1 {
		t.Errorf("Range visited %d", n)
	}
	if _, err := NewExact[int](mustSchema(t, Field{KindLPM, 8})); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewExact with an LPM field: %v", err)
	}
}

func TestLPM(t *testing.T) {
	// vrf (exact 12 bits) + IPv4 destination (LPM).
	s := mustSchema(t, Field{KindExact, 12}, Field{KindLPM, 32})
	tb, err := NewLPM[string](s)
	if err != nil {
		t.Fatal(err)
	}
	key := func(vrf uint16, a, b, c, d byte) []byte { return []byte{byte(vrf >> 8), byte(vrf), a, b, c, d} }
	for _, e := range []struct {
		k    []byte
		plen int
		v    string
	}{
		{key(1, 10, 0, 0, 0), 8, "10/8"},
		{key(1, 10, 1, 0, 0), 16, "10.1/16"},
		{key(1, 10, 1, 2, 3), 32, "10.1.2.3/32"},
		{key(1, 0, 0, 0, 0), 0, "default"},
		{key(2, 10, 1, 0, 0), 16, "vrf2 10.1/16"},
	} {
		if err := tb.Insert(e.k, e.plen, e.v); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		key  []byte
		want string
		ok   bool
	}{
		{"host", key(1, 10, 1, 2, 3), "10.1.2.3/32", true},
		{"16", key(1, 10, 1, 9, 9), "10.1/16", true},
		{"8", key(1, 10, 2, 0, 0), "10/8", true},
		{"default", key(1, 11, 0, 0, 0), "default", true},
		{"other vrf", key(2, 10, 1, 2, 3), "vrf2 10.1/16", true},
		{"other vrf miss", key(2, 10, 2, 0, 0), "", false},
		{"wrong length", []byte{1}, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tb.Lookup(tc.key)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Lookup = %q, %v, want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
	// Unmasked values are canonicalised: 10.1.7.7/16 is 10.1/16.
	if err := tb.Insert(key(1, 10, 1, 7, 7), 16, "x"); !errors.Is(err, ErrExists) {
		t.Errorf("Insert of an unmasked duplicate: %v", err)
	}
	if err := tb.Insert(key(1, 10, 1, 7, 7), 33, "x"); !errors.Is(err, ErrInvalid) {
		t.Errorf("Insert /33: %v", err)
	}
	if err := tb.Delete(key(1, 10, 1, 2, 3), 32); err != nil {
		t.Fatal(err)
	}
	if err := tb.Delete(key(1, 10, 1, 2, 3), 32); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: %v", err)
	}
	if err := tb.Modify(key(1, 10, 1, 2, 3), 32, "y"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Modify missing: %v", err)
	}
	if got, _ := tb.Lookup(key(1, 10, 1, 2, 3)); got != "10.1/16" {
		t.Errorf("after Delete Lookup = %q", got)
	}
	if tb.Len() != 4 {
		t.Errorf("Len = %d", tb.Len())
	}
	for _, bad := range [][]Field{{{KindExact, 8}}, {{KindLPM, 8}, {KindLPM, 8}}, {{KindLPM, 8}, {KindTernary, 8}}} {
		if _, err := NewLPM[int](mustSchema(t, bad...)); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewLPM(%v) error = %v", bad, err)
		}
	}
}

func TestTernary(t *testing.T) {
	// ternary src (8), range port (16), optional proto (8).
	s := mustSchema(t, Field{KindTernary, 8}, Field{KindRange, 16}, Field{KindOptional, 8})
	tb := NewTernary[string](s)
	any16 := FieldMatch{Wildcard: true}
	ent := func(v, m byte, lo, hi uint16, proto int, prio int32) Entry {
		opt := FieldMatch{Wildcard: true}
		if proto >= 0 {
			opt = FieldMatch{Value: []byte{byte(proto)}}
		}
		return Entry{Priority: prio, Fields: []FieldMatch{
			{Value: []byte{v}, Mask: []byte{m}},
			{Value: []byte{byte(lo >> 8), byte(lo)}, High: []byte{byte(hi >> 8), byte(hi)}},
			opt,
		}}
	}
	steps := []struct {
		name string
		e    Entry
		v    string
		want error
	}{
		{"web", ent(0x10, 0xf0, 80, 80, 6, 10), "web", nil},
		{"any tcp", ent(0, 0, 0, 0xffff, 6, 5), "tcp", nil},
		{"catch-all", Entry{Priority: 1, Fields: []FieldMatch{{Value: []byte{0}, Mask: []byte{0}}, any16, {Wildcard: true}}}, "all", nil},
		{"duplicate (unmasked value)", ent(0x1f, 0xf0, 80, 80, 6, 10), "dup", ErrExists},
		{"same match other priority", ent(0x10, 0xf0, 80, 80, 6, 11), "web11", nil},
		{"tie", ent(0x00, 0x00, 70, 90, 6, 10), "tie", ErrPriorityTie},
		{"no tie when disjoint", ent(0x20, 0xf0, 80, 80, 6, 10), "web2", nil},
		{"empty range", ent(0, 0, 9, 8, 6, 3), "", ErrInvalid},
		{"short mask", Entry{Fields: []FieldMatch{{Value: []byte{0}, Mask: nil}, any16, {Wildcard: true}}}, "", ErrInvalid},
		{"wrong field count", Entry{}, "", ErrInvalid},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := tb.Insert(st.e, st.v); !errors.Is(err, st.want) {
				t.Errorf("Insert error = %v, want %v", err, st.want)
			}
		})
	}
	lookups := []struct {
		name string
		key  []byte
		want string
	}{
		{"web wins by priority", []byte{0x15, 0, 80, 6}, "web11"},
		{"tcp other port", []byte{0x15, 0, 81, 6}, "tcp"},
		{"udp", []byte{0x15, 0, 80, 17}, "all"},
		{"web2", []byte{0x25, 0, 80, 6}, "web2"},
	}
	for _, tc := range lookups {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := tb.Lookup(tc.key); got != tc.want {
				t.Errorf("Lookup(%x) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
	if err := tb.Delete(ent(0x10, 0xf0, 80, 80, 6, 11)); err != nil {
		t.Fatal(err)
	}
	if got, _ := tb.Lookup([]byte{0x15, 0, 80, 6}); got != "web" {
		t.Errorf("after Delete = %q", got)
	}
	if err := tb.Modify(ent(0x10, 0xf0, 80, 80, 6, 10), "web!"); err != nil {
		t.Fatal(err)
	}
	if got, ok := tb.Find(ent(0x10, 0xf0, 80, 80, 6, 10)); !ok || got != "web!" {
		t.Errorf("Find = %q %v", got, ok)
	}
	if err := tb.Delete(ent(0x10, 0xf0, 80, 80, 6, 11)); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete missing: %v", err)
	}
	var prios []int32
	tb.Range(func(e Entry, v string) bool { prios = append(prios, e.Priority); return true })
	for i := 1; i < len(prios); i++ {
		if prios[i] > prios[i-1] {
			t.Errorf("Range not by priority: %v", prios)
		}
	}
}

// refEntry is the reference model of an entry over a small key space
// where each field is one byte.
type refEntry struct {
	kinds []Kind
	bits  []int
	e     Entry
	v     int
}

func (r *refEntry) matches(key []byte) bool {
	for i, fm := range r.e.Fields {
		k := int(key[i])
		switch r.kinds[i] {
		case KindExact:
			if k != int(fm.Value[0]) {
				return false
			}
		case KindOptional:
			if !fm.Wildcard && k != int(fm.Value[0]) {
				return false
			}
		case KindLPM:
			if fm.Wildcard {
				continue
			}
			sh := r.bits[i] - fm.PrefixLen
			if k>>sh != int(fm.Value[0])>>sh {
				return false
			}
		case KindTernary:
			if fm.Wildcard {
				continue
			}
			m := int(fm.Mask[0])
			if k&m != int(fm.Value[0])&m {
				return false
			}
		case KindRange:
			if !fm.Wildcard && (k < int(fm.Value[0]) || k > int(fm.High[0])) {
				return false
			}
		}
	}
	return true
}

func randField(rng *rand.Rand, k Kind, bits int) FieldMatch {
	max := 1 << bits
	v := []byte{byte(rng.Intn(max))}
	switch k {
	case KindOptional:
		if rng.Intn(2) == 0 {
			return FieldMatch{Wildcard: true}
		}
	case KindLPM:
		return FieldMatch{Value: v, PrefixLen: rng.Intn(bits + 1)}
	case KindTernary:
		return FieldMatch{Value: v, Mask: []byte{byte(rng.Intn(max))}}
	case KindRange:
		a, b := rng.Intn(max), rng.Intn(max)
		if a > b {
			a, b = b, a
		}
		return FieldMatch{Value: []byte{byte(a)}, High: []byte{byte(b)}}
	}
	return FieldMatch{Value: v}
}

func TestTernaryRandom(t *testing.T) {
	kinds := []Kind{KindTernary, KindRange, KindOptional, KindLPM, KindExact}
	bits := []int{3, 3, 2, 3, 1}
	var fields []Field
	for i := range kinds {
		fields = append(fields, Field{kinds[i], bits[i]})
	}
	s := mustSchema(t, fields...)
	rng := rand.New(rand.NewSource(1))
	var keys [][]byte
	for k := 0; k < 1<<12; k++ {
		keys = append(keys, []byte{byte(k & 7), byte(k >> 3 & 7), byte(k >> 6 & 3), byte(k >> 8 & 7), byte(k >> 11 & 1)})
	}
	for round := 0; round < 5; round++ {
		tb := NewTernary[int](s)
		var ref []*refEntry
		for op := 0; op < 150; op++ {
			e := Entry{Priority: int32(rng.Intn(20))}
			for i := range kinds {
				e.Fields = append(e.Fields, randField(rng, kinds[i], bits[i]))
			}
			r := &refEntry{kinds: kinds, bits: bits, e: e, v: op}
			// Reference identity: same priority and matches exactly the same keys.
			var same, tie bool
			for _, o := range ref {
				if o.e.Priority != e.Priority {
					continue
				}
				eq, overlap := true, false
				for _, k := range keys {
					a, b := r.matches(k), o.matches(k)
					eq = eq && a == b
					overlap = overlap || a && b
				}
				same = same || eq
				tie = tie || overlap
			}
			if rng.Intn(4) == 0 && len(ref) > 0 {
				// Delete a random present entry.
				i := rng.Intn(len(ref))
				if err := tb.Delete(ref[i].e); err != nil {
					t.Fatalf("Delete: %v", err)
				}
				ref = append(ref[:i], ref[i+1:]...)
				continue
			}
			err := tb.Insert(e, op)
			switch {
			case same:
				if !errors.Is(err, ErrExists) {
					t.Fatalf("Insert of a duplicate: %v", err)
				}
			case tie:
				if !errors.Is(err, ErrPriorityTie) {
					t.Fatalf("Insert of a tie: %v", err)
				}
			default:
				if err != nil {
					t.Fatalf("Insert: %v", err)
				}
				ref = append(ref, r)
			}
		}
		for _, k := range keys {
			want, wantOK, best := 0, false, int32(-1)
			for _, r := range ref {
				if r.matches(k) && r.e.Priority > best {
					want, wantOK, best = r.v, true, r.e.Priority
				}
			}
			got, ok := tb.Lookup(k)
			if got != want || ok != wantOK {
				t.Fatalf("round %d: Lookup(%v) = %d, %v, want %d, %v", round, k, got, ok, want, wantOK)
			}
			// The linear scan over the priority-sorted list agrees.
			scan, scanOK := 0, false
			for _, e := range tb.entries {
				if e.matches(k) {
					scan, scanOK = e.v, true
					break
				}
			}
			if scan != want || scanOK != wantOK {
				t.Fatalf("round %d: scan(%v) = %d, %v, want %d, %v", round, k, scan, scanOK, want, wantOK)
			}
		}
		if tb.Len() != len(ref) {
			t.Fatalf("Len = %d, want %d", tb.Len(), len(ref))
		}
	}
}

func TestLPMRandom(t *testing.T) {
	// narrow packs keys into a uint64; wide (a zero 64-bit exact field in
	// the middle) uses string keys.
	for _, wide := range []bool{false, true} {
		t.Run(map[bool]string{false: "narrow", true: "wide"}[wide], func(t *testing.T) {
			fields := []Field{{KindExact, 2}, {KindLPM, 10}}
			mk := func(vrf, val int) []byte { return []byte{byte(vrf), byte(val >> 8), byte(val)} }
			if wide {
				fields = []Field{{KindExact, 2}, {KindExact, 64}, {KindLPM, 10}}
				mk = func(vrf, val int) []byte {
					return append([]byte{byte(vrf), 0, 0, 0, 0, 0, 0, 0, 0}, byte(val>>8), byte(val))
				}
			}
			for _, split := range []int{10, 4, 0} {
				lpmRandom(t, mustSchema(t, fields...), mk, split)
			}
		})
	}
}

func lpmRandom(t *testing.T, s *Schema, mk func(vrf, val int) []byte, split int) {
	rng := rand.New(rand.NewSource(2))
	tb, err := NewLPM[int](s)
	if err != nil {
		t.Fatal(err)
	}
	tb.setSplit(split)
	type ent struct{ vrf, val, plen, v int }
	var ref []ent
	canon := func(val, plen int) int { return val >> (10 - plen) << (10 - plen) }
	for op := 0; op < 2000; op++ {
		vrf, val, plen := rng.Intn(4), rng.Intn(1024), rng.Intn(11)
		key := mk(vrf, val)
		idx := -1
		for i, e := range ref {
			if e.vrf == vrf && e.plen == plen && e.val == canon(val, plen) {
				idx = i
			}
		}
		switch rng.Intn(3) {
		case 0, 1:
			err := tb.Insert(key, plen, op)
			if idx >= 0 != errors.Is(err, ErrExists) || idx < 0 && err != nil {
				t.Fatalf("Insert: %v (present %v)", err, idx >= 0)
			}
			if idx < 0 {
				ref = append(ref, ent{vrf, canon(val, plen), plen, op})
			}
			if v, ok := tb.Find(key, plen); !ok || idx < 0 && v != op {
				t.Fatalf("Find after Insert = %d, %v", v, ok)
			}
		case 2:
			err := tb.Delete(key, plen)
			if idx < 0 != errors.Is(err, ErrNotFound) || idx >= 0 && err != nil {
				t.Fatalf("Delete: %v (present %v)", err, idx >= 0)
			}
			if idx >= 0 {
				ref = append(ref[:idx], ref[idx+1:]...)
			}
		}
		if op%50 != 0 {
			continue
		}
		for k := 0; k < 4*1024; k++ {
			vrf, val := k>>10, k&1023
			want, wantOK, best := 0, false, -1
			for _, e := range ref {
				if e.vrf == vrf && canon(val, e.plen) == e.val && e.plen > best {
					want, wantOK, best = e.v, true, e.plen
				}
			}
			got, ok := tb.Lookup(mk(vrf, val))
			if got != want || ok != wantOK {
				t.Fatalf("Lookup(%d, %d) = %d, %v, want %d, %v", vrf, val, got, ok, want, wantOK)
			}
		}
	}
	n := 0
	tb.Range(func(key []byte, plen int, v int) bool {
		if got, ok := tb.Find(key, plen); !ok || got != v {
			t.Errorf("Range gave %x/%d = %d, Find says %d, %v", key, plen, v, got, ok)
		}
		n++
		return true
	})
	if n != len(ref) || tb.Len() != len(ref) {
		t.Errorf("Range visited %d, Len %d, want %d", n, tb.Len(), len(ref))
	}
}

func TestExactRandom(t *testing.T) {
	s := mustSchema(t, Field{KindExact, 10}, Field{KindExact, 3})
	tb, err := NewExact[int](s)
	if err != nil {
		t.Fatal(err)
	}
	ref := map[[3]byte]int{}
	rng := rand.New(rand.NewSource(3))
	for op := 0; op < 5000; op++ {
		k := [3]byte{byte(rng.Intn(4)), byte(rng.Intn(256)), byte(rng.Intn(8))}
		_, present := ref[k]
		switch rng.Intn(4) {
		case 0, 1:
			err := tb.Insert(k[:], op)
			if present != errors.Is(err, ErrExists) || !present && err != nil {
				t.Fatalf("Insert: %v", err)
			}
			if !present {
				ref[k] = op
			}
		case 2:
			err := tb.Modify(k[:], op)
			if present == errors.Is(err, ErrNotFound) || present && err != nil {
				t.Fatalf("Modify: %v", err)
			}
			if present {
				ref[k] = op
			}
		case 3:
			err := tb.Delete(k[:])
			if present == errors.Is(err, ErrNotFound) || present && err != nil {
				t.Fatalf("Delete: %v", err)
			}
			delete(ref, k)
		}
		want, wantOK := ref[k]
		if got, ok := tb.Lookup(k[:]); got != want || ok != wantOK {
			t.Fatalf("Lookup(%v) = %d, %v, want %d, %v", k, got, ok, want, wantOK)
		}
	}
	if tb.Len() != len(ref) {
		t.Fatalf("Len = %d, want %d", tb.Len(), len(ref))
	}
}
