// Package cache is the controller's record of one switch's flow cache:
// which flows are installed with which flow info, which data-plane version
// slot holds each configuration part and at which version, and which
// entries depend on which part.
//
// It plans writes; it performs none. A plan is applied to the switch in
// two steps — version entries first, then flow entries — and committed to
// the cache only after the switch acknowledged it, so that the record
// never claims more than the switch holds.
//
// A Cache is safe for concurrent use: one mutex guards it; every method
// holds it briefly and none does I/O.
//
// It may import package vcn and controller/schema.
package cache

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Entry is one installed flow.
type Entry struct {
	Info      vcn.FlowInfo
	Slots     schema.Slots
	Installed time.Time
	// Stale is set when a part the entry depends on was bumped and the
	// entry has not been deleted or rewritten yet.
	Stale bool
}

// slot is a data-plane version slot assigned to one part.
type slot struct {
	id      uint32
	version uint64 // the version the switch's version table holds
	refs    int    // entries depending on it
}

// Cache is the record of one switch's flow cache.
type Cache struct {
	mu       sync.Mutex
	capacity int
	entries  map[vcn.FlowKey]*Entry
	slots    map[vcn.PartID]*slot
	byPart   map[vcn.PartID]map[vcn.FlowKey]struct{}
	free     map[vcn.PartKind][]uint32
	next     map[vcn.PartKind]uint32
}

// New returns an empty cache for a switch whose flow table holds capacity
// entries.
func New(capacity int) *Cache {
	return &Cache{
		capacity: capacity,
		entries:  map[vcn.FlowKey]*Entry{},
		slots:    map[vcn.PartID]*slot{},
		byPart:   map[vcn.PartID]map[vcn.FlowKey]struct{}{},
		free:     map[vcn.PartKind][]uint32{},
		next:     map[vcn.PartKind]uint32{vcn.PartPolicy: 1, vcn.PartMapping: 1, vcn.PartRoute: 1},
	}
}

// VersionWrite sets the version of a slot in the switch's version table.
type VersionWrite struct {
	Part    vcn.PartID
	Slot    uint32
	Version uint64
	Insert  bool // a new slot (INSERT), else MODIFY
}

// FlowWrite installs or rewrites one flow entry.
type FlowWrite struct {
	Info   vcn.FlowInfo
	Slots  schema.Slots
	Modify bool // the entry exists: MODIFY, else INSERT
}

// Plan is a set of writes that installs flows. Apply Versions first (and
// wait for them), then Flows; then Commit.
type Plan struct {
	Versions []VersionWrite
	Flows    []FlowWrite
	// Skipped are flows whose info is older than what the switch already
	// holds for one of their parts: installing them would be stale at once.
	Skipped []vcn.FlowKey
	// slotsTaken records slots this plan assigns, so Abort can return them.
	newSlots []vcn.PartID
}

// PlanInstall plans the installation of flows. A part the switch holds at
// an older version than a flow's gets a version write (which makes the
// entries built from the older version stale). Slots for new parts are
// assigned now and returned by Abort if the writes fail.
func (c *Cache) PlanInstall(flows []vcn.FlowInfo) *Plan {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := &Plan{}
	planned := map[vcn.PartID]int{} // index into p.Versions
	for _, f := range flows {
		var slots [3]uint32
		skip := false
		for i, pv := range [...]vcn.PartVersion{f.Versions.Policy, f.Versions.Mapping, f.Versions.Route} {
			if pv.Part.IsZero() {
				continue
			}
			s, ok := c.slots[pv.Part]
			if !ok {
				s = &slot{id: c.takeSlot(pv.Part.Kind), version: pv.Version}
				c.slots[pv.Part] = s
				p.newSlots = append(p.newSlots, pv.Part)
				planned[pv.Part] = len(p.Versions)
				p.Versions = append(p.Versions, VersionWrite{Part: pv.Part, Slot: s.id, Version: pv.Version, Insert: true})
			}
			switch {
			case pv.Version < s.version:
				skip = true
			case pv.Version > s.version:
				if i, ok := planned[pv.Part]; ok {
					if pv.Version > p.Versions[i].Version {
						p.Versions[i].Version = pv.Version
					}
				} else {
					planned[pv.Part] = len(p.Versions)
					p.Versions = append(p.Versions, VersionWrite{Part: pv.Part, Slot: s.id, Version: pv.Version})
				}
			}
			slots[i] = s.id
		}
		if skip {
			p.Skipped = append(p.Skipped, f.Key)
			continue
		}
		_, exists := c.entries[f.Key]
		p.Flows = append(p.Flows, FlowWrite{Info: f, Slots: schema.Slots{Policy: slots[0], Mapping: slots[1], Route: slots[2]}, Modify: exists})
	}
	// A flow planned against a part whose version the plan raises further
	// must carry the raised version, or it would be stale at once.
	for i := 0; i < len(p.Flows); {
		if c.behindPlan(p.Flows[i].Info, p.Versions, planned) {
			p.Skipped = append(p.Skipped, p.Flows[i].Info.Key)
			p.Flows = append(p.Flows[:i], p.Flows[i+1:]...)
			continue
		}
		i++
	}
	return p
}

