package types

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// FuzzCheck feeds arbitrary programs through the preprocessor, parser and
// checker: the checker must never panic (an internal error is reported as
// an error, which the fuzzer treats as a failure too) and must always
// return a program.
func FuzzCheck(f *testing.F) {
	seeds, _ := filepath.Glob("../syntax/testdata/*/*.p4")
	more, _ := filepath.Glob("testdata/*/*.p4")
	seeds = append(seeds, more...)
	seeds = append(seeds, "../../../p4src/smarttor.p4")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		fset := syntax.NewFileSet()
		// Includes other than the built-ins are not read from disk.
		opts := &syntax.Options{ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }}
		pre, _ := syntax.Preprocess(fset, "fuzz.p4", src, opts)
		if pre == nil || len(pre.Text) > 1<<18 {
			// Macro bombs are the preprocessor's business (it caps its
			// output); they only make the checker slow, not wrong.
			return
		}
		prog, _ := syntax.ParseSource(pre)
		p, err := Check(fset, prog)
		if p == nil {
			t.Fatal("Check returned a nil program")
		}
		if el, ok := err.(syntax.ErrorList); ok {
			for _, e := range el {
				if len(e.Msg) >= 15 && e.Msg[:15] == "internal error:" {
					t.Fatalf("checker panicked: %v", e)
				}
			}
		}
	})
}
