package compile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
)

// v1modelInclude and mainInstance pick the v1model programs among p4c's
// samples: a file including <v1model.p4> and instantiating main (the rest
// are include-only files or programs for other architectures).
var (
	v1modelInclude = regexp.MustCompile(`(?m)^\s*#\s*include\s*[<"]v1model\.p4[>"]`)
	mainInstance   = regexp.MustCompile(`\)\s*main\s*;`)
	quotedInclude  = regexp.MustCompile(`(?m)^\s*#\s*include\s*"([^"]+)"`)
)

// withIncludes returns src followed by the files it includes with
// quotes (one level, from dir): a program's main instance may be in an
// included skeleton (arith-inline-bmv2.p4).
func withIncludes(dir string, src []byte) []byte {
	out := append([]byte(nil), src...)
	for _, m := range quotedInclude.FindAllSubmatch(src, -1) {
		if b, err := os.ReadFile(filepath.Join(dir, string(m[1]))); err == nil {
			out = append(out, b...)
		}
	}
	return out
}

// oldSamples are samples whose stored version (the index keeps some old
// commits) today's p4c rejects too: they are reported, not failed.
var oldSamples = map[string]string{
	"arith-bmv2.p4":         "a bit<32> sum assigned to a bit<64> field",
	"arith3-bmv2.p4":        "a bit<32> shift assigned to a bit<64> field",
	"arith4-bmv2.p4":        "a bit<32> shift assigned to a bit<64> field",
	"arith-inline-bmv2.p4":  "a bit<32> sum assigned to a bit<64> field",
	"stack_complex-bmv2.p4": "a bit<32> assigned to egress_spec (bit<9>) without a cast",
	"clone-bmv2.p4":         "standard_metadata.clone_spec, dropped from v1model.p4",
	"issue1193-bmv2.p4":     "jnf_counter is declared nowhere",
}

// TestP4cCompileAll loads every v1model program of p4c's samples
// (P4C_DIR/testdata/p4_16_samples) through the whole front-end and the
// lowering the switch runs (as smarttor stf and compile do), logs each
// failure with its first error (file:line:col) and how many compile.
// p4c accepts all of them, so each failure is a bug of ours, unless the
// stored sample is an old version p4c rejects as well (oldSamples).
// Nothing of p4c is copied here; the programs are read from P4C_DIR.
func TestP4cCompileAll(t *testing.T) {
	dir := compile.P4cDir(t, "compile its testdata/p4_16_samples")
	paths, _ := filepath.Glob(filepath.Join(dir, "testdata", "p4_16_samples", "*.p4"))
	sort.Strings(paths)
	var total, ok int
	var failed []string
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !mainInstance.Match(src) && mainInstance.Match(withIncludes(filepath.Dir(path), src)) {
			src = withIncludes(filepath.Dir(path), src) // main in a skeleton
		}
		if !v1modelInclude.Match(src) || !mainInstance.Match(src) {
			continue
		}
		total++
		name := filepath.Base(path)
		if msg := compileAndLower(path); msg != "" {
			failed = append(failed, name)
			if why, old := oldSamples[name]; old {
				t.Logf("%s (an old version: %s)", msg, why)
			} else {
				t.Errorf("%s", msg)
			}
			continue
		}
		ok++
	}
	t.Logf("%d of %d v1model samples compile", ok, total)
	if len(failed) > 0 {
		t.Logf("failing: %s", strings.Join(failed, " "))
	}
}

// compileAndLower returns "" when the program at path compiles and
// lowers, and otherwise its first error, with the number of others.
func compileAndLower(path string) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("%s: panic: %v", path, r)
		}
	}()
	p, err := compile.Load(path, nil)
	if err != nil {
		if el := compile.ErrorList(err); len(el) > 0 {
			msg := el[0].Error()
			if len(el) > 1 {
				msg += fmt.Sprintf(" (and %d more)", len(el)-1)
			}
			return msg
		}
		return path + ": " + err.Error()
	}
	low, err := lower.Lower(p.Checked, p.P4Info)
	if err == nil {
		// As smarttor stf does: the switch validates the IR it loads.
		err = exec.New().SetProgram(low)
	}
	if err != nil {
		if strings.HasPrefix(err.Error(), path) || strings.Contains(err.Error(), ".p4:") {
			return "lower: " + err.Error()
		}
		return path + ": lower: " + err.Error()
	}
	return ""
}

// TestAcceptedCompile checks and lowers our own breadth programs in
// testdata/accepted (constructs p4c's front-end accepts: generics,
// initializers, {#}, header stacks and unions, casts, constructor
// arguments, ...): each must load into a switch without an error.
func TestAcceptedCompile(t *testing.T) {
	paths, _ := filepath.Glob("testdata/accepted/*.p4")
	if len(paths) == 0 {
		t.Fatal("no programs in testdata/accepted")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if msg := compileAndLower(path); msg != "" {
				t.Error(msg)
			}
		})
	}
}
