package lab

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
)

// ScenarioOptions configure Scenario.
type ScenarioOptions struct {
	Topology Topology
	Strategy controller.Strategy
	Duration time.Duration // traffic time (default 20 s)
	Traffic  TrafficOptions
	// Progress is how often a progress line is printed (default 1 s; <0: never).
	Progress time.Duration
	// Quiesce holds traffic during each change (see the Quiesce option).
	Quiesce bool
}

// ScenarioResult is what a scenario measured.
type ScenarioResult struct {
	Stats   []ToRStats
	Changes []*Change
	Verdict Verdict
}

// Scenario is `make run`: it starts a lab, runs traffic for the duration,
// makes three configuration changes while traffic runs (at a quarter, half
// and three quarters of it: a security rule that denies a port in use, a
// VNIC move to another ToR, a route change), and writes progress and the
// final report to w.
func Scenario(ctx context.Context, w io.Writer, o ScenarioOptions) (*ScenarioResult, error) {
	if o.Duration <= 0 {
		o.Duration = 20 * time.Second
	}
	if o.Progress == 0 {
		o.Progress = time.Second
	}
	if o.Strategy == "" {
		o.Strategy = controller.NISNotify
	}
	topo := o.Topology.Defaults()
	t0 := time.Now()
	sctx, scancel := context.WithTimeout(ctx, time.Minute)
	l, err := Start(sctx, topo, WithStrategy(o.Strategy), Quiesce(o.Quiesce))
	scancel()
	if err != nil {
		return nil, err
	}
	defer l.Close()
	fmt.Fprintf(w, "lab up in %v: %d ToRs, %d VNICs in %d VCNs, strategy %s\n",
		time.Since(t0).Round(time.Millisecond), topo.ToRs, topo.ToRs*topo.VNICsPerToR, topo.VCNs, o.Strategy)

	tctx, tcancel := context.WithCancel(ctx)
	trafficDone := make(chan struct{})
	go func() { l.RunTraffic(tctx, o.Traffic); close(trafficDone) }()
	start := time.Now()
	progress := func() {
		st := l.Stats(ctx)
		var hits, misses uint64
		var ents []string
		for _, s := range st {
			hits += s.Hits
			misses += s.Misses + s.Stale
			ents = append(ents, fmt.Sprint(s.Entries))
		}
		fmt.Fprintf(w, "  t=%4.1fs  injected %6d  hits %6d  misses %5d  slow path %5d  entries/ToR [%s]\n",
			time.Since(start).Seconds(), l.oracle.injected.Load(), hits, misses, l.oracle.slowPath.Load(), strings.Join(ents, " "))
	}
	var tick <-chan time.Time
	if o.Progress > 0 {
		tk := time.NewTicker(o.Progress)
		defer tk.Stop()
		tick = tk.C
	}
	changes := []func() (*Change, error){
		func() (*Change, error) { return l.DenyPort(ctx, 0, 8080) },
		func() (*Change, error) { return l.MoveVNIC(ctx, 1, topo.ToRs-1) },
		func() (*Change, error) { return l.ChangeRoute(ctx, 0) },
	}
	res := &ScenarioResult{}
	at := func(i int) time.Time { return start.Add(o.Duration * time.Duration(i+1) / 4) }
	next := 0
	end := time.NewTimer(o.Duration)
	defer end.Stop()
loop:
	for {
		var due <-chan time.Time
		if next < len(changes) {
			due = time.After(time.Until(at(next)))
		}
		select {
		case <-ctx.Done():
			tcancel()
			return nil, ctx.Err()
		case <-tick:
			progress()
		case <-due:
			c, err := changes[next]()
			next++
			if err != nil {
				fmt.Fprintf(w, "  change failed: %v\n", err)
				continue
			}
			res.Changes = append(res.Changes, c)
			if c.Left > 0 {
				fmt.Fprintf(w, "  t=%4.1fs  change %q: %d stale entries neither deleted nor rewritten after %v\n",
					time.Since(start).Seconds(), c.Name, c.Left, CleanTimeout)
			}
			fmt.Fprintf(w, "  t=%4.1fs  change %q: bumped %d parts, all ToRs acknowledged in %v, cleaned up in %s\n",
				time.Since(start).Seconds(), c.Name, len(c.Parts), c.Latency().Round(time.Microsecond), cleanString(c))
		case <-end.C:
			break loop
		}
	}
	// Changes a slow clean-up pushed past the end are still made, with
	// traffic still running.
	for ; next < len(changes); next++ {
		c, err := changes[next]()
		if err != nil {
			fmt.Fprintf(w, "  change failed: %v\n", err)
			continue
		}
		res.Changes = append(res.Changes, c)
		fmt.Fprintf(w, "  t=%4.1fs  change %q (late): bumped %d parts, all ToRs acknowledged in %v, cleaned up in %s\n",
			time.Since(start).Seconds(), c.Name, len(c.Parts), c.Latency().Round(time.Microsecond), cleanString(c))
	}
	tcancel()
	<-trafficDone
	time.Sleep(300 * time.Millisecond) // let the last packets land
	res.Stats = l.Stats(ctx)
	res.Verdict = l.Verdict()
	report(w, o, topo, res, time.Since(start))
	return res, nil
}

