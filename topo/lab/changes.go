package lab

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func errUnknownVNIC(num uint32) error { return fmt.Errorf("lab: no instance of VNIC %d", num) }

// Change is a configuration change the lab made and how the ToRs took it.
type Change struct {
	Name string
	// Parts are the parts it bumped, at their new versions.
	Parts []vcn.PartVersion
	// Committed is when the control plane acknowledged the (last) commit.
	Committed time.Time
	// Acked is, per ToR, when its agent had written the new version of
	// every bumped part it holds (observed through Cache().Held()); ToRs
	// that hold none of them acknowledge at once.
	Acked []time.Time
	// Cleaned is, per ToR, when no entry built from an older version of a
	// bumped part was left (deleted or rewritten).
	// Zero for a ToR that still held such entries after CleanTimeout; Left
	// counts them.
	Cleaned []time.Time
	Left    int
}

// CleanTimeout bounds how long a change waits for the ToRs to delete or
// rewrite the entries it made stale.
var CleanTimeout = 5 * time.Second

// CleanLatency is from the commit to the last ToR's clean-up; -1 if a
// ToR did not clean up within CleanTimeout.
func (c *Change) CleanLatency() time.Duration {
	var d time.Duration
	for _, a := range c.Cleaned {
		if a.IsZero() {
			return -1
		}
		d = max(d, a.Sub(c.Committed))
	}
	return d
}

// Latency is the invalidation latency: from the commit to the last ToR's
// acknowledgement.
func (c *Change) Latency() time.Duration {
	var d time.Duration
	for _, a := range c.Acked {
		d = max(d, a.Sub(c.Committed))
	}
	return d
}

// apply commits the objects in order, records a pending epoch with the new
// configuration, waits for every ToR's acknowledgement and closes the
// epoch. moved, if set, is the VNIC whose instance moves with the first
// commit.
func (l *Lab) apply(ctx context.Context, name string, next Config, subject func(vcn.FlowKey) bool, objs ...any) (*Change, error) {
	o := l.oracle
	ep := &epoch{name: name, cfg: next, model: newModel(next, l.Topology.ToRs), subject: subject}
	c := &Change{Name: name}
	if l.quiesce {
		// Quiesce: no packet
		// enters while the ToRs invalidate and clean up.
		l.gate.Lock()
		defer l.gate.Unlock()
	}
	for i, obj := range objs {
		ch, err := l.CP.Update(ctx, obj)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		c.Parts = append(c.Parts, ch.Bumped...)
		if i == 0 {
			// The instance follows its VNIC as soon as the control plane
			// has it moved; the epoch is pending until acknowledged.
			ep.committed = time.Now()
			o.mu.Lock()
			o.epochs = append(o.epochs, ep)
			o.mu.Unlock()
		}
	}
	c.Committed = time.Now()
	acked, err := l.waitAck(ctx, c.Parts)
	if err != nil {
		var lag []string
		for i, t := range l.ToRs {
			if !acked[i].IsZero() {
				continue
			}
			held := t.Agent.Cache().Held()
			for _, p := range c.Parts {
				if v, has := held[p.Part]; has && v < p.Version {
					lag = append(lag, fmt.Sprintf("%s holds %v at %d, not %d", t.Name, p.Part, v, p.Version))
				}
			}
		}
		return nil, fmt.Errorf("%s: version writes: %w (%s)", name, err, strings.Join(lag, "; "))
	}
	c.Acked = acked
	last := acked[0]
	for _, a := range acked {
		if a.After(last) {
			last = a
		}
	}
	o.mu.Lock()
	ep.acked = last
	o.mu.Unlock()
	if !l.ackOnly {
		c.Cleaned, c.Left = l.waitClean(ctx, c.Parts)
	}
	return c, nil
}

