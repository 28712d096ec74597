package controlplane

import (
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func TestHistoryEviction(t *testing.T) {
	h := newHistory()
	p := vcn.PolicyPart("vnic-1")
	big := make([]vcn.PartContent, maxHistory*2/3)
	big[0] = vcn.PartContent{PartVersion: vcn.PartVersion{Part: p, Version: 1}}
	h.add(1, big)
	h.add(2, []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: p, Version: 2}}})
	if c, ok := h.content(1, p); !ok || c.Version != 1 {
		t.Errorf("revision 1: %v, %v", c, ok)
	}
	h.add(3, big) // over the bound: the oldest revision goes
	if _, ok := h.content(1, p); ok {
		t.Error("revision 1 still remembered")
	}
	if c, ok := h.content(2, p); !ok || c.Version != 2 {
		t.Errorf("revision 2: %v, %v", c, ok)
	}
	if c, ok := h.content(3, p); !ok || c.Version != 1 {
		t.Errorf("revision 3: %v, %v", c, ok)
	}
}
