package cache

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

var (
	pol  = vcn.PolicyPart("vnic-1")
	mapA = vcn.MappingPart("v", "10.0.0.3")
	mapB = vcn.MappingPart("v", "10.0.0.4")
	rt   = vcn.RoutePart("rt")
	now  = time.Unix(1000, 0)
)

func key(port uint16) vcn.FlowKey {
	return vcn.FlowKey{VNIC: 1, Src: netip.MustParseAddr("10.0.0.2"), Dst: netip.MustParseAddr("10.0.0.3"), Proto: 6, SrcPort: port, DstPort: 80}
}

func flow(port uint16, pv, mv, rv uint64, m vcn.PartID) vcn.FlowInfo {
	return vcn.FlowInfo{Key: key(port), Action: vcn.ActionEncap, Substrate: netip.MustParseAddr("192.0.2.2"), VNI: 9,
		Versions: vcn.FlowVersions{Policy: vcn.PartVersion{Part: pol, Version: pv},
			Mapping: vcn.PartVersion{Part: m, Version: mv}, Route: vcn.PartVersion{Part: rt, Version: rv}}}
}

func install(t *testing.T, c *Cache, flows ...vcn.FlowInfo) *Plan {
	t.Helper()
	p := c.PlanInstall(flows)
	c.Commit(p, nil, now)
	return p
}

func TestInstallSharesSlots(t *testing.T) {
	c := New(100)
	p := install(t, c, flow(1, 1, 1, 1, mapA), flow(2, 1, 1, 1, mapA), flow(3, 1, 1, 1, mapB))
	if got := len(p.Versions); got != 4 {
		t.Errorf("%d version writes, want 4 (policy, two mappings, route)", got)
	}
	for _, vw := range p.Versions {
		if !vw.Insert {
			t.Errorf("version write %+v is not an insert", vw)
		}
	}
	if len(p.Flows) != 3 || p.Flows[0].Modify {
		t.Errorf("flows %+v, want 3 inserts", p.Flows)
	}
	if p.Flows[0].Slots != p.Flows[1].Slots || p.Flows[0].Slots.Mapping == p.Flows[2].Slots.Mapping {
		t.Errorf("slots %+v: flows 1 and 2 must share, 3 must have its own mapping slot", p.Flows)
	}
	want := vcn.VersionVector{pol: 1, mapA: 1, mapB: 1, rt: 1}
	if diff := cmp.Diff(want, c.Held()); diff != "" {
		t.Errorf("Held (-want +got):\n%s", diff)
	}
	if c.Len() != 3 || c.Room() != 97 || c.Capacity() != 100 {
		t.Errorf("Len %d Room %d", c.Len(), c.Room())
	}
	p = install(t, c, flow(1, 1, 1, 1, mapA))
	if len(p.Versions) != 0 || !p.Flows[0].Modify {
		t.Errorf("reinstall plan %+v, want one MODIFY and no version write", p)
	}
	if got := len(c.Dependents(mapA)); got != 2 {
		t.Errorf("%d dependents of %v after reinstall, want 2", got, mapA)
	}
}

func TestBumpIsOneWritePerPart(t *testing.T) {
	c := New(100)
	var flows []vcn.FlowInfo
	for i := 0; i < 50; i++ {
		flows = append(flows, flow(uint16(i), 1, 1, 1, mapA))
	}
	install(t, c, flows...)
	vws := c.PlanBump([]vcn.PartVersion{{Part: pol, Version: 2}, {Part: vcn.PolicyPart("not-held"), Version: 5}, {Part: rt, Version: 1}})
	if len(vws) != 1 || vws[0].Part != pol || vws[0].Version != 2 {
		t.Fatalf("PlanBump = %+v, want one write for %v", vws, pol)
	}
	stale := c.CommitBump(vws)
	if len(stale) != 50 {
		t.Errorf("%d stale entries, want 50", len(stale))
	}
	if e, _ := c.Lookup(key(3)); !e.Stale {
		t.Error("entry not marked stale")
	}
	// Rewriting with the new version clears staleness.
	p := install(t, c, flow(3, 2, 1, 1, mapA))
	if len(p.Versions) != 0 {
		t.Errorf("rewrite at the current version planned version writes %+v", p.Versions)
	}
	if e, _ := c.Lookup(key(3)); e.Stale {
		t.Error("rewritten entry still stale")
	}
}

