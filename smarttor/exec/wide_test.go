package exec

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// The wide operations are checked against math/big: values are w-bit
// patterns, taken as unsigned or as two's complement by the reference.

func toWords(v *big.Int, w int) []uint64 {
	m := new(big.Int).Lsh(big.NewInt(1), uint(w))
	v = new(big.Int).Mod(v, m)
	words := make([]uint64, ir.Words(w))
	for i := len(words) - 1; i >= 0; i-- {
		words[i] = new(big.Int).And(v, new(big.Int).SetUint64(^uint64(0))).Uint64()
		v.Rsh(v, 64)
	}
	return words
}

func fromWords(words []uint64) *big.Int {
	v := new(big.Int)
	for _, x := range words {
		v.Lsh(v, 64)
		v.Or(v, new(big.Int).SetUint64(x))
	}
	return v
}

// signedOf is the two's complement reading of the w-bit pattern v.
func signedOf(v *big.Int, w int) *big.Int {
	if v.Bit(w-1) == 0 {
		return new(big.Int).Set(v)
	}
	return new(big.Int).Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(w)))
}

func pow2(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }

func hexInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 0)
	if !ok {
		panic("bad constant " + s)
	}
	return v
}

// refBinary computes x op y on w-bit patterns with math/big.
func refBinary(op string, x, y *big.Int, w int) *big.Int {
	mod := pow2(w)
	sx, sy := signedOf(x, w), signedOf(y, w)
	smin, smax := new(big.Int).Neg(pow2(w-1)), new(big.Int).Sub(pow2(w-1), big.NewInt(1))
	clamp := func(v, lo, hi *big.Int) *big.Int {
		if v.Cmp(lo) < 0 {
			return lo
		}
		if v.Cmp(hi) > 0 {
			return hi
		}
		return v
	}
	var r *big.Int
	switch op {
	case "+":
		r = new(big.Int).Add(x, y)
	case "-":
		r = new(big.Int).Sub(x, y)
	case "*":
		r = new(big.Int).Mul(x, y)
	case "/":
		if y.Sign() == 0 {
			return new(big.Int)
		}
		r = new(big.Int).Quo(x, y)
	case "%":
		if y.Sign() == 0 {
			return new(big.Int)
		}
		r = new(big.Int).Rem(x, y)
	case "|+|":
		r = clamp(new(big.Int).Add(x, y), big.NewInt(0), new(big.Int).Sub(mod, big.NewInt(1)))
	case "|-|":
		r = clamp(new(big.Int).Sub(x, y), big.NewInt(0), new(big.Int).Sub(mod, big.NewInt(1)))
	case "s|+|":
		r = clamp(new(big.Int).Add(sx, sy), smin, smax)
	case "s|-|":
		r = clamp(new(big.Int).Sub(sx, sy), smin, smax)
	default:
		panic(op)
	}
	return r.Mod(r, mod)
}

func runBinary(op string, x, y []uint64, w int) []uint64 {
	dst := make([]uint64, len(x))
	switch op {
	case "+":
		wideAdd(dst, x, y, w)
	case "-":
		wideSub(dst, x, y, w)
	case "*":
		wideMul(dst, x, y, make([]uint64, len(x)), w)
	case "/", "%":
		q, r := make([]uint64, len(x)), make([]uint64, len(x))
		wideDivMod(q, r, x, y, w)
		if op == "/" {
			return q
		}
		return r
	case "|+|":
		wideAddSat(dst, x, y, w)
	case "|-|":
		wideSubSat(dst, x, y, w)
	case "s|+|":
		wideSAddSat(dst, x, y, w, false)
	case "s|-|":
		wideSAddSat(dst, x, y, w, true)
	}
	return dst
}

var binaryOps = []string{"+", "-", "*", "/", "%", "|+|", "|-|", "s|+|", "s|-|"}

