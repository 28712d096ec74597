package config

import (
	"maps"
	"slices"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Builder makes a new Snapshot from an old one. It is used by one
// goroutine; the old snapshot stays untouched and valid.
type Builder struct {
	s *Snapshot
	// copied records which maps the builder already owns.
	copied map[string]bool
	// changedVNICs collects the numbers of VNICs whose object (or subnet)
	// changed or vanished: their flows must be re-resolved even when no
	// part they depend on was bumped (a move to another ToR, a subnet
	// switching route table).
	changedVNICs map[uint32]bool
	// bumped collects the parts whose version rose.
	bumped  map[vcn.PartID]uint64
	reindex bool
}

// Edit starts a new snapshot from s.
func (s *Snapshot) Edit() *Builder {
	c := *s
	return &Builder{s: &c, copied: map[string]bool{}, changedVNICs: map[uint32]bool{}, bumped: map[vcn.PartID]uint64{}}
}

func own[K comparable, V any](b *Builder, name string, m *map[K]V) {
	if !b.copied[name] {
		*m = maps.Clone(*m)
		b.copied[name] = true
	}
}

// SetRevision sets the store revision of the new snapshot.
func (b *Builder) SetRevision(r int64) {
	if r > b.s.revision {
		b.s.revision = r
	}
}

// SetVCNs replaces every VCN.
func (b *Builder) SetVCNs(vs []vcn.VCN) {
	b.s.vcns = make(map[string]*vcn.VCN, len(vs))
	b.s.vcnByVNI = make(map[uint32]*vcn.VCN, len(vs))
	b.copied["vcns"] = true
	for i := range vs {
		v := &vs[i]
		b.s.vcns[v.ID] = v
		b.s.vcnByVNI[v.VNI] = v
	}
	b.reindex = true
}

// SetSubnets replaces every subnet. VNICs of subnets that changed are
// reported as changed.
func (b *Builder) SetSubnets(ss []vcn.Subnet) {
	old := b.s.subnets
	b.s.subnets = make(map[string]*vcn.Subnet, len(ss))
	b.copied["subnets"] = true
	changed := map[string]bool{}
	for i := range ss {
		sn := &ss[i]
		if o, ok := old[sn.ID]; ok && subnetEqual(*o, *sn) {
			sn = o // unchanged objects keep their identity across snapshots
		} else {
			changed[sn.ID] = true
		}
		b.s.subnets[sn.ID] = sn
	}
	for id := range old {
		if _, ok := b.s.subnets[id]; !ok {
			changed[id] = true
		}
	}
	if len(changed) > 0 {
		for _, n := range b.s.vnics {
			if changed[n.SubnetID] {
				b.changedVNICs[n.Num] = true
			}
		}
	}
	b.reindex = true
}

// SetVNICs replaces every VNIC. VNICs that are new, changed or gone are
// reported as changed; unchanged ones keep their pointer, so that readers
// can tell a replaced VNIC by identity.
func (b *Builder) SetVNICs(ns []vcn.VNIC) {
	old := b.s.vnics
	b.s.vnics = make(map[string]*vcn.VNIC, len(ns))
	b.copied["vnics"] = true
	for i := range ns {
		n := &ns[i]
		o, ok := old[n.ID]
		switch {
		case ok && vnicEqual(*o, *n):
			n = o // unchanged objects keep their identity across snapshots
		case ok:
			b.changedVNICs[n.Num] = true
			b.changedVNICs[o.Num] = true
		default:
			b.changedVNICs[n.Num] = true
		}
		b.s.vnics[n.ID] = n
	}
	for id, o := range old {
		if _, ok := b.s.vnics[id]; !ok {
			b.changedVNICs[o.Num] = true
		}
	}
	b.reindex = true
}

// SetSecurityLists replaces every security list and NSG.
func (b *Builder) SetSecurityLists(ls []vcn.SecurityList) {
	b.s.secLists = make(map[string]*vcn.SecurityList, len(ls))
	b.copied["secLists"] = true
	for i := range ls {
		b.s.secLists[ls[i].ID] = &ls[i]
	}
}

// Apply applies a part at a version with its content if it is newer than
// what the snapshot holds, and reports whether it was. A deleted part
// keeps its (bumped) version and loses its content. Content of the wrong
// kind for the part is ignored (the version still counts).
func (b *Builder) Apply(c vcn.PartContent) bool {
	if c.Version <= b.s.versions[c.Part] {
		return false
	}
	if !b.copied["versions"] {
		b.s.versions = b.s.versions.Clone()
		b.copied["versions"] = true
	}
	b.s.versions[c.Part] = c.Version
	b.bumped[c.Part] = c.Version
	switch c.Part.Kind {
	case vcn.PartPolicy:
		own(b, "policies", &b.s.policies)
		if c.Deleted || c.Policy == nil {
			delete(b.s.policies, c.Part.Key)
		} else {
			b.s.policies[c.Part.Key] = c.Policy
		}
	case vcn.PartMapping:
		a, ok := MappingAddr(c.Part)
		if !ok {
			return true
		}
		own(b, "mappings", &b.s.mappings)
		if c.Deleted || c.Mapping == nil {
			delete(b.s.mappings, a)
		} else {
			b.s.mappings[a] = mappingEntry{c.Mapping, c.Part}
		}
	case vcn.PartRoute:
		own(b, "routes", &b.s.routes)
		if c.Deleted || c.Route == nil {
			delete(b.s.routes, c.Part.Key)
		} else {
			b.s.routes[c.Part.Key] = c.Route
		}
	}
	return true
}

// Change is what a new snapshot changed relative to the one it was built
// from: the parts bumped (at their new versions, sorted) and the VNICs
// whose objects changed.
type Change struct {
	Parts []vcn.PartVersion
	VNICs []uint32
}

// Empty reports whether nothing changed.
func (c Change) Empty() bool { return len(c.Parts) == 0 && len(c.VNICs) == 0 }

// Snapshot finishes the new snapshot and reports what changed. The
// builder must not be used afterwards.
func (b *Builder) Snapshot() (*Snapshot, Change) {
	s := b.s
	if b.reindex {
		s.vnicByNum = make(map[uint32]*vcn.VNIC, len(s.vnics))
		s.vnicByAddr = make(map[Addr]*vcn.VNIC, len(s.vnics))
		for _, n := range s.vnics {
			s.vnicByNum[n.Num] = n
			if sn, ok := s.subnets[n.SubnetID]; ok && n.IP.IsValid() {
				s.vnicByAddr[Addr{sn.VCNID, n.IP}] = n
			}
		}
	}
	var ch Change
	for p, v := range b.bumped {
		ch.Parts = append(ch.Parts, vcn.PartVersion{Part: p, Version: v})
	}
	slices.SortFunc(ch.Parts, func(a, b vcn.PartVersion) int { return vcn.ComparePartIDs(a.Part, b.Part) })
	for n := range b.changedVNICs {
		ch.VNICs = append(ch.VNICs, n)
	}
	slices.Sort(ch.VNICs)
	b.s = nil
	return s, ch
}

func subnetEqual(a, b vcn.Subnet) bool {
	return a.ID == b.ID && a.VCNID == b.VCNID && a.CIDR == b.CIDR && a.RouteTableID == b.RouteTableID &&
		slices.Equal(a.SecurityListIDs, b.SecurityListIDs)
}

func vnicEqual(a, b vcn.VNIC) bool {
	return a.ID == b.ID && a.SubnetID == b.SubnetID && a.Num == b.Num && a.IP == b.IP && a.MAC == b.MAC &&
		a.Attach == b.Attach && slices.Equal(a.NSGIDs, b.NSGIDs)
}
