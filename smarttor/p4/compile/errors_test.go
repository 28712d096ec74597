package compile_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
)

var errorComment = regexp.MustCompile(`/\*\s*ERROR\s*"((?:[^"\\]|\\.)*)"\s*\*/`)

// TestLoadErrors loads each testdata/errors program, whose errors are
// found after type checking (while describing it for P4Info): every
// /* ERROR "regexp" */ comment must be matched by an error on its line,
// and every error must be expected.
func TestLoadErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.p4")
	if len(files) == 0 {
		t.Fatal("no test programs")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			type want struct {
				line int
				re   *regexp.Regexp
				seen bool
			}
			var wants []*want
			for i, l := range strings.Split(string(src), "\n") {
				for _, m := range errorComment.FindAllStringSubmatch(l, -1) {
					wants = append(wants, &want{line: i + 1, re: regexp.MustCompile(strings.ReplaceAll(m[1], `\"`, `"`))})
				}
			}
			_, err = compile.Load(f, nil)
			got := compile.ErrorList(err)
			if err != nil && got == nil {
				t.Fatalf("error without a position: %v", err)
			}
			for _, e := range got {
				ok := false
				for _, w := range wants {
					if e.Pos.Filename == f && e.Pos.Line == w.line && w.re.MatchString(e.Msg) {
						w.seen, ok = true, true
					}
				}
				if !ok {
					t.Errorf("unexpected error: %v", e)
				}
			}
			for _, w := range wants {
				if !w.seen {
					t.Errorf("%s:%d: missing error matching %q", f, w.line, w.re)
				}
			}
		})
	}
}
