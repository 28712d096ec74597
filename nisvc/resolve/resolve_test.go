package resolve

import (
	"errors"
	"math/rand"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// reference evaluates a flow the straightforward way: linear scans over the
// plain object lists, rules gathered from the security lists directly, a
// route found by trying every rule, versions looked up in the part list.
func reference(c configgen.Config, tor string, k vcn.FlowKey) (vcn.FlowInfo, bool) {
	version := func(p vcn.PartID) vcn.PartVersion {
		pv := vcn.PartVersion{Part: p}
		for _, c := range c.Parts {
			if c.Part == p {
				pv.Version = c.Version
			}
		}
		return pv
	}
	var n *vcn.VNIC
	for i := range c.VNICs {
		if c.VNICs[i].Num == k.VNIC {
			n = &c.VNICs[i]
		}
	}
	if n == nil || (tor != "" && n.Attach.ToR != tor) {
		return vcn.FlowInfo{}, false
	}
	var sn vcn.Subnet
	for _, s := range c.Subnets {
		if s.ID == n.SubnetID {
			sn = s
		}
	}
	allowed := false
	for _, r := range configgen.EffectiveRules(c, *n) {
		fwd, rev := k, k.Reverse()
		for _, kk := range []vcn.FlowKey{fwd, rev} {
			if kk == rev && r.Stateless {
				continue
			}
			remote := kk.Dst
			if kk.Dir == vcn.Ingress {
				remote = kk.Src
			}
			portsOK := true
			if kk.Proto == vcn.ProtoTCP || kk.Proto == vcn.ProtoUDP {
				portsOK = inRange(r.SrcPort, kk.SrcPort) && inRange(r.DstPort, kk.DstPort)
			}
			if r.Direction == kk.Dir && (r.Protocol == 0 || r.Protocol == kk.Proto) && r.CIDR.Contains(remote) && portsOK {
				allowed = true
			}
		}
	}
	fi := vcn.FlowInfo{Key: k, Action: vcn.ActionDeny}
	fi.Versions.Policy = version(vcn.PolicyPart(n.ID))
	if !allowed {
		return fi, true
	}
	mapping := func(vcnID string, ip netip.Addr) (vcn.Mapping, bool) {
		for _, m := range c.Mappings {
			if m.VCNID == vcnID && m.OverlayIP == ip {
				return m, true
			}
		}
		return vcn.Mapping{}, false
	}
	if k.Dir == vcn.Ingress {
		fi.Action, fi.DeliverVNIC = vcn.ActionDeliver, n.Num
		fi.Versions.Mapping = version(vcn.MappingPart(sn.VCNID, n.IP.String()))
		return fi, true
	}
	if sn.RouteTableID == "" {
		return fi, true
	}
	fi.Versions.Route = version(vcn.RoutePart(sn.RouteTableID))
	var best *vcn.RouteRule
	for _, t := range c.RouteTables {
		if t.ID != sn.RouteTableID {
			continue
		}
		for bits := 32; bits >= 0 && best == nil; bits-- {
			for i, r := range t.Rules {
				if r.Dest.Bits() == bits && r.Dest.Contains(k.Dst) {
					best = &t.Rules[i]
				}
			}
		}
	}
	if best == nil {
		return fi, true
	}
	switch best.Target.Kind {
	case vcn.TargetGateway:
		for _, v := range c.VCNs {
			if v.ID == sn.VCNID {
				fi.Action, fi.Substrate, fi.VNI = vcn.ActionEncap, best.Target.Substrate, v.VNI
			}
		}
	case vcn.TargetLocal, vcn.TargetPeering:
		dstVCN := sn.VCNID
		if best.Target.Kind == vcn.TargetPeering {
			dstVCN = best.Target.ID
		}
		fi.Versions.Mapping = version(vcn.MappingPart(dstVCN, k.Dst.String()))
		if m, ok := mapping(dstVCN, k.Dst); ok {
			fi.Action, fi.Substrate, fi.VNI = vcn.ActionEncap, m.Substrate, m.VNI
		}
	}
	return fi, true
}

// deleteSome deletes a few mappings and a route table from c, the way the
// control plane would (a deleted part keeps a bumped version), and applies
// the same deletions to s.
func deleteSome(r *rand.Rand, c configgen.Config, s *config.Snapshot) (configgen.Config, *config.Snapshot) {
	b := s.Edit()
	del := func(p vcn.PartID) {
		pv := vcn.PartContent{PartVersion: vcn.PartVersion{Part: p, Version: s.Version(p).Version + 1}, Deleted: true}
		c.Parts = append(c.Parts, pv) // the reference takes the last version listed
		b.Apply(pv)
	}
	var kept []vcn.Mapping
	for _, m := range c.Mappings {
		if r.Intn(5) == 0 {
			del(vcn.MappingPart(m.VCNID, m.OverlayIP.String()))
			continue
		}
		kept = append(kept, m)
	}
	c.Mappings = kept
	i := r.Intn(len(c.RouteTables))
	del(vcn.RoutePart(c.RouteTables[i].ID))
	c.RouteTables = append(c.RouteTables[:i:i], c.RouteTables[i+1:]...)
	s, _ = b.Snapshot()
	return c, s
}

func inRange(r vcn.PortRange, p uint16) bool {
	return (r.Lo == 0 && r.Hi == 0) || (r.Lo <= p && p <= r.Hi)
}

func TestAgainstReference(t *testing.T) {
	actions := map[vcn.Action]int{}
	for seed := int64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewSource(seed))
		c := configgen.Generate(r, configgen.Small)
		s := c.Snapshot(1)
		if seed%3 == 0 {
			// A control plane that versions policies but serves no
			// content: the resolver evaluates the security lists.
			stripped := c
			stripped.Parts = nil
			for _, p := range c.Parts {
				p.Policy = nil
				stripped.Parts = append(stripped.Parts, p)
			}
			s = stripped.Snapshot(1)
			if _, ok := s.Policy(c.VNICs[0].ID); ok {
				t.Fatal("stripped snapshot still has policy content")
			}
		}
		if seed%2 == 0 {
			c, s = deleteSome(r, c, s)
		}
		for i := 0; i < 400; i++ {
			k := c.Flow(r)
			tor := ""
			if r.Intn(3) == 0 {
				tor = configgen.ToR(r.Intn(configgen.Small.ToRs))
			}
			want, wantOK := reference(c, tor, k)
			got, err := Flow(s, tor, k)
			if (err == nil) != wantOK {
				t.Fatalf("seed %d: Flow(%q, %v) error = %v, reference ok = %v", seed, tor, k, err, wantOK)
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
				t.Fatalf("seed %d: Flow(%q, %v) (-want +got):\n%s", seed, tor, k, diff)
			}
			if err == nil {
				actions[got.Action]++
			}
		}
	}
	// The generator must exercise every outcome, or the check is hollow.
	for _, a := range []vcn.Action{vcn.ActionDeny, vcn.ActionEncap, vcn.ActionDeliver} {
		if actions[a] < 50 {
			t.Errorf("only %d flows resolved to %v: generator too narrow (%v)", actions[a], a, actions)
		}
	}
}

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

