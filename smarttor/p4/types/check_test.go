package types

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// load parses and checks a program file.
func load(t testing.TB, path string) (*Program, error) {
	t.Helper()
	fset := syntax.NewFileSet()
	prog, err := syntax.ParseProgram(fset, path, nil, nil)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return Check(fset, prog)
}

// TestPrograms checks that the real programs check cleanly.
func TestPrograms(t *testing.T) {
	files := []string{"../../../p4src/smarttor.p4"}
	more, _ := filepath.Glob("../syntax/testdata/programs/*.p4")
	files = append(files, more...)
	more, _ = filepath.Glob("testdata/programs/*.p4")
	files = append(files, more...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if _, err := os.Stat(f); err != nil {
				t.Skip(err)
			}
			p, err := load(t, f)
			if err != nil {
				t.Fatalf("%v", err)
			}
			if p.Main == nil || len(p.Blocks) == 0 {
				t.Fatalf("no main package instance")
			}
		})
	}
}

func TestDumpSmartTor(t *testing.T) {
	p, err := load(t, "../../../p4src/smarttor.p4")
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + dumpProgram(p))
}
