// Package schema is the controller's contract with p4src/smarttor.p4: the
// names of its tables, actions, fields and digest, resolved once against a
// P4Info into ids (with an error for every missing name, never a silent id
// 0), and the encoders and decoders between the domain types of package vcn
// and P4Runtime entities.
//
// Parameter and match-field ids come from the P4Info, never from their
// position. Values are sent as canonical bytestrings (P4Runtime spec §8.4:
// no leading zero bytes).
//
// It may import package vcn and the P4Runtime API; it knows nothing of
// connections.
package schema

import (
	"errors"
	"fmt"
	"strings"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
)

// Names of the objects of p4src/smarttor.p4 the controller programs.
const (
	TableTorConfig      = "SmartTorIngress.tor_config"
	TablePortRole       = "SmartTorIngress.port_role"
	TableHostVNIC       = "SmartTorIngress.host_vnic"
	TableVNICByOverlay  = "SmartTorIngress.vnic_by_overlay"
	TableFlowCache      = "SmartTorIngress.flow_cache"
	TableVNICDelivery   = "SmartTorIngress.vnic_delivery"
	TableUnderlayRoute  = "SmartTorIngress.underlay_route"
	TablePolicyVersions = "SmartTorIngress.policy_check.versions"
	TableMappingVersion = "SmartTorIngress.mapping_check.versions"
	TableRouteVersions  = "SmartTorIngress.route_check.versions"

	ActionSetTorConfig  = "SmartTorIngress.set_tor_config"
	ActionSubstratePort = "SmartTorIngress.set_substrate_port"
	ActionSetHostVNIC   = "SmartTorIngress.set_host_vnic"
	ActionSetLocalVNIC  = "SmartTorIngress.set_local_vnic"
	ActionEncap         = "SmartTorIngress.fc_encap"
	ActionDeliver       = "SmartTorIngress.fc_deliver"
	ActionDeny          = "SmartTorIngress.fc_deny"
	ActionDeliverToPort = "SmartTorIngress.deliver_to_port"
	ActionSetNextHop    = "SmartTorIngress.set_next_hop"
	// Each VersionCheck instance has its own copy of the action, as p4c
	// names actions of inlined controls by the instance path.
	ActionPolicyVersion  = "SmartTorIngress.policy_check.set_current_version"
	ActionMappingVersion = "SmartTorIngress.mapping_check.set_current_version"
	ActionRouteVersion   = "SmartTorIngress.route_check.set_current_version"

	DigestFlow      = "flow_digest_t"
	CounterStats    = "SmartTorIngress.stats"
	DirectFlowStats = "SmartTorIngress.flow_cache_counter"
)

// ref is a resolved id with the named children (match fields or action
// parameters) and their widths.
type ref struct {
	id       uint32
	children map[string]child
}

type child struct {
	id   uint32
	bits int32
}

// Schema holds the ids of smarttor.p4's objects in one P4Info.
type Schema struct {
	Info *p4configv1.P4Info

	tables  map[string]ref
	actions map[string]ref
	digest  uint32
	// digestFields are the digest struct's member names in order.
	digestFields []string
	stats        uint32
	flowCounter  uint32
}

