package lower_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Load parses, checks and lowers a P4 file (without P4Info: default ids).
func load(t testing.TB, path string) (*ir.Program, *syntax.FileSet) {
	t.Helper()
	fset := syntax.NewFileSet()
	prog, err := syntax.ParseProgram(fset, path, nil, &syntax.Options{})
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	checked, err := types.Check(fset, prog)
	if err != nil {
		t.Fatalf("check %s: %v", path, err)
	}
	p, err := lower.Lower(checked, nil)
	if err != nil {
		t.Fatalf("lower %s: %v", path, err)
	}
	return p, fset
}

func TestLowerGolden(t *testing.T) {
	for _, tc := range []struct{ name, path string }{
		{"basic", "../syntax/testdata/programs/basic.p4"},
		{"smarttor", "../../../p4src/smarttor.p4"},
		{"ops", "testdata/ops.p4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := load(t, tc.path)
			got := p.String()
			golden := filepath.Join("testdata", tc.name+".ir")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("IR (-want +got):\n%s", diff)
			}
		})
	}
}
