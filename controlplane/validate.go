package controlplane

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// validate checks obj on its own (its vcn Validate) and against the rest
// of the configuration: references exist and belong to the same VCN,
// addresses lie inside their subnet or VCN, subnets of a VCN do not
// overlap, VNIC identities are unique. old is the object obj replaces, or
// nil for a create. Every error is a *vcn.FieldError naming the field
// (wrapped with api.ErrInUse where an edit would break a referrer).
func (s *state) validate(obj, old any) error {
	type validator interface{ Validate() error }
	if v, ok := obj.(validator); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	switch o := obj.(type) {
	case vcn.VCN:
		return s.validateVCN(o)
	case vcn.Subnet:
		return s.validateSubnet(o, old)
	case vcn.VNIC:
		return s.validateVNIC(o)
	case vcn.SecurityList:
		return s.validateList(o, old)
	case vcn.RouteTable:
		return s.validateRouteTable(o, old)
	case vcn.Mapping:
		return s.validateMapping(o)
	}
	return fmt.Errorf("not a configuration object: %T", obj)
}

func (s *state) validateVCN(v vcn.VCN) error {
	obj := fmt.Sprintf("vcn %q", v.ID)
	for _, sn := range sortedValues(s.subnets) {
		if sn.VCNID != v.ID {
			continue
		}
		if !slices.ContainsFunc(v.CIDRs, func(c netip.Prefix) bool { return prefixWithin(sn.CIDR, c) }) {
			return inUse(obj, "cidrs", "subnet %q (%s) would lie outside the VCN's CIDRs", sn.ID, sn.CIDR)
		}
	}
	for _, m := range sortedValues(s.mappings) {
		if m.VCNID == v.ID && !inVCN(v, m.OverlayIP) {
			return inUse(obj, "cidrs", "mapping of %s would lie outside the VCN's CIDRs", m.OverlayIP)
		}
	}
	return nil
}

func (s *state) validateSubnet(sn vcn.Subnet, old any) error {
	obj := fmt.Sprintf("subnet %q", sn.ID)
	v, ok := s.vcns[sn.VCNID]
	if !ok {
		return fieldErr(obj, "vcn_id", "vcn %q not found", sn.VCNID)
	}
	if was, ok := old.(vcn.Subnet); ok && was.VCNID != sn.VCNID {
		return fieldErr(obj, "vcn_id", "cannot change (was %q)", was.VCNID)
	}
	if !slices.ContainsFunc(v.CIDRs, func(c netip.Prefix) bool { return prefixWithin(sn.CIDR, c) }) {
		return fieldErr(obj, "cidr", "%s is not inside the CIDRs of vcn %q", sn.CIDR, v.ID)
	}
	for _, o := range sortedValues(s.subnets) {
		if o.VCNID == sn.VCNID && o.ID != sn.ID && o.CIDR.Overlaps(sn.CIDR) {
			return fieldErr(obj, "cidr", "%s overlaps subnet %q (%s)", sn.CIDR, o.ID, o.CIDR)
		}
	}
	if sn.RouteTableID != "" {
		t, ok := s.routes[sn.RouteTableID]
		switch {
		case !ok:
			return fieldErr(obj, "route_table_id", "route table %q not found", sn.RouteTableID)
		case t.VCNID != sn.VCNID:
			return fieldErr(obj, "route_table_id", "route table %q belongs to vcn %q", t.ID, t.VCNID)
		}
	}
	if err := s.checkLists(obj, "security_list_ids", sn.SecurityListIDs, sn.VCNID, vcn.SubnetSecurityList); err != nil {
		return err
	}
	for _, n := range sortedValues(s.vnics) {
		if n.SubnetID == sn.ID && !sn.CIDR.Contains(n.IP) {
			return inUse(obj, "cidr", "vnic %q (%s) would lie outside %s", n.ID, n.IP, sn.CIDR)
		}
	}
	return nil
}

