package types

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

var errorComment = regexp.MustCompile(`/\*\s*ERROR\s*"((?:[^"\\]|\\.)*)"\s*\*/`)

type wantError struct {
	line int
	re   *regexp.Regexp
	seen bool
}

// expectedErrors collects the /* ERROR "regexp" */ comments of a file by
// line.
func expectedErrors(t *testing.T, src []byte) []*wantError {
	t.Helper()
	var out []*wantError
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range errorComment.FindAllStringSubmatch(line, -1) {
			pat := strings.ReplaceAll(m[1], `\"`, `"`)
			re, err := regexp.Compile(pat)
			if err != nil {
				t.Fatalf("line %d: bad regexp %q: %v", i+1, pat, err)
			}
			out = append(out, &wantError{line: i + 1, re: re})
		}
	}
	return out
}

// TestErrors checks each testdata/errors file: every error comment must be
// matched by an error on its line, and every error must be expected.
func TestErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.p4")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			fset := syntax.NewFileSet()
			prog, err := syntax.ParseProgram(fset, f, src, nil)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, err = Check(fset, prog)
			want := expectedErrors(t, src)
			var got syntax.ErrorList
			if el, ok := err.(syntax.ErrorList); ok {
				got = el
			} else if err != nil {
				t.Fatalf("error is %T, want syntax.ErrorList", err)
			}
			for _, e := range got {
				if strings.Contains(e.Msg, "no package instance named main") {
					continue
				}
				if e.Pos.Filename != f {
					t.Errorf("unexpected error outside the file: %v", e)
					continue
				}
				ok := false
				for _, w := range want {
					if w.line == e.Pos.Line && w.re.MatchString(e.Msg) {
						w.seen, ok = true, true
					}
				}
				if !ok {
					t.Errorf("unexpected error: %v", e)
				}
			}
			for _, w := range want {
				if !w.seen {
					t.Errorf("%s:%d: missing error matching %q", f, w.line, w.re)
				}
			}
		})
	}
}
