package nisinttest

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func ip(s string) netip.Addr    { return netip.MustParseAddr(s) }

// The hand-made configuration of the scenario tests: one VCN, one subnet
// with two VNICs on two ToRs, a security list letting in TCP 80 and out
// anything, two route tables sending the Internet to different gateways.
var (
	vcn1  = vcn.VCN{ID: "vcn-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, VNI: 100}
	slWeb = vcn.SecurityList{ID: "sl-web", VCNID: "vcn-1", Rules: []vcn.SecurityRule{
		{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: pfx("0.0.0.0/0"), DstPort: vcn.PortRange{Lo: 80, Hi: 80}},
		// Stateless, so that it does not let in the replies of
		// everything (vcn.Allows): the ingress rule alone decides.
		{Direction: vcn.Egress, CIDR: pfx("0.0.0.0/0"), Stateless: true},
	}}
	rt1 = vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1", Rules: []vcn.RouteRule{
		{Dest: pfx("10.0.0.0/16")},
		{Dest: pfx("0.0.0.0/0"), Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "igw-1", Substrate: ip("192.0.2.1")}},
	}}
	rt2 = vcn.RouteTable{ID: "rt-2", VCNID: "vcn-1", Rules: []vcn.RouteRule{
		{Dest: pfx("10.0.0.0/16")},
		{Dest: pfx("0.0.0.0/0"), Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "igw-2", Substrate: ip("192.0.2.2")}},
	}}
	sn1   = vcn.Subnet{ID: "sn-1", VCNID: "vcn-1", CIDR: pfx("10.0.1.0/24"), RouteTableID: "rt-1", SecurityListIDs: []string{"sl-web"}}
	vnic1 = vcn.VNIC{ID: "vnic-1", SubnetID: "sn-1", Num: 1, IP: ip("10.0.1.10"), MAC: vcn.MAC{2, 0, 0, 0, 0, 1}, Attach: vcn.Attachment{ToR: "tor-1", Port: 1}}
	vnic2 = vcn.VNIC{ID: "vnic-2", SubnetID: "sn-1", Num: 2, IP: ip("10.0.1.11"), MAC: vcn.MAC{2, 0, 0, 0, 0, 2}, Attach: vcn.Attachment{ToR: "tor-2", Port: 1}}
	map1  = vcn.Mapping{VCNID: "vcn-1", OverlayIP: vnic1.IP, Substrate: ip("192.168.0.1"), VNI: 100}
	map2  = vcn.Mapping{VCNID: "vcn-1", OverlayIP: vnic2.IP, Substrate: ip("192.168.0.2"), VNI: 100}

	// Flows: into vnic-1 on TCP 80 (tor-1), vnic-1 to the Internet
	// (tor-1), vnic-2 to vnic-1 (tor-2).
	flowIn1  = vcn.FlowKey{VNIC: 1, Dir: vcn.Ingress, Src: vnic2.IP, Dst: vnic1.IP, Proto: vcn.ProtoTCP, SrcPort: 40000, DstPort: 80}
	flowOut1 = vcn.FlowKey{VNIC: 1, Dir: vcn.Egress, Src: vnic1.IP, Dst: ip("8.8.8.8"), Proto: vcn.ProtoUDP, SrcPort: 5353, DstPort: 53}
	flowOut2 = vcn.FlowKey{VNIC: 2, Dir: vcn.Egress, Src: vnic2.IP, Dst: vnic1.IP, Proto: vcn.ProtoTCP, SrcPort: 40000, DstPort: 80}
)

// createFixture creates the scenario configuration and waits for the NIS.
func (e *env) createFixture() {
	e.tb.Helper()
	e.waitRev(e.create(vcn1, slWeb, rt1, rt2, sn1, vnic1, vnic2, map1, map2))
}

// resolve asks the NIS (over gRPC) for flow info of keys held by tor.
func (e *env) resolve(tor string, keys ...vcn.FlowKey) ([]vcn.FlowInfo, []string) {
	e.tb.Helper()
	req := &nisv1.ResolveFlowsRequest{Tor: tor}
	for _, k := range keys {
		req.Keys = append(req.Keys, convert.FlowKeyToProto(k))
	}
	resp, err := e.nis.ResolveFlows(e.ctx, req)
	if err != nil {
		e.tb.Fatal(err)
	}
	infos := make([]vcn.FlowInfo, len(keys))
	for i, pb := range resp.GetFlows() {
		if resp.GetErrors()[i] != "" {
			continue
		}
		if infos[i], err = convert.FlowInfoFromProto(pb); err != nil {
			e.tb.Fatal(err)
		}
	}
	return infos, resp.GetErrors()
}

