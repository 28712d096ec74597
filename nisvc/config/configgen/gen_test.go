package configgen

import (
	"math/rand"
	"testing"
)

// TestValid checks that generated objects pass the domain's validation,
// so that tests built on them exercise configurations the control plane
// would accept.
func TestValid(t *testing.T) {
	for seed := int64(1); seed <= 10; seed++ {
		c := Generate(rand.New(rand.NewSource(seed)), Small)
		check := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Errorf("seed %d: %s: %v", seed, what, err)
			}
		}
		for _, o := range c.VCNs {
			check("vcn", o.Validate())
		}
		for _, o := range c.Subnets {
			check("subnet", o.Validate())
		}
		for _, o := range c.SecurityLists {
			check("security list", o.Validate())
		}
		for _, o := range c.RouteTables {
			check("route table", o.Validate())
		}
		for _, o := range c.Mappings {
			check("mapping", o.Validate())
		}
		seen := map[uint32]bool{}
		for _, n := range c.VNICs {
			check("vnic", n.Validate())
			if seen[n.Num] {
				t.Errorf("seed %d: vnic num %d twice", seed, n.Num)
			}
			seen[n.Num] = true
		}
		if got, want := len(c.Parts), len(c.VNICs)+len(c.Mappings)+len(c.RouteTables); got != want {
			t.Errorf("seed %d: %d parts, want %d", seed, got, want)
		}
	}
}
