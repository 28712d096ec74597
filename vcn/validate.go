package vcn

import (
	"fmt"
	"net/netip"
)

// FieldError is a validation error naming the offending field of an object.
type FieldError struct {
	Object string // e.g. `subnet "sn-1"`
	Field  string // e.g. "cidr"
	Msg    string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s: %s", e.Object, e.Field, e.Msg) }

func fieldErr(object, field, format string, args ...any) error {
	return &FieldError{Object: object, Field: field, Msg: fmt.Sprintf(format, args...)}
}

func checkID(object, id string) error {
	if id == "" {
		return fieldErr(object, "id", "must be set")
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fieldErr(object, "id", "%q: only letters, digits, '-', '_' and '.' are allowed", id)
		}
	}
	return nil
}

func checkPrefix(object, field string, p netip.Prefix) error {
	if !p.IsValid() {
		return fieldErr(object, field, "must be a CIDR")
	}
	if p != p.Masked() {
		return fieldErr(object, field, "%s has host bits set (did you mean %s?)", p, p.Masked())
	}
	return nil
}

// Validate checks the VCN on its own: id, VNI range, and CIDRs that are
// valid and do not overlap one another.
func (v VCN) Validate() error {
	obj := fmt.Sprintf("vcn %q", v.ID)
	if err := checkID(obj, v.ID); err != nil {
		return err
	}
	if v.VNI == 0 || v.VNI > MaxVNI {
		return fieldErr(obj, "vni", "%d out of range 1..%d", v.VNI, MaxVNI)
	}
	if len(v.CIDRs) == 0 {
		return fieldErr(obj, "cidrs", "at least one CIDR is required")
	}
	for i, c := range v.CIDRs {
		if err := checkPrefix(obj, fmt.Sprintf("cidrs[%d]", i), c); err != nil {
			return err
		}
		for _, d := range v.CIDRs[:i] {
			if c.Overlaps(d) {
				return fieldErr(obj, fmt.Sprintf("cidrs[%d]", i), "%s overlaps %s", c, d)
			}
		}
	}
	return nil
}

// Validate checks the subnet on its own.
func (s Subnet) Validate() error {
	obj := fmt.Sprintf("subnet %q", s.ID)
	if err := checkID(obj, s.ID); err != nil {
		return err
	}
	if s.VCNID == "" {
		return fieldErr(obj, "vcn_id", "must be set")
	}
	return checkPrefix(obj, "cidr", s.CIDR)
}

// Validate checks the VNIC on its own.
func (n VNIC) Validate() error {
	obj := fmt.Sprintf("vnic %q", n.ID)
	if err := checkID(obj, n.ID); err != nil {
		return err
	}
	switch {
	case n.SubnetID == "":
		return fieldErr(obj, "subnet_id", "must be set")
	case n.Num == 0:
		return fieldErr(obj, "num", "must be non-zero")
	case !n.IP.IsValid():
		return fieldErr(obj, "ip", "must be set")
	case n.MAC.IsZero():
		return fieldErr(obj, "mac", "must be set")
	case n.MAC[0]&1 == 1:
		return fieldErr(obj, "mac", "%s is a multicast address", n.MAC)
	case n.Attach.ToR == "":
		return fieldErr(obj, "attach.tor", "must be set")
	case n.Attach.VLAN > 4094:
		return fieldErr(obj, "attach.vlan", "%d out of range 0..4094", n.Attach.VLAN)
	}
	return nil
}

// Validate checks the security list on its own.
func (l SecurityList) Validate() error {
	obj := fmt.Sprintf("security list %q", l.ID)
	if err := checkID(obj, l.ID); err != nil {
		return err
	}
	if l.VCNID == "" {
		return fieldErr(obj, "vcn_id", "must be set")
	}
	for i, r := range l.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if r.Direction != Ingress && r.Direction != Egress {
			return fieldErr(obj, f+".direction", "must be ingress or egress")
		}
		if err := checkPrefix(obj, f+".cidr", r.CIDR); err != nil {
			return err
		}
		for _, pr := range []struct {
			name string
			r    PortRange
		}{{"src_port", r.SrcPort}, {"dst_port", r.DstPort}} {
			if pr.r.Lo > pr.r.Hi {
				return fieldErr(obj, f+"."+pr.name, "range %d-%d is empty", pr.r.Lo, pr.r.Hi)
			}
			if !pr.r.AnyPort() && r.Protocol != ProtoTCP && r.Protocol != ProtoUDP {
				return fieldErr(obj, f+"."+pr.name, "ports need protocol tcp or udp")
			}
		}
	}
	return nil
}

// Validate checks the route table on its own: valid destinations, no
// duplicate destination, targets complete.
func (t RouteTable) Validate() error {
	obj := fmt.Sprintf("route table %q", t.ID)
	if err := checkID(obj, t.ID); err != nil {
		return err
	}
	if t.VCNID == "" {
		return fieldErr(obj, "vcn_id", "must be set")
	}
	seen := make(map[netip.Prefix]bool, len(t.Rules))
	for i, r := range t.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if err := checkPrefix(obj, f+".dest", r.Dest); err != nil {
			return err
		}
		if seen[r.Dest] {
			return fieldErr(obj, f+".dest", "duplicate destination %s", r.Dest)
		}
		seen[r.Dest] = true
		switch r.Target.Kind {
		case TargetLocal:
		case TargetPeering:
			if r.Target.ID == "" {
				return fieldErr(obj, f+".target.id", "a peering target names the peered VCN")
			}
		case TargetGateway:
			if !r.Target.Substrate.IsValid() {
				return fieldErr(obj, f+".target.substrate", "a gateway target needs its substrate address")
			}
		default:
			return fieldErr(obj, f+".target.kind", "unknown target kind %d", r.Target.Kind)
		}
	}
	return nil
}

// Validate checks the mapping on its own.
func (m Mapping) Validate() error {
	obj := fmt.Sprintf("mapping %s/%s", m.VCNID, m.OverlayIP)
	switch {
	case m.VCNID == "":
		return fieldErr(obj, "vcn_id", "must be set")
	case !m.OverlayIP.IsValid():
		return fieldErr(obj, "overlay_ip", "must be set")
	case !m.Substrate.IsValid() || !m.Substrate.Is4():
		return fieldErr(obj, "substrate", "must be an IPv4 VTEP address")
	case m.VNI == 0 || m.VNI > MaxVNI:
		return fieldErr(obj, "vni", "%d out of range 1..%d", m.VNI, MaxVNI)
	}
	return nil
}
