package resolve

import (
	"math/rand"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// BenchmarkResolveFlows resolves batches of 256 random flows against
// configgen.Large (10k VNICs, 1k security lists × 100 rules).
func BenchmarkResolveFlows(b *testing.B) {
	s, keys := large()
	const batch = 256
	out, errs := make([]vcn.FlowInfo, batch), make([]error, batch)
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		off := i % len(keys)
		n := min(batch, b.N-i)
		Batch(s, "", keys[off:off+n], out[:n], errs[:n])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	// The machine is shared: CPU time per flow is the steadier figure.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/flow")
}

var large = sync.OnceValues(func() (*config.Snapshot, []vcn.FlowKey) {
	r := rand.New(rand.NewSource(1))
	c := configgen.Generate(r, configgen.Large)
	keys := make([]vcn.FlowKey, 1<<16)
	for i := range keys {
		keys[i] = c.Flow(r)
	}
	return c.Snapshot(1), keys
})

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