// fixture is a small hand-written configuration: VCN v (10.0.0.0/16, VNI
// 100) peered with VCN p (10.1.0.0/16, VNI 200).
func fixture() *config.Snapshot {
	b := config.Empty().Edit()
	b.SetVCNs([]vcn.VCN{{ID: "v", VNI: 100, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
		{ID: "p", VNI: 200, CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}}})
	b.SetSubnets([]vcn.Subnet{{ID: "s", VCNID: "v", CIDR: pfx("10.0.1.0/24"), RouteTableID: "rt"},
		{ID: "bare", VCNID: "v", CIDR: pfx("10.0.2.0/24")}})
	b.SetVNICs([]vcn.VNIC{
		{ID: "a", SubnetID: "s", Num: 1, IP: addr("10.0.1.2"), Attach: vcn.Attachment{ToR: "t1"}},
		{ID: "b", SubnetID: "s", Num: 2, IP: addr("10.0.1.3"), Attach: vcn.Attachment{ToR: "t2"}},
		{ID: "c", SubnetID: "bare", Num: 3, IP: addr("10.0.2.2"), Attach: vcn.Attachment{ToR: "t1"}},
		{ID: "nopol", SubnetID: "s", Num: 4, IP: addr("10.0.1.9"), NSGIDs: []string{"nsg"}, Attach: vcn.Attachment{ToR: "t1"}},
		{ID: "badnsg", SubnetID: "s", Num: 5, IP: addr("10.0.1.10"), NSGIDs: []string{"missing"}, Attach: vcn.Attachment{ToR: "t1"}},
	})
	b.SetSecurityLists([]vcn.SecurityList{{ID: "nsg", VCNID: "v", Kind: vcn.NetworkSecurityGroup, Rules: []vcn.SecurityRule{
		{Direction: vcn.Egress, Protocol: vcn.ProtoTCP, CIDR: pfx("10.0.1.3/32")}}}})
	all := []vcn.SecurityRule{{Direction: vcn.Egress, Protocol: vcn.ProtoUDP, CIDR: pfx("0.0.0.0/0")},
		{Direction: vcn.Egress, Protocol: vcn.ProtoTCP, CIDR: pfx("0.0.0.0/0"), Stateless: true},
		{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: pfx("10.0.0.0/8"), DstPort: vcn.PortRange{Lo: 22, Hi: 22}}}
	for _, id := range []string{"a", "b", "c"} {
		b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(id), Version: 3},
			Policy: &vcn.Policy{VNICID: id, Rules: all}})
	}
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 5}, Route: &vcn.RouteTable{
		ID: "rt", VCNID: "v", Rules: []vcn.RouteRule{
			{Dest: pfx("10.0.0.0/16"), Target: vcn.RouteTarget{Kind: vcn.TargetLocal}},
			{Dest: pfx("10.1.0.0/16"), Target: vcn.RouteTarget{Kind: vcn.TargetPeering, ID: "p"}},
			{Dest: pfx("0.0.0.0/0"), Target: vcn.RouteTarget{Kind: vcn.TargetGateway, Substrate: addr("192.0.2.1")}},
		}}})
	for _, m := range []vcn.Mapping{
		{VCNID: "v", OverlayIP: addr("10.0.1.2"), Substrate: addr("192.168.0.1"), VNI: 100},
		{VCNID: "v", OverlayIP: addr("10.0.1.3"), Substrate: addr("192.168.0.2"), VNI: 100},
		{VCNID: "p", OverlayIP: addr("10.1.0.7"), Substrate: addr("192.168.0.9"), VNI: 200},
	} {
		m := m
		b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.MappingPart(m.VCNID, m.OverlayIP.String()), Version: 7},
			Mapping: &m})
	}
	s, _ := b.Snapshot()
	return s
}

