package ptf

import (
	"context"
	"testing"
)

// BenchmarkOutboundHit measures the switch end to end on in-memory ports:
// frames of an outbound hit injected on the host port in bursts of burst,
// read back encapsulated on the substrate port. ns/op is per frame.
func BenchmarkOutboundHit(b *testing.B) {
	for _, burst := range []int{1, 32} {
		b.Run(map[int]string{1: "one at a time", 32: "bursts of 32"}[burst], func(b *testing.B) {
			s := newSwitch(b)
			s.configure()
			s.encapEntry(outFlow, peerVTEP, nil)
			pkt := hostTCP().bytes()
			host, sub := s.ends[hostPort], s.ends[substratePort]
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(int64(len(pkt)))
			b.ResetTimer()
			for i := 0; i < b.N; i += burst {
				n := min(burst, b.N-i)
				for range n {
					if err := host.Inject(pkt); err != nil {
						b.Fatal(err)
					}
				}
				for range n {
					if _, err := sub.Read(ctx); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
