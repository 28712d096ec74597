package mirror

import (
	"context"
	"math/rand"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
)

// BenchmarkInitialSync measures a mirror's first synchronisation of
// configgen.Large (10k VNICs, 1k security lists × 100 rules, 10k policies
// of 100 rules) from a control plane over gRPC (bufconn).
func BenchmarkInitialSync(b *testing.B) {
	c := configgen.Generate(rand.New(rand.NewSource(1)), configgen.Large)
	f := newFakeCP()
	load(f, c)
	_, client := startFake(b, f)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := New(client, Options{})
		if _, err := m.resync(context.Background()); err != nil {
			b.Fatal(err)
		}
		if got := m.Snapshot().Counts().VNICs; got != len(c.VNICs) {
			b.Fatalf("synced %d VNICs, want %d", got, len(c.VNICs))
		}
	}
}
