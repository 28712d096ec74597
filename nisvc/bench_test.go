package nisvc

import (
	"math/rand"
	"syscall"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// BenchmarkServiceResolveFlows is ResolveFlows as the gRPC server calls it:
// batches of 256 keys of one ToR against configgen.Large (10k VNICs, 1k
// security lists × 100 rules), resolved and recorded in the tracker (which
// holds up to 64k distinct flows).
func BenchmarkServiceResolveFlows(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	c := configgen.Generate(r, configgen.Large)
	svc := NewLocal(Options{})
	svc.Publish(c.Snapshot(1), config.Change{})
	tors := map[uint32]string{}
	for _, n := range c.VNICs {
		tors[n.Num] = n.Attach.ToR
	}
	const batch = 256
	type req struct {
		tor  string
		keys []vcn.FlowKey
	}
	byToR := map[string][]vcn.FlowKey{}
	for i := 0; i < 1<<16; i++ {
		k := c.Flow(r)
		byToR[tors[k.VNIC]] = append(byToR[tors[k.VNIC]], k)
	}
	var reqs []req
	for tor, ks := range byToR {
		for len(ks) >= batch {
			reqs = append(reqs, req{tor, ks[:batch]})
			ks = ks[batch:]
		}
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		rq := reqs[(i/batch)%len(reqs)]
		svc.ResolveFlows(rq.tor, rq.keys[:min(batch, b.N-i)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/flow")
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
