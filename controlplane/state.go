package controlplane

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Key layout under the store's prefix (default "/vcn/"):
//
//	objects/<kind>/<id>      an object as a binary types.v1.Object
//	                         (mappings: objects/mapping/<vcn>/<ip>)
//	versions/<kind>/<key>    a part's version, decimal (versions/policy/vnic-1,
//	                         versions/mapping/vcn-1/10.0.0.5, versions/route/rt-1)
//	meta/config              the write guard: every change rewrites it and
//	                         commits only if it is unchanged since the change
//	                         was computed
const (
	objectsPrefix  = "objects/"
	versionsPrefix = "versions/"
	guardKey       = "meta/config"
)

func objectKey(r api.Ref) string     { return objectsPrefix + r.Kind.String() + "/" + r.ID }
func versionKey(p vcn.PartID) string { return versionsPrefix + p.String() }

// state is the control plane's in-memory mirror of the store at a
// revision: every object, every part version, and the indexes that
// validation and bumping need. Only the sync loop writes it.
type state struct {
	rev      int64 // store revision the mirror reflects
	guardRev int64 // mod revision of guardKey

	vcns     map[string]vcn.VCN
	subnets  map[string]vcn.Subnet
	vnics    map[string]vcn.VNIC
	lists    map[string]vcn.SecurityList
	routes   map[string]vcn.RouteTable
	mappings map[string]vcn.Mapping // by api.MappingID
	versions vcn.VersionVector
	hist     *history

	// Indexes of VNIC identities that must be unique.
	vnicByNum    map[uint32]string
	vnicByMAC    map[vcn.MAC]string
	vnicByAttach map[vcn.Attachment]string
	vnicByIP     map[string]string // api.MappingID(vcn, ip) → VNIC ID
}

func newState() *state {
	return &state{
		vcns:         map[string]vcn.VCN{},
		subnets:      map[string]vcn.Subnet{},
		vnics:        map[string]vcn.VNIC{},
		lists:        map[string]vcn.SecurityList{},
		routes:       map[string]vcn.RouteTable{},
		mappings:     map[string]vcn.Mapping{},
		versions:     vcn.VersionVector{},
		hist:         newHistory(),
		vnicByNum:    map[uint32]string{},
		vnicByMAC:    map[vcn.MAC]string{},
		vnicByAttach: map[vcn.Attachment]string{},
		vnicByIP:     map[string]string{},
	}
}

// vnicVCN returns the VCN of a VNIC, through its subnet.
func (s *state) vnicVCN(n vcn.VNIC) string { return s.subnets[n.SubnetID].VCNID }

// lookup returns the object r names.
func (s *state) lookup(r api.Ref) (any, bool) {
	var (
		o  any
		ok bool
	)
	switch r.Kind {
	case api.KindVCN:
		o, ok = s.vcns[r.ID]
	case api.KindSubnet:
		o, ok = s.subnets[r.ID]
	case api.KindVNIC:
		o, ok = s.vnics[r.ID]
	case api.KindSecurityList:
		o, ok = s.lists[r.ID]
	case api.KindRouteTable:
		o, ok = s.routes[r.ID]
	case api.KindMapping:
		o, ok = s.mappings[r.ID]
	}
	return o, ok
}

// put stores obj, replacing the object of the same reference.
func (s *state) put(obj any) {
	switch o := obj.(type) {
	case vcn.VCN:
		s.vcns[o.ID] = o
	case vcn.Subnet:
		s.subnets[o.ID] = o
	case vcn.VNIC:
		s.remove(api.Ref{Kind: api.KindVNIC, ID: o.ID})
		s.vnics[o.ID] = o
		s.vnicByNum[o.Num] = o.ID
		s.vnicByMAC[o.MAC] = o.ID
		s.vnicByAttach[o.Attach] = o.ID
		s.vnicByIP[mappingKey(s.vnicVCN(o), o.IP)] = o.ID
	case vcn.SecurityList:
		s.lists[o.ID] = o
	case vcn.RouteTable:
		s.routes[o.ID] = o
	case vcn.Mapping:
		s.mappings[api.MappingID(o.VCNID, o.OverlayIP.String())] = o
	}
}

