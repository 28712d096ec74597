// Package resolve computes flow info from the NIS's full configuration: the
// verdict of a VNIC's effective security policy (vcn.Allows), the route
// (vcn.RouteTable.Lookup over the VNIC's subnet's table) and the
// overlay→substrate mapping, with the exact versions of the parts used, so
// that a smart ToR's cached entry goes stale when any of them is bumped.
//
// Resolution reads one immutable config.Snapshot and takes no lock; a batch
// is resolved against a single snapshot so that its answers are mutually
// consistent.
//
// Rules, for a flow key k of VNIC n (k.VNIC is n's data-plane number).
// The policy of n is the content of its policy part, or, when the mirror
// has none, the rules of its subnet's security lists and its NSGs.
//
//   - egress: the policy of n must allow k, else ActionDeny with only the
//     policy version. The route table of n's subnet picks the longest prefix
//     containing k.Dst; no table or no route → ActionDeny (policy and route
//     versions). A local route encapsulates to the mapping of k.Dst in n's
//     VCN, a peering route to the mapping of k.Dst in the peer VCN (both
//     ActionEncap with the mapping's substrate and VNI; no mapping →
//     ActionDeny that depends on the mapping part, so creating the mapping
//     makes it stale); a gateway route encapsulates to the gateway's
//     substrate with the VNI of n's VCN.
//   - ingress: the policy of n must allow k, else ActionDeny (policy). Allowed
//     → ActionDeliver to n, depending on the policy and on the mapping of n's
//     own overlay IP, so that moving n makes the entry stale.
//
// When a ToR is named, n must be attached to it (ErrNotAttached): a VNIC that
// moved away is no longer resolvable at its old ToR.
//
// It may import package vcn and nisvc/config only.
package resolve

import (
	"errors"
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Errors of resolution; the returned errors wrap them.
var (
	// ErrUnknownVNIC: no VNIC has the key's number.
	ErrUnknownVNIC = errors.New("unknown vnic")
	// ErrNotAttached: the VNIC is not behind the ToR that asked.
	ErrNotAttached = errors.New("vnic not attached to tor")
	// ErrIncomplete: the mirror lacks an object or part the flow needs
	// (not synchronised yet, or dangling reference in the configuration).
	ErrIncomplete = errors.New("configuration incomplete")
	// ErrInvalidKey: the key does not name a flow.
	ErrInvalidKey = errors.New("invalid flow key")
)

// Flow resolves one flow key against s. tor, when not empty, is the ToR
// asking; the key's VNIC must be attached to it.
func Flow(s *config.Snapshot, tor string, k vcn.FlowKey) (vcn.FlowInfo, error) {
	if err := k.Valid(); err != nil {
		return vcn.FlowInfo{}, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	n, ok := s.VNICByNum(k.VNIC)
	if !ok {
		return vcn.FlowInfo{}, fmt.Errorf("%w %d", ErrUnknownVNIC, k.VNIC)
	}
	if tor != "" && n.Attach.ToR != tor {
		return vcn.FlowInfo{}, fmt.Errorf("%w: vnic %d is behind %q, not %q", ErrNotAttached, k.VNIC, n.Attach.ToR, tor)
	}
	sn, ok := s.Subnet(n.SubnetID)
	if !ok {
		return vcn.FlowInfo{}, fmt.Errorf("%w: subnet %q of vnic %q", ErrIncomplete, n.SubnetID, n.ID)
	}
	allowed, err := allows(s, n, sn, k)
	if err != nil {
		return vcn.FlowInfo{}, err
	}
	fi := vcn.FlowInfo{Key: k, Action: vcn.ActionDeny}
	fi.Versions.Policy = s.Version(vcn.PolicyPart(n.ID))
	if !allowed {
		return fi, nil
	}
	if k.Dir == vcn.Ingress {
		fi.Action = vcn.ActionDeliver
		fi.DeliverVNIC = n.Num
		fi.Versions.Mapping = s.MappingVersion(config.Addr{VCNID: sn.VCNID, IP: n.IP})
		return fi, nil
	}
	if sn.RouteTableID == "" {
		return fi, nil
	}
	fi.Versions.Route = s.Version(vcn.RoutePart(sn.RouteTableID))
	rt, ok := s.RouteTable(sn.RouteTableID)
	if !ok {
		return fi, nil
	}
	r, ok := rt.Lookup(k.Dst)
	if !ok {
		return fi, nil
	}
	switch r.Target.Kind {
	case vcn.TargetGateway:
		v, ok := s.VCN(sn.VCNID)
		if !ok {
			return vcn.FlowInfo{}, fmt.Errorf("%w: vcn %q of subnet %q", ErrIncomplete, sn.VCNID, sn.ID)
		}
		fi.Action, fi.Substrate, fi.VNI = vcn.ActionEncap, r.Target.Substrate, v.VNI
		return fi, nil
	case vcn.TargetLocal, vcn.TargetPeering:
		a := config.Addr{VCNID: sn.VCNID, IP: k.Dst}
		if r.Target.Kind == vcn.TargetPeering {
			a.VCNID = r.Target.ID
		}
		fi.Versions.Mapping = s.MappingVersion(a)
		m, ok := s.Mapping(a)
		if !ok {
			return fi, nil
		}
		fi.Action, fi.Substrate, fi.VNI = vcn.ActionEncap, m.Substrate, m.VNI
		return fi, nil
	}
	return fi, nil // unknown target kind: deny
}

// allows evaluates n's effective policy for k: the policy part's content
// when the mirror has it; otherwise the rules of the security lists of n's
// subnet and of n's NSGs, which is what the policy part is made of (a
// control plane that versions policies without serving their content
// still bumps the part when a list changes, and the mirror then Lists the
// security lists again). Allows is an OR over rules, so the lists are
// evaluated one by one without building the union.
func allows(s *config.Snapshot, n *vcn.VNIC, sn *vcn.Subnet, k vcn.FlowKey) (bool, error) {
	if pol, ok := s.Policy(n.ID); ok {
		return vcn.Allows(pol.Rules, k), nil
	}
	for _, ids := range [2][]string{sn.SecurityListIDs, n.NSGIDs} {
		for _, id := range ids {
			l, ok := s.SecurityList(id)
			if !ok {
				return false, fmt.Errorf("%w: security list %q of vnic %q", ErrIncomplete, id, n.ID)
			}
			if vcn.Allows(l.Rules, k) {
				return true, nil
			}
		}
	}
	return false, nil
}

// Batch resolves keys against s into out and errs, which must have
// len(keys) elements: out[i] answers keys[i] unless errs[i] is set.
func Batch(s *config.Snapshot, tor string, keys []vcn.FlowKey, out []vcn.FlowInfo, errs []error) {
	for i, k := range keys {
		out[i], errs[i] = Flow(s, tor, k)
	}
}
