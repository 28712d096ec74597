package exec

import (
	"math/bits"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// Arithmetic on values wider than 64 bits. A w-bit value occupies
// ir.Words(w) arena words, most significant word first, with the bits
// above w in the first word always zero. The functions below take the
// words as slices of exactly ir.Words(w) words and never allocate; dst
// may be the same slice as an operand (not a partial overlap) except
// where a function says otherwise. They keep to P4_16's semantics:
// bit<w> arithmetic is modulo 2^w, int<w> is two's complement in w bits.

// topMask is the mask of the first (most significant) word of a w-bit
// value.
func topMask(w int) uint64 {
	if r := w % 64; r != 0 {
		return ir.Mask(r)
	}
	return ^uint64(0)
}

// signBit reports bit w-1 of the w-bit value x.
func signBit(x []uint64, w int) bool {
	return x[0]>>uint((w-1)%64)&1 != 0
}

// wideAdd sets dst = x + y mod 2^w and returns whether the sum overflowed
// w bits as unsigned values.
func wideAdd(dst, x, y []uint64, w int) bool {
	var c uint64
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i], c = bits.Add64(x[i], y[i], c)
	}
	m := topMask(w)
	over := c != 0 || dst[0]&^m != 0
	dst[0] &= m
	return over
}

// wideSub sets dst = x - y mod 2^w and returns whether x < y as unsigned
// values.
func wideSub(dst, x, y []uint64, w int) bool {
	var b uint64
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i], b = bits.Sub64(x[i], y[i], b)
	}
	dst[0] &= topMask(w)
	return b != 0
}

// wideNeg sets dst = -x mod 2^w.
func wideNeg(dst, x []uint64, w int) {
	var b uint64
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i], b = bits.Sub64(0, x[i], b)
	}
	dst[0] &= topMask(w)
}

// wideNot sets dst = ~x in w bits.
func wideNot(dst, x []uint64, w int) {
	for i := range dst {
		dst[i] = ^x[i]
	}
	dst[0] &= topMask(w)
}

// wideMul sets dst = x * y mod 2^w; tmp (len(dst) words) must not
// overlap dst, x or y.
func wideMul(dst, x, y, tmp []uint64, w int) {
	n := len(dst)
	clear(tmp)
	// Word j (from the least significant end) is at index n-1-j.
	for i := 0; i < n; i++ {
		xi := x[n-1-i]
		if xi == 0 {
			continue
		}
		var carry uint64
		for j := 0; i+j < n; j++ {
			hi, lo := bits.Mul64(xi, y[n-1-j])
			k := n - 1 - (i + j)
			var c uint64
			lo, c = bits.Add64(lo, tmp[k], 0)
			hi += c
			lo, c = bits.Add64(lo, carry, 0)
			hi += c
			tmp[k] = lo
			carry = hi
		}
	}
	copy(dst, tmp)
	dst[0] &= topMask(w)
}

// wideIsZero reports whether x is 0.
func wideIsZero(x []uint64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}