// checkLists checks references to security lists of the given kind.
func (s *state) checkLists(obj, field string, ids []string, vcnID string, kind vcn.SecurityListKind) error {
	want := map[vcn.SecurityListKind]string{vcn.SubnetSecurityList: "a security list", vcn.NetworkSecurityGroup: "a network security group"}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		l, ok := s.lists[id]
		switch {
		case !ok:
			return fieldErr(obj, f, "security list %q not found", id)
		case l.VCNID != vcnID:
			return fieldErr(obj, f, "security list %q belongs to vcn %q", id, l.VCNID)
		case l.Kind != kind:
			return fieldErr(obj, f, "%q is not %s", id, want[kind])
		case slices.Contains(ids[:i], id):
			return fieldErr(obj, f, "%q listed twice", id)
		}
	}
	return nil
}

func (s *state) validateVNIC(n vcn.VNIC) error {
	obj := fmt.Sprintf("vnic %q", n.ID)
	sn, ok := s.subnets[n.SubnetID]
	if !ok {
		return fieldErr(obj, "subnet_id", "subnet %q not found", n.SubnetID)
	}
	if !sn.CIDR.Contains(n.IP) {
		return fieldErr(obj, "ip", "%s is not inside subnet %q (%s)", n.IP, sn.ID, sn.CIDR)
	}
	if err := s.checkLists(obj, "nsg_ids", n.NSGIDs, sn.VCNID, vcn.NetworkSecurityGroup); err != nil {
		return err
	}
	if id, ok := s.vnicByIP[mappingKey(sn.VCNID, n.IP)]; ok && id != n.ID {
		return fieldErr(obj, "ip", "%s is already used by vnic %q in vcn %q", n.IP, id, sn.VCNID)
	}
	if id, ok := s.vnicByMAC[n.MAC]; ok && id != n.ID {
		return fieldErr(obj, "mac", "%s is already used by vnic %q", n.MAC, id)
	}
	if id, ok := s.vnicByNum[n.Num]; ok && id != n.ID {
		return fieldErr(obj, "num", "%d is already used by vnic %q", n.Num, id)
	}
	if id, ok := s.vnicByAttach[n.Attach]; ok && id != n.ID {
		return fieldErr(obj, "attach", "tor %q port %d vlan %d is already used by vnic %q", n.Attach.ToR, n.Attach.Port, n.Attach.VLAN, id)
	}
	return nil
}

func (s *state) validateList(l vcn.SecurityList, old any) error {
	obj := fmt.Sprintf("security list %q", l.ID)
	if _, ok := s.vcns[l.VCNID]; !ok {
		return fieldErr(obj, "vcn_id", "vcn %q not found", l.VCNID)
	}
	was, ok := old.(vcn.SecurityList)
	if !ok {
		return nil
	}
	if was.VCNID != l.VCNID {
		return fieldErr(obj, "vcn_id", "cannot change (was %q)", was.VCNID)
	}
	if was.Kind != l.Kind {
		for _, sn := range sortedValues(s.subnets) {
			if slices.Contains(sn.SecurityListIDs, l.ID) {
				return inUse(obj, "kind", "subnet %q uses it as a security list", sn.ID)
			}
		}
		for _, n := range sortedValues(s.vnics) {
			if slices.Contains(n.NSGIDs, l.ID) {
				return inUse(obj, "kind", "vnic %q uses it as a network security group", n.ID)
			}
		}
	}
	return nil
}

func (s *state) validateRouteTable(t vcn.RouteTable, old any) error {
	obj := fmt.Sprintf("route table %q", t.ID)
	if _, ok := s.vcns[t.VCNID]; !ok {
		return fieldErr(obj, "vcn_id", "vcn %q not found", t.VCNID)
	}
	if was, ok := old.(vcn.RouteTable); ok && was.VCNID != t.VCNID {
		return fieldErr(obj, "vcn_id", "cannot change (was %q)", was.VCNID)
	}
	return nil
}

func (s *state) validateMapping(m vcn.Mapping) error {
	obj := "mapping " + mappingKey(m.VCNID, m.OverlayIP)
	v, ok := s.vcns[m.VCNID]
	if !ok {
		return fieldErr(obj, "vcn_id", "vcn %q not found", m.VCNID)
	}
	if !inVCN(v, m.OverlayIP) {
		return fieldErr(obj, "overlay_ip", "%s is not inside the CIDRs of vcn %q", m.OverlayIP, v.ID)
	}
	return nil
}
