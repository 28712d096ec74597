package compile

import "testing"

// BenchmarkLoad runs the whole front-end on p4src/smarttor.p4: preprocess,
// parse, check and P4Info.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Load(smartTorP4, nil); err != nil {
			b.Fatal(err)
		}
	}
}
