package schema

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/antoninbas/p4runtime-go-client/pkg/util/conversion"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Slots are the data-plane version slots of the parts a flow entry depends
// on; 0 means no dependency.
type Slots struct {
	Policy, Mapping, Route uint32
}

// canon encodes v as a canonical bytestring: big-endian, no leading zero
// bytes, a single zero byte for 0 (conversion.ToCanonicalBytestring).
func canon(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return conversion.ToCanonicalBytestring(b[:])
}

func ipv4(a netip.Addr) ([]byte, error) {
	if !a.Is4() {
		return nil, fmt.Errorf("%v is not an IPv4 address", a)
	}
	b := a.As4()
	return conversion.ToCanonicalBytestring(b[:]), nil
}

func (s *Schema) exact(table, field string, v []byte) *p4v1.FieldMatch {
	return &p4v1.FieldMatch{FieldId: s.tables[table].children[field].id,
		FieldMatchType: &p4v1.FieldMatch_Exact_{Exact: &p4v1.FieldMatch_Exact{Value: v}}}
}

func (s *Schema) action(name string, params ...any) *p4v1.TableAction {
	a := &p4v1.Action{ActionId: s.actions[name].id}
	for i := 0; i+1 < len(params); i += 2 {
		var v []byte
		switch x := params[i+1].(type) {
		case []byte:
			v = conversion.ToCanonicalBytestring(x)
		case uint64:
			v = canon(x)
		case uint32:
			v = canon(uint64(x))
		}
		a.Params = append(a.Params, &p4v1.Action_Param{ParamId: s.actions[name].children[params[i].(string)].id, Value: v})
	}
	return &p4v1.TableAction{Type: &p4v1.TableAction_Action{Action: a}}
}

// FlowMatch is the match of the flow_cache entry for k.
func (s *Schema) FlowMatch(k vcn.FlowKey) ([]*p4v1.FieldMatch, error) {
	src, err := ipv4(k.Src)
	if err != nil {
		return nil, fmt.Errorf("flow key %v: src: %w", k, err)
	}
	dst, err := ipv4(k.Dst)
	if err != nil {
		return nil, fmt.Errorf("flow key %v: dst: %w", k, err)
	}
	t := TableFlowCache
	return []*p4v1.FieldMatch{
		s.exact(t, "vnic", canon(uint64(k.VNIC))),
		s.exact(t, "direction", canon(uint64(k.Dir))),
		s.exact(t, "src_addr", src),
		s.exact(t, "dst_addr", dst),
		s.exact(t, "protocol", canon(uint64(k.Proto))),
		s.exact(t, "src_port", canon(uint64(k.SrcPort))),
		s.exact(t, "dst_port", canon(uint64(k.DstPort))),
	}, nil
}

// FlowKeyEntry is the flow_cache entry for k without an action: what a
// DELETE or a single-entry read sends.
func (s *Schema) FlowKeyEntry(k vcn.FlowKey) (*p4v1.TableEntry, error) {
	m, err := s.FlowMatch(k)
	if err != nil {
		return nil, err
	}
	return &p4v1.TableEntry{TableId: s.tables[TableFlowCache].id, Match: m}, nil
}

// truncVersion maps a part version onto the data plane's 32 bits. The
// data plane only compares for equality, so wrapping is harmless until
// 2^32 bumps of one part happen between an install and a packet.
func truncVersion(v uint64) uint64 { return v & 0xffffffff }

// FlowEntry is the flow_cache entry for f, depending on the given slots.
// idleTimeout (ns, 0 for none) asks the switch to report the entry idle.
func (s *Schema) FlowEntry(f vcn.FlowInfo, slots Slots, idleTimeout int64) (*p4v1.TableEntry, error) {
	te, err := s.FlowKeyEntry(f.Key)
	if err != nil {
		return nil, err
	}
	te.IdleTimeoutNs = idleTimeout
	vers := []any{
		"policy_slot", slots.Policy, "policy_version", truncVersion(f.Versions.Policy.Version),
		"mapping_slot", slots.Mapping, "mapping_version", truncVersion(f.Versions.Mapping.Version),
		"route_slot", slots.Route, "route_version", truncVersion(f.Versions.Route.Version),
	}
	switch f.Action {
	case vcn.ActionEncap:
		sub, err := ipv4(f.Substrate)
		if err != nil {
			return nil, fmt.Errorf("flow %v: substrate: %w", f.Key, err)
		}
		te.Action = s.action(ActionEncap, append([]any{"substrate", sub, "vni", uint64(f.VNI)}, vers...)...)
	case vcn.ActionDeliver:
		te.Action = s.action(ActionDeliver, append([]any{"vnic", uint64(f.DeliverVNIC)}, vers...)...)
	case vcn.ActionDeny:
		te.Action = s.action(ActionDeny, vers...)
	default:
		return nil, fmt.Errorf("flow %v: unknown action %v", f.Key, f.Action)
	}
	return te, nil
}

