package lab

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
)

// TestOracle runs the scenario of `make run` on a small topology for every
// strategy and checks, through the oracle, that no packet was forwarded
// under stale configuration, that traffic flowed through both the slow and
// the fast path, and that flows the new configuration allows came back
// after each change.
func TestOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a lab per strategy")
	}
	defer func(d time.Duration) { CleanTimeout = d }(CleanTimeout)
	CleanTimeout = time.Second
	for _, tc := range []struct {
		strategy controller.Strategy
		// quiesce holds traffic during each change; off for every
		// strategy, so the window between the version write and the
		// clean-up is exercised (stale hits must miss).
		quiesce bool
	}{
		{controller.NISPush, false},
		{controller.NISNotify, false},
		{controller.ToRPassive, false},
		{controller.ToRActive, false},
	} {
		t.Run(string(tc.strategy), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			res, err := Scenario(ctx, io.Discard, ScenarioOptions{
				Topology: Topology{ToRs: 2, VNICsPerToR: 3, VCNs: 2, SparePorts: 1},
				Strategy: tc.strategy, Duration: 3 * time.Second, Progress: -1, Quiesce: tc.quiesce,
				Traffic: TrafficOptions{Rate: 400, Flows: 16, Seed: 7},
			})
			if err != nil {
				t.Fatal(err)
			}
			v := res.Verdict
			t.Logf("injected %d arrived %d slow path %d stale %d wrong %d duplicates %d re-established %v",
				v.Injected, v.Arrived, v.SlowPath, v.Stale, v.Wrong, v.Duplicates, v.Reestablished)
			for _, c := range res.Changes {
				t.Logf("%s: %d parts, acknowledged in %v, cleaned %s", c.Name, len(c.Parts), c.Latency(), cleanString(c))
			}
			if v.Stale != 0 || v.Wrong != 0 || v.Duplicates != 0 {
				t.Errorf("forwarded under stale configuration %d, wrongly %d, twice %d; examples %q", v.Stale, v.Wrong, v.Duplicates, v.Examples)
			}
			var hits, misses uint64
			for _, s := range res.Stats {
				hits += s.Hits
				misses += s.Misses + s.Stale
			}
			if hits == 0 || misses == 0 || v.SlowPath == 0 {
				t.Errorf("hits %d, misses %d, slow path %d: want traffic on both paths", hits, misses, v.SlowPath)
			}
			if len(res.Changes) != 3 {
				t.Fatalf("%d changes made, want 3", len(res.Changes))
			}
			for _, c := range res.Changes[1:] { // the move and the route change allow their flows
				if v.Reestablished[c.Name] == 0 {
					t.Errorf("%s: no flow re-established after it", c.Name)
				}
			}
		})
	}
}

func TestMain(m *testing.M) {
	// p4runtime-go-client logs the end of every stream through logrus.
	logrus.SetOutput(io.Discard)
	os.Exit(m.Run())
}
