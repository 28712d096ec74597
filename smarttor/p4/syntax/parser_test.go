package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseExprString parses src as one expression and prints it with every
// operator parenthesized.
func parseExprString(src string) (string, error) {
	fset := NewFileSet()
	f := fset.AddFile("expr.p4", len(src))
	f.SetLinesForContent([]byte(src))
	p := newParser(f, []byte(src))
	x := p.parseExpr()
	if p.tok != EOF {
		p.errorExpected("end of expression")
	}
	pr := &printer{parens: true}
	pr.expr(x)
	return pr.b.String(), p.errs.Err()
}

func TestParseExpr(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a - b - c", "((a - b) - c)"},
		{"a || b && c", "(a || (b && c))"},
		{"a == b & c", "(a == (b & c))"}, // bitwise binds tighter, as in p4c
		{"a < b | c", "(a < (b | c))"},
		{"a | b ^ c & d", "(a | (b ^ (c & d)))"},
		{"a << 1 + 2", "(a << (1 + 2))"},
		{"a >> 2", "(a >> 2)"},
		{"a > > 2", "(a > /* bad expression */)"},
		{"a ++ b + c", "((a ++ b) + c)"},
		{"a |+| b |-| c", "((a |+| b) |-| c)"},
		{"a * b / c % d", "(((a * b) / c) % d)"},
		{"!a && ~b == -c", "((!a) && ((~b) == (-c)))"},
		{"c ? a : b ? d : e", "(c ? a : (b ? d : e))"},
		{"a ? b : c + 1", "(a ? b : (c + 1))"},
		{"(bit<8>) x + 1", "((bit<8>)x + 1)"},
		{"(bit<8>)(x + 1)", "(bit<8>)((x + 1))"},
		{"(T) x", "(T)x"},
		{"(a) - b", "((a) - b)"},
		{"(T)(x)", "(T)(x)"},
		{"(h_t[2]) y", "(h_t[2])y"},
		{"x[7:0]", "x[7:0]"},
		{"x[i + 1]", "x[(i + 1)]"},
		{"h.s[0].f[3:1]", "h.s[0].f[3:1]"},
		{"hdr.stack.next.f", "hdr.stack.next.f"},
		{"t.apply().hit", "t.apply().hit"},
		{"t.apply().action_run", "t.apply().action_run"},
		{"pkt.lookahead<bit<16>>()", "pkt.lookahead<bit<16>>()"},
		{"pkt.lookahead<tuple<bit<8>, h_t>>().f", "pkt.lookahead<tuple<bit<8>, h_t>>().f"},
		{"f<T, bit<8>>(a, b = 1, _)", "f<T, bit<8>>(a, b = 1, _)"},
		{"a < b && c > d", "((a < b) && (c > d))"},
		{"a < b > (c)", "a<b>(c)"}, // a generic call, as the tokens cannot tell,
		{"error.NoMatch", "error.NoMatch"},
		{".top.x", ".top.x"},
		{"{a = 1, b = {2, 3}}", "{a = 1, b = {2, 3}}"},
		{"{}", "{}"},
		{"{1, ...}", "{1, ...}"},
		{"{#}", "{#}"},
		{"(x, y)", "(x, y)"},
		{"8w1 ++ 16s-1", "(8w1 ++ 16s-1)"},
		{"- -x", "(- (-x))"},
		{"this.f()", "this.f()"},
		{"true && false", "(true && false)"},
		{"\"s\"", "\"s\""},
		{"bit<8>.max", "bit<8>.max"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			got, err := parseExprString(tt.src)
			if err != nil && !strings.Contains(tt.want, "bad expression") {
				t.Fatalf("parse error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseStatements checks how statements and local declarations are
// told apart.
func TestParseStatements(t *testing.T) {
	tests := []struct{ stmt, want string }{
		{"x = 1;", "*syntax.AssignStmt"},
		{"h.f[7:0] = 1;", "*syntax.AssignStmt"},
		{"s[0].f = 1;", "*syntax.AssignStmt"},
		{"f(x);", "*syntax.CallStmt"},
		{"f<bit<8>>(x);", "*syntax.CallStmt"},
		{"t.apply();", "*syntax.CallStmt"},
		{"bit<8> x;", "*syntax.VarDecl"},
		{"bit<8> x = 1;", "*syntax.VarDecl"},
		{"T x;", "*syntax.VarDecl"},
		{"T[4] x;", "*syntax.VarDecl"},
		{"T<bit<8>> x;", "*syntax.VarDecl"},
		{"tuple<bit<8>, bool> x;", "*syntax.VarDecl"},
		{"error e = error.NoError;", "*syntax.VarDecl"},
		{"bool b = true;", "*syntax.VarDecl"},
		{"const bit<8> K = 1;", "*syntax.ConstDecl"},
		{"counter(8, CounterType.packets) c;", "*syntax.Instantiation"},
		{"register<bit<8>>(8) r;", "*syntax.Instantiation"},
		{"if (a) x = 1; else { y = 2; }", "*syntax.IfStmt"},
		{"switch (t.apply().action_run) { a: b: { } default: { } }", "*syntax.SwitchStmt"},
		{"return;", "*syntax.ReturnStmt"},
		{"return x + 1;", "*syntax.ReturnStmt"},
		{"exit;", "*syntax.ExitStmt"},
		{";", "*syntax.EmptyStmt"},
		{"{ x = 1; }", "*syntax.BlockStmt"},
		{"@atomic { x = 1; }", "*syntax.BlockStmt"},
		{"list = type + state;", "*syntax.AssignStmt"},
		{"h.type = h.apply;", "*syntax.AssignStmt"},
		{"list<bit<8>> l;", "*syntax.VarDecl"},
		{"x += 1;", "*syntax.AssignStmt"},
		{"x >>= 1;", "*syntax.AssignStmt"},
		{"for (bit<8> i = 0, j = 1; i < 4; i = i + 1, f()) { }", "*syntax.ForStmt"},
		{"for (;;) { break; }", "*syntax.ForStmt"},
		{"for (bit<8> i in 0 .. 3) continue;", "*syntax.ForInStmt"},
		{"for (h_t h in hdr.stack) { }", "*syntax.ForInStmt"},
	}
	for _, tt := range tests {
		t.Run(tt.stmt, func(t *testing.T) {
			src := "control c() { apply { " + tt.stmt + " } }"
			prog, err := ParseFile(NewFileSet(), "s.p4", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			stmts := prog.Decls[0].(*ControlDecl).Apply.Stmts
			if len(stmts) != 1 {
				t.Fatalf("got %d statements, want 1", len(stmts))
			}
			s := stmts[0]
			if d, ok := s.(*DeclStmt); ok {
				s = nil
				if got := typeName(d.Decl); got != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
				return
			}
			if got := typeName(s); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCastOrSubtraction checks that (T) -x is a cast exactly when T is
// declared as a type somewhere in the program.
func TestCastOrSubtraction(t *testing.T) {
	src := `typedef int<8> small_t;
struct s_t { bit<8> f; }
enum bit<2> E { A = 1 }
control c(inout bit<8> a) {
    apply {
        a = (small_t) -1;
        a = (a) - 1;
        a = (E) +1;
        a = (s_t) -a;
    }
}`
	prog, err := ParseFile(NewFileSet(), "c.p4", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range prog.Decls[3].(*ControlDecl).Apply.Stmts {
		got = append(got, fmt.Sprintf("%T", s.(*AssignStmt).RHS))
	}
	want := []string{"*syntax.CastExpr", "*syntax.BinaryExpr", "*syntax.CastExpr", "*syntax.CastExpr"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseExprAPI(t *testing.T) {
	tests := []struct{ src, want, typ string }{
		{"(8w1 &&& 0xF, _, default)", "(8w1 &&& 0xF, _, default)", "*syntax.TupleExpr"},
		{"(1 .. 5)", "(1 .. 5)", "*syntax.TupleExpr"},
		{"(a &&& b)", "(a &&& b)", "*syntax.TupleExpr"},
		{"(_)", "(_)", "*syntax.TupleExpr"},
		{"(5)", "(5)", "*syntax.ParenExpr"},
		{"(5) &&& 7", "(5) &&& 7", "*syntax.BinaryExpr"},
		{"...", "...", "*syntax.DotsExpr"},
		{"{1, ...}", "{1, ...}", "*syntax.ListExpr"},
		{"(list<bit<8>>) {}", "(list<bit<8>>){}", "*syntax.CastExpr"},
		{"(list<bit<8>>) { 1, 2 }", "(list<bit<8>>){1, 2}", "*syntax.CastExpr"},
		{"(list) - 1", "(list) - 1", "*syntax.BinaryExpr"},
	}
	for _, tt := range tests {
		x, err := ParseExpr(NewFileSet(), "e", []byte(tt.src))
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if got := Sprint(x); got != tt.want || fmt.Sprintf("%T", x) != tt.typ {
			t.Errorf("ParseExpr(%q) = %T %q, want %s %q", tt.src, x, got, tt.typ, tt.want)
		}
	}
	if _, err := ParseExpr(NewFileSet(), "e", []byte("a b")); err == nil || err.Error() != "e:1:3: expected end of expression, found 'IDENT' b" {
		t.Errorf("err = %v", err)
	}
}

func typeName(x any) string {
	return strings.TrimSpace(strings.SplitN(strings.TrimPrefix(fmtType(x), ""), " ", 2)[0])
}

func fmtType(x any) string {
	switch x.(type) {
	case nil:
		return "nil"
	}
	return typeString(x)
}

// TestParseDecls checks the kinds of top-level declarations and their
// canonical form.
func TestParseDecls(t *testing.T) {
	tests := []struct{ src, want string }{
		{"typedef bit<9> port_t;", "typedef bit<9> port_t;"},
		{"type bit<32> Id_t;", "type bit<32> Id_t;"},
		{"header h { bit<8> a; @name(\"b\") varbit<16> b; }", "header h {\n    bit<8> a;\n    @name(\"b\") varbit<16> b;\n}"},
		{"header_union u { h a; g b; }", "header_union u {\n    h a;\n    g b;\n}"},
		{"struct s { h[3] stack; }", "struct s {\n    h[3] stack;\n}"},
		{"enum E { A, B }", "enum E {\n    A,\n    B\n}"},
		{"enum bit<8> E { A = 1, B = 0x2 }", "enum bit<8> E {\n    A = 1,\n    B = 0x2\n}"},
		{"error { Oops, Again }", "error {\n    Oops,\n    Again\n}"},
		{"match_kind { fancy }", "match_kind {\n    fancy\n}"},
		{"const int N = 10;", "const int N = 10;"},
		{"extern void f<T>(in T x);", "extern void f<T>(in T x);"},
		{"extern E<T> { E(int n); T get(); abstract void cb(inout T v); }", "extern E<T> {\n    E(int n);\n    T get();\n    abstract void cb(inout T v);\n}"},
		{"bit<8> id(in bit<8> x) { return x; }", "bit<8> id(in bit<8> x) {\n    return x;\n}"},
		{"action a(inout bit<8> x, bit<8> y = 2) { x = y; }", "action a(inout bit<8> x, bit<8> y = 2) {\n    x = y;\n}"},
		{"parser P<H>(packet_in b, out H h);", "parser P<H>(packet_in b, out H h);"},
		{"control C<H>(inout H h);", "control C<H>(inout H h);"},
		{"package Pkg<H>(P<H> p, C<H> c);", "package Pkg<H>(P<H> p, C<H> c);"},
		{"Pkg(p(), c()) main;", "Pkg(p(), c()) main;"},
		{"Pkg<h>(p(), c()) main;", "Pkg<h>(p(), c()) main;"},
		{"@pkginfo(arch = \"v1model\", version = \"1\") const bit<8> X = 1;", "@pkginfo(arch = \"v1model\", version = \"1\") const bit<8> X = 1;"},
		{"@a @b(1, 2) @c[k = 1] @d(a b: c) const bit<8> Y = 1;", "@a @b(1, 2) @c[k = 1] @d(a b: c) const bit<8> Y = 1;"},
		{"control c()(bit<8> k) { apply { } }", "control c()(bit<8> k) {\n    apply {}\n}"},
		{"extern Fwd;", "extern Fwd;"},
		{"typedef struct S { bit<8> a; } T;", "typedef struct S {\n    bit<8> a;\n} T;"},
		{"typedef enum bit<2> E { A = 1 } T;", "typedef enum bit<2> E {\n    A = 1\n} T;"},
		{"@pragma dont_trim\n@pragma field_list 1 2\nstruct s { }", "@pragma dont_trim\n@pragma field_list 1 2\nstruct s {\n}"},
		{"action a() { x += 1; y >>= 2; z |+|= 3; for (bit<8> i = 0; i < 4; i = i + 1) { break; } for (int k in {1, 2}) { continue; } }",
			"action a() {\n    x += 1;\n    y >>= 2;\n    z |+|= 3;\n    for (bit<8> i = 0; i < 4; i = i + 1) {\n        break;\n    }\n    for (int k in {1, 2}) {\n        continue;\n    }\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			prog, err := ParseFile(NewFileSet(), "d.p4", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(prog.Decls) != 1 {
				t.Fatalf("got %d declarations, want 1", len(prog.Decls))
			}
			if diff := cmp.Diff(tt.want, Sprint(prog.Decls[0])); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnnotations(t *testing.T) {
	src := `@name("ingress.t") @id(0x1000010) @priority(-3) @brief("doc") @hidden @deprecated("x", 2) @kv(a = 1, b = "s")
table t { actions = { NoAction; } }`
	prog, err := ParseFile(NewFileSet(), "a.p4", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	as := prog.Decls[0].(*TableDecl).Annotations
	if s, ok := as.Get("name").StringArg(); !ok || s != "ingress.t" {
		t.Errorf(`@name = %q, %v; want "ingress.t"`, s, ok)
	}
	if v, ok := as.Get("id").IntArg(); !ok || v.Int64() != 0x1000010 {
		t.Errorf("@id = %v, %v", v, ok)
	}
	if v, ok := as.Get("priority").IntArg(); !ok || v.Int64() != -3 {
		t.Errorf("@priority = %v, %v", v, ok)
	}
	if s, ok := as.Get("brief").StringArg(); !ok || s != "doc" {
		t.Errorf("@brief = %q, %v", s, ok)
	}
	if a := as.Get("hidden"); a == nil || a.Open.IsValid() || len(a.Body) != 0 {
		t.Errorf("@hidden = %+v", a)
	}
	if a := as.Get("deprecated"); a == nil || len(a.Args) != 2 {
		t.Errorf("@deprecated = %+v", a)
	}
	if a := as.Get("kv"); a == nil || len(a.KVs) != 2 || a.KVs[1].Key.Name != "b" {
		t.Errorf("@kv = %+v", a)
	}
	if as.Get("missing") != nil {
		t.Error("Get(missing) != nil")
	}
}

func typeString(x any) string { return strings.TrimPrefix(fmt.Sprintf("%T", x), "") }
