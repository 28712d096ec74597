package types

import (
	"fmt"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

const exprPrelude = `#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<16> b; int<8> s; }
header_union u_t { h_t h1; h_t h2; }
struct s_t { h_t h; bool f; h_t[4] st; u_t u; }
struct pair_t { bit<8> x; bool y; }
enum bit<8> E { A = 1, B = 2 }
enum P { X, Y }
type bit<8> T8;
const bit<8> K = 3;
extern void probe<X>(in X x);
extern void take(in pair_t p);
control C(inout s_t s, inout standard_metadata_t sm) {
    apply {
        %s;
    }
}
`

// checkSnippet checks a program made of exprPrelude and one statement.
func checkSnippet(t *testing.T, stmt string) (*Program, *syntax.Program, error) {
	t.Helper()
	src := fmt.Sprintf(exprPrelude, stmt)
	fset := syntax.NewFileSet()
	prog, err := syntax.ParseProgram(fset, "snippet.p4", []byte(src), nil)
	if err != nil {
		t.Fatalf("parse %q: %v", stmt, err)
	}
	p, err := Check(fset, prog)
	if el, ok := err.(syntax.ErrorList); ok {
		var rest syntax.ErrorList
		for _, e := range el {
			if e.Msg != "program has no package instance named main" {
				rest = append(rest, e)
			}
		}
		err = rest.Err()
	}
	return p, prog, err
}

// applyStmt returns the statement of control C's apply block.
func applyStmt(prog *syntax.Program) syntax.Stmt {
	for _, d := range prog.Decls {
		if c, ok := d.(*syntax.ControlDecl); ok && c.Name.Name == "C" {
			return c.Apply.Stmts[0]
		}
	}
	return nil
}

func TestExprTypes(t *testing.T) {
	tests := []struct {
		expr, typ, val string
	}{
		{"s.h.a + 1", "bit<8>", ""},
		{"s.h.a ++ s.h.b", "bit<24>", ""},
		{"s.h.b[11:4]", "bit<8>", ""},
		{"(bit<4>)K", "bit<4>", "3"},
		{"8w255 + 8w1", "bit<8>", "0"},
		{"8w250 |+| 8w10", "bit<8>", "255"},
		{"8w5 |-| 8w10", "bit<8>", "0"},
		{"E.A", "E", "E.A"},
		{"P.Y", "P", "P.Y"},
		{"s.h.isValid()", "bool", ""},
		{"s.u.isValid()", "bool", ""},
		{"s.h.a == 1 && s.f", "bool", ""},
		{"K << 2", "bit<8>", "12"},
		{"K ++ 8w1", "bit<16>", "769"},
		{"s.h.s >> 1", "int<8>", ""},
		{"(int<8>)s.h.a", "int<8>", ""},
		{"(int<8>)8w255", "int<8>", "-1"},
		{"{s.h.a, s.f}", "tuple<bit<8>, bool>", ""},
		{"true ? s.h.a : 2", "bit<8>", ""},
		{"(bit<8>)E.B", "bit<8>", "2"},
		{"(E)8w1", "E", "E.A"},
		{"(T8)s.h.a", "T8", ""},
		{"error.NoError", "error", "error.NoError"},
		{"s.h.a & ~s.h.a", "bit<8>", ""},
		{"K * 2 - 1", "bit<8>", "5"},
		{"s.st[2].b", "bit<16>", ""},
		{"s.st.size", "bit<32>", "4"},
		{"s.h.b[7:0] == E.A", "bool", ""},
		{"(bool)1w1", "bool", "true"},
		{"8w1 == 8w1 || false", "bool", "true"},
		{"sm.ingress_port", "bit<9>", ""},
		{"sm.parser_error != error.NoMatch", "bool", ""},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			cp, prog, err := checkSnippet(t, "probe("+tc.expr+")")
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			call := applyStmt(prog).(*syntax.CallStmt).Call
			tv := cp.Info.Types[call.Args[0]]
			if tv.Type == nil {
				t.Fatalf("no type recorded for %s", tc.expr)
			}
			if got := tv.Type.String(); got != tc.typ {
				t.Errorf("type of %s = %s, want %s", tc.expr, got, tc.typ)
			}
			got := ""
			if tv.Value != nil {
				got = tv.Value.String()
			}
			if got != tc.val {
				t.Errorf("value of %s = %q, want %q", tc.expr, got, tc.val)
			}
		})
	}
}

func TestCalls(t *testing.T) {
	tests := []struct {
		stmt     string
		kind     CallKind
		name     string
		typeArgs string   // fmt of TypeArgs
		argTypes []string // recorded types of Call.Args, in parameter order
	}{
		{"take({1, true})", CallExternFunction, "take", "[]", []string{"pair_t"}},
		{"take({y = true, x = 1})", CallExternFunction, "take", "[]", []string{"pair_t"}},
		{"digest<pair_t>(1, {s.h.a, s.f})", CallExternFunction, "digest", "[pair_t]", []string{"bit<32>", "pair_t"}},
		{"digest(1, s.h)", CallExternFunction, "digest", "[h_t]", []string{"bit<32>", "h_t"}},
		{"mark_to_drop(standard_metadata = sm)", CallExternFunction, "mark_to_drop", "[]", []string{"standard_metadata_t"}},
		{"s.h.setValid()", CallHeaderMethod, "setValid", "[]", nil},
		{"s.st.push_front(2)", CallStackMethod, "push_front", "[]", []string{"int"}},
		{"random(s.h.b, 0, 100)", CallExternFunction, "random", "[bit<16>]", []string{"bit<16>", "bit<16>", "bit<16>"}},
		{"hash(s.h.b, HashAlgorithm.crc16, 16w0, {s.h.a}, 32w1024)", CallExternFunction, "hash",
			"[bit<16> bit<16> tuple<bit<8>> bit<32>]", []string{"bit<16>", "HashAlgorithm", "bit<16>", "tuple<bit<8>>", "bit<32>"}},
	}
	for _, tc := range tests {
		t.Run(tc.stmt, func(t *testing.T) {
			src := fmt.Sprintf(exprPrelude, tc.stmt)
			fset := syntax.NewFileSet()
			sp, err := syntax.ParseProgram(fset, "snippet.p4", []byte(src), nil)
			if err != nil {
				t.Fatal(err)
			}
			cp, _ := Check(fset, sp)
			call := applyStmt(sp).(*syntax.CallStmt).Call
			ci := cp.Info.Calls[call]
			if ci == nil {
				t.Fatalf("no call info")
			}
			if ci.Kind != tc.kind || ci.Name != tc.name {
				t.Errorf("call = %v %q, want %v %q", ci.Kind, ci.Name, tc.kind, tc.name)
			}
			if got := fmt.Sprint(ci.TypeArgs); got != tc.typeArgs {
				t.Errorf("type args = %s, want %s", got, tc.typeArgs)
			}
			var got []string
			for _, a := range ci.Args {
				got = append(got, cp.Info.Types[a].Type.String())
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.argTypes) {
				t.Errorf("arg types = %v, want %v", got, tc.argTypes)
			}
		})
	}
}
