package exec

import (
	"slices"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// getBits reads w ≤ 64 bits at bit offset off of b (big-endian bit order);
// the caller has checked the bounds.
func getBits(b []byte, off, w int) uint64 {
	i := off >> 3
	sh := off & 7
	if sh == 0 && w&7 == 0 {
		var v uint64
		for _, x := range b[i : i+w>>3] {
			v = v<<8 | uint64(x)
		}
		return v
	}
	if sh+w > 64 {
		return getBits(b, off, w-32)<<32 | getBits(b, off+w-32, 32)
	}
	n := (sh + w + 7) >> 3
	var v uint64
	for _, x := range b[i : i+n] {
		v = v<<8 | uint64(x)
	}
	return v >> uint(n*8-sh-w) & ir.Mask(w)
}

// putBits ORs the w ≤ 64 low bits of v into b at bit offset off; the
// destination bits are zero.
func putBits(b []byte, off, w int, v uint64) {
	if off&7 == 0 && w&7 == 0 {
		i := off >> 3
		for j := w>>3 - 1; j >= 0; j-- {
			b[i+j] = byte(v)
			v >>= 8
		}
		return
	}
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
	for i := range h.Fields {
		f := &h.Fields[i]
		if f.Width <= 64 {
			a[f.Slot] = getBits(w.in, off, f.Width)
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
	start := len(w.out)
	n := h.Bits / 8
	w.out = slices.Grow(w.out, n)[:start+n]
	b := w.out[start:]
	clear(b)
	off := 0
	for i := range h.Fields {
		f := &h.Fields[i]
		if f.Width <= 64 {
			putBits(b, off, f.Width, a[f.Slot])
		} else {
			putField(b, off, f.Width, a[f.Slot:])
		}
		off += f.Width
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
// the input of a hash or checksum (extern.Bits); with payload, the
// unparsed payload follows.
func (w *Worker) pack(list []ir.Operand, payload bool) []byte {
	b := &w.bits
	b.Reset()
	for _, o := range list {
		if o.Width <= 64 {
			b.AppendUint(w.arena[o.Slot], o.Width)
			continue
		}
		n := ir.Words(o.Width)
		b.AppendUint(w.arena[o.Slot], o.Width-64*(n-1))
		for i := 1; i < n; i++ {
			b.AppendUint(w.arena[int(o.Slot)+i], 64)
		}
	}
	if payload {
		if i := w.cursor / 8; i < len(w.in) {
			b.AppendBytes(w.in[i:])
		}
	}
	return b.Bytes()
}

// checksum computes a checksum call's value (with the payload appended
// for the _with_payload variants).
func (w *Worker) checksum(c *ir.ChecksumCall) uint64 {
	data := w.pack(w.p.prog.Lists[c.List], c.WithPayload)
	return w.p.hashers[c.Algo].Sum(data) & ir.Mask(c.Width)
}