func report(w io.Writer, o ScenarioOptions, topo Topology, r *ScenarioResult, d time.Duration) {
	v := r.Verdict
	var hits, misses, stale, ents uint64
	for _, s := range r.Stats {
		hits += s.Hits
		misses += s.Misses
		stale += s.Stale
		ents += uint64(s.Entries)
	}
	fmt.Fprintf(w, "\nvcnlab report: strategy %s, %d ToRs, %d VNICs, %v of traffic\n", o.Strategy, topo.ToRs, topo.ToRs*topo.VNICsPerToR, d.Round(time.Millisecond))
	fmt.Fprintf(w, "  packets injected      %d (arrived %d; the rest denied by policy or dropped)\n", v.Injected, v.Arrived)
	fmt.Fprintf(w, "  flow-cache hits       %d (look-ups at the sending and at the receiving ToR)\n", hits)
	fmt.Fprintf(w, "  misses                %d (+ %d stale hits treated as misses)\n", misses, stale)
	share := 0.0
	if v.Injected > 0 {
		share = float64(v.SlowPath) / float64(v.Injected)
	}
	fmt.Fprintf(w, "  slow path (NIS)       %d packets, %.2f%% of injected\n", v.SlowPath, 100*share)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  ToR\thits\tmisses\tstale\tentries\tinstalls\tversion writes\t\n")
	for _, s := range r.Stats {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", s.Name, s.Hits, s.Misses, s.Stale, s.Entries, s.Installs, s.VersionWrites)
	}
	tw.Flush()
	fmt.Fprintf(w, "  invalidation latency (commit → every ToR's version write acknowledged):\n")
	for _, c := range r.Changes {
		var per []string
		for _, a := range c.Acked {
			per = append(per, a.Sub(c.Committed).Round(time.Microsecond).String())
		}
		fmt.Fprintf(w, "    %-30s %2d parts  %9v  per ToR [%s]  entries cleaned %9s  re-established %d pkts\n", c.Name, len(c.Parts),
			c.Latency().Round(time.Microsecond), strings.Join(per, " "), cleanString(c), v.Reestablished[c.Name])
	}
	if o.Quiesce {
		fmt.Fprintf(w, "  (traffic held during each change until cleaned up)\n")
	}
	fmt.Fprintf(w, "  packets forwarded under stale configuration: %d (oracle; wrong %d, duplicates %d)\n", v.Stale, v.Wrong, v.Duplicates)
	for _, e := range v.Examples {
		fmt.Fprintf(w, "    %s\n", e)
	}
}

func cleanString(c *Change) string {
	if d := c.CleanLatency(); d >= 0 {
		return d.Round(time.Microsecond).String()
	}
	return fmt.Sprintf("never(%d left)", c.Left)
}
