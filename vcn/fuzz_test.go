package vcn

import "testing"

// FuzzParsers checks that the parsers of user-supplied strings never panic
// and that what they accept prints back to an equal value.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{"02:00:00:00:00:01", "aa-bb-cc-dd-ee-ff", "policy/vnic-1", "mapping/v/10.0.0.1", "route/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := ParseMAC(s); err == nil {
			if m2, err := ParseMAC(m.String()); err != nil || m2 != m {
				t.Errorf("ParseMAC(%q) = %v does not round-trip", s, m)
			}
		}
		if p, err := ParsePartID(s); err == nil {
			if p2, err := ParsePartID(p.String()); err != nil || p2 != p {
				t.Errorf("ParsePartID(%q) = %v does not round-trip", s, p)
			}
		}
	})
}
