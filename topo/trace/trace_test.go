package trace

import (
	"fmt"
	"math"
	"net/netip"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func collect(t *testing.T, c Config, n int) []Event {
	t.Helper()
	g, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	var out []Event
	for ev := range g.All() {
		out = append(out, ev)
		if n > 0 && len(out) == n {
			break
		}
	}
	return out
}

func TestDeterminism(t *testing.T) {
	c := Config{Seed: 42, Duration: 2 * time.Second, FlowsPerSec: 500, ChangesPerSec: 5}
	a := collect(t, c, 0)
	b := collect(t, c, 0)
	if len(a) < 1000 {
		t.Fatalf("got %d events, want a real trace", len(a))
	}
	if diff := cmp.Diff(a, b, cmp.Comparer(func(x, y netip.Addr) bool { return x == y })); diff != "" {
		t.Errorf("same seed, different traces (-want +got):\n%s", diff)
	}
	c.Seed = 43
	d := collect(t, c, 0)
	if len(d) == len(a) && cmp.Equal(a[:100], d[:100], cmp.Comparer(func(x, y netip.Addr) bool { return x == y })) {
		t.Errorf("seeds 42 and 43 gave the same trace")
	}
}

// TestChangesLeaveTrafficAlone checks that the change rate does not alter
// the packets, so that a sweep over change rates compares like with like.
func TestChangesLeaveTrafficAlone(t *testing.T) {
	packets := func(rate float64) []Event {
		var out []Event
		for _, ev := range collect(t, Config{Seed: 5, Duration: time.Second, FlowsPerSec: 300, ChangesPerSec: rate}, 0) {
			if ev.Kind == Packet {
				out = append(out, ev)
			}
		}
		return out
	}
	a, b := packets(NoChanges), packets(50)
	if diff := cmp.Diff(a, b, cmp.Comparer(func(x, y netip.Addr) bool { return x == y })); diff != "" {
		t.Errorf("packets differ with the change rate (-none +50/s):\n%s", diff)
	}
}

func TestOrderAndValidity(t *testing.T) {
	g, err := New(Config{Seed: 1, Duration: 3 * time.Second, ChangesPerSec: 10})
	if err != nil {
		t.Fatal(err)
	}
	pop := g.Population()
	var last time.Duration
	var changes int
	for ev := range g.All() {
		if ev.At < last {
			t.Fatalf("event at %v after one at %v: not time-ordered", ev.At, last)
		}
		if ev.At >= g.Config().Duration {
			t.Fatalf("event at %v beyond the trace's duration", ev.At)
		}
		last = ev.At
		switch ev.Kind {
		case Packet:
			if err := ev.Key.Valid(); err != nil {
				t.Fatal(err)
			}
			v, ok := pop.VNIC(ev.Key.VNIC)
			if !ok {
				t.Fatalf("%v: unknown VNIC", ev.Key)
			}
			local := ev.Key.Src
			if ev.Key.Dir == vcn.Ingress {
				local = ev.Key.Dst
			}
			if local != v.IP {
				t.Fatalf("%v: the VNIC's own address is %v", ev.Key, v.IP)
			}
			if ev.Size < 64 || ev.Size > 1500 {
				t.Fatalf("%v: size %d", ev.Key, ev.Size)
			}
		case Change:
			changes++
			if ev.Part.IsZero() {
				t.Fatal("change event without a part")
			}
		}
	}
	if changes == 0 {
		t.Error("no configuration changes in the trace")
	}
}

// TestZipfShape checks the rank-frequency law of destinations: the
// log-log slope of the most popular ranks' frequencies is about -s.
func TestZipfShape(t *testing.T) {
	for _, s := range []float64{0.8, 1.0, 1.2} {
		t.Run(formatS(s), func(t *testing.T) {
			c := Config{Seed: 7, Duration: 20 * time.Second, FlowsPerSec: 5000, ZipfS: s, InternetShare: 1e-9, UnknownShare: 1e-9, LongShare: 1e-9, ChangesPerSec: NoChanges, VCNs: 1}
			g, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			rank := map[netip.Addr]int{}
			for r, p := range g.Population().Peers[0] {
				rank[p.IP] = r
			}
			freq := make([]float64, len(g.Population().Peers[0]))
			for ev := range g.All() {
				if ev.First {
					remote := ev.Key.Dst
					if ev.Key.Dir == vcn.Ingress {
						remote = ev.Key.Src
					}
					if r, ok := rank[remote]; ok {
						freq[r]++
					}
				}
			}
			// Least squares on log f against log (r+1) over the top 50 ranks.
			var sx, sy, sxx, sxy float64
			n := 50.0
			for r := 0; r < 50; r++ {
				x, y := math.Log(float64(r+1)), math.Log(freq[r])
				sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
			}
			slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
			if math.Abs(slope+s) > 0.1 {
				t.Errorf("rank-frequency slope %.3f, want about %.1f", slope, -s)
			}
			if !sort.IsSorted(sort.Reverse(sort.Float64Slice(freq[:3]))) {
				t.Errorf("top ranks not in popularity order: %v", freq[:3])
			}
		})
	}
}

func formatS(s float64) string { return fmt.Sprintf("s=%.1f", s) }

func TestLongShortMix(t *testing.T) {
	c := Config{Seed: 3, Duration: 30 * time.Second, FlowsPerSec: 1000, LongShare: 0.1, LongPackets: 400, LongRate: 100}
	g, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	type stat struct {
		long    bool
		packets int
		first   time.Duration
	}
	flows := map[uint64]*stat{}
	var longPkts, pkts int
	for ev := range g.All() {
		if ev.Kind != Packet {
			continue
		}
		st := flows[ev.Flow]
		if st == nil {
			if !ev.First {
				t.Fatalf("flow %d: first event not marked First", ev.Flow)
			}
			st = &stat{long: ev.Long, first: ev.At}
			flows[ev.Flow] = st
		}
		st.packets++
		pkts++
		if ev.Long {
			longPkts++
		}
	}
	var long, short int
	for id, st := range flows {
		if st.long {
			long++
			continue
		}
		short++
		if st.packets > g.Config().ShortPackets {
			t.Fatalf("short flow %d has %d packets, want at most %d", id, st.packets, g.Config().ShortPackets)
		}
	}
	share := float64(long) / float64(long+short)
	if math.Abs(share-0.1) > 0.01 {
		t.Errorf("long-flow share %.3f, want about 0.1", share)
	}
	if pshare := float64(longPkts) / float64(pkts); pshare < 0.8 {
		t.Errorf("long flows carry %.2f of packets, want most of them", pshare)
	}
	// Long flows last: a long flow that started early spans seconds.
	var spans int
	for _, st := range flows {
		if st.long && st.first < 5*time.Second && st.packets > 200 {
			spans++
		}
	}
	if spans == 0 {
		t.Error("no long flow with many packets")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Config
	}{
		{"negative share", Config{LongShare: -0.5}},
		{"share above one", Config{InboundShare: 2}},
		{"too many peers", Config{PeersPerVCN: 40000}},
		{"negative zipf", Config{ZipfS: -3}},
		{"negative rate", Config{FlowsPerSec: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.c); err == nil {
				t.Errorf("New(%+v) = nil error", tc.c)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	g, err := New(Config{Seed: 1, Duration: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := g.Next(); !ok {
			b.Fatal("trace ended")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