func TestWideBinary(t *testing.T) {
	operands := []struct {
		w    int
		x, y string
	}{
		{65, "0x1ffffffffffffffff", "1"},
		{65, "0x10000000000000000", "0x10000000000000000"},
		{65, "0x0ffffffffffffffff", "0x10000000000000001"},
		{96, "0xffffffffffffffffffffffff", "0xffffffffffffffffffffffff"},
		{96, "0x800000000000000000000000", "1"},
		{96, "0x7fffffffffffffffffffffff", "1"},
		{96, "0x123456789abcdef012345678", "0x1000"},
		{128, "0x7fffffffffffffffffffffffffffffff", "0x7fffffffffffffffffffffffffffffff"},
		{128, "0x80000000000000000000000000000000", "0x80000000000000000000000000000000"},
		{128, "0x80000000000000000000000000000000", "0xffffffffffffffffffffffffffffffff"},
		{128, "0xdeadbeefcafef00d0123456789abcdef", "0"},
		{128, "0xdeadbeefcafef00d0123456789abcdef", "0xfedcba9876543210"},
		{192, "0x1", "0xffffffffffffffffffffffffffffffffffffffffffffffff"},
		{200, "0x80000000000000000000000000000000000000000000000000", "0x3"},
	}
	for _, o := range operands {
		x, y := hexInt(o.x), hexInt(o.y)
		for _, op := range binaryOps {
			t.Run(fmt.Sprintf("%d/%s%s%s", o.w, o.x, op, o.y), func(t *testing.T) {
				want := refBinary(op, x, y, o.w)
				got := fromWords(runBinary(op, toWords(x, o.w), toWords(y, o.w), o.w))
				if got.Cmp(want) != 0 {
					t.Errorf("bit<%d> %#x %s %#x = %#x, want %#x", o.w, x, op, y, got, want)
				}
			})
		}
	}
}

func TestWideShift(t *testing.T) {
	values := []struct {
		w int
		x string
	}{
		{65, "0x1ffffffffffffffff"},
		{65, "0x10000000000000001"},
		{100, "0x8000000000000000000000001"},
		{128, "0x0123456789abcdeffedcba9876543210"},
		{128, "0xf123456789abcdeffedcba9876543210"},
		{256, "0x8000000000000000000000000000000000000000000000000000000000000001"},
	}
	for _, v := range values {
		x := hexInt(v.x)
		for _, s := range []uint64{0, 1, 4, 63, 64, 65, 100, 127, 128, 129, 255, 256, 1 << 40, ^uint64(0)} {
			t.Run(fmt.Sprintf("%d/%s/%d", v.w, v.x, s), func(t *testing.T) {
				mod := pow2(v.w)
				wantShl, wantShr, wantSar := new(big.Int), new(big.Int), new(big.Int)
				if s < uint64(v.w) {
					wantShl.Lsh(x, uint(s)).Mod(wantShl, mod)
					wantShr.Rsh(x, uint(s))
					wantSar.Rsh(signedOf(x, v.w), uint(s)).Mod(wantSar, mod)
				} else if x.Bit(v.w-1) == 1 {
					wantSar.Sub(mod, big.NewInt(1))
				}
				xw := toWords(x, v.w)
				dst := make([]uint64, len(xw))
				wideShl(dst, xw, s, v.w)
				if got := fromWords(dst); got.Cmp(wantShl) != 0 {
					t.Errorf("<< = %#x, want %#x", got, wantShl)
				}
				wideShr(dst, xw, s, v.w, false)
				if got := fromWords(dst); got.Cmp(wantShr) != 0 {
					t.Errorf(">> = %#x, want %#x", got, wantShr)
				}
				wideShr(dst, xw, s, v.w, true)
				if got := fromWords(dst); got.Cmp(wantSar) != 0 {
					t.Errorf("signed >> = %#x, want %#x", got, wantSar)
				}
				// In place: dst is the operand.
				in := append([]uint64(nil), xw...)
				wideShl(in, in, s, v.w)
				if got := fromWords(in); got.Cmp(wantShl) != 0 {
					t.Errorf("<< in place = %#x, want %#x", got, wantShl)
				}
				in = append(in[:0], xw...)
				wideShr(in, in, s, v.w, true)
				if got := fromWords(in); got.Cmp(wantSar) != 0 {
					t.Errorf("signed >> in place = %#x, want %#x", got, wantSar)
				}
			})
		}
	}
}

