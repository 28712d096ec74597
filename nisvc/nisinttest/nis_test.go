package nisinttest

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// TestResolveMatchesReference creates a generated configuration through
// the control plane client and checks the NIS's answers for random flows
// against the domain package's evaluation, and their versions against
// the control plane's.
func TestResolveMatchesReference(t *testing.T) {
	e := newEnv(t)
	c := configgen.Generate(rand.New(rand.NewSource(11)), configgen.Small)
	e.waitRev(e.create(c.All()...))
	want, _, err := e.cli.Versions(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(12))
	tor := map[uint32]string{}
	for _, n := range c.VNICs {
		tor[n.Num] = n.Attach.ToR
	}
	actions := map[vcn.Action]int{}
	for i := 0; i < 400; i++ {
		k := c.Flow(r)
		fi := e.mustResolve(tor[k.VNIC], k)[0]
		action, sub, vni := reference(c, k)
		actions[fi.Action]++
		if fi.Action != action || fi.Substrate != sub || fi.VNI != vni {
			t.Errorf("%v: NIS %v to %v vni %d, want %v to %v vni %d", k, fi.Action, fi.Substrate, fi.VNI, action, sub, vni)
		}
		for _, pv := range fi.Versions.Parts() {
			if pv.Version != want[pv.Part] {
				t.Errorf("%v: depends on %v, control plane has version %d", k, pv, want[pv.Part])
			}
		}
	}
	for _, a := range []vcn.Action{vcn.ActionDeny, vcn.ActionEncap, vcn.ActionDeliver} {
		if actions[a] == 0 {
			t.Errorf("no flow resolved to %v (%v): the sample does not cover it", a, actions)
		}
	}
}

func hasPart(pvs []vcn.PartVersion, p vcn.PartID, v uint64) bool {
	return slices.ContainsFunc(pvs, func(pv vcn.PartVersion) bool { return pv.Part == p && pv.Version >= v })
}

func hasFlow(fis []vcn.FlowInfo, f func(vcn.FlowInfo) bool) bool { return slices.ContainsFunc(fis, f) }

// TestSecurityListChange: editing a security list makes the PUSH stream
// of the ToR holding affected flows send the stale policy part and fresh
// flow info, and the NOTIFY stream send the stale part.
func TestSecurityListChange(t *testing.T) {
	e := newEnv(t)
	e.createFixture()
	push := e.subscribe(t, "tor-1", nisv1.Mode_MODE_PUSH)
	note := e.subscribe(t, "tor-1", nisv1.Mode_MODE_NOTIFY)
	got := e.mustResolve("tor-1", flowIn1, flowOut1)
	if got[0].Action != vcn.ActionDeliver || got[1].Action != vcn.ActionEncap || got[1].Substrate != ip("192.0.2.1") {
		t.Fatalf("before the change: %+v", got)
	}
	pol := vcn.PolicyPart("vnic-1")
	v := got[0].Versions.Policy.Version + 1

	l := slWeb
	l.Rules = slices.Clone(l.Rules)
	l.Rules[0].DstPort = vcn.PortRange{Lo: 443, Hi: 443}
	e.update(l)

	push.until("push", func(stale []vcn.PartVersion, upd []vcn.FlowInfo, _ []vcn.FlowKey) bool {
		return hasPart(stale, pol, v) &&
			hasFlow(upd, func(fi vcn.FlowInfo) bool {
				return fi.Key == flowIn1 && fi.Action == vcn.ActionDeny && fi.Versions.Policy.Version == v
			}) &&
			hasFlow(upd, func(fi vcn.FlowInfo) bool {
				return fi.Key == flowOut1 && fi.Action == vcn.ActionEncap && fi.Versions.Policy.Version == v
			})
	})
	note.until("notify", func(stale []vcn.PartVersion, upd []vcn.FlowInfo, _ []vcn.FlowKey) bool {
		if len(upd) > 0 {
			t.Errorf("notify stream got flow info %v", upd)
		}
		return hasPart(stale, pol, v)
	})
	if fi := e.mustResolve("tor-1", flowIn1)[0]; fi.Action != vcn.ActionDeny {
		t.Errorf("after the change, %v resolves to %v, want deny", flowIn1, fi.Action)
	}
}

