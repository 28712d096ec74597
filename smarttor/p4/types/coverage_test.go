package types

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// TestEveryExprTyped checks the promises lowering relies on: in a program
// that checks cleanly, every expression inside a declaration body has a
// type in Info.Types (annotation bodies, which are not checked, and the
// Sel of member expressions and labels of named arguments excepted), and
// every identifier that is not a field, property or argument label is in
// Info.Defs or Info.Uses.
func TestEveryExprTyped(t *testing.T) {
	files := []string{"../../../p4src/smarttor.p4", "testdata/programs/features.p4"}
	more, _ := filepath.Glob("../syntax/testdata/programs/*.p4")
	files = append(files, more...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			fset := syntax.NewFileSet()
			prog, err := syntax.ParseProgram(fset, f, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Check(fset, prog)
			if err != nil {
				if strings.Contains(err.Error(), "no package instance named main") {
					t.Skip("an include file")
				}
				t.Fatal(err)
			}
			skip := map[syntax.Node]bool{}
			fields := map[syntax.Node]bool{}
			missing := 0
			for _, d := range prog.Decls {
				syntax.Inspect(d, func(n syntax.Node) bool {
					switch n := n.(type) {
					case *syntax.Annotation:
						return false // bodies are not checked
					case *syntax.MemberExpr:
						skip[n.Sel] = true
						if _, ok := p.Info.Uses[n.Sel]; !ok {
							fields[n.Sel] = true // a field or method name
						}
					case *syntax.KeyValueExpr:
						skip[n.Key] = true
						fields[n.Key] = true
						return true // the pair itself has no type
					case *syntax.KeyElement:
						skip[n.MatchKind] = true
					case *syntax.SelectCase:
						skip[n.State] = true // a state name, in Uses
						return true
					case *syntax.Param, *syntax.Field, *syntax.EnumMember, *syntax.Method:
						// Declaring names; defaults and values are
						// checked where they are used.
						return false
					case *syntax.ActionRef:
						if id, ok := n.Name.(*syntax.Ident); ok {
							skip[id] = true
						}
					case *syntax.SwitchCase:
						skip[n.Label] = true
					case *syntax.TupleExpr:
						skip[n] = true // a keyset: its elements are typed
					case *syntax.DefaultExpr, *syntax.DontCare:
						skip[n] = true
					case *syntax.NamedType:
						skip[n.Name] = true // a type name, in Uses
					case *syntax.ValueProperty:
						skip[n.Name] = true // a property name
						fields[n.Name] = true
					}
					if id, ok := n.(*syntax.Ident); ok && !fields[id] && p.Info.Defs[id] == nil && p.Info.Uses[id] == nil {
						if missing < 10 {
							t.Errorf("%s: %s is not resolved", fset.Position(id.Pos()), id.Name)
						}
						missing++
					}
					x, ok := n.(syntax.Expr)
					if !ok || skip[n] {
						return true
					}
					if id, ok := x.(*syntax.Ident); ok && p.Info.Defs[id] != nil {
						return true // a declaring identifier
					}
					if _, ok := p.Info.Types[x]; !ok {
						if missing < 10 {
							t.Errorf("%s: no type for %s (%T)", fset.Position(x.Pos()), exprString(x), x)
						}
						missing++
					}
					return true
				})
			}
		})
	}
}
