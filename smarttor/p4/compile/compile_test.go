package compile

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

const smartTorP4 = "../../../p4src/smarttor.p4"

func p4infoText(t *testing.T, path string) string {
	t.Helper()
	p, err := Load(path, nil)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return string(p4info.MarshalText(p.P4Info))
}

// TestP4cOutput compares with P4Info files p4c itself wrote for the same
// programs.
func TestP4cOutput(t *testing.T) {
	tests := []struct{ program, want string }{
		// The golden of p4lang/tutorials' basic.p4, whose ids were
		// checked against p4c's output (see p4info/testdata/README.md);
		// syntax/testdata/programs/basic.p4 is the same program.
		{"../syntax/testdata/programs/basic.p4", "../p4info/testdata/basic.p4info.txtpb"},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.program), func(t *testing.T) {
			want, err := os.ReadFile(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), p4infoText(t, tc.program)); diff != "" {
				t.Errorf("P4Info differs from p4c's (-want +got):\n%s", diff)
			}
		})
	}
}

// TestP4cSamples compares our P4Info with p4c's own output for p4c's
// sample programs, read from a p4c checkout (P4C_DIR); nothing of p4c is
// copied into this repository.
func TestP4cSamples(t *testing.T) {
	dir := os.Getenv("P4C_DIR")
	if dir == "" {
		t.Skip("set P4C_DIR to a p4c checkout to compare with p4c's P4Info for its samples")
	}
	for _, name := range []string{"basic_routing-bmv2.p4", "v1model-digest-containing-ser-enum.p4", "action_selector_shared-bmv2.p4"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "testdata", "p4_16_samples_outputs", name+".p4info.txtpb"))
			if err != nil {
				t.Skipf("no p4c output for %s: %v", name, err)
			}
			if diff := cmp.Diff(string(want), p4infoText(t, filepath.Join(dir, "testdata", "p4_16_samples", name))); diff != "" {
				t.Errorf("P4Info differs from p4c's (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGolden checks the P4Info of our own programs against goldens
// regenerated with -update.
func TestGolden(t *testing.T) {
	programs, _ := filepath.Glob("testdata/*.p4")
	more, _ := filepath.Glob("../types/testdata/programs/*.p4")
	programs = append(programs, more...)
	programs = append(programs, smartTorP4)
	for _, prog := range programs {
		name := strings.TrimSuffix(filepath.Base(prog), ".p4")
		t.Run(name, func(t *testing.T) {
			got := p4infoText(t, prog)
			golden := filepath.Join("testdata", name+".p4info.txtpb")
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
				t.Errorf("P4Info of %s (-want +got):\n%s", prog, diff)
			}
		})
	}
}

// TestCorpus compiles the syntax package's test programs (those with a
// main package) to P4Info.
func TestCorpus(t *testing.T) {
	programs, _ := filepath.Glob("../syntax/testdata/programs/*.p4")
	for _, prog := range programs {
		t.Run(filepath.Base(prog), func(t *testing.T) {
			src, err := os.ReadFile(prog)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), " main;") {
				t.Skip("an include file")
			}
			p, err := Load(prog, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.P4Info == nil {
				t.Fatal("no P4Info")
			}
		})
	}
}