// waitClean polls every agent until no entry it holds was built from an
// older version of the parts.
func (l *Lab) waitClean(ctx context.Context, parts []vcn.PartVersion) ([]time.Time, int) {
	at, _ := l.poll(ctx, CleanTimeout, func(t *ToR) bool { return staleEntries(t, parts) == 0 })
	left := 0
	for i, t := range l.ToRs {
		if at[i].IsZero() {
			left += staleEntries(t, parts)
		}
	}
	return at, left
}

// staleEntries counts the entries of t built from an older version of one
// of the parts.
func staleEntries(t *ToR, parts []vcn.PartVersion) int {
	c := t.Agent.Cache()
	n := 0
	for _, p := range parts {
		for _, k := range c.Dependents(p.Part) {
			if e, ok := c.Lookup(k); ok && partVersion(e.Info.Versions, p.Part) < p.Version {
				n++
			}
		}
	}
	return n
}

func partVersion(fv vcn.FlowVersions, part vcn.PartID) uint64 {
	for _, pv := range fv.Parts() {
		if pv.Part == part {
			return pv.Version
		}
	}
	return 0
}

// poll calls done for every ToR until it returns true, and returns when
// it did for each.
func (l *Lab) poll(ctx context.Context, timeout time.Duration, done func(*ToR) bool) ([]time.Time, error) {
	at := make([]time.Time, len(l.ToRs))
	left := len(l.ToRs)
	deadline := time.Now().Add(timeout)
	for {
		for i, t := range l.ToRs {
			if at[i].IsZero() && done(t) {
				at[i] = time.Now()
				left--
			}
		}
		if left == 0 {
			return at, nil
		}
		if time.Now().After(deadline) {
			return at, fmt.Errorf("not every ToR got there within %v", timeout)
		}
		select {
		case <-ctx.Done():
			return at, ctx.Err()
		case <-time.After(200 * time.Microsecond):
		}
	}
}

// waitAck polls every agent until it holds each part at its new version or
// not at all, and returns when each ToR got there.
//
// A change is in force at a ToR once the NIS has applied it (flow info the
// NIS resolves from then on is current) and the ToR holds no part of it at
// an older version (the one version write is acknowledged). A ToR that
// holds none of the parts acknowledges as soon as the NIS has the change:
// until then the NIS, the source of flow info, still resolves (and
// forwards on its slow path) under the old configuration.
func (l *Lab) waitAck(ctx context.Context, parts []vcn.PartVersion) ([]time.Time, error) {
	return l.poll(ctx, 30*time.Second, func(t *ToR) bool {
		snap := l.NIS.Snapshot()
		for _, p := range parts {
			if snap == nil || snap.Version(p.Part).Version < p.Version {
				return false
			}
		}
		held := t.Agent.Cache().Held()
		for _, p := range parts {
			if v, has := held[p.Part]; has && v < p.Version {
				return false
			}
		}
		return true
	})
}

// DenyPort removes TCP port from the ingress rules of VCN v's security
// list: flows to that port become denied for every VNIC of the subnet.
func (l *Lab) DenyPort(ctx context.Context, v int, port uint16) (*Change, error) {
	next := l.oracle.current().cfg
	lists := slices.Clone(next.SecurityLists)
	sl := lists[v]
	var rules []vcn.SecurityRule
	for _, r := range sl.Rules {
		if r.Direction == vcn.Ingress && r.Protocol == vcn.ProtoTCP && r.DstPort.Lo == port && r.DstPort.Hi == port {
			continue
		}
		rules = append(rules, r)
	}
	sl.Rules = rules
	lists[v] = sl
	next.SecurityLists = lists

	pfx := vcnPrefix(v)
	subject := func(k vcn.FlowKey) bool { return pfx.Contains(k.Dst) && k.Proto == vcn.ProtoTCP && k.DstPort == port }
	return l.apply(ctx, fmt.Sprintf("deny tcp/%d in %s", port, sl.VCNID), next, subject, sl)
}

