package compile

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
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

// knownP4InfoDiffs are p4c samples whose P4Info still differs from
// p4c's, with the reason. They are compared like the others and must still
// differ, so that a fix is noticed and the entry removed.
var knownP4InfoDiffs = map[string]string{
	// The stored sample and p4c's output for it are of different versions
	// of the program: the output describes another program text, or the
	// text is one p4c rejects today.
	"action_profile_sum_of_members_annotation.p4": `other version: the output's ap_ws has @selector_size_semantics("sum_of_members"), the sample's "sum_of_weights"`,
	"arith-bmv2.p4":                      "other version: the sample assigns a bit<32> sum to a bit<64> field without a cast",
	"arith-inline-bmv2.p4":               "other version: the sample assigns a bit<32> sum to a bit<64> field without a cast",
	"stack_complex-bmv2.p4":              "other version: the sample assigns a bit<32> to egress_spec (bit<9>) without a cast",
	"checksum-l4-bmv2.p4":                "other version: the output's tables have const entries and a const NoAction default, the sample's do not",
	"issue1193-bmv2.p4":                  "other version: the sample instantiates an undeclared extern jnf_counter",
	"named_meter_bmv2.p4":                "other version: the sample's m_table uses m_action_2 and _nop_2, the output's m_action and _nop",
	"actions-almost-duplicate-names1.p4": "other version: the output lacks the table t2 of the directly applied c1 and its action bar",
}

// TestP4cSamples compiles every sample of a p4c checkout (P4C_DIR) that
// has p4c's P4Info in testdata/p4_16_samples_outputs and compares our
// P4Info with it, text for text; nothing of p4c is copied into this
// repository. Programs for other architectures (PSA, eBPF, uBPF, PNA) are
// skipped. p4c's text is normalized by p4cText first.
func TestP4cSamples(t *testing.T) {
	dir := p4cDir(t, "compare with p4c's P4Info for its samples")
	outputs, _ := filepath.Glob(filepath.Join(dir, "testdata", "p4_16_samples_outputs", "*.p4.p4info.txtpb"))
	match, total := 0, 0
	for _, out := range outputs {
		name := strings.TrimSuffix(filepath.Base(out), ".p4info.txtpb")
		prog := filepath.Join(dir, "testdata", "p4_16_samples", name)
		src, err := os.ReadFile(prog)
		if err != nil {
			continue // the output without its program
		}
		if otherArch.Match(src) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			total++
			raw, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			want := p4cText(string(raw))
			p, err := Load(prog, nil)
			var diff string
			switch {
			case err != nil:
				diff = "compile error: " + err.Error()
			case p.P4Info == nil:
				diff = "no P4Info"
			default:
				diff = cmp.Diff(want, string(p4info.MarshalText(p.P4Info)))
			}
			if diff == "" {
				match++
			}
			if reason, known := knownP4InfoDiffs[name]; known {
				if diff == "" {
					t.Fatalf("known difference (%s) is gone: remove %s from knownP4InfoDiffs", reason, name)
				}
				t.Skipf("known difference: %s", reason)
			}
			if diff != "" {
				t.Errorf("P4Info differs from p4c's (-want +got):\n%s", diff)
			}
		})
	}
	t.Logf("p4c P4Info: %d of %d match", match, total)
}

// otherArch matches the includes of programs for architectures other than
// v1model.
var otherArch = regexp.MustCompile(`#include\s*<(psa|ebpf_model|ubpf_model|pna|tna|t2na|xdp_model)\.p4>`)

// p4cDir is the p4c checkout named by P4C_DIR, whose samples the TestP4c*
// tests read (never copied here); without one they skip, saying they
// would what.
func p4cDir(t *testing.T, what string) string {
	t.Helper()
	dir := os.Getenv("P4C_DIR")
	if dir == "" {
		t.Skip("set P4C_DIR to a p4c checkout to " + what)
	}
	return dir
}

// p4cText normalizes p4c's P4Info text for what depends on the p4c and
// P4Runtime versions that wrote it, not on the program:
//   - Table.initial_default_action_id and Table.initial_default_action are
//     newer than the pinned P4Runtime API (v1.4.0-rc.5), which has neither;
//   - NoAction is annotated @corelib by the core.p4 of some p4c versions,
//     not by ours (nor by the one most samples' outputs were written with).
func p4cText(s string) string {
	var b strings.Builder
	skip := false
	for _, l := range strings.SplitAfter(s, "\n") {
		switch {
		case skip:
			skip = l != "  }\n"
			continue
		case l == "  initial_default_action {\n":
			skip = true
			continue
		case strings.HasPrefix(l, "  initial_default_action_id: "),
			l == "    annotations: \"@corelib\"\n":
			continue
		}
		b.WriteString(l)
	}
	return b.String()
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