func TestFlow(t *testing.T) {
	s := fixture()
	pol := func(id string) vcn.PartVersion { return vcn.PartVersion{Part: vcn.PolicyPart(id), Version: 3} }
	rt := vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 5}
	mp := func(v, ip string, ver uint64) vcn.PartVersion {
		return vcn.PartVersion{Part: vcn.MappingPart(v, ip), Version: ver}
	}
	eg := func(n uint32, src, dst string) vcn.FlowKey {
		return vcn.FlowKey{VNIC: n, Dir: vcn.Egress, Src: addr(src), Dst: addr(dst), Proto: vcn.ProtoTCP, SrcPort: 999, DstPort: 22}
	}
	in := func(n uint32, src, dst string, dport uint16) vcn.FlowKey {
		return vcn.FlowKey{VNIC: n, Dir: vcn.Ingress, Src: addr(src), Dst: addr(dst), Proto: vcn.ProtoTCP, SrcPort: 999, DstPort: dport}
	}
	tests := []struct {
		name    string
		tor     string
		key     vcn.FlowKey
		want    vcn.FlowInfo
		wantErr error
	}{
		{"local encap", "t1", eg(1, "10.0.1.2", "10.0.1.3"), vcn.FlowInfo{Action: vcn.ActionEncap, Substrate: addr("192.168.0.2"), VNI: 100,
			Versions: vcn.FlowVersions{Policy: pol("a"), Route: rt, Mapping: mp("v", "10.0.1.3", 7)}}, nil},
		{"local no mapping", "", eg(1, "10.0.1.2", "10.0.9.9"), vcn.FlowInfo{Action: vcn.ActionDeny,
			Versions: vcn.FlowVersions{Policy: pol("a"), Route: rt, Mapping: mp("v", "10.0.9.9", 0)}}, nil},
		{"peering", "", eg(1, "10.0.1.2", "10.1.0.7"), vcn.FlowInfo{Action: vcn.ActionEncap, Substrate: addr("192.168.0.9"), VNI: 200,
			Versions: vcn.FlowVersions{Policy: pol("a"), Route: rt, Mapping: mp("p", "10.1.0.7", 7)}}, nil},
		{"gateway", "", eg(1, "10.0.1.2", "8.8.8.8"), vcn.FlowInfo{Action: vcn.ActionEncap, Substrate: addr("192.0.2.1"), VNI: 100,
			Versions: vcn.FlowVersions{Policy: pol("a"), Route: rt}}, nil},
		{"no route table", "", eg(3, "10.0.2.2", "10.0.1.3"), vcn.FlowInfo{Action: vcn.ActionDeny,
			Versions: vcn.FlowVersions{Policy: pol("c")}}, nil},
		{"ingress allowed", "t2", in(2, "10.0.1.2", "10.0.1.3", 22), vcn.FlowInfo{Action: vcn.ActionDeliver, DeliverVNIC: 2,
			Versions: vcn.FlowVersions{Policy: pol("b"), Mapping: mp("v", "10.0.1.3", 7)}}, nil},
		{"ingress denied", "", in(2, "10.0.1.2", "10.0.1.3", 80), vcn.FlowInfo{Action: vcn.ActionDeny,
			Versions: vcn.FlowVersions{Policy: pol("b")}}, nil},
		{"stateful reply", "", vcn.FlowKey{VNIC: 2, Dir: vcn.Ingress, Src: addr("8.8.8.8"), Dst: addr("10.0.1.3"),
			Proto: vcn.ProtoUDP, SrcPort: 53, DstPort: 999}, vcn.FlowInfo{}, nil},
		{"unknown vnic", "", eg(99, "10.0.1.2", "10.0.1.3"), vcn.FlowInfo{}, ErrUnknownVNIC},
		{"wrong tor", "t2", eg(1, "10.0.1.2", "10.0.1.3"), vcn.FlowInfo{}, ErrNotAttached},
		{"policy from lists", "", eg(4, "10.0.1.9", "10.0.1.3"), vcn.FlowInfo{Action: vcn.ActionEncap, Substrate: addr("192.168.0.2"), VNI: 100,
			Versions: vcn.FlowVersions{Policy: vcn.PartVersion{Part: vcn.PolicyPart("nopol")}, Route: rt, Mapping: mp("v", "10.0.1.3", 7)}}, nil},
		{"policy from lists denies", "", eg(4, "10.0.1.9", "10.0.1.2"), vcn.FlowInfo{Action: vcn.ActionDeny,
			Versions: vcn.FlowVersions{Policy: vcn.PartVersion{Part: vcn.PolicyPart("nopol")}}}, nil},
		{"missing nsg", "", eg(5, "10.0.1.10", "10.0.1.3"), vcn.FlowInfo{}, ErrIncomplete},
		{"invalid key", "", vcn.FlowKey{VNIC: 1}, vcn.FlowInfo{}, ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Flow(s, tt.tor, tt.key)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Flow error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if tt.name == "stateful reply" {
				// The UDP egress rule to 0.0.0.0/0 is stateful: the
				// reply of 10.0.1.3:999 -> 8.8.8.8:53 is allowed in.
				if got.Action != vcn.ActionDeliver {
					t.Errorf("reply of a stateful egress rule: action %v, want deliver", got.Action)
				}
				return
			}
			tt.want.Key = tt.key
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
				t.Errorf("Flow (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBatch(t *testing.T) {
	s := fixture()
	keys := []vcn.FlowKey{
		{VNIC: 1, Dir: vcn.Egress, Src: addr("10.0.1.2"), Dst: addr("8.8.8.8"), Proto: vcn.ProtoUDP, DstPort: 53},
		{VNIC: 42, Dir: vcn.Egress, Src: addr("10.0.1.2"), Dst: addr("8.8.8.8")},
	}
	out, errs := make([]vcn.FlowInfo, len(keys)), make([]error, len(keys))
	Batch(s, "", keys, out, errs)
	if errs[0] != nil || out[0].Action != vcn.ActionEncap {
		t.Errorf("keys[0]: %v, %v; want encap", out[0], errs[0])
	}
	if !errors.Is(errs[1], ErrUnknownVNIC) {
		t.Errorf("keys[1] error = %v, want %v", errs[1], ErrUnknownVNIC)
	}
}
