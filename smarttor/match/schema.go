package match

import (
	"errors"
	"fmt"
)

// Errors the engines return, wrapped with details; test with errors.Is.
var (
	ErrExists      = errors.New("entry already exists")
	ErrNotFound    = errors.New("entry not found")
	ErrInvalid     = errors.New("invalid entry")
	ErrPriorityTie = errors.New("overlapping entry with the same priority")
)

// Kind is a field's match kind.
type Kind uint8

// The match kinds.
const (
	KindExact Kind = iota + 1
	KindLPM
	KindTernary
	KindRange
	KindOptional
)

var kindNames = [...]string{KindExact: "exact", KindLPM: "lpm", KindTernary: "ternary", KindRange: "range", KindOptional: "optional"}

// String returns the P4 name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Field is one match field: its kind and width in bits.
type Field struct {
	Kind Kind
	Bits int
}

// Schema is the key layout of a table. It is immutable.
type Schema struct {
	fields  []Field
	offsets []int
	keyLen  int
	// width is the all-ones value of every field (high pad bits zero).
	width []byte
}

// NewSchema returns the layout of fields in order.
func NewSchema(fields ...Field) (*Schema, error) {
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: a schema needs at least one field", ErrInvalid)
	}
	s := &Schema{fields: append([]Field(nil), fields...)}
	for i, f := range fields {
		if f.Kind < KindExact || f.Kind > KindOptional {
			return nil, fmt.Errorf("%w: field %d has unknown kind %d", ErrInvalid, i, f.Kind)
		}
		if f.Bits <= 0 {
			return nil, fmt.Errorf("%w: field %d has width %d", ErrInvalid, i, f.Bits)
		}
		s.offsets = append(s.offsets, s.keyLen)
		s.keyLen += (f.Bits + 7) / 8
	}
	s.width = make([]byte, s.keyLen)
	for i, f := range fields {
		setPrefix(s.width[s.offsets[i]:s.offsets[i]+s.size(i)], f.Bits, f.Bits)
	}
	return s, nil
}

// KeyLen returns the length in bytes of a key.
func (s *Schema) KeyLen() int { return s.keyLen }

// Fields returns the fields; the caller must not modify the slice.
func (s *Schema) Fields() []Field { return s.fields }

// Offset returns the byte offset of field i in a key.
func (s *Schema) Offset(i int) int { return s.offsets[i] }

// Size returns the size in bytes of field i.
func (s *Schema) size(i int) int { return (s.fields[i].Bits + 7) / 8 }

// Size returns the size in bytes of field i in a key.
func (s *Schema) Size(i int) int { return s.size(i) }

// setPrefix sets in b (a field of width bits, right-aligned) the mask of its
// top n bits.
func setPrefix(b []byte, width, n int) {
	pad := len(b)*8 - width
	for bit := pad; bit < pad+n; bit++ {
		b[bit/8] |= 0x80 >> (bit % 8)
	}
}

// checkKey reports whether key has the schema's length and every field
// fits its width.
func (s *Schema) checkKey(key []byte) error {
	if len(key) != s.keyLen {
		return fmt.Errorf("%w: key is %d bytes, want %d", ErrInvalid, len(key), s.keyLen)
	}
	for i := range key {
		if key[i]&^s.width[i] != 0 {
			return fmt.Errorf("%w: key byte %d (%#02x) has bits beyond its field width", ErrInvalid, i, key[i])
		}
	}
	return nil
}

// MaxStackKey is the longest key LPM.Lookup masks without allocating.
const MaxStackKey = 128