// mustResolve resolves keys that must resolve.
func (e *env) mustResolve(tor string, keys ...vcn.FlowKey) []vcn.FlowInfo {
	e.tb.Helper()
	infos, errs := e.resolve(tor, keys...)
	for i, s := range errs {
		if s != "" {
			e.tb.Fatalf("resolve %v at %s: %s", keys[i], tor, s)
		}
	}
	return infos
}

// stream is a Subscribe stream of a ToR, decoded.
type stream struct {
	t  *testing.T
	ch chan invalidation
}

type invalidation struct {
	stale   []vcn.PartVersion
	updated []vcn.FlowInfo
	removed []vcn.FlowKey
}

func (e *env) subscribe(t *testing.T, tor string, mode nisv1.Mode) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(e.ctx)
	t.Cleanup(cancel)
	sc, err := e.nis.Subscribe(ctx, &nisv1.SubscribeRequest{Tor: tor, Mode: mode})
	if err != nil {
		t.Fatal(err)
	}
	s := &stream{t: t, ch: make(chan invalidation, 64)}
	go func() {
		defer close(s.ch)
		for {
			m, err := sc.Recv()
			if err != nil {
				return
			}
			var inv invalidation
			inv.stale, _ = convert.PartVersionsFromProto(m.GetStale())
			for _, pb := range m.GetUpdated() {
				fi, _ := convert.FlowInfoFromProto(pb)
				inv.updated = append(inv.updated, fi)
			}
			for _, pb := range m.GetRemoved() {
				k, _ := convert.FlowKeyFromProto(pb)
				inv.removed = append(inv.removed, k)
			}
			s.ch <- inv
		}
	}()
	// The subscription is registered by the server asynchronously; a
	// round trip on the same connection after it makes that likely, and
	// Subscribe's revalidation covers the rest (flows stale at subscribe
	// time are queued at once).
	time.Sleep(20 * time.Millisecond)
	return s
}

// until reads invalidations until done returns true for what was
// gathered so far, or fails after 20 s.
func (s *stream) until(what string, done func(stale []vcn.PartVersion, updated []vcn.FlowInfo, removed []vcn.FlowKey) bool) {
	s.t.Helper()
	var stale []vcn.PartVersion
	var updated []vcn.FlowInfo
	var removed []vcn.FlowKey
	timeout := time.After(20 * time.Second)
	for {
		select {
		case inv, ok := <-s.ch:
			if !ok {
				s.t.Fatalf("%s: stream ended; got stale %v updated %v removed %v", what, stale, updated, removed)
			}
			stale = append(stale, inv.stale...)
			updated = append(updated, inv.updated...)
			removed = append(removed, inv.removed...)
			if done(stale, updated, removed) {
				return
			}
		case <-timeout:
			s.t.Fatalf("%s: not after 20s; got stale %v updated %v removed %v", what, stale, updated, removed)
		}
	}
}

// reference computes what flow info k must resolve to in c, with the
// domain package's own evaluation (vcn.Allows, RouteTable.Lookup).
func reference(c configgen.Config, k vcn.FlowKey) (action vcn.Action, substrate netip.Addr, vni uint32) {
	var n vcn.VNIC
	for _, x := range c.VNICs {
		if x.Num == k.VNIC {
			n = x
		}
	}
	if !vcn.Allows(configgen.EffectiveRules(c, n), k) {
		return vcn.ActionDeny, netip.Addr{}, 0
	}
	if k.Dir == vcn.Ingress {
		return vcn.ActionDeliver, netip.Addr{}, 0
	}
	var sn vcn.Subnet
	for _, x := range c.Subnets {
		if x.ID == n.SubnetID {
			sn = x
		}
	}
	var rt *vcn.RouteTable
	for i := range c.RouteTables {
		if c.RouteTables[i].ID == sn.RouteTableID {
			rt = &c.RouteTables[i]
		}
	}
	if rt == nil {
		return vcn.ActionDeny, netip.Addr{}, 0
	}
	r, ok := rt.Lookup(k.Dst)
	if !ok {
		return vcn.ActionDeny, netip.Addr{}, 0
	}
	vcnID := sn.VCNID
	switch r.Target.Kind {
	case vcn.TargetGateway:
		for _, v := range c.VCNs {
			if v.ID == sn.VCNID {
				return vcn.ActionEncap, r.Target.Substrate, v.VNI
			}
		}
	case vcn.TargetPeering:
		vcnID = r.Target.ID
	}
	for _, m := range c.Mappings {
		if m.VCNID == vcnID && m.OverlayIP == k.Dst {
			return vcn.ActionEncap, m.Substrate, m.VNI
		}
	}
	return vcn.ActionDeny, netip.Addr{}, 0
}