func TestInstallNewerAndOlderVersions(t *testing.T) {
	c := New(100)
	install(t, c, flow(1, 1, 1, 1, mapA))
	p := c.PlanInstall([]vcn.FlowInfo{flow(2, 3, 1, 1, mapA), flow(4, 2, 1, 1, mapA)})
	if len(p.Versions) != 1 || p.Versions[0].Insert || p.Versions[0].Version != 3 {
		t.Fatalf("versions %+v, want one MODIFY of the policy slot to 3", p.Versions)
	}
	if len(p.Flows) != 1 || p.Flows[0].Info.Key != key(2) {
		t.Errorf("flows %+v, want only the flow at version 3", p.Flows)
	}
	if diff := cmp.Diff([]vcn.FlowKey{key(4)}, p.Skipped, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	c.Commit(p, nil, now)
	if e, _ := c.Lookup(key(1)); !e.Stale {
		t.Error("entry built from policy 1 not stale after the slot moved to 3")
	}
	p = c.PlanInstall([]vcn.FlowInfo{flow(5, 2, 1, 1, mapA)})
	if len(p.Flows) != 0 || len(p.Skipped) != 1 {
		t.Errorf("flow older than the switch's version installed: %+v", p)
	}
}

func TestRemoveFreesAndReusesSlots(t *testing.T) {
	c := New(100)
	p := install(t, c, flow(1, 1, 1, 1, mapA), flow(2, 1, 1, 1, mapB))
	slotB := p.Flows[1].Slots.Mapping
	freed := c.Remove([]vcn.FlowKey{key(2), key(99)})
	if len(freed) != 1 || freed[0].Part != mapB || freed[0].Slot != slotB {
		t.Fatalf("freed %+v, want the slot of %v", freed, mapB)
	}
	if _, ok := c.SlotOf(mapB); ok {
		t.Error("freed part still has a slot")
	}
	p = install(t, c, flow(3, 1, 1, 1, vcn.MappingPart("v", "10.0.0.9")))
	if p.Flows[0].Slots.Mapping != slotB {
		t.Errorf("new part got slot %d, want the freed %d", p.Flows[0].Slots.Mapping, slotB)
	}
}

func TestAbortAndFailedFlows(t *testing.T) {
	c := New(100)
	p := c.PlanInstall([]vcn.FlowInfo{flow(1, 1, 1, 1, mapA)})
	c.Abort(p)
	if len(c.Held()) != 0 {
		t.Errorf("Abort left parts %v", c.Held())
	}
	p = c.PlanInstall([]vcn.FlowInfo{flow(1, 1, 1, 1, mapA), flow(2, 1, 1, 1, mapB)})
	c.Commit(p, map[vcn.FlowKey]bool{key(2): true}, now)
	if _, ok := c.Lookup(key(2)); ok {
		t.Error("failed flow recorded")
	}
	if _, ok := c.SlotOf(mapB); ok {
		t.Error("slot of a part only the failed flow used was kept")
	}
}

func TestListing(t *testing.T) {
	c := New(10)
	for i := 0; i < 5; i++ {
		f := flow(uint16(i), 1, 1, 1, mapA)
		f.Key.VNIC = uint32(1 + i%2)
		p := c.PlanInstall([]vcn.FlowInfo{f})
		c.Commit(p, nil, now.Add(time.Duration(5-i)*time.Second))
	}
	if got := len(c.Entries(2)); got != 2 {
		t.Errorf("Entries(2) = %d, want 2", got)
	}
	if got := len(c.Entries(0)); got != 5 {
		t.Errorf("Entries(0) = %d, want 5", got)
	}
	old := c.Oldest(2)
	if len(old) != 2 || old[0].SrcPort != 4 || old[1].SrcPort != 3 {
		t.Errorf("Oldest = %v, want ports 4 then 3", old)
	}
	if len(c.Oldest(99)) != 5 {
		t.Error("Oldest(99) did not return all")
	}
	if c.String() == "" {
		t.Error("empty String")
	}
}

func BenchmarkPlanInstall(b *testing.B) {
	c := New(1 << 20)
	flows := make([]vcn.FlowInfo, 1000)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		for j := range flows {
			flows[j] = flow(uint16(j), 1, 1, 1, vcn.MappingPart("v", fmt.Sprint(i%100)))
			flows[j].Key.VNIC = uint32(i)
		}
		c.Commit(c.PlanInstall(flows), nil, now)
	}
}
