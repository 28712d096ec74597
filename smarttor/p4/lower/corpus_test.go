package lower_test

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
)

// unsupported lists corpus programs that use what the lowering refuses,
// with (one of) the errors it must give.
var unsupported = map[string]string{
	"misc": "extern fold is not supported by the v1model target",
}

// TestCorpus lowers every program of the front-end's corpus with its
// P4Info and runs random frames through it: nothing may crash.
func TestCorpus(t *testing.T) {
	paths, _ := filepath.Glob("../syntax/testdata/programs/*.p4")
	more, _ := filepath.Glob("../types/testdata/programs/*.p4")
	paths = append(paths, more...)
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".p4")
		t.Run(name, func(t *testing.T) {
			cp, err := compile.Load(path, nil)
			if err != nil && strings.Contains(err.Error(), "no package instance named main") {
				t.Skip("a library of declarations, not a program")
			}
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			p, err := lower.Lower(cp.Checked, cp.P4Info)
			if want, ok := unsupported[name]; ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("Lower() = %v, want an error with %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("lower: %v", err)
			}
			s := exec.New()
			if err := s.SetProgram(p); err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewSource(1))
			for i := 0; i < 200; i++ {
				frame := make([]byte, rng.Intn(128))
				rng.Read(frame)
				s.Process(uint32(rng.Intn(512)), frame, func(uint32, []byte) {})
			}
		})
	}
}
