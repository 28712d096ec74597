package extern

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
)

// Register is an array of fixed-width cells (v1model register<T>(size)).
// Cells of up to 64 bits are read and written atomically; the interpreter
// takes Lock around an action that reads and writes the same register, as
// BMv2 locks the register arrays an action uses, to make read-modify-write
// atomic. Values are right-aligned: the high bits above the width are
// dropped on write.
type Register struct {
	width int
	mask  uint64
	cells []atomic.Uint64
	// wide holds cells of more than 64 bits, ceil(width/8) bytes each,
	// under wmu (a wide cell cannot be read or written atomically).
	wide []byte
	wmu  sync.RWMutex
	mu   sync.Mutex
}

// NewRegister returns size zeroed cells of width bits.
func NewRegister(size, width int) (*Register, error) {
	if size < 0 || width <= 0 {
		return nil, fmt.Errorf("register of %d cells of %d bits", size, width)
	}
	r := &Register{width: width}
	if width <= 64 {
		r.mask = ^uint64(0) >> (64 - width)
		r.cells = make([]atomic.Uint64, size)
	} else {
		r.wide = make([]byte, size*r.cellBytes())
	}
	return r, nil
}

func (r *Register) cellBytes() int { return (r.width + 7) / 8 }

// Size returns the number of cells.
func (r *Register) Size() int {
	if r.width <= 64 {
		return len(r.cells)
	}
	return len(r.wide) / r.cellBytes()
}

// Width returns the cell width in bits.
func (r *Register) Width() int { return r.width }

// Lock serialises actions that use the register.
func (r *Register) Lock() { r.mu.Lock() }

// Unlock ends Lock.
func (r *Register) Unlock() { r.mu.Unlock() }

// ReadUint returns cell index of a register of at most 64 bits; false (and
// 0) if index is out of range or the register is wider.
func (r *Register) ReadUint(index uint64) (uint64, bool) {
	if r.width > 64 || index >= uint64(len(r.cells)) {
		return 0, false
	}
	return r.cells[index].Load(), true
}

// WriteUint sets cell index of a register of at most 64 bits; false if
// index is out of range (the write is dropped) or the register is wider.
func (r *Register) WriteUint(index, v uint64) bool {
	if r.width > 64 || index >= uint64(len(r.cells)) {
		return false
	}
	r.cells[index].Store(v & r.mask)
	return true
}

// Read copies cell index into dst (ceil(width/8) bytes, big-endian); false
// if index is out of range or dst has the wrong size.
func (r *Register) Read(index uint64, dst []byte) bool {
	nb := r.cellBytes()
	if len(dst) != nb || index >= uint64(r.Size()) {
		return false
	}
	if r.width <= 64 {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], r.cells[index].Load())
		copy(dst, b[8-nb:])
		return true
	}
	r.wmu.RLock()
	copy(dst, r.wide[int(index)*nb:])
	r.wmu.RUnlock()
	return true
}

// Write sets cell index from src (ceil(width/8) bytes, big-endian); false
// if index is out of range or src has the wrong size. Wide cells are not
// atomic: writers of wide registers hold Lock.
func (r *Register) Write(index uint64, src []byte) bool {
	nb := r.cellBytes()
	if len(src) != nb || index >= uint64(r.Size()) {
		return false
	}
	if r.width <= 64 {
		var b [8]byte
		copy(b[8-nb:], src)
		r.cells[index].Store(binary.BigEndian.Uint64(b[:]) & r.mask)
		return true
	}
	r.wmu.Lock()
	cell := r.wide[int(index)*nb : int(index+1)*nb]
	copy(cell, src)
	cell[0] &= byte(0xff >> (nb*8 - r.width))
	r.wmu.Unlock()
	return true
}

// ReadWords copies cell index of a register of more than 64 bits into
// dst, ceil(width/64) words, most significant first (the interpreter's
// layout of wide values); false if index is out of range, the register is
// narrower or dst has the wrong size.
func (r *Register) ReadWords(index uint64, dst []uint64) bool {
	nb := r.cellBytes()
	if r.width <= 64 || len(dst) != (r.width+63)/64 || index >= uint64(r.Size()) {
		return false
	}
	clear(dst)
	n := len(dst)
	r.wmu.RLock()
	cell := r.wide[int(index)*nb : int(index+1)*nb]
	for j := 0; j < nb; j++ { // byte j from the least significant end
		dst[n-1-j/8] |= uint64(cell[nb-1-j]) << uint(8*(j%8))
	}
	r.wmu.RUnlock()
	return true
}

// WriteWords sets cell index of a register of more than 64 bits from src
// (the layout of ReadWords), dropping the bits above the width; false if
// index is out of range, the register is narrower or src has the wrong
// size.
func (r *Register) WriteWords(index uint64, src []uint64) bool {
	nb := r.cellBytes()
	if r.width <= 64 || len(src) != (r.width+63)/64 || index >= uint64(r.Size()) {
		return false
	}
	n := len(src)
	r.wmu.Lock()
	cell := r.wide[int(index)*nb : int(index+1)*nb]
	for j := 0; j < nb; j++ {
		cell[nb-1-j] = byte(src[n-1-j/8] >> uint(8*(j%8)))
	}
	cell[0] &= byte(0xff >> (nb*8 - r.width))
	r.wmu.Unlock()
	return true
}

// Reset zeroes every cell.
func (r *Register) Reset() {
	for i := range r.cells {
		r.cells[i].Store(0)
	}
	r.wmu.Lock()
	clear(r.wide)
	r.wmu.Unlock()
}