func (c *Cache) behindPlan(f vcn.FlowInfo, vws []VersionWrite, planned map[vcn.PartID]int) bool {
	for _, pv := range f.Versions.Parts() {
		if i, ok := planned[pv.Part]; ok && vws[i].Version > pv.Version {
			return true
		}
	}
	return false
}

func (c *Cache) takeSlot(k vcn.PartKind) uint32 {
	if f := c.free[k]; len(f) > 0 {
		id := f[len(f)-1]
		c.free[k] = f[:len(f)-1]
		return id
	}
	id := c.next[k]
	c.next[k]++
	return id
}

// Abort returns the slots a plan took when its writes failed. Version
// writes that did succeed are harmless: no entry refers to the slot.
func (c *Cache) Abort(p *Plan) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, part := range p.newSlots {
		if s, ok := c.slots[part]; ok && s.refs == 0 {
			delete(c.slots, part)
			c.free[part.Kind] = append(c.free[part.Kind], s.id)
		}
	}
}

// Commit records a plan whose writes the switch acknowledged. failed lists
// flows whose individual writes failed; they are not recorded.
func (c *Cache) Commit(p *Plan, failed map[vcn.FlowKey]bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vw := range p.Versions {
		if s := c.slots[vw.Part]; s != nil && s.id == vw.Slot && vw.Version > s.version {
			s.version = vw.Version
			c.markStale(vw.Part)
		}
	}
	for _, fw := range p.Flows {
		if failed[fw.Info.Key] {
			continue
		}
		if old, ok := c.entries[fw.Info.Key]; ok {
			c.unref(old)
		}
		e := &Entry{Info: fw.Info, Slots: fw.Slots, Installed: now}
		c.entries[fw.Info.Key] = e
		for _, pv := range fw.Info.Versions.Parts() {
			c.slots[pv.Part].refs++
			if c.byPart[pv.Part] == nil {
				c.byPart[pv.Part] = map[vcn.FlowKey]struct{}{}
			}
			c.byPart[pv.Part][fw.Info.Key] = struct{}{}
		}
	}
	for _, part := range p.newSlots {
		if s := c.slots[part]; s != nil && s.refs == 0 {
			delete(c.slots, part)
			c.free[part.Kind] = append(c.free[part.Kind], s.id)
		}
	}
}

// markStale flags the entries depending on part at an older version.
func (c *Cache) markStale(part vcn.PartID) {
	s := c.slots[part]
	for k := range c.byPart[part] {
		e := c.entries[k]
		if e != nil && versionOf(e.Info.Versions, part) < s.version {
			e.Stale = true
		}
	}
}

func versionOf(fv vcn.FlowVersions, part vcn.PartID) uint64 {
	for _, pv := range fv.Parts() {
		if pv.Part == part {
			return pv.Version
		}
	}
	return 0
}

// unref drops e's references to its parts' slots; it does not free slots,
// Remove does.
func (c *Cache) unref(e *Entry) {
	for _, pv := range e.Info.Versions.Parts() {
		if s := c.slots[pv.Part]; s != nil {
			s.refs--
		}
		delete(c.byPart[pv.Part], e.Info.Key)
	}
}

// Remove forgets flows the switch deleted and returns the slots that no
// entry uses any more, so the caller can delete their version entries.
func (c *Cache) Remove(keys []vcn.FlowKey) []VersionWrite {
	c.mu.Lock()
	defer c.mu.Unlock()
	var freed []VersionWrite
	for _, k := range keys {
		e, ok := c.entries[k]
		if !ok {
			continue
		}
		delete(c.entries, k)
		c.unref(e)
		for _, pv := range e.Info.Versions.Parts() {
			s := c.slots[pv.Part]
			if s != nil && s.refs == 0 {
				delete(c.slots, pv.Part)
				delete(c.byPart, pv.Part)
				c.free[pv.Part.Kind] = append(c.free[pv.Part.Kind], s.id)
				freed = append(freed, VersionWrite{Part: pv.Part, Slot: s.id, Version: s.version})
			}
		}
	}
	return freed
}

