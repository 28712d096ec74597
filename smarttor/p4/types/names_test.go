package types

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

const namesProgram = `
#include <core.p4>
#include <v1model.p4>
struct h_t { }
struct m_t { bit<8> x; }
parser P(packet_in pkt, out h_t h, inout m_t m, inout standard_metadata_t sm) {
    state start { transition accept; }
}
control Leaf(inout m_t m) {
    action a() { }
    @name("renamed") table t { key = { m.x : exact; } actions = { a; } }
    @name(".absolute") table u { key = { m.x : exact; } actions = { a; } }
    @hidden table h { actions = { a; } }
    apply { t.apply(); u.apply(); h.apply(); }
}
control Mid(inout m_t m) {
    Leaf() leaf;
    @name("other") Leaf() leaf2;
    @name("act") action b() { }
    table t { key = { m.x : exact; } actions = { b; } }
    apply { leaf.apply(m); leaf2.apply(m); t.apply(); }
}
@name("Top") control I(inout h_t h, inout m_t m, inout standard_metadata_t sm) {
    Mid() mid;
    @name(".c") counter<bit<8>>(4, CounterType.packets) cnt;
    apply { mid.apply(m); cnt.count(m.x); }
}
control E(inout h_t h, inout m_t m, inout standard_metadata_t sm) { apply { } }
control V(inout h_t h, inout m_t m) { apply { } }
control D(packet_out pkt, in h_t h) { apply { } }
V1Switch(P(), V(), I(), E(), V(), D()) main;
`

// TestControlPlaneNames checks the names p4c gives nested instances and
// @name / @hidden declarations.
func TestControlPlaneNames(t *testing.T) {
	fset := syntax.NewFileSet()
	prog, err := syntax.ParseProgram(fset, "names.p4", []byte(namesProgram), nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Check(fset, prog)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func(b *BlockInstance)
	walk = func(b *BlockInstance) {
		for _, ti := range b.Tables {
			s := "table " + ti.Name
			if ti.Hidden {
				s += " (hidden)"
			}
			got = append(got, s)
		}
		for _, ai := range b.Actions {
			got = append(got, "action "+ai.Name)
		}
		for _, ei := range b.Externs {
			got = append(got, "extern "+ei.Name)
		}
		for _, c := range b.Children {
			walk(c)
		}
	}
	for _, b := range p.Blocks {
		walk(b)
	}
	sort.Strings(got)
	want := []string{
		"action Top.mid.act",
		"action Top.mid.leaf.a",
		"action Top.mid.other.a",
		"extern c",
		"table Top.mid.leaf.h (hidden)",
		"table Top.mid.leaf.renamed",
		"table Top.mid.other.h (hidden)",
		"table Top.mid.other.renamed",
		"table Top.mid.t",
		"table absolute",
		"table absolute",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if got := strings.Join([]string{p.Blocks[2].Name, p.Blocks[2].Param.Name}, " "); got != "Top ig" {
		t.Errorf("ingress block = %q, want \"Top ig\"", got)
	}
}
