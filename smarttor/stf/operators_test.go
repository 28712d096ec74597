package stf_test

import (
	"fmt"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/stf"
)

// TestOperatorsAtWidths runs every P4_16 operator on bit<W> and int<W>
// values through the whole target (front-end, lowering, interpreter) for
// widths on both sides of the 64-bit word (/ and % at run time too, by
// non-zero divisors), and compares the packets with
// what math/big computes from the P4_16 semantics: wrap-around modulo
// 2^W, two's complement, shifts past the width, saturation, signed and
// unsigned comparisons, concatenation, slices and casts. The program and
// the STF file are generated into a temporary directory.
func TestOperatorsAtWidths(t *testing.T) {
	for _, w := range []int{2, 7, 8, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200} {
		t.Run(fmt.Sprintf("W=%d", w), func(t *testing.T) {
			dir := t.TempDir()
			p4, stfPath := filepath.Join(dir, "ops.p4"), filepath.Join(dir, "ops.stf")
			if err := os.WriteFile(p4, []byte(operatorProgram(w)), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(stfPath, []byte(operatorSTF(w)), 0o644); err != nil {
				t.Fatal(err)
			}
			var log strings.Builder
			if err := stf.Run(p4, stfPath, &log); err != nil {
				if testing.Verbose() {
					t.Logf("program:\n%s\nlog:\n%s", operatorProgram(w), log.String())
				}
				t.Fatal(err)
			}
		})
	}
}

// opField is one output field: its width and its value from the inputs.
type opField struct {
	name, typ string // name, and P4 type ("" for bit<width>)
	width     int
	expr      string // P4 expression (a, b, sa, sb, s in scope)
	ref       func(v opInputs) *big.Int
}

type opInputs struct {
	w          int
	a, b       *big.Int // bit<w> patterns
	sa, sb     *big.Int // the same read as int<w>
	s          uint     // shift amount, bit<8>
	mod, smask *big.Int
}

func bigPow2(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }

func twos(v *big.Int, w int) *big.Int {
	if v.Bit(w-1) == 0 {
		return new(big.Int).Set(v)
	}
	return new(big.Int).Sub(v, bigPow2(w))
}

func clampInt(v, lo, hi *big.Int) *big.Int {
	if v.Cmp(lo) < 0 {
		return lo
	}
	if v.Cmp(hi) > 0 {
		return hi
	}
	return v
}

func flags(lt, le, gt, ge bool) *big.Int {
	f := int64(0)
	for i, b := range []bool{lt, le, gt, ge} {
		if b {
			f |= 1 << i
		}
	}
	return big.NewInt(f)
}

func opFields(w int) []opField {
	W := func(v *big.Int) *big.Int { return v } // results are reduced by the packer
	half := w / 2
	shl := func(x *big.Int, s uint) *big.Int {
		if s >= uint(w) {
			return new(big.Int)
		}
		return new(big.Int).Lsh(x, s)
	}
	smin, smax := new(big.Int).Neg(bigPow2(w-1)), new(big.Int).Sub(bigPow2(w-1), big.NewInt(1))
	umax := new(big.Int).Sub(bigPow2(w), big.NewInt(1))
	return []opField{
		{"add", "", w, "a + b", func(v opInputs) *big.Int { return W(new(big.Int).Add(v.a, v.b)) }},
		{"sub", "", w, "a - b", func(v opInputs) *big.Int { return new(big.Int).Sub(v.a, v.b) }},
		{"mul", "", w, "a * b", func(v opInputs) *big.Int { return new(big.Int).Mul(v.a, v.b) }},
		{"neg", "", w, "-a", func(v opInputs) *big.Int { return new(big.Int).Neg(v.a) }},
		{"not", "", w, "~a", func(v opInputs) *big.Int { return new(big.Int).Sub(umax, v.a) }},
		{"shl", "", w, "a << s", func(v opInputs) *big.Int { return shl(v.a, v.s) }},
		{"shr", "", w, "a >> s", func(v opInputs) *big.Int { return new(big.Int).Rsh(v.a, v.s) }},
		{"shlk", "", w, "a << 3", func(v opInputs) *big.Int { return shl(v.a, 3) }},
		{"shrk", "", w, fmt.Sprintf("a >> %d", w-1), func(v opInputs) *big.Int { return new(big.Int).Rsh(v.a, uint(w-1)) }},
		{"addsat", "", w, "a |+| b", func(v opInputs) *big.Int {
			return clampInt(new(big.Int).Add(v.a, v.b), big.NewInt(0), umax)
		}},
		{"subsat", "", w, "a |-| b", func(v opInputs) *big.Int {
			return clampInt(new(big.Int).Sub(v.a, v.b), big.NewInt(0), umax)
		}},
		{"div", "", w, "a / (b | 1)", func(v opInputs) *big.Int { return new(big.Int).Quo(v.a, new(big.Int).Or(v.b, big.NewInt(1))) }},
		{"mod", "", w, "a % (b | 1)", func(v opInputs) *big.Int { return new(big.Int).Rem(v.a, new(big.Int).Or(v.b, big.NewInt(1))) }},
		{"and", "", w, "a & b", func(v opInputs) *big.Int { return new(big.Int).And(v.a, v.b) }},
		{"or", "", w, "a | b", func(v opInputs) *big.Int { return new(big.Int).Or(v.a, v.b) }},
		{"xor", "", w, "a ^ b", func(v opInputs) *big.Int { return new(big.Int).Xor(v.a, v.b) }},
		{"flags", "", 8, "", func(v opInputs) *big.Int {
			c := v.a.Cmp(v.b)
			return flags(c < 0, c <= 0, c > 0, c >= 0)
		}},
		{"cat", "", 2 * w, "a ++ b", func(v opInputs) *big.Int { return new(big.Int).Or(new(big.Int).Lsh(v.a, uint(w)), v.b) }},
		{"slice", "", w - half, fmt.Sprintf("a[%d:%d]", w-1, half), func(v opInputs) *big.Int { return new(big.Int).Rsh(v.a, uint(half)) }},
		{"ext", "", w + 7, fmt.Sprintf("(bit<%d>)a", w+7), func(v opInputs) *big.Int { return v.a }},
		{"trunc", "", half, fmt.Sprintf("(bit<%d>)a", half), func(v opInputs) *big.Int { return v.a }},
		{"sadd", "int", w, "sa + sb", func(v opInputs) *big.Int { return new(big.Int).Add(v.sa, v.sb) }},
		{"ssub", "int", w, "sa - sb", func(v opInputs) *big.Int { return new(big.Int).Sub(v.sa, v.sb) }},
		{"smul", "int", w, "sa * sb", func(v opInputs) *big.Int { return new(big.Int).Mul(v.sa, v.sb) }},
		{"sneg", "int", w, "-sa", func(v opInputs) *big.Int { return new(big.Int).Neg(v.sa) }},
		{"sshl", "int", w, "sa << s", func(v opInputs) *big.Int { return shl(v.sa, v.s) }},
		{"ssar", "int", w, "sa >> s", func(v opInputs) *big.Int { return new(big.Int).Rsh(v.sa, min(v.s, uint(w))) }},
		{"ssard", "int", w, "(sa - sb) >> s", func(v opInputs) *big.Int {
			d := twos(new(big.Int).Mod(new(big.Int).Sub(v.sa, v.sb), bigPow2(w)), w)
			return d.Rsh(d, min(v.s, uint(w)))
		}},
		{"smaxd", "int", w, "(-sa) > sb ? -sa : sb", func(v opInputs) *big.Int {
			n := twos(new(big.Int).Mod(new(big.Int).Neg(v.sa), bigPow2(w)), w)
			if n.Cmp(v.sb) > 0 {
				return n
			}
			return v.sb
		}},
		{"ssark", "int", w, fmt.Sprintf("sa >> %d", w-1), func(v opInputs) *big.Int { return new(big.Int).Rsh(v.sa, uint(w-1)) }},
		{"saddsat", "int", w, "sa |+| sb", func(v opInputs) *big.Int { return clampInt(new(big.Int).Add(v.sa, v.sb), smin, smax) }},
		{"ssubsat", "int", w, "sa |-| sb", func(v opInputs) *big.Int { return clampInt(new(big.Int).Sub(v.sa, v.sb), smin, smax) }},
		{"sflags", "", 8, "", func(v opInputs) *big.Int {
			c := v.sa.Cmp(v.sb)
			return flags(c < 0, c <= 0, c > 0, c >= 0)
		}},
		{"sext", "int", w + 7, fmt.Sprintf("(int<%d>)sa", w+7), func(v opInputs) *big.Int { return v.sa }},
		{"snegext", "int", w + 7, fmt.Sprintf("(int<%d>)(-sa)", w+7), func(v opInputs) *big.Int { return twos(new(big.Int).Mod(new(big.Int).Neg(v.sa), bigPow2(w)), w) }},
		{"scondext", "int", w + 7, fmt.Sprintf("(int<%d>)(a < b ? sa : sb)", w+7), func(v opInputs) *big.Int {
			if v.a.Cmp(v.b) < 0 {
				return v.sa
			}
			return v.sb
		}},
	}
}

// operatorProgram is the P4 program for width w: header i holds a, b
// and the shift amount s, header o one field per opField.
func operatorProgram(w int) string {
	var fields, assigns strings.Builder
	bitsOut := 0
	for _, f := range opFields(w) {
		typ := "bit"
		if f.typ == "int" {
			typ = "int"
		}
		fmt.Fprintf(&fields, " %s<%d> %s;", typ, f.width, f.name)
		bitsOut += f.width
		if f.expr != "" {
			fmt.Fprintf(&assigns, "        hdr.o.%s = %s;\n", f.name, f.expr)
		}
	}
	if pad := (8 - bitsOut%8) % 8; pad > 0 {
		fmt.Fprintf(&fields, " bit<%d> pad;", pad)
	}
	inPad := ""
	if pad := (8 - (2*w+8)%8) % 8; pad > 0 {
		inPad = fmt.Sprintf(" bit<%d> pad;", pad)
	}
	return fmt.Sprintf(`#include <core.p4>
#include <v1model.p4>
header i_t { bit<%[1]d> a; bit<%[1]d> b; bit<8> s;%[2]s }
header o_t {%[3]s }
struct headers_t { i_t i; o_t o; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    state start { pkt.extract(hdr.i); transition accept; }
}
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) {
    apply {
        std.egress_spec = 1;
        hdr.o.setValid();
        bit<%[1]d> a = hdr.i.a;
        bit<%[1]d> b = hdr.i.b;
        int<%[1]d> sa = (int<%[1]d>)a;
        int<%[1]d> sb = (int<%[1]d>)b;
        bit<8> s = hdr.i.s;
%[4]s        bit<8> f = 0;
        if (a < b) { f = f | 1; }
        if (a <= b) { f = f | 2; }
        if (a > b) { f = f | 4; }
        if (a >= b) { f = f | 8; }
        hdr.o.flags = f;
        f = 0;
        if (sa < sb) { f = f | 1; }
        if (sa <= sb) { f = f | 2; }
        if (sa > sb) { f = f | 4; }
        if (sa >= sb) { f = f | 8; }
        hdr.o.sflags = f;
    }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t std) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.i); pkt.emit(hdr.o); } }
V1Switch(P(), VC(), I(), E(), C(), D()) main;
`, w, inPad, fields.String(), assigns.String())
}

// packer concatenates fields into a hex string of whole bytes.
type packer struct {
	v    *big.Int
	bits int
}

func (p *packer) put(v *big.Int, w int) {
	if p.v == nil {
		p.v = new(big.Int)
	}
	m := bigPow2(w)
	r := new(big.Int).Mod(v, m)
	p.v.Lsh(p.v, uint(w)).Or(p.v, r)
	p.bits += w
}

func (p *packer) hex() string {
	if pad := (8 - p.bits%8) % 8; pad > 0 {
		p.put(new(big.Int), pad)
	}
	return fmt.Sprintf("%0*x", p.bits/4, p.v)
}

// operatorSTF is the STF test for width w: edge values and random ones.
func operatorSTF(w int) string {
	mod := bigPow2(w)
	one := big.NewInt(1)
	edges := []*big.Int{
		big.NewInt(0), big.NewInt(1), new(big.Int).Sub(mod, one), // 0, 1, all ones
		new(big.Int).Rsh(mod, 1), new(big.Int).Sub(new(big.Int).Rsh(mod, 1), one), // min and max int<w>
		big.NewInt(3), new(big.Int).Sub(mod, big.NewInt(2)),
	}
	rng := rand.New(rand.NewSource(int64(w)))
	random := func() *big.Int {
		b := make([]byte, (w+7)/8)
		rng.Read(b)
		return new(big.Int).Mod(new(big.Int).SetBytes(b), mod)
	}
	type vec struct {
		a, b *big.Int
		s    uint
	}
	var vecs []vec
	shifts := []uint{0, 1, uint(w - 1), uint(w), uint(min(w+1, 255)), 255, 63, 64, 65}
	for i, a := range edges {
		for j, b := range edges {
			vecs = append(vecs, vec{a, b, shifts[(i+j)%len(shifts)]})
		}
	}
	for i := 0; i < 20; i++ {
		vecs = append(vecs, vec{random(), random(), uint(rng.Intn(256))})
	}
	var out strings.Builder
	fmt.Fprintf(&out, "# generated by TestOperatorsAtWidths for W=%d\n", w)
	for _, v := range vecs {
		if v.s > 255 {
			v.s = 255
		}
		in := opInputs{w: w, a: v.a, b: v.b, sa: twos(v.a, w), sb: twos(v.b, w), s: v.s}
		var pi packer
		pi.put(v.a, w)
		pi.put(v.b, w)
		pi.put(big.NewInt(int64(v.s)), 8)
		inHex := pi.hex()
		var po packer
		for _, f := range opFields(w) {
			po.put(f.ref(in), f.width)
		}
		fmt.Fprintf(&out, "packet 0 %s\nexpect 1 %s%s $\n", inHex, inHex, po.hex())
	}
	return out.String()
}
