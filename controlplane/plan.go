package controlplane

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// A change is what one API call does to the store: at most one object put
// or deleted, and the parts whose versions it bumps.
type change struct {
	put   any     // object to store, or nil
	del   api.Ref // object to delete, if Kind is set
	bumps map[vcn.PartID]bool
}

func (c *change) bump(ps ...vcn.PartID) {
	if c.bumps == nil {
		c.bumps = map[vcn.PartID]bool{}
	}
	for _, p := range ps {
		c.bumps[p] = true
	}
}

// ops turns c into store writes against s: the object, every bumped
// version (old version + 1) and the guard, and returns the new versions.
func (s *state) ops(c *change) ([]store.Op, []vcn.PartVersion, error) {
	var ops []store.Op
	if c.put != nil {
		r, err := api.RefOf(c.put)
		if err != nil {
			return nil, nil, err
		}
		b, err := encodeObject(c.put)
		if err != nil {
			return nil, nil, fmt.Errorf("encode %s: %w", r, err)
		}
		ops = append(ops, store.Op{Key: objectKey(r), Value: b})
	}
	if c.del.Kind != 0 {
		ops = append(ops, store.Op{Key: objectKey(c.del), Delete: true})
	}
	bumped := make([]vcn.PartVersion, 0, len(c.bumps))
	for p := range c.bumps {
		bumped = append(bumped, vcn.PartVersion{Part: p, Version: s.versions[p] + 1})
	}
	slices.SortFunc(bumped, func(a, b vcn.PartVersion) int { return vcn.ComparePartIDs(a.Part, b.Part) })
	for _, pv := range bumped {
		ops = append(ops, store.Op{Key: versionKey(pv.Part), Value: []byte(strconv.FormatUint(pv.Version, 10))})
	}
	ops = append(ops, store.Op{Key: guardKey, Value: []byte(strconv.FormatInt(s.rev, 10))})
	return ops, bumped, nil
}