var versionTables = map[vcn.PartKind][2]string{
	vcn.PartPolicy:  {TablePolicyVersions, ActionPolicyVersion},
	vcn.PartMapping: {TableMappingVersion, ActionMappingVersion},
	vcn.PartRoute:   {TableRouteVersions, ActionRouteVersion},
}

// VersionEntry sets the current version of the part of kind k held in
// slot: the one write that makes every entry built from an older version
// stale.
func (s *Schema) VersionEntry(k vcn.PartKind, slot uint32, version uint64) (*p4v1.TableEntry, error) {
	names, ok := versionTables[k]
	if !ok {
		return nil, fmt.Errorf("no version table for part kind %v", k)
	}
	if slot == 0 {
		return nil, fmt.Errorf("version slot 0 is reserved")
	}
	return &p4v1.TableEntry{TableId: s.tables[names[0]].id,
		Match:  []*p4v1.FieldMatch{s.exact(names[0], "slot", canon(uint64(slot)))},
		Action: s.action(names[1], "current_version", truncVersion(version))}, nil
}

// TorConfigEntry is the default entry of tor_config.
func (s *Schema) TorConfigEntry(vtep netip.Addr, routerMAC vcn.MAC, nis netip.Addr) (*p4v1.TableEntry, error) {
	v, err := ipv4(vtep)
	if err != nil {
		return nil, fmt.Errorf("vtep: %w", err)
	}
	n, err := ipv4(nis)
	if err != nil {
		return nil, fmt.Errorf("nis: %w", err)
	}
	return &p4v1.TableEntry{TableId: s.tables[TableTorConfig].id, IsDefaultAction: true,
		Action: s.action(ActionSetTorConfig, "vtep", v, "router_mac", routerMAC[:], "nis_addr", n)}, nil
}

// HostVNICEntries are the entries that place a local VNIC: host_vnic
// (port, VLAN → VNIC, for its outbound traffic), vnic_by_overlay (VNI,
// IP → VNIC, for inbound) and vnic_delivery (VNIC → port, VLAN, MAC).
func (s *Schema) HostVNICEntries(n vcn.VNIC, vni uint32) ([]*p4v1.TableEntry, error) {
	ip, err := ipv4(n.IP)
	if err != nil {
		return nil, fmt.Errorf("vnic %q: ip: %w", n.ID, err)
	}
	num, port, vlan := uint64(n.Num), uint64(n.Attach.Port), uint64(n.Attach.VLAN)
	return []*p4v1.TableEntry{
		{TableId: s.tables[TableHostVNIC].id,
			Match: []*p4v1.FieldMatch{
				s.exact(TableHostVNIC, "ingress_port", canon(port)),
				s.exact(TableHostVNIC, "vlan_id", canon(vlan)),
			},
			Action: s.action(ActionSetHostVNIC, "vnic", num, "vni", uint64(vni), "mac", n.MAC[:], "ip", ip)},
		{TableId: s.tables[TableVNICByOverlay].id,
			Match: []*p4v1.FieldMatch{
				s.exact(TableVNICByOverlay, "vni", canon(uint64(vni))),
				s.exact(TableVNICByOverlay, "overlay_ip", ip),
			},
			Action: s.action(ActionSetLocalVNIC, "vnic", num)},
		{TableId: s.tables[TableVNICDelivery].id,
			Match:  []*p4v1.FieldMatch{s.exact(TableVNICDelivery, "vnic", canon(num))},
			Action: s.action(ActionDeliverToPort, "port", port, "vlan", vlan, "mac", n.MAC[:])},
	}, nil
}

// SubstratePortEntry marks port as facing the substrate; every other port
// is a host port, where only known (port, VLAN) pairs are accepted.
func (s *Schema) SubstratePortEntry(port uint32) *p4v1.TableEntry {
	return &p4v1.TableEntry{TableId: s.tables[TablePortRole].id,
		Match:  []*p4v1.FieldMatch{s.exact(TablePortRole, "ingress_port", canon(uint64(port)))},
		Action: s.action(ActionSubstratePort)}
}

// UnderlayRouteEntry routes substrate prefix p out of port to next-hop
// MAC dmac.
func (s *Schema) UnderlayRouteEntry(p netip.Prefix, port uint32, dmac vcn.MAC) (*p4v1.TableEntry, error) {
	if !p.Addr().Is4() {
		return nil, fmt.Errorf("underlay route %v: not IPv4", p)
	}
	p = p.Masked()
	a := p.Addr().As4()
	return &p4v1.TableEntry{TableId: s.tables[TableUnderlayRoute].id,
		Match: []*p4v1.FieldMatch{{FieldId: s.tables[TableUnderlayRoute].children["dst_addr"].id,
			FieldMatchType: &p4v1.FieldMatch_Lpm{Lpm: &p4v1.FieldMatch_LPM{Value: conversion.ToCanonicalBytestring(a[:]), PrefixLen: int32(p.Bits())}}}},
		Action: s.action(ActionSetNextHop, "port", uint64(port), "dmac", dmac[:])}, nil
}