// AllowPort adds an ingress rule for TCP port to VCN v's security list
// (the counterpart of DenyPort).
func (l *Lab) AllowPort(ctx context.Context, v int, port uint16) (*Change, error) {
	next := l.oracle.current().cfg
	lists := slices.Clone(next.SecurityLists)
	sl := lists[v]
	sl.Rules = append(slices.Clone(sl.Rules), vcn.SecurityRule{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP,
		CIDR: netip.MustParsePrefix("0.0.0.0/0"), DstPort: vcn.PortRange{Lo: port, Hi: port}, Stateless: true})
	lists[v] = sl
	next.SecurityLists = lists
	pfx := vcnPrefix(v)
	subject := func(k vcn.FlowKey) bool { return pfx.Contains(k.Dst) && k.Proto == vcn.ProtoTCP && k.DstPort == port }
	return l.apply(ctx, fmt.Sprintf("allow tcp/%d in %s", port, sl.VCNID), next, subject, sl)
}

// MoveVNIC moves VNIC num to the first free host port of ToR tor: its
// attachment first, then its mapping's substrate. The instance moves with
// the first commit.
func (l *Lab) MoveVNIC(ctx context.Context, num uint32, tor int) (*Change, error) {
	next := l.oracle.current().cfg
	vnics := slices.Clone(next.VNICs)
	maps := slices.Clone(next.Mappings)
	idx := slices.IndexFunc(vnics, func(n vcn.VNIC) bool { return n.Num == num })
	if idx < 0 {
		return nil, errUnknownVNIC(num)
	}
	used := map[uint32]bool{}
	for _, n := range vnics {
		if n.Attach.ToR == ToRName(tor) {
			used[n.Attach.Port] = true
		}
	}
	port := uint32(0)
	for p := uint32(1); p <= uint32(l.Topology.VNICsPerToR+l.Topology.SparePorts); p++ {
		if !used[p] {
			port = p
			break
		}
	}
	if port == 0 {
		return nil, fmt.Errorf("move: no free port on %s", ToRName(tor))
	}
	n := vnics[idx]
	from := n.Attach.ToR
	n.Attach = vcn.Attachment{ToR: ToRName(tor), Port: port}
	vnics[idx] = n
	midx := slices.IndexFunc(maps, func(m vcn.Mapping) bool { return m.OverlayIP == n.IP && m.VCNID == l.vcnOfSubnet(next, n.SubnetID) })
	if midx < 0 {
		return nil, fmt.Errorf("move: no mapping for %v", n.IP)
	}
	mp := maps[midx]
	mp.Substrate = ToRVTEP(tor)
	maps[midx] = mp
	next.VNICs, next.Mappings = vnics, maps
	ip := n.IP
	subject := func(k vcn.FlowKey) bool { return k.Dst == ip || k.VNIC == num }
	return l.apply(ctx, fmt.Sprintf("move %s %s→%s", n.ID, from, n.Attach.ToR), next, subject, n, mp)
}

func (l *Lab) vcnOfSubnet(c Config, subnet string) string {
	for _, s := range c.Subnets {
		if s.ID == subnet {
			return s.VCNID
		}
	}
	return ""
}

// ChangeRoute adds a gateway route for an address range outside the
// instances (10.v.200.0/24) to VCN v's route table: a route bump that
// changes no verdict of the lab's traffic, but invalidates every entry
// built from the table.
func (l *Lab) ChangeRoute(ctx context.Context, v int) (*Change, error) {
	next := l.oracle.current().cfg
	rts := slices.Clone(next.RouteTables)
	rt := rts[v]
	rt.Rules = append(slices.Clone(rt.Rules), vcn.RouteRule{
		Dest:   netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(v), 200, byte(len(rt.Rules))}), 32),
		Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "igw", Substrate: netip.AddrFrom4([4]byte{192, 168, 0, 254})}})
	rts[v] = rt
	next.RouteTables = rts
	pfx := vcnPrefix(v)
	subject := func(k vcn.FlowKey) bool { return pfx.Contains(k.Dst) }
	return l.apply(ctx, fmt.Sprintf("route change in %s", rt.VCNID), next, subject, rt)
}