func fieldErr(object, field, format string, args ...any) error {
	return &vcn.FieldError{Object: object, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// inUse reports a change refused because others refer to the object; it
// is both api.ErrInUse and a *vcn.FieldError.
func inUse(object, field, format string, args ...any) error {
	return fmt.Errorf("%w: %w", api.ErrInUse, fieldErr(object, field, format, args...))
}

func objName(r api.Ref) string {
	switch r.Kind {
	case api.KindSecurityList:
		return fmt.Sprintf("security list %q", r.ID)
	case api.KindRouteTable:
		return fmt.Sprintf("route table %q", r.ID)
	case api.KindMapping:
		return "mapping " + r.ID
	}
	return fmt.Sprintf("%s %q", r.Kind, r.ID)
}

// planCreate validates obj as a new object and returns its change.
func (s *state) planCreate(obj any) (*change, error) {
	r, err := api.RefOf(obj)
	if err != nil {
		return nil, err
	}
	if err := s.validate(obj, nil); err != nil {
		return nil, err
	}
	if _, ok := s.lookup(r); ok {
		return nil, fmt.Errorf("%s: %w", r, api.ErrAlreadyExists)
	}
	c := &change{put: obj}
	switch o := obj.(type) {
	case vcn.VNIC:
		c.bump(vcn.PolicyPart(o.ID), vcn.MappingPart(s.vnicVCN(o), o.IP.String()))
	case vcn.RouteTable:
		c.bump(vcn.RoutePart(o.ID))
	case vcn.Mapping:
		c.bump(vcn.MappingPart(o.VCNID, o.OverlayIP.String()))
	}
	return c, nil
}

// planUpdate validates obj as the new state of an existing object and
// returns its change, bumping the parts whose content the edit changes.
func (s *state) planUpdate(obj any) (*change, error) {
	r, err := api.RefOf(obj)
	if err != nil {
		return nil, err
	}
	old, ok := s.lookup(r)
	if !ok {
		return nil, fmt.Errorf("%s: %w", r, api.ErrNotFound)
	}
	if err := s.validate(obj, old); err != nil {
		return nil, err
	}
	c := &change{put: obj}
	switch o := obj.(type) {
	case vcn.Subnet:
		was := old.(vcn.Subnet)
		if !slices.Equal(was.SecurityListIDs, o.SecurityListIDs) {
			for _, n := range s.vnics {
				if n.SubnetID == o.ID {
					c.bump(vcn.PolicyPart(n.ID))
				}
			}
		}
		if was.RouteTableID != o.RouteTableID {
			// Entries built from the old table must go; entries of the new
			// table's other subnets are unaffected by content, but the
			// part is per table, so both are bumped.
			for _, id := range []string{was.RouteTableID, o.RouteTableID} {
				if id != "" {
					c.bump(vcn.RoutePart(id))
				}
			}
		}
	case vcn.VNIC:
		was := old.(vcn.VNIC)
		identity := was.Num != o.Num || was.MAC != o.MAC
		if identity || was.SubnetID != o.SubnetID || !slices.Equal(was.NSGIDs, o.NSGIDs) {
			c.bump(vcn.PolicyPart(o.ID))
		}
		if identity || was.SubnetID != o.SubnetID || was.IP != o.IP || was.Attach != o.Attach {
			c.bump(vcn.MappingPart(s.vnicVCN(was), was.IP.String()), vcn.MappingPart(s.vnicVCN(o), o.IP.String()))
		}
	case vcn.SecurityList:
		was := old.(vcn.SecurityList)
		if !slices.Equal(was.Rules, o.Rules) {
			for _, n := range s.vnics {
				if slices.Contains(n.NSGIDs, o.ID) || slices.Contains(s.subnets[n.SubnetID].SecurityListIDs, o.ID) {
					c.bump(vcn.PolicyPart(n.ID))
				}
			}
		}
	case vcn.RouteTable:
		if !slices.Equal(old.(vcn.RouteTable).Rules, o.Rules) {
			c.bump(vcn.RoutePart(o.ID))
		}
	case vcn.Mapping:
		if old.(vcn.Mapping) != o {
			c.bump(vcn.MappingPart(o.VCNID, o.OverlayIP.String()))
		}
	}
	return c, nil
}

// planDelete checks that nothing refers to the object r names and returns
// its change; deleting a part's object bumps the part (its content is
// then Deleted).
func (s *state) planDelete(r api.Ref) (*change, error) {
	old, ok := s.lookup(r)
	if !ok {
		return nil, fmt.Errorf("%s: %w", r, api.ErrNotFound)
	}
	obj := objName(r)
	c := &change{del: r}
	switch o := old.(type) {
	case vcn.VCN:
		for _, sn := range sortedValues(s.subnets) {
			if sn.VCNID == o.ID {
				return nil, inUse(obj, "id", "subnet %q is in it", sn.ID)
			}
		}
		for _, l := range sortedValues(s.lists) {
			if l.VCNID == o.ID {
				return nil, inUse(obj, "id", "security list %q is in it", l.ID)
			}
		}
		for _, t := range sortedValues(s.routes) {
			if t.VCNID == o.ID {
				return nil, inUse(obj, "id", "route table %q is in it", t.ID)
			}
		}
		for _, m := range sortedValues(s.mappings) {
			if m.VCNID == o.ID {
				return nil, inUse(obj, "id", "mapping %s/%s is in it", m.VCNID, m.OverlayIP)
			}
		}
	case vcn.Subnet:
		for _, n := range sortedValues(s.vnics) {
			if n.SubnetID == o.ID {
				return nil, inUse(obj, "id", "vnic %q is in it", n.ID)
			}
		}
	case vcn.VNIC:
		c.bump(vcn.PolicyPart(o.ID), vcn.MappingPart(s.vnicVCN(o), o.IP.String()))
	case vcn.SecurityList:
		for _, sn := range sortedValues(s.subnets) {
			if slices.Contains(sn.SecurityListIDs, o.ID) {
				return nil, inUse(obj, "id", "subnet %q uses it", sn.ID)
			}
		}
		for _, n := range sortedValues(s.vnics) {
			if slices.Contains(n.NSGIDs, o.ID) {
				return nil, inUse(obj, "id", "vnic %q uses it", n.ID)
			}
		}
	case vcn.RouteTable:
		for _, sn := range sortedValues(s.subnets) {
			if sn.RouteTableID == o.ID {
				return nil, inUse(obj, "id", "subnet %q uses it", sn.ID)
			}
		}
		c.bump(vcn.RoutePart(o.ID))
	case vcn.Mapping:
		c.bump(vcn.MappingPart(o.VCNID, o.OverlayIP.String()))
	}
	return c, nil
}

// sortedValues returns m's values in key order, so that errors name the
// same referrer every time.
func sortedValues[V any](m map[string]V) []V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// prefixWithin reports whether inner lies entirely inside outer.
func prefixWithin(inner, outer netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}
