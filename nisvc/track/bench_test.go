package track

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// BenchmarkInvalidate measures a bump with 100k tracked flows over 40 ToRs
// (10k VNICs, 10 flows each): a policy bump affects one VNIC's 10 flows;
// a route bump affects every flow of the ToRs holding them (here all
// flows share route "rt"). Each op is Invalidate plus draining every
// subscriber (PUSH: re-resolve and re-record).
func BenchmarkInvalidate(b *testing.B) {
	for _, bc := range []struct {
		name  string
		parts func(i int) []vcn.PartID
		flows int
	}{
		{"policy-10-flows", func(i int) []vcn.PartID { return []vcn.PartID{pol(uint32(i%10000 + 1))} }, 10},
		{"route-100k-flows", func(int) []vcn.PartID { return []vcn.PartID{route} }, 100000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			w := newWorld()
			tr := New(w.resolve, Options{MaxPending: 1 << 20, MaxBatch: 1 << 20})
			subs := map[string]*Subscription{}
			for t := 0; t < 40; t++ {
				tor := fmt.Sprintf("tor%d", t)
				subs[tor] = tr.Subscribe(tor, Push)
			}
			for n := uint32(1); n <= 10000; n++ {
				tor := fmt.Sprintf("tor%d", n%40)
				for p := uint16(0); p < 10; p++ {
					fi, _ := w.resolve(tor, key(n, p))
					tr.Record(tor, []vcn.FlowInfo{fi})
				}
			}
			ctx := context.Background()
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tr.Invalidate(w.bump(bc.parts(i)...))
				got := 0
				for got < bc.flows {
					for _, s := range subs {
						if len(s.signal) > 0 {
							inv, _ := s.Next(ctx)
							got += len(inv.Updated)
						}
					}
				}
			}
			b.ReportMetric(float64(bc.flows*b.N)/b.Elapsed().Seconds(), "flows/s")
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(bc.flows*b.N), "cpu-ns/flow")
		})
	}
}

// cpuTime returns the CPU time the process has used (the machine is
// shared, so wall time alone misleads).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
