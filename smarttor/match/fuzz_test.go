package match

import (
	"errors"
	"testing"
)

// FuzzTernary inserts entries built from arbitrary bytes (as a P4Runtime
// write may carry them) into a table of every kind of field: no panic, and
// every error is one of the package's.
func FuzzTernary(f *testing.F) {
	f.Add([]byte{0x10, 0xf0, 0, 80, 0, 80, 6, 1, 9, 24, 1}, int32(10))
	f.Add([]byte{}, int32(0))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, int32(-1))
	s, err := NewSchema(Field{KindTernary, 8}, Field{KindRange, 16}, Field{KindOptional, 3}, Field{KindLPM, 12}, Field{KindExact, 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte, prio int32) {
		tb := NewTernary[int](s)
		next := func(n int) []byte {
			if len(b) < n {
				n = len(b)
			}
			out := b[:n]
			b = b[n:]
			return out
		}
		for len(b) > 0 {
			flags := next(1)[0]
			e := Entry{Priority: prio, Fields: []FieldMatch{
				{Value: next(1), Mask: next(1), Wildcard: flags&1 != 0},
				{Value: next(2), High: next(2), Wildcard: flags&2 != 0},
				{Value: next(1), Wildcard: flags&4 != 0},
				{Value: next(2), PrefixLen: int(flags >> 3), Wildcard: flags&8 != 0},
				{Value: next(1)},
			}}
			err := tb.Insert(e, 1)
			if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrExists) && !errors.Is(err, ErrPriorityTie) {
				t.Fatalf("Insert: unexpected error %v", err)
			}
			tb.Lookup(make([]byte, s.KeyLen()))
			if err == nil {
				if err := tb.Delete(e); err != nil {
					t.Fatalf("Delete of an inserted entry: %v", err)
				}
			}
		}
	})
}
