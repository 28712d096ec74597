package ir_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir/irtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestOpNames(t *testing.T) {
	seen := map[string]ir.Op{}
	for op := ir.Op(0); int(op) < ir.NumOps; op++ {
		name := op.String()
		if strings.HasPrefix(name, "op") && name != "or" {
			t.Errorf("opcode %d has no name", op)
		}
		if prev, dup := seen[name]; dup {
			t.Errorf("opcodes %d and %d are both named %q", prev, op, name)
		}
		seen[name] = op
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestDumpGolden(t *testing.T) {
	l3, err := irtest.BuildL3()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "l3.golden", l3.Prog.String())
	wide, err := irtest.BuildFeatures()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "features.golden", wide.Prog.String())
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *ir.Builder)
		want  string
	}{
		{"unknown field", func(b *ir.Builder) { b.HeaderField(b.Header("h", ir.F("x", 8)), "y") }, `has no field "y"`},
		{"width mismatch", func(b *ir.Builder) {
			c := b.NewCode("c")
			c.Assign(b.Local("a", 8), b.Local("b", 16))
		}, "assignment of a 16-bit value to a 8-bit one"},
		{"wide operands of different widths", func(b *ir.Builder) {
			c := b.NewCode("c")
			c.Bin(ir.OpAdd, b.Local("a", 128), b.Local("b", 96))
		}, "add on 128-bit values is not supported"},
		{"too wide", func(b *ir.Builder) { b.Local("x", 1<<16) }, "width 65536 is more than the 65535 bits"},
		{"no parser", func(b *ir.Builder) {}, "has no parser states"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ir.NewBuilder("p")
			tt.build(b)
			_, err := b.Build()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build() error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestHeaderPadding(t *testing.T) {
	tests := []struct {
		name      string
		widths    []int
		wantBits  int
		wantWidth int // of the padding field; 0 for none
	}{
		{"whole bytes", []int{8, 16}, 24, 0},
		{"3 bits", []int{3}, 8, 5},
		{"41 bits", []int{8, 16, 8, 8, 1}, 48, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ir.NewBuilder("p")
			var fs []ir.FieldSpec
			for i, w := range tt.widths {
				fs = append(fs, ir.F(fmt.Sprintf("f%d", i), w))
			}
			h := b.Header("h", fs...)
			if h.Bits != tt.wantBits {
				t.Errorf("Bits = %d, want %d", h.Bits, tt.wantBits)
			}
			wantFields := len(tt.widths)
			if tt.wantWidth > 0 {
				wantFields++
				last := h.Fields[len(h.Fields)-1]
				if last.Name != ir.PaddingField || last.Width != tt.wantWidth {
					t.Errorf("last field = %s/%d, want %s/%d", last.Name, last.Width, ir.PaddingField, tt.wantWidth)
				}
			}
			if len(h.Fields) != wantFields {
				t.Errorf("%d fields, want %d", len(h.Fields), wantFields)
			}
		})
	}
}

func TestBytesWords(t *testing.T) {
	tests := []struct {
		width int
		in    []byte
		want  []uint64
	}{
		{8, []byte{0xab}, []uint64{0xab}},
		{9, []byte{0x01, 0xff}, []uint64{0x1ff}},
		{9, []byte{0xff, 0xff}, []uint64{0x1ff}},
		{48, []byte{1, 2, 3, 4, 5, 6}, []uint64{0x010203040506}},
		{128, bytes.Repeat([]byte{0x11}, 16), []uint64{0x1111111111111111, 0x1111111111111111}},
		{72, []byte{0xaa, 1, 2, 3, 4, 5, 6, 7, 8}, []uint64{0xaa, 0x0102030405060708}},
	}
	for _, tt := range tests {
		got := ir.BytesToWords(tt.in, tt.width)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("BytesToWords(%x, %d) (-want +got):\n%s", tt.in, tt.width, diff)
		}
		back := ir.AppendBytes(nil, got, tt.width)
		if len(back) != (tt.width+7)/8 {
			t.Errorf("AppendBytes(%d bits) = %d bytes", tt.width, len(back))
		}
		if diff := cmp.Diff(ir.BytesToWords(back, tt.width), got); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}
