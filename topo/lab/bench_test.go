package lab

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

var long = flag.Bool("long", false, "also run BenchmarkInvalidate with N = 100000")

// The benchmarks' topology: VNICs 1 and 2 behind tor-0, 3 and 4 behind
// tor-1, one VCN; flows go from 1 and 2 to 3.
var benchTopo = Topology{ToRs: 2, VNICsPerToR: 2, VCNs: 1, SparePorts: 1}

func benchLab(b *testing.B, s controller.Strategy) *Lab {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l, err := Start(ctx, benchTopo, WithStrategy(s))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	return l
}

// benchKeys are n egress flows to VNIC 3, TCP port dport, from VNICs 1 and
// 2 alternately, with distinct source ports.
func benchKeys(l *Lab, n int, dport uint16) []vcn.FlowKey {
	m := l.oracle.current().model
	dst := m.vnics[3]
	keys := make([]vcn.FlowKey, n)
	for i := range keys {
		src := m.vnics[uint32(1+i%2)]
		keys[i] = vcn.FlowKey{VNIC: src.Num, Dir: vcn.Egress, Src: src.IP, Dst: dst.IP, Proto: vcn.ProtoTCP,
			SrcPort: uint16(1024 + i/2), DstPort: dport}
	}
	return keys
}

// installed reports whether both ToRs hold current entries for k: the
// egress entry at the sender's ToR and the ingress entry at VNIC 3's.
func installed(l *Lab, k vcn.FlowKey) bool {
	e, ok := l.ToRs[0].Agent.Cache().Lookup(k)
	if !ok || e.Stale {
		return false
	}
	in := k
	in.VNIC, in.Dir = 3, vcn.Ingress
	e, ok = l.ToRs[1].Agent.Cache().Lookup(in)
	return ok && !e.Stale
}

// install sends the first packet of every flow (paced, so that no queue
// overflows) until both ToRs hold entries for all of them.
func install(b *testing.B, l *Lab, keys []vcn.FlowKey) {
	b.Helper()
	pending := keys
	for attempt := 0; len(pending) > 0; attempt++ {
		if attempt == 20 {
			b.Fatalf("%d of %d flows not installed after %d attempts", len(pending), len(keys), attempt)
		}
		for i, k := range pending {
			l.Send(k)
			if i%100 == 99 {
				time.Sleep(5 * time.Millisecond)
			}
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			var missing []vcn.FlowKey
			for _, k := range pending {
				if !installed(l, k) {
					missing = append(missing, k)
				}
			}
			pending = missing
			if len(pending) == 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// BenchmarkMissToInstall measures, for a new flow, the first packet
// injected → entries installed on both ToRs, and confirms that the next
// packet is forwarded on the fast path (slow-2nd counts those that were
// not; it must be 0).
func BenchmarkMissToInstall(b *testing.B) {
	l := benchLab(b, controller.NISNotify)
	m := l.oracle.current().model
	src, dst := m.vnics[1], m.vnics[3]
	var lats []time.Duration
	var slow2nd int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		svc := services[[]int{3, 0, 1}[(i/60000)%3]] // UDP 53, TCP 80, TCP 443: allowed inbound
		k := vcn.FlowKey{VNIC: src.Num, Dir: vcn.Egress, Src: src.IP, Dst: dst.IP, Proto: svc.proto,
			SrcPort: uint16(1024 + i%60000), DstPort: svc.port}
		t0 := time.Now()
		first, err := l.sendWait(k)
		if err != nil {
			b.Fatal(err)
		}
		for !installed(l, k) {
			if time.Since(t0) > 10*time.Second {
				b.Fatalf("flow %v not installed after 10 s", k)
			}
			time.Sleep(20 * time.Microsecond)
		}
		lats = append(lats, time.Since(t0))
		if !wait(first, 5*time.Second) {
			b.Fatalf("first packet of %v never arrived", k)
		}
		sp := l.oracle.slowPath.Load()
		second, err := l.sendWait(k)
		if err != nil {
			b.Fatal(err)
		}
		if !wait(second, 5*time.Second) {
			b.Fatalf("second packet of %v never arrived", k)
		}
		if l.oracle.slowPath.Load() != sp {
			slow2nd++
		}
	}
	b.StopTimer()
	slices.Sort(lats)
	b.ReportMetric(float64(lats[len(lats)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lats[(len(lats)*99)/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(slow2nd), "slow-2nd")
}

func wait(c <-chan struct{}, d time.Duration) bool {
	select {
	case <-c:
		return true
	case <-time.After(d):
		return false
	}
}

var strategies = []controller.Strategy{controller.NISPush, controller.NISNotify, controller.ToRPassive, controller.ToRActive}

// BenchmarkBump measures a configuration change (a security list denies
// TCP 8080, which 64 cached flows use) from the control-plane call to the
// version write acknowledged by every ToR: from then on the stale entries
// forward nothing. stale-pkts counts probe packets of the denied flows,
// sent after the acknowledgement, that were delivered anyway (must be 0).
func BenchmarkBump(b *testing.B) {
	for _, s := range strategies {
		b.Run(string(s), func(b *testing.B) {
			l := benchLab(b, s)
			l.ackOnly = true
			defer func(d time.Duration) { CleanTimeout = d }(CleanTimeout)
			CleanTimeout = time.Second // set-up only here
			ctx := context.Background()
			keys := benchKeys(l, 64, 8080)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				install(b, l, keys)
				b.StartTimer()
				c, err := l.DenyPort(ctx, 0, 8080)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				probe(b, l, c, keys[:8])
				if _, err := l.AllowPort(ctx, 0, 8080); err != nil {
					b.Fatal(err)
				}
				l.waitClean(ctx, c.Parts)
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(float64(l.Verdict().Stale), "stale-pkts")
		})
	}
}

// probe sends one packet of each of keys right after a change that denies
// them, during the clean-up: the oracle counts any that is forwarded.
func probe(b *testing.B, l *Lab, c *Change, keys []vcn.FlowKey) {
	b.Helper()
	for _, k := range keys {
		l.Send(k)
	}
	l.waitClean(context.Background(), c.Parts)
	time.Sleep(20 * time.Millisecond) // let the probes land, if they do
}

// BenchmarkInvalidate measures a change on which N cached flows depend
// (each ToR holds N entries built from the bumped policy parts) from the
// control-plane call until every one of them is deleted or rewritten on
// both ToRs. left counts entries still stale after CleanTimeout (then the
// time is CleanTimeout's, not a clean-up's).
func BenchmarkInvalidate(b *testing.B) {
	ns := []int{1000, 10000}
	if *long {
		ns = append(ns, 100000)
	}
	for _, s := range strategies {
		for _, n := range ns {
			b.Run(fmt.Sprintf("%s/%d", s, n), func(b *testing.B) {
				l := benchLab(b, s)
				l.ackOnly = true
				ctx := context.Background()
				keys := benchKeys(l, n, 8080)
				left := 0
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					install(b, l, keys)
					b.StartTimer()
					c, err := l.DenyPort(ctx, 0, 8080)
					if err != nil {
						b.Fatal(err)
					}
					_, lf := l.waitClean(ctx, c.Parts)
					b.StopTimer()
					left += lf
					probe(b, l, c, keys[:8])
					if _, err := l.AllowPort(ctx, 0, 8080); err != nil {
						b.Fatal(err)
					}
					l.waitClean(ctx, c.Parts)
					b.StartTimer()
				}
				b.StopTimer()
				b.ReportMetric(float64(l.Verdict().Stale), "stale-pkts")
				b.ReportMetric(float64(left)/float64(b.N), "left")
			})
		}
	}
}
