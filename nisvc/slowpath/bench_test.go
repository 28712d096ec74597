package slowpath

import (
	"math/rand"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
)

// BenchmarkSlowPath processes outbound punts of random VNIC-to-VNIC TCP
// flows against configgen.Large (10k VNICs, 1k security lists × 100
// rules): parse, identify the VNIC, resolve, re-encapsulate.
func BenchmarkSlowPath(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	c := configgen.Generate(r, configgen.Large)
	s := c.Snapshot(1)
	type pkt struct {
		b    []byte
		from netip.AddrPort
	}
	pkts := make([]pkt, 1024)
	for i := range pkts {
		src, dst := c.VNICs[r.Intn(len(c.VNICs))], c.VNICs[r.Intn(len(c.VNICs))]
		sn, _ := s.Subnet(src.SubnetID)
		v, _ := s.VCN(sn.VCNID)
		inner := frame(b, src.MAC, macR, src.IP.String(), dst.IP.String(), uint16(r.Intn(120)), uint16(r.Intn(120)))
		pkts[i] = pkt{vxlan(v.VNI, MarkPuntEgress, inner), netip.AddrPortFrom(configgen.ToRVTEP(0), Port)}
	}
	w := New(func() *config.Snapshot { return s }, nil).NewWorker()
	verdicts := map[Verdict]int{}
	for _, p := range pkts {
		v, _, _ := w.Process(p.b, p.from)
		verdicts[v]++
	}
	b.Logf("verdicts of the packet set: %v", verdicts)
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pkts[i%len(pkts)]
		w.Process(p.b, p.from)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkts/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/pkt")
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
