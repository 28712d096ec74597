package exec

import (
	"encoding/binary"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// load64 returns the 8 bytes of b at i big-endian, zero-padded past the
// end of b.
func load64(b []byte, i int) uint64 {
	if i+8 <= len(b) {
		return binary.BigEndian.Uint64(b[i:])
	}
	return load64Slow(b, i)
}

func load64Slow(b []byte, i int) uint64 {
	var v uint64
	for j := 0; j < 8; j++ {
		v <<= 8
		if i+j < len(b) {
			v |= uint64(b[i+j])
		}
	}
	return v
}

// getBits reads w ≤ 64 bits at bit offset off of b (big-endian bit order);
// the caller has checked the bounds.
func getBits(b []byte, off, w int) uint64 {
	sh := off & 7
	if sh+w > 64 {
		return getBitsSplit(b, off, w)
	}
	return load64(b, off>>3) << uint(sh) >> uint(64-w)
}

func getBitsSplit(b []byte, off, w int) uint64 {
	return getBits(b, off, w-32)<<32 | getBits(b, off+w-32, 32)
}

// putBits ORs the w ≤ 64 low bits of v into b at bit offset off; the
// destination bits are zero.
func putBits(b []byte, off, w int, v uint64) {
	for w > 0 {
		i, sh := off>>3, off&7
		room := 8 - sh
		n := min(room, w)
		bitsv := (v >> uint(w-n)) & ir.Mask(n)
		b[i] |= byte(bitsv << uint(room-n))
		off += n
		w -= n
	}
}

// bitWriter appends values bit by bit, most significant bit first, to a
// byte slice, 64 bits at a time: the layout of emit and of BMv2's hash
// and checksum input (fields concatenated bit by bit, the last byte
// padded with zeros; the same as extern.Bits, batched for speed).
type bitWriter struct {
	acc uint64
	n   int
}

func (bw *bitWriter) put(dst []byte, v uint64, w int) []byte {
	if bw.n+w <= 64 {
		bw.acc = bw.acc<<uint(w) | v
		bw.n += w
		return dst
	}
	return bw.putSlow(dst, v, w)
}

func (bw *bitWriter) putSlow(dst []byte, v uint64, w int) []byte {
	if bw.n+w > 64 {
		for bw.n >= 8 {
			dst = append(dst, byte(bw.acc>>uint(bw.n-8)))
			bw.n -= 8
		}
		bw.acc &= ir.Mask(bw.n)
		if bw.n+w > 64 {
			dst = bw.put(dst, v>>32, w-32)
			return bw.put(dst, v&0xffffffff, 32)
		}
	}
	bw.acc = bw.acc<<uint(w) | v
	bw.n += w
	return dst
}

// flush appends the remaining bits, the last byte padded with zeros.
func (bw *bitWriter) flush(dst []byte) []byte {
	for bw.n >= 8 {
		dst = append(dst, byte(bw.acc>>uint(bw.n-8)))
		bw.n -= 8
	}
	if bw.n > 0 {
		dst = append(dst, byte(bw.acc<<uint(8-bw.n)))
	}
	bw.acc, bw.n = 0, 0
	return dst
}

// getField reads a field of any width at bit offset off into dst (its
// arena words).
func getField(b []byte, off, w int, dst []uint64) {
	if w <= 64 {
		dst[0] = getBits(b, off, w)
		return
	}
	n := ir.Words(w)
	top := w - 64*(n-1)
	dst[0] = getBits(b, off, top)
	off += top
	for i := 1; i < n; i++ {
		dst[i] = getBits(b, off, 64)
		off += 64
	}
}

// putField writes a field of any width from its arena words.
func putField(b []byte, off, w int, src []uint64) {
	if w <= 64 {
		putBits(b, off, w, src[0])
		return
	}
	n := ir.Words(w)
	top := w - 64*(n-1)
	putBits(b, off, top, src[0])
	off += top
	for i := 1; i < n; i++ {
		putBits(b, off, 64, src[i])
		off += 64
	}
}

func (w *Worker) extract(h *ir.Header) bool {
	a := w.arena
	if w.cursor+h.Bits > len(w.in)*8 {
		a[w.p.prog.Std.ParserError] = ir.ErrPacketTooShort
		return false
	}
	off := w.cursor
	in := w.in
	for i := range h.Fields {
		f := &h.Fields[i]
		if f.Width <= 64 {
			// getBits, inlined for the common case.
			if j, sh := off>>3, off&7; sh+f.Width <= 64 && j+8 <= len(in) {
				a[f.Slot] = binary.BigEndian.Uint64(in[j:]) << uint(sh) >> uint(64-f.Width)
			} else {
				a[f.Slot] = getBits(in, off, f.Width)
			}
		} else {
			getField(w.in, off, f.Width, a[f.Slot:])
		}
		off += f.Width
	}
	a[h.Valid] = 1
	w.cursor = off
	return true
}

func (w *Worker) emit(h *ir.Header) {
	a := w.arena
	if a[h.Valid] == 0 {
		return
	}
	var bw bitWriter
	out := w.out
	for i := range h.Fields {
		f := &h.Fields[i]
		if f.Varbit {
			words := a[f.Slot : int(f.Slot)+ir.Words(f.Width)]
			n := int(min(a[h.VarLen], uint64(f.Width)))
			for n > 0 {
				k := min(n, 32)
				out = bw.put(out, wideBits(words, n-k, k), k)
				n -= k
			}
			continue
		}
		if f.Width <= 64 {
			// bitWriter.put, inlined for the common case.
			if bw.n+f.Width <= 64 {
				bw.acc = bw.acc<<uint(f.Width) | a[f.Slot]
				bw.n += f.Width
			} else {
				out = bw.putSlow(out, a[f.Slot], f.Width)
			}
			continue
		}
		n := ir.Words(f.Width)
		out = bw.put(out, a[f.Slot], f.Width-64*(n-1))
		for j := 1; j < n; j++ {
			out = bw.put(out, a[int(f.Slot)+j], 64)
		}
	}
	w.out = bw.flush(out)
}

// extractVar extracts a header whose varbit field takes n bits.
func (w *Worker) extractVar(h *ir.Header, n uint64) bool {
	a := w.arena
	std := &w.p.prog.Std
	var vb *ir.Field
	for i := range h.Fields {
		if h.Fields[i].Varbit {
			vb = &h.Fields[i]
		}
	}
	if n%8 != 0 {
		// BMv2 takes a varbit length in whole bytes only.
		a[std.ParserError] = ir.ErrParserInvalidArgument
		return false
	}
	// As BMv2, a short packet is reported before a length over the
	// varbit's width.
	if uint64(w.cursor+h.Bits)+n > uint64(len(w.in))*8 {
		a[std.ParserError] = ir.ErrPacketTooShort
		return false
	}
	if vb == nil || n > uint64(vb.Width) {
		a[std.ParserError] = ir.ErrHeaderTooShort
		return false
	}
	off := w.cursor
	for i := range h.Fields {
		f := &h.Fields[i]
		switch {
		case f.Varbit:
			words := a[f.Slot : int(f.Slot)+ir.Words(f.Width)]
			clear(words)
			for rem := int(n); rem > 0; {
				k := min(rem, 32)
				shiftLeft(words, k)
				words[len(words)-1] |= getBits(w.in, off, k)
				off += k
				rem -= k
			}
			continue
		case f.Width <= 64:
			a[f.Slot] = getBits(w.in, off, f.Width)
		default:
			getField(w.in, off, f.Width, a[f.Slot:])
		}
		off += f.Width
	}
	a[h.VarLen] = n
	a[h.Valid] = 1
	w.cursor = off
	return true
}

// shiftLeft shifts a wide value (most significant word first) left by
// k < 64 bits.
func shiftLeft(words []uint64, k int) {
	for i := range words {
		words[i] <<= uint(k)
		if i+1 < len(words) {
			words[i] |= words[i+1] >> uint(64-k)
		}
	}
}

// deparse runs the deparser into w.out and appends the unparsed payload.
func (w *Worker) deparse() {
	w.out = w.out[:0]
	w.run(w.p.prog.Deparser)
	if i := w.cursor / 8; i < len(w.in) {
		w.out = append(w.out, w.in[i:]...)
	}
}

// pack concatenates the values of a field list bit by bit, as BMv2 builds
// the input of a hash or checksum, leaving out those whose valid slot
// (when valid is not nil) is 0: fields of invalid headers; with payload,
// the unparsed payload follows.
func (w *Worker) pack(list []ir.Operand, valid []ir.Slot, payload bool) []byte {
	var bw bitWriter
	b := w.bits[:0]
	for i, o := range list {
		if valid != nil && valid[i] != ir.NoSlot && w.arena[valid[i]] == 0 {
			continue // a field of an invalid header: left out, as BMv2
		}
		if o.Width <= 64 {
			b = bw.put(b, w.arena[o.Slot], o.Width)
			continue
		}
		n := ir.Words(o.Width)
		b = bw.put(b, w.arena[o.Slot], o.Width-64*(n-1))
		for i := 1; i < n; i++ {
			b = bw.put(b, w.arena[int(o.Slot)+i], 64)
		}
	}
	b = bw.flush(b)
	if payload {
		if i := w.cursor / 8; i < len(w.in) {
			b = append(b, w.in[i:]...)
		}
	}
	w.bits = b
	return b
}

// checksum computes a checksum call's value (with the payload appended
// for the _with_payload variants).
func (w *Worker) checksum(c *ir.ChecksumCall) uint64 {
	data := w.pack(w.p.prog.Lists[c.List], c.Valid, c.WithPayload)
	return w.p.hashers[c.Algo].Sum(data) & ir.Mask(c.Width)
}
