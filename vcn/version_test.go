package vcn

import (
	"math/rand"
	"reflect"
	"testing"
	"testing/quick"

	"github.com/google/go-cmp/cmp"
)

// Generate makes small random vectors over a small set of parts so that
// vectors share parts often.
func (VersionVector) Generate(r *rand.Rand, _ int) reflect.Value {
	parts := []PartID{PolicyPart("a"), PolicyPart("b"), MappingPart("v", "10.0.0.1"), RoutePart("rt")}
	v := VersionVector{}
	for _, p := range parts {
		if r.Intn(3) > 0 {
			v[p] = uint64(r.Intn(4))
		}
	}
	return reflect.ValueOf(v)
}

func merged(a, b VersionVector) VersionVector {
	m := a.Clone()
	m.Merge(b)
	return m
}

// eq compares vectors treating an absent part as version 0.
func eq(a, b VersionVector) bool { return a.Compare(b) == Equal }

func TestVersionVectorProperties(t *testing.T) {
	props := map[string]any{
		"merge commutes": func(a, b VersionVector) bool { return eq(merged(a, b), merged(b, a)) },
		"merge associates": func(a, b, c VersionVector) bool {
			return eq(merged(merged(a, b), c), merged(a, merged(b, c)))
		},
		"merge idempotent": func(a VersionVector) bool { return eq(merged(a, a), a) },
		"merge dominates": func(a, b VersionVector) bool {
			m := merged(a, b)
			oa, ob := m.Compare(a), m.Compare(b)
			return (oa == After || oa == Equal) && (ob == After || ob == Equal)
		},
		"compare antisymmetric": func(a, b VersionVector) bool {
			want := map[Ordering]Ordering{Equal: Equal, Before: After, After: Before, Concurrent: Concurrent}
			return b.Compare(a) == want[a.Compare(b)]
		},
		"compare reflexive": func(a VersionVector) bool { return a.Compare(a) == Equal },
		"behind empty iff not before": func(a, b VersionVector) bool {
			o := a.Compare(b)
			return (len(a.Behind(b)) == 0) == (o == Equal || o == After)
		},
		"merging behind catches up": func(a, b VersionVector) bool {
			c := a.Clone()
			for _, pv := range c.Behind(b) {
				c.Observe(pv)
			}
			return len(c.Behind(b)) == 0 && eq(c, merged(a, b))
		},
		"stale is behind restricted to held parts": func(a, b VersionVector) bool {
			var want []PartVersion
			for _, pv := range a.Behind(b) {
				if _, ok := a[pv.Part]; ok {
					want = append(want, pv)
				}
			}
			return cmp.Equal(want, a.Stale(b))
		},
		"bump makes others stale": func(a VersionVector) bool {
			b := a.Clone()
			p := RoutePart("rt")
			old := a.Get(p)
			if b.Bump(p) != old+1 {
				return false
			}
			a[p] = old
			s := a.Stale(b)
			return len(s) == 1 && s[0] == PartVersion{p, old + 1}
		},
	}
	for name, f := range props {
		t.Run(name, func(t *testing.T) {
			if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	p, q := PolicyPart("a"), RoutePart("r")
	tests := []struct {
		name string
		a, b VersionVector
		want Ordering
	}{
		{"both empty", nil, VersionVector{}, Equal},
		{"zero equals absent", VersionVector{p: 0}, nil, Equal},
		{"before", VersionVector{p: 1}, VersionVector{p: 2}, Before},
		{"before by missing part", VersionVector{p: 1}, VersionVector{p: 1, q: 1}, Before},
		{"after", VersionVector{p: 3, q: 1}, VersionVector{p: 2}, After},
		{"concurrent", VersionVector{p: 3}, VersionVector{p: 2, q: 1}, Concurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Compare(tt.b); got != tt.want {
				t.Errorf("Compare = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVectorAccessors(t *testing.T) {
	p, q := PolicyPart("a"), MappingPart("v", "10.0.0.1")
	v := NewVersionVector(PartVersion{p, 2}, PartVersion{p, 1}, PartVersion{q, 5})
	if got := v.Get(p); got != 2 {
		t.Errorf("Get(%v) = %d, want 2 (highest given wins)", p, got)
	}
	if v.Observe(PartVersion{q, 4}) {
		t.Error("Observe of an older version reported a change")
	}
	want := []PartVersion{{p, 2}, {q, 5}}
	if diff := cmp.Diff(want, v.Parts()); diff != "" {
		t.Errorf("Parts (-want +got):\n%s", diff)
	}
	var nilv VersionVector
	if c := nilv.Clone(); c == nil || len(c) != 0 {
		t.Errorf("Clone of nil = %v, want empty non-nil", c)
	}
	c := v.Clone()
	c.Bump(p)
	if v.Get(p) != 2 {
		t.Error("Clone shares storage with the original")
	}
	if s := (PartVersion{p, 2}).String(); s != "policy/a@2" {
		t.Errorf("String = %q", s)
	}
}

func TestPartIDs(t *testing.T) {
	tests := []struct {
		in      string
		want    PartID
		wantErr bool
	}{
		{"policy/vnic-1", PolicyPart("vnic-1"), false},
		{"mapping/vcn-1/10.0.0.5", MappingPart("vcn-1", "10.0.0.5"), false},
		{"route/rt-1", RoutePart("rt-1"), false},
		{"route/", PartID{}, true},
		{"routes/rt-1", PartID{}, true},
		{"nokind", PartID{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePartID(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParsePartID(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParsePartID(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if !tt.wantErr && got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
	if s := PartKind(9).String(); s != "part(9)" {
		t.Errorf("unknown kind String = %q", s)
	}
	if ComparePartIDs(PolicyPart("b"), RoutePart("a")) >= 0 || ComparePartIDs(PolicyPart("a"), PolicyPart("b")) >= 0 {
		t.Error("ComparePartIDs does not order by kind then key")
	}
	if !(PartID{}).IsZero() || PolicyPart("x").IsZero() {
		t.Error("IsZero wrong")
	}
	for _, o := range []Ordering{Equal, Before, After, Concurrent, 9} {
		if o.String() == "" {
			t.Errorf("Ordering(%d) has no name", int(o))
		}
	}
}
