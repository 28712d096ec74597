// Package config holds the NIS's mirror of the VCN configuration as an
// immutable Snapshot: every object kind (VCNs, subnets, VNICs, security
// lists, route tables, mappings), every part's content (a VNIC's effective
// policy, one overlay IP's mapping, one route table) and the version vector
// of the parts, with the indexes the resolver and the slow path need (VNIC
// by data-plane number, by overlay address, VCN by VNI).
//
// A Snapshot is never modified once published, so readers share it without
// locks (the NIS swaps snapshots through an atomic pointer). A new snapshot
// is made with Edit: the Builder copies, on first write, only the maps of
// the kinds it changes (copy-on-write per kind), and rebuilds the derived
// indexes that depend on them. An update of one part therefore costs a copy
// of that part's map, not of the whole configuration.
//
// It may import package vcn only.
package config

import (
	"net/netip"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Addr is an overlay address within a VCN.
type Addr struct {
	VCNID string
	IP    netip.Addr
}

// Snapshot is one consistent, immutable view of the configuration. The
// zero value is not usable; start from Empty.
type Snapshot struct {
	revision int64

	vcns     map[string]*vcn.VCN
	vcnByVNI map[uint32]*vcn.VCN
	subnets  map[string]*vcn.Subnet
	vnics    map[string]*vcn.VNIC
	secLists map[string]*vcn.SecurityList

	// Derived from vnics and subnets.
	vnicByNum  map[uint32]*vcn.VNIC
	vnicByAddr map[Addr]*vcn.VNIC

	// Part contents, keyed like their PartIDs.
	policies map[string]*vcn.Policy
	mappings map[Addr]mappingEntry
	routes   map[string]*vcn.RouteTable

	versions vcn.VersionVector
}

// Empty returns the snapshot of an empty configuration.
func Empty() *Snapshot {
	return &Snapshot{
		vcns: map[string]*vcn.VCN{}, vcnByVNI: map[uint32]*vcn.VCN{}, subnets: map[string]*vcn.Subnet{},
		vnics: map[string]*vcn.VNIC{}, secLists: map[string]*vcn.SecurityList{},
		vnicByNum: map[uint32]*vcn.VNIC{}, vnicByAddr: map[Addr]*vcn.VNIC{},
		policies: map[string]*vcn.Policy{}, mappings: map[Addr]mappingEntry{}, routes: map[string]*vcn.RouteTable{},
		versions: vcn.VersionVector{},
	}
}

// Revision is the control-plane store revision the snapshot is at.
func (s *Snapshot) Revision() int64 { return s.revision }

// VCN returns the VCN with the given id.
func (s *Snapshot) VCN(id string) (*vcn.VCN, bool) { v, ok := s.vcns[id]; return v, ok }

// VCNByVNI returns the VCN whose traffic the VNI carries.
func (s *Snapshot) VCNByVNI(vni uint32) (*vcn.VCN, bool) { v, ok := s.vcnByVNI[vni]; return v, ok }

// Subnet returns the subnet with the given id.
func (s *Snapshot) Subnet(id string) (*vcn.Subnet, bool) { v, ok := s.subnets[id]; return v, ok }

// VNIC returns the VNIC with the given id.
func (s *Snapshot) VNIC(id string) (*vcn.VNIC, bool) { v, ok := s.vnics[id]; return v, ok }

// VNICByNum returns the VNIC with the given data-plane number.
func (s *Snapshot) VNICByNum(num uint32) (*vcn.VNIC, bool) { v, ok := s.vnicByNum[num]; return v, ok }

// VNICByAddr returns the VNIC holding overlay address a.
func (s *Snapshot) VNICByAddr(a Addr) (*vcn.VNIC, bool) { v, ok := s.vnicByAddr[a]; return v, ok }

// SecurityList returns the security list (or NSG) with the given id.
func (s *Snapshot) SecurityList(id string) (*vcn.SecurityList, bool) {
	v, ok := s.secLists[id]
	return v, ok
}

// Policy returns the content of the policy part of the VNIC with the given
// id: its effective rules.
func (s *Snapshot) Policy(vnicID string) (*vcn.Policy, bool) {
	v, ok := s.policies[vnicID]
	return v, ok
}

// Mapping returns the content of the mapping part of overlay address a.
func (s *Snapshot) Mapping(a Addr) (*vcn.Mapping, bool) { e, ok := s.mappings[a]; return e.m, ok }

// mappingEntry keeps a mapping with its part id, so that resolving a flow
// does not build the id's string.
type mappingEntry struct {
	m    *vcn.Mapping
	part vcn.PartID
}

// MappingVersion returns the version of the mapping part of a, like
// Version(MappingPartOf(a)) but without building the part id when the
// mapping exists.
func (s *Snapshot) MappingVersion(a Addr) vcn.PartVersion {
	if e, ok := s.mappings[a]; ok {
		return vcn.PartVersion{Part: e.part, Version: s.versions[e.part]}
	}
	return s.Version(MappingPartOf(a))
}

// RouteTable returns the content of the route part of the table with the
// given id.
func (s *Snapshot) RouteTable(id string) (*vcn.RouteTable, bool) { v, ok := s.routes[id]; return v, ok }

// Version returns the version of part p (0 if the mirror never saw it).
func (s *Snapshot) Version(p vcn.PartID) vcn.PartVersion {
	return vcn.PartVersion{Part: p, Version: s.versions[p]}
}

// Versions returns a copy of the version vector of the mirror.
func (s *Snapshot) Versions() vcn.VersionVector { return s.versions.Clone() }

// VNICs calls f for every VNIC, in no particular order, until f returns
// false.
func (s *Snapshot) VNICs(f func(*vcn.VNIC) bool) {
	for _, n := range s.vnics {
		if !f(n) {
			return
		}
	}
}

// Counts reports how many objects of each kind the snapshot holds, for
// logs and tests.
type Counts struct {
	VCNs, Subnets, VNICs, SecurityLists, Policies, Mappings, RouteTables, Parts int
}

// Counts returns the sizes of the snapshot.
func (s *Snapshot) Counts() Counts {
	return Counts{len(s.vcns), len(s.subnets), len(s.vnics), len(s.secLists), len(s.policies),
		len(s.mappings), len(s.routes), len(s.versions)}
}

// MappingAddr returns the overlay address a mapping part names; ok is
// false if p is not a well-formed mapping part.
func MappingAddr(p vcn.PartID) (Addr, bool) {
	if p.Kind != vcn.PartMapping {
		return Addr{}, false
	}
	id, ip, ok := strings.Cut(p.Key, "/")
	if !ok {
		return Addr{}, false
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return Addr{}, false
	}
	return Addr{id, a}, true
}

// MappingPartOf returns the mapping part of overlay address a.
func MappingPartOf(a Addr) vcn.PartID { return vcn.MappingPart(a.VCNID, a.IP.String()) }
