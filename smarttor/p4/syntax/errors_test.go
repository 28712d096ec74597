package syntax

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var errorComment = regexp.MustCompile(`/\* ERROR ("(?:[^"\\]|\\.)*") \*/`)

// expectedErrors returns the errors a testdata file announces: each
// /* ERROR "regexp" */ comment expects an error at the token just before
// it, or at the '#' of a directive line, keyed by "line:col".
func expectedErrors(t *testing.T, src []byte) map[string]*regexp.Regexp {
	t.Helper()
	fset := NewFileSet()
	f := fset.AddFile("x", len(src))
	f.SetLinesForContent(src)
	var s Scanner
	s.Init(f, src, nil)
	var starts []int
	for {
		pos, tok, _ := s.Scan()
		if tok == EOF {
			break
		}
		starts = append(starts, f.Offset(pos))
	}
	want := map[string]*regexp.Regexp{}
	for _, m := range errorComment.FindAllSubmatchIndex(src, -1) {
		c := m[0]
		// The comment itself may have been scanned as part of a string:
		// use the last token that starts before the comment.
		i := sort.SearchInts(starts, c) - 1
		for i >= 0 && starts[i] >= c {
			i--
		}
		if i < 0 {
			t.Fatalf("ERROR comment at offset %d has no token before it", c)
		}
		pos := f.Position(f.Pos(starts[i]))
		lineStart := f.Offset(f.Pos(starts[i])) - (pos.Column - 1)
		line := string(src[lineStart:])
		if trimmed := strings.TrimLeft(line, " \t"); strings.HasPrefix(trimmed, "#") {
			pos.Column = len(line) - len(trimmed) + 1
		}
		// The pattern is a regexp between quotes; only \" is unescaped.
		quoted := string(src[m[2]:m[3]])
		pattern := strings.ReplaceAll(quoted[1:len(quoted)-1], `\"`, `"`)
		want[strconv.Itoa(pos.Line)+":"+strconv.Itoa(pos.Column)] = regexp.MustCompile(pattern)
	}
	return want
}

// TestErrors checks that the files under testdata/errors produce exactly
// the errors their ERROR comments announce, at the announced positions.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.p4")
	if len(files) == 0 {
		t.Fatal("no error test files")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want := expectedErrors(t, src)
			_, err = ParseProgram(NewFileSet(), name, src, nil)
			list, _ := err.(ErrorList)
			got := map[string]bool{}
			for _, e := range list {
				if e.Pos.Filename != name {
					t.Errorf("error in another file: %v", e)
					continue
				}
				key := strconv.Itoa(e.Pos.Line) + ":" + strconv.Itoa(e.Pos.Column)
				re, ok := want[key]
				switch {
				case !ok:
					t.Errorf("unexpected error: %v", e)
				case !re.MatchString(e.Msg):
					t.Errorf("%s: error %q does not match %q", key, e.Msg, re)
				}
				got[key] = true
			}
			for key, re := range want {
				if !got[key] {
					t.Errorf("%s:%s: missing error matching %q", name, key, re)
				}
			}
		})
	}
}