// wideCmp compares x and y as unsigned values: -1, 0 or +1.
func wideCmp(x, y []uint64) int {
	for i := range x {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// wideSCmp compares x and y as w-bit two's complement values.
func wideSCmp(x, y []uint64, w int) int {
	sx, sy := signBit(x, w), signBit(y, w)
	if sx != sy {
		if sx {
			return -1
		}
		return 1
	}
	return wideCmp(x, y)
}

// wideShl sets dst = x << s in w bits (0 when s ≥ w).
func wideShl(dst, x []uint64, s uint64, w int) {
	n := len(dst)
	if s >= uint64(w) {
		clear(dst)
		return
	}
	q, r := int(s/64), uint(s%64)
	// Result word at index i takes source words i+q and i+q+1: reading
	// at or after i, so going up is safe when dst is x.
	for i := 0; i < n; i++ {
		var v uint64
		if j := i + q; j < n {
			v = x[j] << r
			if r != 0 && j+1 < n {
				v |= x[j+1] >> (64 - r)
			}
		}
		dst[i] = v
	}
	dst[0] &= topMask(w)
}

// wideShr sets dst = x >> s for the w-bit value x, filling with copies of
// bit w-1 when arith is set (int<w>) and with zeros otherwise.
func wideShr(dst, x []uint64, s uint64, w int, arith bool) {
	n := len(dst)
	neg := arith && signBit(x, w)
	if s >= uint64(w) {
		fill := uint64(0)
		if neg {
			fill = ^uint64(0)
		}
		for i := range dst {
			dst[i] = fill
		}
		dst[0] &= topMask(w)
		return
	}
	// Sign-extend the top word to a full word so that the shift brings
	// in sign bits; shift over the n-word value, then mask.
	top := x[0]
	if neg {
		top |= ^topMask(w)
	}
	fill := uint64(0)
	if neg {
		fill = ^uint64(0)
	}
	// The n*64-bit value is shifted right by s: bits above w read as fill,
	// which the sign extension of top provides for the pad bits.
	q, r := int(s/64), uint(s%64)
	word := func(j int) uint64 {
		switch {
		case j < 0:
			return fill
		case j == 0:
			return top
		}
		return x[j]
	}
	// Result word at index i takes source words i-q and i-q-1: reading
	// at or before i, so going down is safe when dst is x.
	for i := n - 1; i >= 0; i-- {
		v := word(i-q) >> r
		if r != 0 {
			v |= word(i-q-1) << (64 - r)
		}
		dst[i] = v
	}
	dst[0] &= topMask(w)
}

// wideAddSat sets dst = x |+| y for unsigned w-bit values.
func wideAddSat(dst, x, y []uint64, w int) {
	if wideAdd(dst, x, y, w) {
		wideOnes(dst, w)
	}
}

// wideSubSat sets dst = x |-| y for unsigned w-bit values.
func wideSubSat(dst, x, y []uint64, w int) {
	if wideSub(dst, x, y, w) {
		clear(dst)
	}
}

// wideSAddSat sets dst = x |+| y (or x |-| y when sub) for w-bit two's
// complement values, clamped to [-2^(w-1), 2^(w-1)-1].
func wideSAddSat(dst, x, y []uint64, w int, sub bool) {
	sx, sy := signBit(x, w), signBit(y, w)
	if sub {
		wideSub(dst, x, y, w)
		sy = !sy
	} else {
		wideAdd(dst, x, y, w)
	}
	// Overflow: the operands (y negated for sub) share a sign that the
	// result lacks.
	if sx == sy && signBit(dst, w) != sx {
		wideOnes(dst, w)
		top := uint((w - 1) % 64)
		if sx { // clamp to the minimum: the sign bit alone
			clear(dst)
			dst[0] = 1 << top
		} else { // the maximum: all ones but the sign bit
			dst[0] &^= 1 << top
		}
	}
}

// wideOnes sets dst to the all-ones w-bit value.
func wideOnes(dst []uint64, w int) {
	for i := range dst {
		dst[i] = ^uint64(0)
	}
	dst[0] &= topMask(w)
}

// wideDivMod sets q = x / y and r = x % y for unsigned w-bit values (both
// 0 when y is 0), by restoring binary long division. q and r must not
// overlap each other, x or y.
func wideDivMod(q, r, x, y []uint64, w int) {
	clear(q)
	clear(r)
	if wideIsZero(y) {
		return
	}
	n := len(r)
	for i := w - 1; i >= 0; i-- {
		// r = r<<1 | bit i of x; r < y ≤ 2^w before the shift, so r<<1
		// fits in w+1 bits: the bit shifted out of the top word is kept
		// in out.
		out := r[0] >> 63
		for j := 0; j < n-1; j++ {
			r[j] = r[j]<<1 | r[j+1]>>63
		}
		r[n-1] = r[n-1]<<1 | x[n-1-i/64]>>uint(i%64)&1
		if out != 0 || wideCmp(r, y) >= 0 {
			var b uint64
			for j := n - 1; j >= 0; j-- {
				r[j], b = bits.Sub64(r[j], y[j], b)
			}
			q[n-1-i/64] |= 1 << uint(i%64)
		}
	}
}

// wideResize sets the dw-bit value dst from the xw-bit value x:
// truncation, or extension with zeros (or copies of x's sign bit when
// signed). dst must not partially overlap x.
func wideResize(dst []uint64, dw int, x []uint64, xw int, signed bool) {
	nd, nx := len(dst), len(x)
	fill := uint64(0)
	top := x[0]
	if signed && signBit(x, xw) {
		fill = ^uint64(0)
		top |= ^topMask(xw)
	}
	// Word j from the least significant end; when dst and x are the same
	// slice nd == nx and each word is read before it is written.
	for j := 0; j < nd; j++ {
		var v uint64
		switch {
		case j < nx-1:
			v = x[nx-1-j]
		case j == nx-1:
			v = top
		default:
			v = fill
		}
		dst[nd-1-j] = v
	}
	dst[0] &= topMask(dw)
}

// wideArith runs one of the wide arithmetic instructions; b is the shift
// amount of the shifts (the immediate or the first word of slot B).
func (w *Worker) wideArith(in *ir.Instr, b uint64) {
	a := w.arena
	width := int(in.W)
	n := ir.Words(width)
	switch in.Op {
	case ir.OpResizeW:
		wideResize(a[in.Dst:int(in.Dst)+n], width, a[in.A:int(in.A)+ir.Words(int(in.C))], int(in.C), in.K != 0)
		return
	case ir.OpLtW, ir.OpLeW, ir.OpGtW, ir.OpGeW, ir.OpSLtW, ir.OpSLeW, ir.OpSGtW, ir.OpSGeW:
		k := ir.Words(int(in.K))
		x, y := a[in.A:int(in.A)+k], a[in.B:int(in.B)+k]
		var c int
		if in.Op >= ir.OpSLtW {
			c = wideSCmp(x, y, int(in.K))
		} else {
			c = wideCmp(x, y)
		}
		var r bool
		switch in.Op {
		case ir.OpLtW, ir.OpSLtW:
			r = c < 0
		case ir.OpLeW, ir.OpSLeW:
			r = c <= 0
		case ir.OpGtW, ir.OpSGtW:
			r = c > 0
		default:
			r = c >= 0
		}
		a[in.Dst] = b2u(r)
		return
	}
	dst, x := a[in.Dst:int(in.Dst)+n], a[in.A:int(in.A)+n]
	switch in.Op {
	case ir.OpNegW:
		wideNeg(dst, x, width)
		return
	case ir.OpShlW:
		wideShl(dst, x, b, width)
		return
	case ir.OpShrW, ir.OpSarW:
		wideShr(dst, x, b, width, in.Op == ir.OpSarW)
		return
	}
	y := a[in.B : int(in.B)+n]
	switch in.Op {
	case ir.OpAddW:
		wideAdd(dst, x, y, width)
	case ir.OpSubW:
		wideSub(dst, x, y, width)
	case ir.OpMulW:
		wideMul(dst, x, y, w.scratchWords(n), width)
	case ir.OpDivW, ir.OpModW:
		t := w.scratchWords(2 * n)
		q, r := t[:n], t[n:]
		wideDivMod(q, r, x, y, width)
		if in.Op == ir.OpDivW {
			copy(dst, q)
		} else {
			copy(dst, r)
		}
	case ir.OpAddSatW:
		wideAddSat(dst, x, y, width)
	case ir.OpSubSatW:
		wideSubSat(dst, x, y, width)
	case ir.OpSAddSatW, ir.OpSSubSatW:
		wideSAddSat(dst, x, y, width, in.Op == ir.OpSSubSatW)
	}
}

// scratchWords returns n words of the worker's scratch space, grown on
// first use only: later packets do not allocate.
func (w *Worker) scratchWords(n int) []uint64 {
	if len(w.scratch) < n {
		w.scratch = make([]uint64, n)
	}
	return w.scratch[:n]
}
