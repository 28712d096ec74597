package syntax

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInspect(t *testing.T) {
	src := `@id(1) action a(in bit<8> x) { if (x == 1) { f(x, y = 2); } }`
	prog, err := ParseFile(NewFileSet(), "w.p4", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	depth := 0
	Inspect(prog, func(n Node) bool {
		if n == nil {
			depth--
			return false
		}
		got = append(got, typeString(n)[len("*syntax."):])
		depth++
		return true
	})
	want := []string{"Program", "ActionDecl", "Annotation", "Ident", "IntLit", "Ident",
		"Param", "BaseType", "IntLit", "Ident", "BlockStmt", "IfStmt", "BinaryExpr",
		"Ident", "IntLit", "BlockStmt", "CallStmt", "CallExpr", "Ident", "Ident",
		"KeyValueExpr", "Ident", "IntLit"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("visit order (-want +got):\n%s", diff)
	}
	if depth != 0 {
		t.Errorf("unbalanced f(nil) calls: depth %d", depth)
	}
	// Returning false prunes the subtree.
	count := 0
	Inspect(prog, func(n Node) bool {
		if n != nil {
			count++
		}
		_, isAction := n.(*ActionDecl)
		return !isAction
	})
	if count != 2 {
		t.Errorf("pruned visit saw %d nodes, want 2", count)
	}
}
