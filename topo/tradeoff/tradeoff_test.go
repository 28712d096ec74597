package tradeoff

import (
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/topo/trace"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// smallTrace is a trace small enough for unit tests that still has long
// flows, Zipf destinations and several changes.
func smallTrace(t testing.TB, seed uint64) *trace.Generator {
	t.Helper()
	g, err := trace.New(trace.Config{Seed: seed, VCNs: 4, VNICs: 32, PeersPerVCN: 500, FlowsPerSec: 500,
		Duration: 4 * time.Second, LongPackets: 300, ChangesPerSec: 5})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func run(t testing.TB, seed uint64, p Params) Result {
	t.Helper()
	r, err := Run(smallTrace(t, seed), p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var smallParams = Params{TableSizes: []int{64, 256, 1024, 4096, 16384}, IdleTimeout: time.Second}

func TestFullConfigAndNISOnly(t *testing.T) {
	r := run(t, 1, smallParams)
	full, ok := r.Design(DesignFullConfig)
	if !ok {
		t.Fatal("no full-config point")
	}
	if full.Entries != r.FullConfig.Total() || full.Entries == 0 {
		t.Errorf("full-config entries %d, want the full configuration's %d", full.Entries, r.FullConfig.Total())
	}
	// The only slow path of full configuration: destinations nobody maps.
	if full.SlowPath == 0 || full.SlowShare > 0.01 {
		t.Errorf("full-config slow path %d packets (%.4f), want a few unknowns only", full.SlowPath, full.SlowShare)
	}
	nis, _ := r.Design(DesignNISOnly)
	if nis.Entries != 0 || nis.SlowShare != 1 || nis.Packets != r.Packets {
		t.Errorf("nis-only = %d entries, slow share %v, want 0 and 1", nis.Entries, nis.SlowShare)
	}
	if r.Packets == 0 || r.Changes == 0 {
		t.Fatalf("trace with %d packets and %d changes", r.Packets, r.Changes)
	}
}

func TestFullConfigWithoutUnknownsHasNoSlowPath(t *testing.T) {
	g, err := trace.New(trace.Config{Seed: 2, VCNs: 2, VNICs: 8, PeersPerVCN: 100, Duration: time.Second,
		FlowsPerSec: 300, UnknownShare: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(g, Params{TableSizes: []int{128}})
	if err != nil {
		t.Fatal(err)
	}
	full, _ := r.Design(DesignFullConfig)
	if full.SlowPath != 0 {
		t.Errorf("full-config slow path %d packets, want 0", full.SlowPath)
	}
}

func TestMonotonicity(t *testing.T) {
	r := run(t, 3, smallParams)
	for _, s := range Strategies {
		for _, check := range []bool{true, false} {
			c := r.Curve(s, check)
			if len(c) != len(smallParams.TableSizes) {
				t.Fatalf("%s: %d points, want %d", s, len(c), len(smallParams.TableSizes))
			}
			for i := 1; i < len(c); i++ {
				if c[i].SlowPath > c[i-1].SlowPath {
					t.Errorf("%s check=%v: table %d has %d slow-path packets, more than %d at table %d",
						s, check, c[i].TableSize, c[i].SlowPath, c[i-1].SlowPath, c[i-1].TableSize)
				}
			}
			if c[0].Evictions == 0 {
				t.Errorf("%s: the smallest table never evicted", s)
			}
			nis, _ := r.Design(DesignNISOnly)
			if c[0].SlowShare >= nis.SlowShare {
				t.Errorf("%s: a cache of %d entries is no better than none", s, c[0].TableSize)
			}
		}
	}
}

func TestStaleForwarding(t *testing.T) {
	r := run(t, 4, Params{TableSizes: []int{16384}, IdleTimeout: 10 * time.Second, CleanupRate: 500})
	var without uint64
	for _, s := range Strategies {
		with, no := r.Curve(s, true)[0], r.Curve(s, false)[0]
		if with.StaleForwarded != 0 {
			t.Errorf("%s: %d packets forwarded stale with the version check, want 0", s, with.StaleForwarded)
		}
		if with.VersionWrites == 0 || with.StaleMisses == 0 {
			t.Errorf("%s: %d version writes, %d stale misses: the changes did not reach cached flows", s, with.VersionWrites, with.StaleMisses)
		}
		if no.StaleMisses != 0 {
			t.Errorf("%s without the check: %d stale misses", s, no.StaleMisses)
		}
		without += no.StaleForwarded
	}
	if without == 0 {
		t.Error("without the version check no packet was forwarded stale: the contrast shows nothing")
	}
}

// TestStrategies checks the strategies' order on stale misses: rewriting
// strategies miss less than deleting ones with the same notice delay.
func TestStrategies(t *testing.T) {
	r := run(t, 5, Params{TableSizes: []int{16384}, IdleTimeout: 10 * time.Second})
	get := func(s Strategy) Point { return r.Curve(s, true)[0] }
	if push, notify := get(NISPush), get(NISNotify); push.SlowPath > notify.SlowPath || push.Rewrites == 0 || notify.Deletes == 0 {
		t.Errorf("nis-push %d slow/%d rewrites vs nis-notify %d slow/%d deletes", push.SlowPath, push.Rewrites, notify.SlowPath, notify.Deletes)
	}
	for _, s := range []Strategy{NISNotify, ToRPassive} {
		if pt := get(s); pt.RefreshMisses == 0 {
			t.Errorf("%s: no refresh misses after deleting %d entries", s, pt.Deletes)
		}
	}
	for _, s := range []Strategy{NISPush, ToRActive} {
		if pt := get(s); pt.RefreshMisses != 0 {
			t.Errorf("%s: %d refresh misses, want 0: it rewrites, never deletes", s, pt.RefreshMisses)
		}
	}
	if active, passive := get(ToRActive), get(ToRPassive); active.SlowPath > passive.SlowPath || active.Rewrites == 0 || passive.Deletes == 0 {
		t.Errorf("tor-active %d slow/%d rewrites vs tor-passive %d slow/%d deletes", active.SlowPath, active.Rewrites, passive.SlowPath, passive.Deletes)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := run(t, 6, smallParams), run(t, 6, smallParams)
	for i := range a.Points {
		if a.Points[i] != b.Points[i] {
			t.Fatalf("point %d differs between runs:\n%+v\n%+v", i, a.Points[i], b.Points[i])
		}
	}
}

func TestRangePrefixes(t *testing.T) {
	for _, tc := range []struct {
		r    vcn.PortRange
		want int
	}{
		{vcn.PortRange{}, 1},
		{vcn.PortRange{Lo: 0, Hi: 0xffff}, 1},
		{vcn.PortRange{Lo: 80, Hi: 80}, 1},
		{vcn.PortRange{Lo: 8000, Hi: 8999}, 6},
		{vcn.PortRange{Lo: 1024, Hi: 65535}, 6},
		{vcn.PortRange{Lo: 1, Hi: 65534}, 30},
		{vcn.PortRange{Lo: 0, Hi: 7}, 1},
		{vcn.PortRange{Lo: 9, Hi: 3}, 0},
	} {
		if got := RangePrefixes(tc.r); got != tc.want {
			t.Errorf("RangePrefixes(%v) = %d, want %d", tc.r, got, tc.want)
		}
	}
}

func TestBadParams(t *testing.T) {
	for _, p := range []Params{{Strategies: []Strategy{"nis-pull"}}, {TableSizes: []int{0}}, {CleanupRate: -1}} {
		if _, err := Run(smallTrace(t, 1), p); err == nil {
			t.Errorf("Run(%+v) = nil error", p)
		}
	}
}

func BenchmarkStudy(b *testing.B) {
	b.ReportAllocs()
	var pkts uint64
	for i := 0; i < b.N; i++ {
		r, err := Run(smallTrace(b, 1), Params{TableSizes: []int{1024}, Strategies: []Strategy{NISPush}, NoContrast: true})
		if err != nil {
			b.Fatal(err)
		}
		pkts += r.Packets
	}
	b.ReportMetric(float64(pkts)/b.Elapsed().Seconds(), "packets/s")
}

func TestSweep(t *testing.T) {
	s := Study{Trace: trace.Config{Seed: 8, VCNs: 4, VNICs: 32, PeersPerVCN: 500, FlowsPerSec: 500, Duration: 2 * time.Second},
		ChangeRates: []float64{1, 50}, SweepTable: 4096}
	sw, err := s.RunSweep()
	if err != nil {
		t.Fatal(err)
	}
	if len(sw) != 2 || len(sw[0].Points) != 2*len(Strategies) {
		t.Fatalf("got %d sweeps, want 2 with %d points", len(sw), 2*len(Strategies))
	}
	if sw[1].Changes <= sw[0].Changes {
		t.Errorf("%d changes at 50/s, %d at 1/s", sw[1].Changes, sw[0].Changes)
	}
	cost := func(w Sweep) (n uint64) {
		for _, pt := range w.Points {
			if pt.VersionCheck {
				n += pt.StaleMisses + pt.RefreshMisses
			}
			if pt.VersionCheck && pt.StaleForwarded != 0 {
				t.Errorf("%s at %g changes/s: %d stale-forwarded with the check", pt.Strategy, w.ChangesPerSec, pt.StaleForwarded)
			}
		}
		return n
	}
	if lo, hi := cost(sw[0]), cost(sw[1]); hi <= lo {
		t.Errorf("changes cost %d packets at 50/s, %d at 1/s: want more with more changes", hi, lo)
	}
}
