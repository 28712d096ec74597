package syntax

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// squash drops empty lines and surrounding spaces so tests can compare
// the meaningful output of the preprocessor.
func squash(b []byte) string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestPreprocess(t *testing.T) {
	fsys := fstest.MapFS{
		"inc/a.p4":       {Data: []byte("#ifndef A_P4\n#define A_P4\nconst bit<8> A = 1;\n#endif\n")},
		"inc/sub/b.p4":   {Data: []byte("#include \"../a.p4\"\nB\n")},
		"dir/local.p4":   {Data: []byte("LOCAL\n")},
		"dir/once.p4":    {Data: []byte("#pragma once\nONCE\n")},
		"dir/self.p4":    {Data: []byte("#include \"self.p4\"\n")},
		"other/local.p4": {Data: []byte("OTHER\n")},
	}
	tests := []struct {
		name string
		src  string
		want string
		errs string
	}{
		{"plain", "a b\nc\n", "a b\nc", ""},
		{"object macro", "#define N 4\nbit<N> x; N1 N\n", "bit<4> x; N1 4", ""},
		{"nested macro", "#define A B + 1\n#define B 2\nA\n", "2 + 1", ""},
		{"recursive macro", "#define A A + 1\nA\n", "A + 1", ""},
		{"function macro", "#define MAX(a, b) ((a) > (b) ? (a) : (b))\nMAX(x, f(y, z))\n", "((x) > (f(y, z)) ? (x) : (f(y, z)))", ""},
		{"function macro without args", "#define F(a) a\nF + 1\n", "F + 1", ""},
		{"empty params", "#define F() 7\nF()\n", "7", ""},
		{"paste", "#define CAT(a, b) a ## b\nCAT(x, y)\n", "xy", ""},
		{"strings and comments untouched", "#define N 4\n\"N\" // N\n/* N */ N\n", "\"N\" // N\n/* N */ 4", ""},
		{"multiline comment hides directive", "/*\n#error no\n*/\nok\n", "/*\n#error no\n*/\nok", ""},
		{"comment marks in strings", "#define N 4\nlog_msg(\"/* // N\", N);\n#if N == 4\nyes\n#endif\n", "log_msg(\"/* // N\", 4);\nyes", ""},
		{"continuation", "#define LONG 1 + \\\n 2\nLONG\n", "1 +  2", ""},
		{"undef", "#define X 1\n#undef X\nX\n", "X", ""},
		{"ifdef", "#define X\n#ifdef X\nyes\n#else\nno\n#endif\n", "yes", ""},
		{"ifndef", "#ifndef X\nyes\n#endif\n", "yes", ""},
		{"if expr", "#define V 20200408\n#if V >= 20200408 && (1 << 2) == 4\nnew\n#else\nold\n#endif\n", "new", ""},
		{"elif", "#if 0\na\n#elif 2 * 3 == 6\nb\n#elif 1\nc\n#else\nd\n#endif\n", "b", ""},
		{"defined", "#define X\n#if defined(X) && !defined Y\nok\n#endif\n", "ok", ""},
		{"nested inactive", "#if 0\n#if 1\nno\n#endif\n#error skipped\n#bogus\n#endif\nok\n", "ok", ""},
		{"undefined ident is 0", "#if FOO\nno\n#else\nyes\n#endif\n", "yes", ""},
		{"ternary", "#if 1 ? 0 : 1\nno\n#else\nyes\n#endif\n", "yes", ""},
		{"include guard", "#include \"inc/a.p4\"\n#include \"inc/a.p4\"\n", "const bit<8> A = 1;", ""},
		{"relative include", "#include \"inc/sub/b.p4\"\n", "const bit<8> A = 1;\nB", ""},
		{"include dir", "#include <local.p4>\n", "LOCAL", ""},
		{"local before include dir", "#include \"dir/local.p4\"\n", "LOCAL", ""},
		{"pragma once", "#include \"dir/once.p4\"\n#include \"dir/once.p4\"\n", "ONCE", ""},
		{"builtin", "#include <core.p4>\n#include <core.p4>\n", "", ""},
		{"line", "#line 100\nx\n", "x", ""},
		{"null directive and warning", "#\n#warning careful\nok\n", "ok", ""},
		{"error directive", "#error stop here\n", "", "main.p4:1:1: #error stop here"},
		{"unknown directive", "  #frobnicate\n", "", "main.p4:1:3: unknown preprocessor directive #frobnicate"},
		{"missing endif", "#if 1\n", "", "main.p4:1:1: unterminated #if"},
		{"stray endif", "#endif\n", "", "main.p4:1:1: #endif without #if"},
		{"stray else", "#else\n", "", "main.p4:1:1: #else without #if"},
		{"else after else", "#if 1\n#else\n#else\n#endif\n", "", "main.p4:3:1: #else after #else"},
		{"bad if", "#if 1 +\n#endif\n", "", "main.p4:1:1: #if: unexpected end of expression"},
		{"div zero", "#if 1 / 0\n#endif\n", "", "main.p4:1:1: #if: division by zero"},
		{"missing include", "#include \"nope.p4\"\n", "", `main.p4:1:1: cannot find include file "nope.p4"`},
		{"bad include", "#include nope\n", "", `main.p4:1:1: #include expects "FILENAME" or <FILENAME>`},
		{"self include", "#include \"dir/self.p4\"\n", "", `dir/self.p4:1:1: #include nested too deeply ("self.p4")`},
		{"bad define", "#define 3\n", "", "main.p4:1:1: macro name missing in #define"},
		{"bad undef", "#undef\n", "", "main.p4:1:1: malformed #undef directive"},
		{"macro arity", "#define F(a, b) a\nF(1)\n", "F(1)", `main.p4:2:1: macro "F" expects 2 arguments, got 1`},
		{"unterminated args", "#define F(a) a\nF(1\n", "F(1", `main.p4:2:1: unterminated argument list invoking macro "F"`},
		{"stringify", "#define S(x) #x\n#define T(a, b) a ## b # b\nS(hello world) T(p, q)\n", "\"hello world\" pq \"q\"", ""},
		{"line and file", "\n__LINE__ __FILE__\n", "2 \"main.p4\"", ""},
		{"args over lines", "#define F(a, b) a + b\nx = F(1,\n  2);\ny\n", "x = 1 + 2;\ny", ""},
		{"bad line", "#line x\n", "", "main.p4:1:1: malformed #line directive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := &Options{FS: fsys, IncludeDirs: []string{"dir", "other"}}
			src, err := Preprocess(NewFileSet(), "main.p4", []byte(tt.src), opts)
			got := squash(src.Text)
			if tt.name == "builtin" {
				if !strings.Contains(got, "extern packet_in") || strings.Count(got, "extern packet_in") != 1 {
					t.Errorf("core.p4 not included exactly once:\n%s", got)
				}
			} else if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff(tt.errs, gotErr); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPreprocessDefinesAndReadFile(t *testing.T) {
	files := map[string]string{"/lib/x.p4": "X_VALUE\n"}
	opts := &Options{
		IncludeDirs: []string{"/lib"},
		Defines:     map[string]string{"X_VALUE": "42", "FLAG": ""},
		ReadFile: func(name string) ([]byte, error) {
			if s, ok := files[name]; ok {
				return []byte(s), nil
			}
			return nil, errors.New("file does not exist")
		},
	}
	src, err := Preprocess(NewFileSet(), "main.p4", []byte("#ifdef FLAG\n#include <x.p4>\n#endif\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := squash(src.Text); got != "42" {
		t.Errorf("got %q, want %q", got, "42")
	}
	// A nil src reads the main file through the options too.
	files["/main.p4"] = "FLAG X_VALUE\n"
	src, err = Preprocess(NewFileSet(), "/main.p4", nil, opts)
	if err != nil || squash(src.Text) != "42" {
		t.Errorf("Preprocess(nil src) = %q, %v", squash(src.Text), err)
	}
}

// TestPositionsAfterInclude checks that tokens of included files report
// their own file and line.
func TestPositionsAfterInclude(t *testing.T) {
	fsys := fstest.MapFS{
		"a.p4": {Data: []byte("// a\nconst bit<8> A = 1;\n")},
	}
	main := "#include <core.p4>\n#include \"a.p4\"\n\n  const bit<8> B = 2;\n#line 50 \"renamed.p4\"\nconst bit<8> C = 3;\n"
	fset := NewFileSet()
	prog, err := ParseProgram(fset, "main.p4", []byte(main), &Options{FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range prog.Decls {
		if c, ok := d.(*ConstDecl); ok {
			got[c.Name.Name] = fset.Position(c.Pos()).String() + " " + fset.Position(c.Name.Pos()).String()
		}
		if a, ok := d.(*ActionDecl); ok {
			got[a.Name.Name] = fset.Position(a.Pos()).String()
		}
	}
	want := map[string]string{
		"A":        "a.p4:2:1 a.p4:2:14",
		"B":        "main.p4:4:3 main.p4:4:16",
		"C":        "renamed.p4:50:1 renamed.p4:50:14",
		"NoAction": "<core.p4>:41:1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestFileSet(t *testing.T) {
	fset := NewFileSet()
	src := "ab\ncd\n\nef"
	f := fset.AddFile("f.p4", len(src))
	f.SetLinesForContent([]byte(src))
	g := fset.AddFile("g.p4", 3)
	tests := []struct {
		pos  Pos
		want string
	}{
		{NoPos, "-"},
		{f.Pos(0), "f.p4:1:1"},
		{f.Pos(1), "f.p4:1:2"},
		{f.Pos(3), "f.p4:2:1"},
		{f.Pos(6), "f.p4:3:1"},
		{f.Pos(8), "f.p4:4:2"},
		{g.Pos(0), "g.p4:1:1"},
		{Pos(1 << 30), "-"},
	}
	for _, tt := range tests {
		if got := fset.Position(tt.pos).String(); got != tt.want {
			t.Errorf("Position(%d) = %s, want %s", tt.pos, got, tt.want)
		}
	}
	if fset.File(f.Pos(2)) != f || fset.File(g.Pos(1)) != g {
		t.Error("File returned the wrong file")
	}
	f.AddLineInfo(3, "orig.p4", 10)
	if got := fset.Position(f.Pos(7)).String(); got != "orig.p4:12:1" {
		t.Errorf("after AddLineInfo: %s, want orig.p4:12:1", got)
	}
}
