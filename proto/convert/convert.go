package convert

import (
	"fmt"
	"net/netip"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

// addr parses an optional address: "" is the zero Addr.
func addr(field, s string) (netip.Addr, error) {
	if s == "" {
		return netip.Addr{}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%s: %w", field, err)
	}
	return a, nil
}

// prefix parses an optional prefix: "" is the zero Prefix.
func prefix(field, s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%s: %w", field, err)
	}
	return p, nil
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

func prefixString(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	return p.String()
}

func u16(field string, v uint32) (uint16, error) {
	if v > 0xffff {
		return 0, fmt.Errorf("%s: %d does not fit 16 bits", field, v)
	}
	return uint16(v), nil
}

func u8(field string, v uint32) (uint8, error) {
	if v > 0xff {
		return 0, fmt.Errorf("%s: %d does not fit 8 bits", field, v)
	}
	return uint8(v), nil
}

// VCNToProto converts a VCN.
func VCNToProto(v vcn.VCN) *typesv1.VCN {
	out := &typesv1.VCN{Id: v.ID, Name: v.Name, Vni: v.VNI}
	for _, c := range v.CIDRs {
		out.Cidrs = append(out.Cidrs, prefixString(c))
	}
	return out
}

// VCNFromProto converts a VCN.
func VCNFromProto(m *typesv1.VCN) (vcn.VCN, error) {
	v := vcn.VCN{ID: m.GetId(), Name: m.GetName(), VNI: m.GetVni()}
	for i, s := range m.GetCidrs() {
		p, err := prefix(fmt.Sprintf("cidrs[%d]", i), s)
		if err != nil {
			return vcn.VCN{}, err
		}
		v.CIDRs = append(v.CIDRs, p)
	}
	return v, nil
}

// SubnetToProto converts a subnet.
func SubnetToProto(s vcn.Subnet) *typesv1.Subnet {
	return &typesv1.Subnet{Id: s.ID, VcnId: s.VCNID, Cidr: prefixString(s.CIDR),
		RouteTableId: s.RouteTableID, SecurityListIds: s.SecurityListIDs}
}

// SubnetFromProto converts a subnet.
func SubnetFromProto(m *typesv1.Subnet) (vcn.Subnet, error) {
	p, err := prefix("cidr", m.GetCidr())
	if err != nil {
		return vcn.Subnet{}, err
	}
	return vcn.Subnet{ID: m.GetId(), VCNID: m.GetVcnId(), CIDR: p,
		RouteTableID: m.GetRouteTableId(), SecurityListIDs: m.GetSecurityListIds()}, nil
}

// VNICToProto converts a VNIC.
func VNICToProto(n vcn.VNIC) *typesv1.VNIC {
	mac := ""
	if !n.MAC.IsZero() {
		mac = n.MAC.String()
	}
	return &typesv1.VNIC{Id: n.ID, SubnetId: n.SubnetID, Num: n.Num, Ip: addrString(n.IP), Mac: mac,
		NsgIds: n.NSGIDs, Attach: &typesv1.Attachment{Tor: n.Attach.ToR, Port: n.Attach.Port, Vlan: uint32(n.Attach.VLAN)}}
}

// VNICFromProto converts a VNIC.
func VNICFromProto(m *typesv1.VNIC) (vcn.VNIC, error) {
	ip, err := addr("ip", m.GetIp())
	if err != nil {
		return vcn.VNIC{}, err
	}
	var mac vcn.MAC
	if m.GetMac() != "" {
		if mac, err = vcn.ParseMAC(m.GetMac()); err != nil {
			return vcn.VNIC{}, fmt.Errorf("mac: %w", err)
		}
	}
	vlan, err := u16("attach.vlan", m.GetAttach().GetVlan())
	if err != nil {
		return vcn.VNIC{}, err
	}
	return vcn.VNIC{ID: m.GetId(), SubnetID: m.GetSubnetId(), Num: m.GetNum(), IP: ip, MAC: mac, NSGIDs: m.GetNsgIds(),
		Attach: vcn.Attachment{ToR: m.GetAttach().GetTor(), Port: m.GetAttach().GetPort(), VLAN: vlan}}, nil
}

func portRangeFromProto(field string, m *typesv1.PortRange) (vcn.PortRange, error) {
	lo, err := u16(field+".lo", m.GetLo())
	if err != nil {
		return vcn.PortRange{}, err
	}
	hi, err := u16(field+".hi", m.GetHi())
	if err != nil {
		return vcn.PortRange{}, err
	}
	return vcn.PortRange{Lo: lo, Hi: hi}, nil
}

// RulesToProto converts security rules.
func RulesToProto(rules []vcn.SecurityRule) []*typesv1.SecurityRule {
	out := make([]*typesv1.SecurityRule, 0, len(rules))
	for _, r := range rules {
		out = append(out, &typesv1.SecurityRule{
			Direction: typesv1.Direction(r.Direction), Protocol: uint32(r.Protocol), Cidr: prefixString(r.CIDR),
			SrcPort:   &typesv1.PortRange{Lo: uint32(r.SrcPort.Lo), Hi: uint32(r.SrcPort.Hi)},
			DstPort:   &typesv1.PortRange{Lo: uint32(r.DstPort.Lo), Hi: uint32(r.DstPort.Hi)},
			Stateless: r.Stateless,
		})
	}
	return out
}

// RulesFromProto converts security rules.
func RulesFromProto(ms []*typesv1.SecurityRule) ([]vcn.SecurityRule, error) {
	out := make([]vcn.SecurityRule, 0, len(ms))
	for i, m := range ms {
		f := fmt.Sprintf("rules[%d]", i)
		c, err := prefix(f+".cidr", m.GetCidr())
		if err != nil {
			return nil, err
		}
		proto, err := u8(f+".protocol", m.GetProtocol())
		if err != nil {
			return nil, err
		}
		sp, err := portRangeFromProto(f+".src_port", m.GetSrcPort())
		if err != nil {
			return nil, err
		}
		dp, err := portRangeFromProto(f+".dst_port", m.GetDstPort())
		if err != nil {
			return nil, err
		}
		out = append(out, vcn.SecurityRule{Direction: vcn.Direction(m.GetDirection()), Protocol: proto, CIDR: c,
			SrcPort: sp, DstPort: dp, Stateless: m.GetStateless()})
	}
	return out, nil
}

// SecurityListToProto converts a security list.
func SecurityListToProto(l vcn.SecurityList) *typesv1.SecurityList {
	return &typesv1.SecurityList{Id: l.ID, VcnId: l.VCNID, Kind: typesv1.SecurityListKind(l.Kind), Rules: RulesToProto(l.Rules)}
}

// SecurityListFromProto converts a security list.
func SecurityListFromProto(m *typesv1.SecurityList) (vcn.SecurityList, error) {
	rules, err := RulesFromProto(m.GetRules())
	if err != nil {
		return vcn.SecurityList{}, err
	}
	return vcn.SecurityList{ID: m.GetId(), VCNID: m.GetVcnId(), Kind: vcn.SecurityListKind(m.GetKind()), Rules: rules}, nil
}

// RouteTableToProto converts a route table.
func RouteTableToProto(t vcn.RouteTable) *typesv1.RouteTable {
	out := &typesv1.RouteTable{Id: t.ID, VcnId: t.VCNID}
	for _, r := range t.Rules {
		out.Rules = append(out.Rules, &typesv1.RouteRule{Dest: prefixString(r.Dest), Target: &typesv1.RouteTarget{
			Kind: typesv1.RouteTargetKind(r.Target.Kind), Id: r.Target.ID, Substrate: addrString(r.Target.Substrate)}})
	}
	return out
}

// RouteTableFromProto converts a route table.
func RouteTableFromProto(m *typesv1.RouteTable) (vcn.RouteTable, error) {
	t := vcn.RouteTable{ID: m.GetId(), VCNID: m.GetVcnId()}
	for i, r := range m.GetRules() {
		f := fmt.Sprintf("rules[%d]", i)
		d, err := prefix(f+".dest", r.GetDest())
		if err != nil {
			return vcn.RouteTable{}, err
		}
		s, err := addr(f+".target.substrate", r.GetTarget().GetSubstrate())
		if err != nil {
			return vcn.RouteTable{}, err
		}
		t.Rules = append(t.Rules, vcn.RouteRule{Dest: d, Target: vcn.RouteTarget{
			Kind: vcn.RouteTargetKind(r.GetTarget().GetKind()), ID: r.GetTarget().GetId(), Substrate: s}})
	}
	return t, nil
}

// MappingToProto converts a mapping.
func MappingToProto(m vcn.Mapping) *typesv1.Mapping {
	return &typesv1.Mapping{VcnId: m.VCNID, OverlayIp: addrString(m.OverlayIP), Substrate: addrString(m.Substrate), Vni: m.VNI}
}

// MappingFromProto converts a mapping.
func MappingFromProto(m *typesv1.Mapping) (vcn.Mapping, error) {
	o, err := addr("overlay_ip", m.GetOverlayIp())
	if err != nil {
		return vcn.Mapping{}, err
	}
	s, err := addr("substrate", m.GetSubstrate())
	if err != nil {
		return vcn.Mapping{}, err
	}
	return vcn.Mapping{VCNID: m.GetVcnId(), OverlayIP: o, Substrate: s, VNI: m.GetVni()}, nil
}
