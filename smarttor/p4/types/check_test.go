package types

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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
			src, _ := os.ReadFile(f)
			if !strings.Contains(string(src), " main;") {
				t.Skip("an include file, without a main package")
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

func TestDump(t *testing.T) {
	if os.Getenv("P4DUMP") == "" {
		t.Skip("set P4DUMP=file.p4 to print its checked model")
	}
	p, err := load(t, os.Getenv("P4DUMP"))
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + dumpProgram(p))
}

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestModelGolden compares a dump of the checked model (instance tree,
// tables, entries, parser keysets, digests) with testdata/model/*.golden.
func TestModelGolden(t *testing.T) {
	programs := map[string]string{
		"smarttor": "../../../p4src/smarttor.p4",
		"features": "testdata/programs/features.p4",
	}
	for name, path := range programs {
		t.Run(name, func(t *testing.T) {
			p, err := load(t, path)
			if err != nil {
				t.Fatal(err)
			}
			got := dumpProgram(p)
			golden := filepath.Join("testdata", "model", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("model of %s (-want +got):\n%s", path, diff)
			}
		})
	}
}
