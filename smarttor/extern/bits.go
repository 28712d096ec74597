package extern

// Bits builds the input of a hash or checksum as BMv2's BufBuilder does: the
// values are concatenated bit by bit, most significant bit first, and the
// last byte is padded with zero bits. Reuse one Bits per call site (Reset
// between packets) so that appending does not allocate once its buffer has
// grown to size.
type Bits struct {
	buf  []byte
	nbit int
}

// Reset empties b, keeping its buffer.
func (b *Bits) Reset() {
	b.buf = b.buf[:0]
	b.nbit = 0
}

// Len returns the number of bits appended.
func (b *Bits) Len() int { return b.nbit }

// Bytes returns the buffer: Len bits padded to whole bytes. It is valid
// until the next call that changes b.
func (b *Bits) Bytes() []byte { return b.buf }

// AppendUint appends the low width bits of v (width at most 64).
func (b *Bits) AppendUint(v uint64, width int) {
	for width > 0 {
		free := 8 - b.nbit%8
		if b.nbit%8 == 0 {
			b.buf = append(b.buf, 0)
			free = 8
		}
		n := min(free, width)
		chunk := byte(v>>(width-n)) & byte(1<<n-1)
		b.buf[len(b.buf)-1] |= chunk << (free - n)
		b.nbit += n
		width -= n
	}
}

// Append appends a width-bit value held big-endian and right-aligned in v
// (the layout of a P4 bit<width> field in ceil(width/8) bytes). Bits of v
// above width are ignored; v shorter than needed is zero-extended.
func (b *Bits) Append(v []byte, width int) {
	n := (width + 7) / 8
	lead := width - (n-1)*8 // bits of the first byte
	for i := 0; i < n; i++ {
		var x byte
		if j := len(v) - n + i; j >= 0 {
			x = v[j]
		}
		if i == 0 {
			b.AppendUint(uint64(x), lead)
		} else {
			b.AppendUint(uint64(x), 8)
		}
	}
}

// AppendBytes appends whole bytes (a payload or a byte-aligned header).
func (b *Bits) AppendBytes(p []byte) {
	if b.nbit%8 == 0 {
		b.buf = append(b.buf, p...)
		b.nbit += 8 * len(p)
		return
	}
	for _, x := range p {
		b.AppendUint(uint64(x), 8)
	}
}
