// Command vcnlab runs the embedded lab (`make run`): a control plane, the
// NIS, several smart ToRs with their controllers and synthetic instances,
// all in one process and without root; it changes the configuration while
// traffic runs and reports hits, misses, the slow-path share, invalidation
// latencies and the packets forwarded under stale configuration.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
	"github.com/vcn-flowcache/vcn-flowcache/topo/lab"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vcnlab:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		duration = flag.Duration("duration", 20*time.Second, "how long traffic runs")
		tors     = flag.Int("tors", 0, "smart ToRs (default 4, or the topology's)")
		vnics    = flag.Int("vnics", 0, "instances per ToR (default 4, or the topology's)")
		vcns     = flag.Int("vcns", 0, "VCNs (default 2, or the topology's)")
		strategy = flag.String("strategy", "nis-notify", "invalidation strategy: nis-push, nis-notify, tor-passive or tor-active")
		topoFile = flag.String("topology", "", "YAML topology (e.g. topo/embedded.yaml)")
		rate     = flag.Float64("rate", 1000, "packets per second, all instances together")
		flows    = flag.Int("flows", 64, "concurrent flows")
		seed     = flag.Uint64("seed", 1, "traffic seed")
		quiesce  = flag.Bool("quiesce", false, "hold traffic during each change until every ToR cleaned up")
	)
	flag.Parse()
	st, err := controller.ParseStrategy(*strategy)
	if err != nil {
		return err
	}
	var topo lab.Topology
	if *topoFile != "" {
		if topo, err = lab.LoadTopology(*topoFile); err != nil {
			return err
		}
	}
	if *tors > 0 {
		topo.ToRs = *tors
	}
	if *vnics > 0 {
		topo.VNICsPerToR = *vnics
	}
	if *vcns > 0 {
		topo.VCNs = *vcns
	}
	// p4runtime-go-client logs stream ends through logrus at shutdown.
	logrus.SetOutput(io.Discard)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	_, err = lab.Scenario(ctx, os.Stdout, lab.ScenarioOptions{Topology: topo, Strategy: st, Duration: *duration,
		Traffic: lab.TrafficOptions{Rate: *rate, Flows: *flows, Seed: *seed}, Quiesce: *quiesce})
	return err
}