func TestWideCompareNegNotResize(t *testing.T) {
	tests := []struct {
		w    int
		x, y string
	}{
		{65, "0x10000000000000000", "0x0ffffffffffffffff"},
		{65, "0x0ffffffffffffffff", "0x10000000000000000"},
		{128, "0x80000000000000000000000000000000", "0x7fffffffffffffffffffffffffffffff"},
		{128, "0xffffffffffffffffffffffffffffffff", "0xfffffffffffffffffffffffffffffffe"},
		{128, "0x5", "0x5"},
		{128, "0x0", "0xffffffffffffffffffffffffffffffff"},
		{130, "0x20000000000000000000000000000000a", "0x1"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d/%s/%s", tc.w, tc.x, tc.y), func(t *testing.T) {
			x, y := hexInt(tc.x), hexInt(tc.y)
			xw, yw := toWords(x, tc.w), toWords(y, tc.w)
			if got, want := wideCmp(xw, yw), x.Cmp(y); got != want {
				t.Errorf("unsigned compare = %d, want %d", got, want)
			}
			if got, want := wideSCmp(xw, yw, tc.w), signedOf(x, tc.w).Cmp(signedOf(y, tc.w)); got != want {
				t.Errorf("signed compare = %d, want %d", got, want)
			}
			dst := make([]uint64, len(xw))
			wideNeg(dst, xw, tc.w)
			want := new(big.Int).Neg(x)
			want.Mod(want, pow2(tc.w))
			if got := fromWords(dst); got.Cmp(want) != 0 {
				t.Errorf("-x = %#x, want %#x", got, want)
			}
			wideNot(dst, xw, tc.w)
			want = new(big.Int).Sub(new(big.Int).Sub(pow2(tc.w), big.NewInt(1)), x)
			if got := fromWords(dst); got.Cmp(want) != 0 {
				t.Errorf("~x = %#x, want %#x", got, want)
			}
			for _, to := range []int{1, 8, 63, 64, 65, 127, 128, 129, 200} {
				for _, signed := range []bool{false, true} {
					out := make([]uint64, ir.Words(to))
					wideResize(out, to, xw, tc.w, signed)
					ref := x
					if signed {
						ref = signedOf(x, tc.w)
					}
					want := new(big.Int).Mod(ref, pow2(to))
					if got := fromWords(out); got.Cmp(want) != 0 {
						t.Errorf("resize to %d (signed %t) = %#x, want %#x", to, signed, got, want)
					}
				}
			}
		})
	}
}

// FuzzWide compares every wide operation with math/big on arbitrary
// operands and widths.
func FuzzWide(f *testing.F) {
	f.Add(uint8(65), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, []byte{1}, uint16(64))
	f.Add(uint8(128), []byte{0x80}, []byte{0x7f, 0xff}, uint16(127))
	f.Add(uint8(200), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, []byte{0xff, 0, 0xff}, uint16(300))
	f.Fuzz(func(t *testing.T, wb uint8, xb, yb []byte, s uint16) {
		w := 65 + int(wb) // 65..320 bits
		x := new(big.Int).Mod(new(big.Int).SetBytes(xb), pow2(w))
		y := new(big.Int).Mod(new(big.Int).SetBytes(yb), pow2(w))
		xw, yw := toWords(x, w), toWords(y, w)
		for _, op := range binaryOps {
			want := refBinary(op, x, y, w)
			if got := fromWords(runBinary(op, xw, yw, w)); got.Cmp(want) != 0 {
				t.Fatalf("bit<%d> %#x %s %#x = %#x, want %#x", w, x, op, y, got, want)
			}
		}
		if got, want := wideCmp(xw, yw), x.Cmp(y); got != want {
			t.Fatalf("compare %#x %#x = %d, want %d", x, y, got, want)
		}
		if got, want := wideSCmp(xw, yw, w), signedOf(x, w).Cmp(signedOf(y, w)); got != want {
			t.Fatalf("signed compare %#x %#x = %d, want %d", x, y, got, want)
		}
		dst := make([]uint64, len(xw))
		wideShl(dst, xw, uint64(s), w)
		want := new(big.Int)
		if int(s) < w {
			want.Lsh(x, uint(s)).Mod(want, pow2(w))
		}
		if got := fromWords(dst); got.Cmp(want) != 0 {
			t.Fatalf("bit<%d> %#x << %d = %#x, want %#x", w, x, s, got, want)
		}
		wideShr(dst, xw, uint64(s), w, true)
		want.Rsh(signedOf(x, w), uint(min(int(s), w))).Mod(want, pow2(w))
		if got := fromWords(dst); got.Cmp(want) != 0 {
			t.Fatalf("int<%d> %#x >> %d = %#x, want %#x", w, x, s, got, want)
		}
	})
}
