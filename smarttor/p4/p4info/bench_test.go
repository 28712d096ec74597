package p4info

import (
	"os"
	"path/filepath"
	"testing"
)

// fullInfo reads testdata/full.p4info.txtpb.
func fullInfo(b *testing.B) []byte {
	b.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", "full.p4info.txtpb"))
	if err != nil {
		b.Fatal(err)
	}
	return text
}

// BenchmarkMarshalText writes a P4Info in p4c's text format.
func BenchmarkMarshalText(b *testing.B) {
	info, err := UnmarshalText(fullInfo(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		MarshalText(info)
	}
}

// BenchmarkUnmarshalText parses a P4Info in text format, newer fields
// included.
func BenchmarkUnmarshalText(b *testing.B) {
	text := fullInfo(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := UnmarshalText(text); err != nil {
			b.Fatal(err)
		}
	}
}
