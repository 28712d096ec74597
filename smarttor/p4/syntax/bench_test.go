package syntax

import (
	"os"
	"testing"
)

// largest returns the biggest program of the corpus and its text.
func largest(b *testing.B) (string, []byte) {
	b.Helper()
	var name string
	var src []byte
	for _, f := range corpus(b) {
		s, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if len(s) > len(src) {
			name, src = f, s
		}
	}
	return name, src
}

// BenchmarkParseProgram preprocesses and parses the largest corpus
// program, v1model.p4 and core.p4 included.
func BenchmarkParseProgram(b *testing.B) {
	name, src := largest(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := ParseProgram(NewFileSet(), name, src, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSource parses already preprocessed text.
func BenchmarkParseSource(b *testing.B) {
	name, src := largest(b)
	s, err := Preprocess(NewFileSet(), name, src, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(s.Text)))
	for b.Loop() {
		if _, err := ParseSource(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreprocess measures the preprocessor alone.
func BenchmarkPreprocess(b *testing.B) {
	name, src := largest(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Preprocess(NewFileSet(), name, src, nil); err != nil {
			b.Fatal(err)
		}
	}
}