// PlanBump plans the version writes that make every entry built from an
// older version of the given parts stale: one write per part the switch
// holds, whatever the number of dependent entries. Parts the switch does
// not hold, or holds at that version already, need nothing.
func (c *Cache) PlanBump(pvs []vcn.PartVersion) []VersionWrite {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []VersionWrite
	for _, pv := range pvs {
		if s, ok := c.slots[pv.Part]; ok && pv.Version > s.version {
			out = append(out, VersionWrite{Part: pv.Part, Slot: s.id, Version: pv.Version})
		}
	}
	return out
}

// CommitBump records acknowledged version writes and returns the entries
// they made stale, sorted, for the clean-up (delete or rewrite).
func (c *Cache) CommitBump(vws []VersionWrite) []vcn.FlowKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := map[vcn.FlowKey]bool{}
	var out []vcn.FlowKey
	for _, vw := range vws {
		s := c.slots[vw.Part]
		if s == nil || s.id != vw.Slot {
			continue
		}
		if vw.Version > s.version {
			s.version = vw.Version
		}
		c.markStale(vw.Part)
		for k := range c.byPart[vw.Part] {
			if e := c.entries[k]; e != nil && e.Stale && !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sortKeys(out)
	return out
}

func sortKeys(ks []vcn.FlowKey) {
	sort.Slice(ks, func(i, j int) bool { return ks[i].String() < ks[j].String() })
}

// Held returns the version vector of the parts the switch holds: what the
// ToR-side strategies send to the control plane.
func (c *Cache) Held() vcn.VersionVector {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := make(vcn.VersionVector, len(c.slots))
	for part, s := range c.slots {
		v[part] = s.version
	}
	return v
}

// SlotOf returns the slot holding part, if any.
func (c *Cache) SlotOf(part vcn.PartID) (uint32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.slots[part]
	if !ok {
		return 0, false
	}
	return s.id, true
}

// Dependents returns the installed flows depending on part, sorted.
func (c *Cache) Dependents(part vcn.PartID) []vcn.FlowKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]vcn.FlowKey, 0, len(c.byPart[part]))
	for k := range c.byPart[part] {
		out = append(out, k)
	}
	sortKeys(out)
	return out
}

// Lookup returns a copy of the entry for k.
func (c *Cache) Lookup(k vcn.FlowKey) (Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

// Entries returns copies of the entries, of one VNIC if vnic ≠ 0, sorted
// by key.
func (c *Cache) Entries(vnic uint32) []Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Entry
	for k, e := range c.entries {
		if vnic == 0 || k.VNIC == vnic {
			out = append(out, *e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Info.Key.String() < out[j].Info.Key.String() })
	return out
}

// Oldest returns up to n installed flows, oldest installation first: the
// eviction candidates when the table is full. Idle entries leave earlier,
// through the switch's idle-timeout notifications.
func (c *Cache) Oldest(n int) []vcn.FlowKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	es := make([]*Entry, 0, len(c.entries))
	for _, e := range c.entries {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		if !es[i].Installed.Equal(es[j].Installed) {
			return es[i].Installed.Before(es[j].Installed)
		}
		return es[i].Info.Key.String() < es[j].Info.Key.String()
	})
	if n > len(es) {
		n = len(es)
	}
	out := make([]vcn.FlowKey, n)
	for i := range out {
		out[i] = es[i].Info.Key
	}
	return out
}

// Len is the number of installed entries; Capacity the table size.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Capacity is the size of the switch's flow table.
func (c *Cache) Capacity() int { return c.capacity }

// Room reports how many more entries fit.
func (c *Cache) Room() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.capacity - len(c.entries)
}

// String summarises the cache for logs.
func (c *Cache) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("%d/%d entries, %d parts", len(c.entries), c.capacity, len(c.slots))
}

// Reset forgets everything: the switch's tables are empty or about to be
// rebuilt. New slots of each kind are numbered from floor[kind] (at least
// 1), so that they do not collide with slots old entries still name.
func (c *Cache) Reset(floor map[vcn.PartKind]uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[vcn.FlowKey]*Entry{}
	c.slots = map[vcn.PartID]*slot{}
	c.byPart = map[vcn.PartID]map[vcn.FlowKey]struct{}{}
	c.free = map[vcn.PartKind][]uint32{}
	c.next = map[vcn.PartKind]uint32{vcn.PartPolicy: 1, vcn.PartMapping: 1, vcn.PartRoute: 1}
	for k, f := range floor {
		c.next[k] = max(f, 1)
	}
}