// New resolves every name the controller uses in info. The error lists
// every name that is missing or has the wrong shape.
func New(info *p4configv1.P4Info) (*Schema, error) {
	s := &Schema{Info: info, tables: map[string]ref{}, actions: map[string]ref{}}
	var errs []error
	tables := map[string]*p4configv1.Table{}
	for _, t := range info.GetTables() {
		tables[t.GetPreamble().GetName()] = t
	}
	actions := map[string]*p4configv1.Action{}
	for _, a := range info.GetActions() {
		actions[a.GetPreamble().GetName()] = a
	}
	for _, name := range []string{TableTorConfig, TablePortRole, TableHostVNIC, TableVNICByOverlay, TableFlowCache,
		TableVNICDelivery, TableUnderlayRoute, TablePolicyVersions, TableMappingVersion, TableRouteVersions} {
		t, ok := tables[name]
		if !ok {
			errs = append(errs, fmt.Errorf("table %q not in P4Info", name))
			continue
		}
		r := ref{id: t.GetPreamble().GetId(), children: map[string]child{}}
		for _, mf := range t.GetMatchFields() {
			r.children[mf.GetName()] = child{mf.GetId(), mf.GetBitwidth()}
		}
		s.tables[name] = r
	}
	for _, name := range []string{ActionSetTorConfig, ActionSubstratePort, ActionSetHostVNIC, ActionSetLocalVNIC, ActionEncap,
		ActionDeliver, ActionDeny, ActionDeliverToPort, ActionSetNextHop, ActionPolicyVersion, ActionMappingVersion, ActionRouteVersion} {
		a, ok := actions[name]
		if !ok {
			errs = append(errs, fmt.Errorf("action %q not in P4Info", name))
			continue
		}
		r := ref{id: a.GetPreamble().GetId(), children: map[string]child{}}
		for _, p := range a.GetParams() {
			r.children[p.GetName()] = child{p.GetId(), p.GetBitwidth()}
		}
		s.actions[name] = r
	}
	for _, d := range info.GetDigests() {
		if d.GetPreamble().GetName() != DigestFlow {
			continue
		}
		s.digest = d.GetPreamble().GetId()
		name := d.GetTypeSpec().GetStruct().GetName()
		st, ok := info.GetTypeInfo().GetStructs()[name]
		if !ok {
			errs = append(errs, fmt.Errorf("digest %q: struct %q not in type_info", DigestFlow, name))
			break
		}
		for _, m := range st.GetMembers() {
			s.digestFields = append(s.digestFields, m.GetName())
		}
	}
	if s.digest == 0 {
		errs = append(errs, fmt.Errorf("digest %q not in P4Info", DigestFlow))
	} else if got, want := strings.Join(s.digestFields, ","), strings.Join(digestLayout, ","); got != want {
		errs = append(errs, fmt.Errorf("digest %q has fields %s, want %s", DigestFlow, got, want))
	}
	for _, c := range info.GetCounters() {
		if c.GetPreamble().GetName() == CounterStats {
			s.stats = c.GetPreamble().GetId()
		}
	}
	for _, c := range info.GetDirectCounters() {
		if c.GetPreamble().GetName() == DirectFlowStats {
			s.flowCounter = c.GetPreamble().GetId()
		}
	}
	if s.stats == 0 {
		errs = append(errs, fmt.Errorf("counter %q not in P4Info", CounterStats))
	}
	if s.flowCounter == 0 {
		errs = append(errs, fmt.Errorf("direct counter %q not in P4Info", DirectFlowStats))
	}
	errs = append(errs, s.checkShapes()...)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("P4Info does not fit smarttor.p4: %w", err)
	}
	return s, nil
}

// shapes lists the match fields and parameters the encoders use, so that
// a mismatched P4Info fails at New rather than at the first write.
var shapes = map[string][]string{
	TablePortRole:        {"ingress_port"},
	ActionSubstratePort:  {},
	TableHostVNIC:        {"ingress_port", "vlan_id"},
	TableVNICByOverlay:   {"vni", "overlay_ip"},
	TableFlowCache:       {"vnic", "direction", "src_addr", "dst_addr", "protocol", "src_port", "dst_port"},
	TableVNICDelivery:    {"vnic"},
	TableUnderlayRoute:   {"dst_addr"},
	TablePolicyVersions:  {"slot"},
	TableMappingVersion:  {"slot"},
	TableRouteVersions:   {"slot"},
	ActionSetTorConfig:   {"vtep", "router_mac", "nis_addr"},
	ActionSetHostVNIC:    {"vnic", "vni", "mac", "ip"},
	ActionSetLocalVNIC:   {"vnic"},
	ActionEncap:          append([]string{"substrate", "vni"}, versionParams...),
	ActionDeliver:        append([]string{"vnic"}, versionParams...),
	ActionDeny:           versionParams,
	ActionDeliverToPort:  {"port", "vlan", "mac"},
	ActionSetNextHop:     {"port", "dmac"},
	ActionPolicyVersion:  {"current_version"},
	ActionMappingVersion: {"current_version"},
	ActionRouteVersion:   {"current_version"},
}

var versionParams = []string{"policy_slot", "policy_version", "mapping_slot", "mapping_version", "route_slot", "route_version"}

func (s *Schema) checkShapes() []error {
	var errs []error
	for name, kids := range shapes {
		r, ok := s.tables[name]
		kind := "table"
		if !ok {
			r, ok = s.actions[name]
			kind = "action"
		}
		if !ok {
			continue // already reported
		}
		for _, k := range kids {
			if _, ok := r.children[k]; !ok {
				errs = append(errs, fmt.Errorf("%s %q has no %q", kind, name, k))
			}
		}
	}
	return errs
}

// TableID returns the id of a table the schema resolved.
func (s *Schema) TableID(name string) uint32 { return s.tables[name].id }

// ActionID returns the id of an action the schema resolved.
func (s *Schema) ActionID(name string) uint32 { return s.actions[name].id }

// DigestID is the id of the flow digest.
func (s *Schema) DigestID() uint32 { return s.digest }

// StatsCounterID is the id of the ingress stats counter.
func (s *Schema) StatsCounterID() uint32 { return s.stats }

// Shapes returns, for each table and action the schema uses, the match
// fields or parameters it needs.
func Shapes() map[string][]string { return shapes }

// DigestLayout returns the flow digest's member names in order.
func DigestLayout() []string { return digestLayout }
