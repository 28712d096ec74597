package lower_test

import (
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
)

// externProgram is a v1model program that declares extern objects and
// functions of its own; the test cases put an instantiation (INST, in
// the ingress control), a parser instantiation (PINST), statements
// (CALL, in the apply block) and declarations (DECL) into it.
const externProgram = `#include <core.p4>
#include <v1model.p4>
extern Foo {
    Foo();
    void bar();
    bit<8> get(in bit<8> x);
}
extern Bag<T> {
    Bag(bit<32> size);
    T pick(in bit<32> i);
    abstract T fold(in T acc, in T x);
}
extern void f(in bit<8> x);
extern T g<T>(in T x);
header h_t { bit<8> x; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
PINST
    state start { pkt.extract(hdr.h); transition accept; }
}
DECL
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
INST
    apply {
        std.egress_spec = 1;
CALL
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
`

func TestUserExterns(t *testing.T) {
	tests := []struct {
		name                    string
		decl, pinst, inst, call string
		want                    []string // errors, in order; none: the program lowers
	}{
		{name: "declared, unused"},
		{name: "instance", inst: "    Foo() foo;",
			want: []string{"x.p4:25:11: extern Foo is not supported by the v1model target"}},
		{name: "method call", inst: "    Foo() foo;", call: "        foo.bar();",
			want: []string{"x.p4:25:11: extern Foo", "x.p4:28:9: extern Foo is not supported by the v1model target"}},
		{name: "call in an action", inst: "    Foo() foo; action a() { hdr.h.x = foo.get(hdr.h.x); }", call: "        a();",
			want: []string{"x.p4:25:11: extern Foo", "x.p4:25:39: extern Foo is not supported by the v1model target"}},
		{name: "generic with abstract method",
			inst: "    Bag<bit<8>>(4) bag = { bit<8> fold(in bit<8> acc, in bit<8> x) { return acc + x; } };",
			want: []string{"x.p4:25:20: extern Bag is not supported by the v1model target"}},
		{name: "in the parser", pinst: "    Foo() pfoo;",
			want: []string{"x.p4:19:11: extern Foo is not supported by the v1model target"}},
		{name: "through a constructor parameter", decl: "control Use(inout h_t h)(Foo f) { apply { f.bar(); } }",
			inst: "    Foo() lf; Use(lf) u;", call: "        u.apply(hdr.h);",
			want: []string{"x.p4:25:11: extern Foo", "x.p4:22:43: extern Foo is not supported by the v1model target"}},
		{name: "top-level instance", decl: "Foo() gfoo;",
			want: []string{"x.p4:22:7: extern Foo is not supported by the v1model target"}},
		{name: "function", call: "        f(hdr.h.x);",
			want: []string{"x.p4:28:9: extern f is not supported by the v1model target"}},
		{name: "generic function", call: "        hdr.h.x = g(hdr.h.x);",
			want: []string{"x.p4:28:19: extern g is not supported by the v1model target"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.NewReplacer("DECL", tt.decl, "PINST", tt.pinst, "INST", tt.inst, "CALL", tt.call).Replace(externProgram)
			cp, err := compile.LoadSource("x.p4", []byte(src), nil)
			if err != nil {
				t.Fatalf("the program does not type-check: %v", err)
			}
			_, err = lower.Lower(cp.Checked, cp.P4Info)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Lower() = %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Lower() = nil, want %q", tt.want)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("Lower() errors:\n%s\nwant %d: %q", err, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}
