package lower_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// load compiles a P4 file (with its P4Info, for p4c's ids) and lowers it.
func load(t testing.TB, path string) (*ir.Program, *syntax.FileSet) {
	p, fset, _ := loadInfo(t, path)
	return p, fset
}

func loadInfo(t testing.TB, path string) (*ir.Program, *syntax.FileSet, *p4configv1.P4Info) {
	t.Helper()
	cp, err := compile.Load(path, nil)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	p, err := lower.Lower(cp.Checked, cp.P4Info)
	if err != nil {
		t.Fatalf("lower %s: %v", path, err)
	}
	return p, cp.Files, cp.P4Info
}

// TestP4InfoIDs checks that every table, action, counter, meter,
// register, digest, value set and action profile carries its P4Info id.
func TestP4InfoIDs(t *testing.T) {
	for _, path := range []string{"../../../p4src/smarttor.p4", "../syntax/testdata/programs/meters.p4",
		"../syntax/testdata/programs/digest.p4", "../syntax/testdata/programs/valueset.p4"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			p, _, info := loadInfo(t, path)
			want := map[string]uint32{}
			add := func(kind string, pre *p4configv1.Preamble) { want[kind+" "+pre.Name] = pre.Id }
			for _, x := range info.Tables {
				add("table", x.Preamble)
			}
			for _, x := range info.Actions {
				add("action", x.Preamble)
			}
			for _, x := range info.Counters {
				add("counter", x.Preamble)
			}
			for _, x := range info.DirectCounters {
				add("counter", x.Preamble)
			}
			for _, x := range info.Meters {
				add("meter", x.Preamble)
			}
			for _, x := range info.DirectMeters {
				add("meter", x.Preamble)
			}
			for _, x := range info.Registers {
				add("register", x.Preamble)
			}
			for _, x := range info.Digests {
				add("digest", x.Preamble)
			}
			for _, x := range info.ValueSets {
				add("value_set", x.Preamble)
			}
			for _, x := range info.ActionProfiles {
				add("action_profile", x.Preamble)
			}
			got := map[string]uint32{}
			for _, x := range p.Tables {
				got["table "+x.Name] = x.ID
			}
			for _, x := range p.Actions {
				got["action "+x.Name] = x.ID
			}
			for _, x := range p.Counters {
				got["counter "+x.Name] = x.ID
			}
			for _, x := range p.Meters {
				got["meter "+x.Name] = x.ID
			}
			for _, x := range p.Registers {
				got["register "+x.Name] = x.ID
			}
			for _, x := range p.Digests {
				got["digest "+x.Name] = x.ID
			}
			for _, x := range p.ValueSets {
				got["value_set "+x.Name] = x.ID
			}
			for _, x := range p.ActionProfiles {
				got["action_profile "+x.Name] = x.ID
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ids (-P4Info +IR):\n%s", diff)
			}
		})
	}
}

func TestLowerGolden(t *testing.T) {
	for _, tc := range []struct{ name, path string }{
		{"basic", "../syntax/testdata/programs/basic.p4"},
		{"smarttor", "../../../p4src/smarttor.p4"},
		{"ops", "testdata/ops.p4"},
		{"wide", "testdata/wide.p4"},
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
