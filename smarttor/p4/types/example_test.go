package types_test

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// Example shows how a back end walks a checked program: the block
// instances of the package in parameter order, their tables with
// control-plane names, keys and actions, and the calls of an apply block.
func Example() {
	const src = `
#include <core.p4>
#include <v1model.p4>
struct h_t { }
struct m_t { bit<8> x; }
parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}
control Check(inout m_t m) {
    action set(bit<8> v) { m.x = v; }
    table t { key = { m.x : exact; } actions = { set; } }
    apply { t.apply(); }
}
control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    Check() first;
    apply {
        first.apply(m);
        m.x = m.x + 1;
    }
}
control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }
V1Switch(P(), V(), I(), E(), V(), D()) main;
`
	fset := syntax.NewFileSet()
	prog, err := syntax.ParseProgram(fset, "example.p4", []byte(src), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := types.Check(fset, prog)
	if err != nil {
		fmt.Println(err)
		return
	}
	ig := p.Blocks[2] // the ingress argument of V1Switch
	for _, child := range ig.Children {
		for _, ti := range child.Tables {
			k := ti.Table.Keys[0]
			fmt.Printf("table %s key %s %s bit<%d> actions:", ti.Name, k.Name, k.MatchKind, k.Width)
			for _, ta := range ti.Table.Actions {
				fmt.Printf(" %s", p.ActionName(child, ta.Action))
			}
			fmt.Println()
		}
	}
	apply := ig.Decl().(*syntax.ControlDecl).Apply
	call := apply.Stmts[0].(*syntax.CallStmt).Call
	c := p.Info.Calls[call]
	fmt.Printf("%s of %s\n", c.Kind, ig.Child(c.Instance).Name)
	assign := apply.Stmts[1].(*syntax.AssignStmt)
	one := assign.RHS.(*syntax.BinaryExpr).Y
	fmt.Printf("literal 1 has type %s\n", p.Info.Types[one].Type)
	// Output:
	// table I.first.t key m.x exact bit<8> actions: I.first.set NoAction
	// block apply of I.first
	// literal 1 has type bit<8>
}
