package nisinttest

import (
	"fmt"
	"math/rand"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// load creates c through the control plane's gRPC client, kind by kind
// (a kind's objects only refer to kinds created before), with a few
// requests in flight, and returns the revision of the last change.
func (e *env) load(c configgen.Config) int64 {
	e.tb.Helper()
	groups := [][]any{}
	add := func(objs []any) { groups = append(groups, objs) }
	kinds := c.All()
	byType := map[string][]any{}
	var order []string
	for _, o := range kinds {
		k := fmt.Sprintf("%T", o)
		if _, ok := byType[k]; !ok {
			order = append(order, k)
		}
		byType[k] = append(byType[k], o)
	}
	for _, k := range order {
		add(byType[k])
	}
	var last int64
	for _, g := range groups {
		start := time.Now()
		const inFlight = 4
		var mu sync.Mutex
		var wg sync.WaitGroup
		next := 0
		for w := 0; w < inFlight; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					mu.Lock()
					i := next
					next++
					mu.Unlock()
					if i >= len(g) {
						return
					}
					ch, err := e.cli.Create(e.ctx, g[i])
					if err != nil {
						e.tb.Errorf("create %T: %v", g[i], err)
						return
					}
					mu.Lock()
					last = max(last, ch.Revision)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if e.tb.Failed() {
			e.tb.FailNow()
		}
		e.tb.Logf("created %d %T in %v", len(g), g[0], time.Since(start).Round(time.Millisecond))
	}
	return last
}

// BenchmarkChangeToNIS measures, on the Large configuration (10k VNICs
// over 40 ToRs, 1k security lists of 100 rules: 100k rules, each VNIC's
// policy 100 rules, 10k mappings) built through the control plane's gRPC
// API, the time from a change through the control plane client to the
// NIS's mirror publishing the new version of a part it bumped: the commit,
// the control plane's watch, the NIS's watch stream and its re-Listing of
// the object kinds the bump implies. Setup (about a minute) is outside the
// timer; each iteration is one change.
func BenchmarkChangeToNIS(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 10k-VNIC configuration through gRPC")
	}
	c := configgen.Generate(rand.New(rand.NewSource(1)), configgen.Large)
	for i := range c.VNICs {
		c.VNICs[i].Attach.Port = uint32(i + 1) // (ToR, port) must be unique
	}
	e := newCPEnv(b)
	start := time.Now()
	rev := e.load(c)
	b.Logf("configuration loaded in %v (revision %d)", time.Since(start).Round(time.Millisecond), rev)
	start = time.Now()
	e.startNIS()
	e.waitRev(rev)
	b.Logf("NIS synchronised in %v: %+v", time.Since(start).Round(time.Millisecond), e.svc.Snapshot().Counts())

	n := c.VNICs[0]
	var sn vcn.Subnet
	for _, x := range c.Subnets {
		if x.ID == n.SubnetID {
			sn = x
		}
	}
	var list vcn.SecurityList
	for _, l := range c.SecurityLists {
		if l.ID == sn.SecurityListIDs[0] {
			list = l
		}
	}
	var rt vcn.RouteTable
	for _, t := range c.RouteTables {
		if t.ID == sn.RouteTableID || sn.RouteTableID == "" && t.VCNID == sn.VCNID {
			rt = t
		}
	}
	var mp vcn.Mapping
	for _, m := range c.Mappings {
		if m.OverlayIP == n.IP && m.VCNID == sn.VCNID {
			mp = m
		}
	}
	edits := 0
	for _, bc := range []struct {
		name string
		part vcn.PartID
		edit func(i int) any
	}{
		{"SecurityList", vcn.PolicyPart(n.ID), func(i int) any {
			l := list
			l.Rules = append([]vcn.SecurityRule(nil), l.Rules...)
			l.Rules[0].CIDR = netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(i >> 8), byte(i)}), 32)
			return l
		}},
		{"RouteTable", vcn.RoutePart(rt.ID), func(i int) any {
			t := rt
			t.Rules = append([]vcn.RouteRule(nil), t.Rules...)
			t.Rules[0].Target.ID = fmt.Sprintf("edit-%d", i)
			return t
		}},
		{"Mapping", vcn.MappingPart(mp.VCNID, mp.OverlayIP.String()), func(i int) any {
			m := mp
			m.VNI = uint32(5000 + i)
			return m
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var commit time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				edits++
				obj := bc.edit(edits)
				v := e.svc.Snapshot().Version(bc.part).Version
				b.StartTimer()
				t0 := time.Now()
				e.update(obj)
				commit += time.Since(t0)
				e.waitVersion(bc.part, v+1)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/change")
			// The part of it the control plane's Update call took (commit
			// and its own mirror); the rest is the NIS's side.
			b.ReportMetric(float64(commit.Microseconds())/1000/float64(b.N), "ms-commit/change")
		})
	}
}
