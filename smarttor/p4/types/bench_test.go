package types

import (
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// BenchmarkCheck checks p4src/smarttor.p4 (with core.p4 and v1model.p4),
// parsed once outside the timer.
func BenchmarkCheck(b *testing.B) {
	fset := syntax.NewFileSet()
	prog, err := syntax.ParseProgram(fset, "../../../p4src/smarttor.p4", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Check(fset, prog); err != nil {
			b.Fatal(err)
		}
	}
}
