package vcn

import "net/netip"

// Matches reports whether r allows the packet of flow k on its own,
// without state: the rule's direction equals the flow's, the remote end
// (source of ingress, destination of egress) lies in r.CIDR, and protocol
// and ports match. Ports are checked only for TCP and UDP.
func (r SecurityRule) Matches(k FlowKey) bool {
	if r.Direction != k.Dir {
		return false
	}
	if r.Protocol != ProtoAny && r.Protocol != k.Proto {
		return false
	}
	remote := k.Dst
	if k.Dir == Ingress {
		remote = k.Src
	}
	if !r.CIDR.Contains(remote) {
		return false
	}
	if k.Proto == ProtoTCP || k.Proto == ProtoUDP {
		return r.SrcPort.Contains(k.SrcPort) && r.DstPort.Contains(k.DstPort)
	}
	return true
}

// Reverse returns the key of the return traffic of k, seen from the same
// VNIC: the opposite direction with addresses and ports swapped.
func (k FlowKey) Reverse() FlowKey {
	r := k
	r.Dir = Egress
	if k.Dir == Egress {
		r.Dir = Ingress
	}
	r.Src, r.Dst = k.Dst, k.Src
	r.SrcPort, r.DstPort = k.DstPort, k.SrcPort
	return r
}

// Allows evaluates a rule set against flow k: the flow is allowed if a rule
// matches it, or if a stateful rule matches its return traffic (k is then
// the reply of a flow the rule allowed). Connection tracking proper (was the
// forward flow actually seen?) is the caller's business; this is the
// configuration's verdict.
func Allows(rules []SecurityRule, k FlowKey) bool {
	rev := k.Reverse()
	for _, r := range rules {
		if r.Matches(k) || (!r.Stateless && r.Matches(rev)) {
			return true
		}
	}
	return false
}

// Lookup returns the route rule with the longest prefix containing dst.
func (t RouteTable) Lookup(dst netip.Addr) (RouteRule, bool) {
	best, found := RouteRule{}, false
	for _, r := range t.Rules {
		if r.Dest.Contains(dst) && (!found || r.Dest.Bits() > best.Dest.Bits()) {
			best, found = r, true
		}
	}
	return best, found
}