// TestVNICMove: moving a VNIC to another ToR makes its mapping stale,
// removes its flows from the old ToR, and updates the flows towards it
// elsewhere once its mapping follows.
func TestVNICMove(t *testing.T) {
	e := newEnv(t)
	e.createFixture()
	push1 := e.subscribe(t, "tor-1", nisv1.Mode_MODE_PUSH)
	note1 := e.subscribe(t, "tor-1", nisv1.Mode_MODE_NOTIFY)
	push2 := e.subscribe(t, "tor-2", nisv1.Mode_MODE_PUSH)
	in := e.mustResolve("tor-1", flowIn1, flowOut1)
	if out2 := e.mustResolve("tor-2", flowOut2)[0]; out2.Substrate != map1.Substrate {
		t.Fatalf("before the move, %v goes to %v", flowOut2, out2.Substrate)
	}
	mp := vcn.MappingPart("vcn-1", vnic1.IP.String())
	v := in[0].Versions.Mapping.Version + 1

	moved := vnic1
	moved.Attach = vcn.Attachment{ToR: "tor-3", Port: 1}
	e.update(moved)
	m := map1
	m.Substrate = ip("192.168.0.3")
	e.update(m)

	push1.until("old tor, push", func(_ []vcn.PartVersion, _ []vcn.FlowInfo, rm []vcn.FlowKey) bool {
		return slices.Contains(rm, flowIn1) && slices.Contains(rm, flowOut1)
	})
	note1.until("old tor, notify", func(stale []vcn.PartVersion, _ []vcn.FlowInfo, rm []vcn.FlowKey) bool {
		return hasPart(stale, mp, v) && slices.Contains(rm, flowIn1)
	})
	push2.until("peer tor, push", func(_ []vcn.PartVersion, upd []vcn.FlowInfo, _ []vcn.FlowKey) bool {
		return hasFlow(upd, func(fi vcn.FlowInfo) bool { return fi.Key == flowOut2 && fi.Substrate == m.Substrate })
	})
	if _, errs := e.resolve("tor-1", flowIn1); !strings.Contains(errs[0], "not attached") {
		t.Errorf("resolving at the old tor: %q, want not attached", errs[0])
	}
	if fi := e.mustResolve("tor-3", flowIn1)[0]; fi.Action != vcn.ActionDeliver || fi.Versions.Mapping.Version < v+1 {
		t.Errorf("at the new tor: %+v", fi)
	}
}

// TestSubnetRouteTableSwitch: a subnet switching route tables shows on
// the watch only as bumps of both tables; the NIS must re-resolve the
// flows of the subnet's VNICs with the new table.
func TestSubnetRouteTableSwitch(t *testing.T) {
	e := newEnv(t)
	e.createFixture()
	push := e.subscribe(t, "tor-1", nisv1.Mode_MODE_PUSH)
	if fi := e.mustResolve("tor-1", flowOut1)[0]; fi.Substrate != ip("192.0.2.1") || fi.Versions.Route.Part != vcn.RoutePart("rt-1") {
		t.Fatalf("before the switch: %+v", fi)
	}
	sn := sn1
	sn.RouteTableID = "rt-2"
	e.update(sn)
	push.until("push", func(_ []vcn.PartVersion, upd []vcn.FlowInfo, _ []vcn.FlowKey) bool {
		return hasFlow(upd, func(fi vcn.FlowInfo) bool {
			return fi.Key == flowOut1 && fi.Substrate == ip("192.0.2.2") && fi.Versions.Route.Part == vcn.RoutePart("rt-2")
		})
	})
	if fi := e.mustResolve("tor-1", flowOut1)[0]; fi.Substrate != ip("192.0.2.2") {
		t.Errorf("after the switch, %v goes to %v, want the gateway of rt-2", flowOut1, fi.Substrate)
	}
}

// TestControlPlaneRestart: the control plane stops; a change is made to
// its store while it is down; it comes back on the same address (same
// etcd data dir) and another change follows. The NIS mirror catches up
// with both, and the ToR holding affected flows hears of them.
func TestControlPlaneRestart(t *testing.T) {
	e := newEnv(t)
	e.createFixture()
	push := e.subscribe(t, "tor-2", nisv1.Mode_MODE_PUSH)
	before := e.mustResolve("tor-2", flowOut2)[0]
	resyncs := e.svc.MirrorStats().Resyncs

	e.stopCP()
	// During: another control plane instance on the same data dir, not
	// serving, changes the security list.
	st, err := store.Open(e.ctx, e.dir, store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	cp, err := controlplane.New(e.ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	l := slWeb
	l.Rules = slices.Clone(l.Rules)
	l.Rules[0].DstPort = vcn.PortRange{Lo: 443, Hi: 443}
	if _, err := cp.Update(e.ctx, l); err != nil {
		t.Fatal(err)
	}
	cp.Close()
	st.Close()

	// After: the same address again, and a mapping change.
	e.startCP()
	m := map1
	m.Substrate = ip("192.168.0.9")
	e.update(m)

	pol2 := vcn.PolicyPart("vnic-2")
	e.waitVersion(pol2, before.Versions.Policy.Version+1)
	e.waitVersion(before.Versions.Mapping.Part, before.Versions.Mapping.Version+1)
	push.until("push after restart", func(_ []vcn.PartVersion, upd []vcn.FlowInfo, _ []vcn.FlowKey) bool {
		return hasFlow(upd, func(fi vcn.FlowInfo) bool {
			return fi.Key == flowOut2 && fi.Substrate == m.Substrate && fi.Versions.Policy.Version > before.Versions.Policy.Version
		})
	})
	if fi := e.mustResolve("tor-1", flowIn1)[0]; fi.Action != vcn.ActionDeny {
		t.Errorf("after the restart, %v resolves to %v, want deny (changed while down)", flowIn1, fi.Action)
	}
	if got := e.svc.MirrorStats().Resyncs; got <= resyncs {
		t.Errorf("mirror resyncs %d, want more than %d", got, resyncs)
	}
}
