package syntax

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// seedCorpus adds every .p4 file under testdata to f.
func seedCorpus(f *testing.F) {
	f.Helper()
	for _, pattern := range []string{"testdata/programs/*.p4", "testdata/errors/*.p4"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add([]byte("#define F(a) F(a) a\nF(F(1))\n#if defined(X) || (1 ? 2 : 3) / 0\n#endif"))
	f.Add([]byte("control c() { apply { x = a<b<c>>(d) >> e; } }"))
}

// fuzzOpts serves includes from the seed corpus only, never the disk.
var fuzzOpts = &Options{
	ReadFile: func(name string) ([]byte, error) {
		if name == "headers.p4" {
			return os.ReadFile("testdata/programs/headers.p4")
		}
		return nil, errors.New("not found")
	},
}

// FuzzPreprocess checks that the preprocessor never panics and that its
// positions stay inside the output.
func FuzzPreprocess(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := NewFileSet()
		s, _ := Preprocess(fset, "fuzz.p4", src, fuzzOpts)
		if s == nil || s.File == nil {
			t.Fatal("Preprocess returned no source")
		}
		if s.File.Size() != len(s.Text) {
			t.Fatalf("file size %d != text length %d", s.File.Size(), len(s.Text))
		}
		for off := 0; off <= len(s.Text); off += 1 + len(s.Text)/16 {
			if p := fset.Position(s.File.Pos(off)); !p.IsValid() {
				t.Fatalf("offset %d has no position", off)
			}
		}
	})
}

// FuzzParse checks that parsing never panics, that every node reported
// has a sane extent, and that the canonical form of an error-free
// program parses again without errors.
func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := NewFileSet()
		prog, err := ParseProgram(fset, "fuzz.p4", src, fuzzOpts)
		if prog == nil {
			t.Fatal("ParseProgram returned a nil program")
		}
		for _, d := range prog.Decls {
			if d.End() < d.Pos() {
				t.Fatalf("declaration ends before it starts: %d < %d", d.End(), d.Pos())
			}
		}
		text := Sprint(prog)
		if err != nil {
			return
		}
		again, err := ParseFile(NewFileSet(), "printed.p4", []byte(text))
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, text)
		}
		if got := Sprint(again); got != text {
			t.Fatalf("canonical form is not stable:\n%s\n---\n%s", text, got)
		}
	})
}
