package compile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
)

// knownAccepted are p4c error samples we still accept, with the reason
// (usually: p4c rejects them for a limitation of its own, not for a rule
// of the P4_16 spec). They are checked like the others and must still be
// accepted, so that a change is noticed and the entry removed.
var knownAccepted = map[string]string{
	// P4_16 6.8.1: an action called directly gets its directionless
	// parameters like in parameters; p4c alone wants constants there.
	"direct-action.p4": "p4c requires constant arguments for the directionless parameters of a directly called action; the spec lets them behave like in parameters",
	// p4c folds / and % only at compile time; the switch computes them
	// on bit<W> run-time values, so we accept them (negative int and
	// constant zero operands are rejected).
	"div3.p4": "p4c cannot evaluate / and % of run-time values; the switch can",
}

// positioned matches one front-end error line: file:line:col: message.
var positioned = regexp.MustCompile(`^[^:\n]+:\d+:\d+: `)

// noMain is the error of a program without a main instance. p4c's
// front-end accepts such programs (with a warning), so it does not count
// as rejecting one of its samples.
const noMain = "program has no package instance named main"

// TestP4cErrors runs the front-end and the lowering the switch uses on
// every program of a p4c checkout's testdata/p4_16_errors (P4C_DIR), all
// of which p4c's front-end rejects. Each must be rejected without a
// panic, and every error must read file:line:col: message. Programs for
// other architectures (PSA, eBPF, uBPF, PNA) are skipped; nothing of p4c
// is copied into this repository.
func TestP4cErrors(t *testing.T) {
	dir := compile.P4cDir(t, "check that its p4_16_errors programs are rejected")
	programs, _ := filepath.Glob(filepath.Join(dir, "testdata", "p4_16_errors", "*.p4"))
	rejected, total := 0, 0
	for _, prog := range programs {
		name := filepath.Base(prog)
		src, err := os.ReadFile(prog)
		if err != nil {
			t.Fatal(err)
		}
		if compile.OtherArch.Match(src) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			total++
			errs, perr := frontEnd(prog)
			if perr != nil {
				t.Fatal(perr)
			}
			var unplaced []string
			for _, e := range errs {
				if !positioned.MatchString(e) {
					unplaced = append(unplaced, e)
				}
			}
			if len(unplaced) > 0 {
				t.Errorf("errors without file:line:col:\n%s", strings.Join(unplaced, "\n"))
			}
			ok := len(errs) == 0
			if !ok && len(unplaced) == 0 {
				rejected++
			}
			if reason, known := knownAccepted[name]; known {
				if !ok {
					t.Fatalf("known accepted (%s) is rejected now: remove %s from knownAccepted", reason, name)
				}
				t.Skipf("known accepted: %s", reason)
			}
			if ok {
				t.Errorf("accepted, but p4c rejects it")
			} else {
				t.Logf("rejected:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
	t.Logf("%d of %d p4c error samples rejected", rejected, total)
}

// frontEnd compiles prog, lowers it when it is a V1Switch program (the
// only architecture the switch runs) and returns its errors one per line,
// without the missing-main error; a panic is returned as perr.
func frontEnd(prog string) (errs []string, perr error) {
	defer func() {
		if r := recover(); r != nil {
			perr = fmt.Errorf("panic: %v", r)
		}
	}()
	p, err := compile.Load(prog, nil)
	if err == nil && p.Checked.Package != nil && p.Checked.Package.Name == "V1Switch" {
		_, err = lower.Lower(p.Checked, p.P4Info)
	}
	if err == nil {
		return nil, nil
	}
	if list := compile.ErrorList(err); list != nil {
		for _, e := range list {
			if e.Msg != noMain {
				errs = append(errs, e.Error())
			}
		}
		return errs, nil
	}
	for _, l := range strings.Split(err.Error(), "\n") {
		if l != noMain {
			errs = append(errs, l)
		}
	}
	return errs, nil
}