// remove deletes the object r names, if any.
func (s *state) remove(r api.Ref) {
	switch r.Kind {
	case api.KindVCN:
		delete(s.vcns, r.ID)
	case api.KindSubnet:
		delete(s.subnets, r.ID)
	case api.KindVNIC:
		o, ok := s.vnics[r.ID]
		if !ok {
			return
		}
		delete(s.vnics, r.ID)
		deleteIf(s.vnicByNum, o.Num, o.ID)
		deleteIf(s.vnicByMAC, o.MAC, o.ID)
		deleteIf(s.vnicByAttach, o.Attach, o.ID)
		deleteIf(s.vnicByIP, mappingKey(s.vnicVCN(o), o.IP), o.ID)
	case api.KindSecurityList:
		delete(s.lists, r.ID)
	case api.KindRouteTable:
		delete(s.routes, r.ID)
	case api.KindMapping:
		delete(s.mappings, r.ID)
	}
}

func deleteIf[K comparable](m map[K]string, k K, id string) {
	if m[k] == id {
		delete(m, k)
	}
}

// content returns the content of part p at its current version: a VNIC's
// effective policy (its subnet's security lists' rules, then its NSGs'),
// a mapping, or a route table; Deleted when the object is gone.
func (s *state) content(p vcn.PartID) vcn.PartContent {
	c := vcn.PartContent{PartVersion: vcn.PartVersion{Part: p, Version: s.versions[p]}}
	switch p.Kind {
	case vcn.PartPolicy:
		n, ok := s.vnics[p.Key]
		if !ok {
			c.Deleted = true
			return c
		}
		pol := vcn.Policy{VNICID: n.ID, Rules: []vcn.SecurityRule{}}
		for _, id := range slices.Concat(s.subnets[n.SubnetID].SecurityListIDs, n.NSGIDs) {
			pol.Rules = append(pol.Rules, s.lists[id].Rules...)
		}
		c.Policy = &pol
	case vcn.PartMapping:
		m, ok := s.mappings[p.Key]
		if !ok {
			c.Deleted = true
			return c
		}
		c.Mapping = &m
	case vcn.PartRoute:
		t, ok := s.routes[p.Key]
		if !ok {
			c.Deleted = true
			return c
		}
		c.Route = &t
	}
	return c
}

// encodeObject is the stored form of an object.
func encodeObject(obj any) ([]byte, error) {
	m, err := convert.ObjectToProto(obj)
	if err != nil {
		return nil, err
	}
	return proto.MarshalOptions{Deterministic: true}.Marshal(m)
}

func decodeObject(b []byte) (any, error) {
	var m typesv1.Object
	if err := proto.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return convert.ObjectFromProto(&m)
}

// applyKV applies one stored key (value nil: deleted) to the mirror.
// Objects are applied before versions by the caller's ordering of keys
// (the mirror is only read between whole revisions).
func (s *state) applyKV(key string, value []byte, deleted bool, modRev int64) error {
	switch {
	case key == guardKey:
		s.guardRev = modRev
		if deleted {
			s.guardRev = 0
		}
	case strings.HasPrefix(key, objectsPrefix):
		rest := key[len(objectsPrefix):]
		kindName, id, ok := strings.Cut(rest, "/")
		if !ok {
			return fmt.Errorf("bad object key %q", key)
		}
		k, err := api.ParseKind(kindName)
		if err != nil {
			return fmt.Errorf("bad object key %q: %w", key, err)
		}
		if deleted {
			s.remove(api.Ref{Kind: k, ID: id})
			return nil
		}
		obj, err := decodeObject(value)
		if err != nil {
			return fmt.Errorf("object %q: %w", key, err)
		}
		s.put(obj)
	case strings.HasPrefix(key, versionsPrefix):
		p, err := vcn.ParsePartID(key[len(versionsPrefix):])
		if err != nil {
			return fmt.Errorf("version key %q: %w", key, err)
		}
		if deleted {
			delete(s.versions, p)
			return nil
		}
		v, err := strconv.ParseUint(string(value), 10, 64)
		if err != nil {
			return fmt.Errorf("version %q: %w", key, err)
		}
		s.versions[p] = v
	}
	return nil
}

// mappingKey is the ID of the mapping (and the key of the mapping part) of
// ip in VCN vcnID.
func mappingKey(vcnID string, ip netip.Addr) string { return api.MappingID(vcnID, ip.String()) }

// inVCN reports whether ip lies in one of the VCN's CIDRs.
func inVCN(v vcn.VCN, ip netip.Addr) bool {
	for _, c := range v.CIDRs {
		if c.Contains(ip) {
			return true
		}
	}
	return false
}
