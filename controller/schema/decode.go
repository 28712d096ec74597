package schema

import (
	"fmt"
	"net/netip"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// digestLayout is flow_digest_t's member order (p4src/README.md).
var digestLayout = []string{"vnic", "direction", "src_addr", "dst_addr", "protocol", "src_port", "dst_port", "reason"}

// Reason is why the data plane sent a digest.
type Reason uint8

// Digest reasons, as p4src/include/metadata.p4 defines them.
const (
	ReasonMiss  Reason = 1
	ReasonStale Reason = 2
)

// String returns "miss" or "stale".
func (r Reason) String() string {
	switch r {
	case ReasonMiss:
		return "miss"
	case ReasonStale:
		return "stale"
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// uintOf decodes a bytestring of at most bits bits.
func uintOf(b []byte, bits int) (uint64, error) {
	if len(b) == 0 {
		return 0, fmt.Errorf("empty bytestring")
	}
	var v uint64
	for _, c := range b {
		if v>>56 != 0 {
			return 0, fmt.Errorf("bytestring of %d bytes does not fit %d bits", len(b), bits)
		}
		v = v<<8 | uint64(c)
	}
	if bits < 64 && v>>bits != 0 {
		return 0, fmt.Errorf("value %#x does not fit %d bits", v, bits)
	}
	return v, nil
}

func addrOf(b []byte) (netip.Addr, error) {
	v, err := uintOf(b, 32)
	if err != nil {
		return netip.Addr{}, err
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), nil
}

// Digest is one decoded flow digest.
type Digest struct {
	Key    vcn.FlowKey
	Reason Reason
}

// DecodeDigest decodes one member of a DigestList.
func (s *Schema) DecodeDigest(d *p4v1.P4Data) (Digest, error) {
	members := d.GetStruct().GetMembers()
	if len(members) != len(digestLayout) {
		return Digest{}, fmt.Errorf("digest has %d members, want %d", len(members), len(digestLayout))
	}
	var v [8]uint64
	widths := [8]int{32, 8, 32, 32, 8, 16, 16, 8}
	for i, m := range members {
		if i == 2 || i == 3 {
			continue
		}
		var err error
		if v[i], err = uintOf(m.GetBitstring(), widths[i]); err != nil {
			return Digest{}, fmt.Errorf("digest field %q: %w", digestLayout[i], err)
		}
	}
	src, err := addrOf(members[2].GetBitstring())
	if err != nil {
		return Digest{}, fmt.Errorf("digest field src_addr: %w", err)
	}
	dst, err := addrOf(members[3].GetBitstring())
	if err != nil {
		return Digest{}, fmt.Errorf("digest field dst_addr: %w", err)
	}
	k := vcn.FlowKey{VNIC: uint32(v[0]), Dir: vcn.Direction(v[1]), Src: src, Dst: dst,
		Proto: uint8(v[4]), SrcPort: uint16(v[5]), DstPort: uint16(v[6])}
	if err := k.Valid(); err != nil {
		return Digest{}, err
	}
	return Digest{Key: k, Reason: Reason(v[7])}, nil
}

// FlowEntry is a flow_cache entry read back from a switch.
type FlowEntry struct {
	Info     vcn.FlowInfo // Versions carry versions only: parts are named by Slots
	Slots    Slots
	Versions [3]uint32 // policy, mapping, route, as the data plane holds them
}

// DecodeFlowKey decodes the match of a flow_cache entry (as an
// idle-timeout notification carries it).
func (s *Schema) DecodeFlowKey(te *p4v1.TableEntry) (vcn.FlowKey, error) {
	t := s.tables[TableFlowCache]
	if te.GetTableId() != t.id {
		return vcn.FlowKey{}, fmt.Errorf("entry of table %d, not flow_cache (%d)", te.GetTableId(), t.id)
	}
	fields := map[uint32][]byte{}
	for _, m := range te.GetMatch() {
		fields[m.GetFieldId()] = m.GetExact().GetValue()
	}
	var k [7]uint64
	for i, name := range []string{"vnic", "direction", "src_addr", "dst_addr", "protocol", "src_port", "dst_port"} {
		c := t.children[name]
		v, err := uintOf(fields[c.id], int(c.bits))
		if err != nil {
			return vcn.FlowKey{}, fmt.Errorf("flow_cache match %q: %w", name, err)
		}
		k[i] = v
	}
	return vcn.FlowKey{VNIC: uint32(k[0]), Dir: vcn.Direction(k[1]), Src: a4(k[2]), Dst: a4(k[3]),
		Proto: uint8(k[4]), SrcPort: uint16(k[5]), DstPort: uint16(k[6])}, nil
}

func a4(v uint64) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// DecodeFlowEntry decodes a flow_cache entry read from a switch.
func (s *Schema) DecodeFlowEntry(te *p4v1.TableEntry) (FlowEntry, error) {
	key, err := s.DecodeFlowKey(te)
	if err != nil {
		return FlowEntry{}, err
	}
	var fe FlowEntry
	fe.Info.Key = key

	act := te.GetAction().GetAction()
	var name string
	for _, n := range []string{ActionEncap, ActionDeliver, ActionDeny} {
		if s.actions[n].id == act.GetActionId() {
			name = n
		}
	}
	if name == "" {
		return FlowEntry{}, fmt.Errorf("flow_cache entry %v: unknown action %d", fe.Info.Key, act.GetActionId())
	}
	params := map[string]uint64{}
	byID := map[uint32]string{}
	for n, c := range s.actions[name].children {
		byID[c.id] = n
	}
	for _, p := range act.GetParams() {
		n, ok := byID[p.GetParamId()]
		if !ok {
			return FlowEntry{}, fmt.Errorf("flow_cache entry %v: unknown param %d", fe.Info.Key, p.GetParamId())
		}
		v, err := uintOf(p.GetValue(), int(s.actions[name].children[n].bits))
		if err != nil {
			return FlowEntry{}, fmt.Errorf("flow_cache entry %v: param %q: %w", fe.Info.Key, n, err)
		}
		params[n] = v
	}
	switch name {
	case ActionEncap:
		fe.Info.Action = vcn.ActionEncap
		fe.Info.Substrate = a4(params["substrate"])
		fe.Info.VNI = uint32(params["vni"])
	case ActionDeliver:
		fe.Info.Action = vcn.ActionDeliver
		fe.Info.DeliverVNIC = uint32(params["vnic"])
	default:
		fe.Info.Action = vcn.ActionDeny
	}
	fe.Slots = Slots{uint32(params["policy_slot"]), uint32(params["mapping_slot"]), uint32(params["route_slot"])}
	fe.Versions = [3]uint32{uint32(params["policy_version"]), uint32(params["mapping_version"]), uint32(params["route_version"])}
	return fe, nil
}
