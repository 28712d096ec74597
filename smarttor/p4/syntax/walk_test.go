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

// TestNodePositions checks that every node of the corpus has a valid
// position, ends after it starts, and lies within its parent.
func TestNodePositions(t *testing.T) {
	files := append(corpus(t), "testdata/dump/small.p4")
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			fset, prog := parseFromDisk(t, name)
			var stack []Node
			Inspect(prog, func(n Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return false
				}
				if _, ok := n.(*Program); !ok {
					if !n.Pos().IsValid() || n.End() < n.Pos() {
						t.Errorf("%s: %T has extent [%d, %d)", fset.Position(n.Pos()), n, n.Pos(), n.End())
					}
					if len(stack) > 1 {
						parent := stack[len(stack)-1]
						if n.Pos() < parent.Pos() || n.End() > parent.End() {
							t.Errorf("%s: %T [%d, %d) outside its parent %T [%d, %d)", fset.Position(n.Pos()), n, n.Pos(), n.End(), parent, parent.Pos(), parent.End())
						}
					}
				}
				stack = append(stack, n)
				return true
			})
		})
	}
}
