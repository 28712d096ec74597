package syntax

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// corpus returns the programs of testdata/programs.
func corpus(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/programs/*.p4")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus programs: %v", err)
	}
	return files
}

func parseFromDisk(t testing.TB, name string) (*FileSet, *Program) {
	t.Helper()
	fset := NewFileSet()
	prog, err := ParseProgram(fset, name, nil, nil)
	if err != nil {
		t.Fatalf("ParseProgram(%s): %v", name, err)
	}
	return fset, prog
}

// userDecls prints the declarations that do not come from built-in files.
func userDecls(fset *FileSet, prog *Program) string {
	var user []Decl
	for _, d := range prog.Decls {
		if !strings.HasPrefix(fset.Position(d.Pos()).Filename, "<") {
			user = append(user, d)
		}
	}
	return Sprint(&Program{Decls: user})
}

func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
	}
}

// TestCorpus parses every program of the corpus with zero errors,
// compares its canonical form with the golden file and checks that the
// canonical form parses back to itself.
func TestCorpus(t *testing.T) {
	for _, name := range corpus(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			fset, prog := parseFromDisk(t, name)
			got := userDecls(fset, prog)
			checkGolden(t, strings.TrimSuffix(name, ".p4")+".golden", got)

			again, err := ParseFile(NewFileSet(), "printed.p4", []byte(got))
			if err != nil {
				t.Fatalf("canonical form does not parse: %v", err)
			}
			if diff := cmp.Diff(got, Sprint(again)); diff != "" {
				t.Errorf("printing is not idempotent (-first +second):\n%s", diff)
			}
		})
	}
}

// TestBuiltin parses the built-in core.p4 and v1model.p4 and pins their
// declarations in a golden file.
func TestBuiltin(t *testing.T) {
	fset := NewFileSet()
	src := []byte("#include <core.p4>\n#include <v1model.p4>\n")
	prog, err := ParseProgram(fset, "builtin.p4", src, &Options{ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/builtin.golden", Sprint(prog))
	again, err := ParseFile(NewFileSet(), "builtin.golden", []byte(Sprint(prog)))
	if err != nil {
		t.Fatalf("canonical form does not parse: %v", err)
	}
	if diff := cmp.Diff(Sprint(prog), Sprint(again)); diff != "" {
		t.Errorf("printing is not idempotent (-first +second):\n%s", diff)
	}
	want := []string{"NoError", "packet_in", "packet_out", "verify", "NoAction", "static_assert",
		"standard_metadata_t", "counter", "direct_counter", "meter", "direct_meter", "register",
		"action_profile", "action_selector", "random", "digest", "mark_to_drop", "hash",
		"verify_checksum", "update_checksum", "verify_checksum_with_payload",
		"update_checksum_with_payload", "resubmit", "resubmit_preserving_field_list",
		"recirculate", "recirculate_preserving_field_list", "clone", "clone3",
		"clone_preserving_field_list", "CloneType", "truncate", "assert", "assume", "log_msg",
		"Parser", "VerifyChecksum", "Ingress", "Egress", "ComputeChecksum", "Deparser",
		"V1Switch", "PortId_t", "HashAlgorithm", "CounterType", "MeterType", "__v1model_version"}
	text := Sprint(prog)
	for _, w := range want {
		if !strings.Contains(text, " "+w) {
			t.Errorf("built-in declarations lack %q", w)
		}
	}
}

// TestDump pins tree dumps of the programs under testdata/dump.
func TestDump(t *testing.T) {
	files, _ := filepath.Glob("testdata/dump/*.p4")
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			fset := NewFileSet()
			prog, err := ParseProgram(fset, name, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := Fdump(&b, fset, prog); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.TrimSuffix(name, ".p4")+".golden", b.String())
		})
	}
}
