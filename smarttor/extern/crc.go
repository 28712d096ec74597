package extern

import (
	"fmt"
	"math/bits"
)

// CRCParams are the parameters of a table-driven CRC as BMv2's crc_custom
// takes them (crc_config_t).
type CRCParams struct {
	Width      int // 8, 16, 32 or 64
	Poly       uint64
	Init       uint64
	XorOut     uint64
	ReflectIn  bool // data_reflected
	ReflectOut bool // remainder_reflected
}

// The parameters of BMv2's fixed CRCs (and the initial ones of the custom
// CRCs of the same width).
var (
	CRC16Params    = CRCParams{Width: 16, Poly: 0x8005, ReflectIn: true, ReflectOut: true}
	CRC32Params    = CRCParams{Width: 32, Poly: 0x04c11db7, Init: 0xffffffff, XorOut: 0xffffffff, ReflectIn: true, ReflectOut: true}
	CRCCCITTParams = CRCParams{Width: 16, Poly: 0x1021, Init: 0xffff}
)

// CRC is a table-driven CRC. It is immutable, so safe for concurrent use.
type CRC struct {
	p     CRCParams
	mask  uint64
	table [256]uint64
}

// NewCRC returns the CRC with parameters p.
func NewCRC(p CRCParams) (*CRC, error) {
	switch p.Width {
	case 8, 16, 32, 64:
	default:
		return nil, fmt.Errorf("crc width %d is not 8, 16, 32 or 64", p.Width)
	}
	c := &CRC{p: p, mask: ^uint64(0) >> (64 - p.Width)}
	if p.Poly&^c.mask != 0 || p.Init&^c.mask != 0 || p.XorOut&^c.mask != 0 {
		return nil, fmt.Errorf("crc parameters wider than %d bits", p.Width)
	}
	top := uint64(1) << (p.Width - 1)
	for d := range c.table {
		r := uint64(d) << (p.Width - 8)
		for i := 0; i < 8; i++ {
			if r&top != 0 {
				r = r<<1 ^ p.Poly
			} else {
				r <<= 1
			}
		}
		c.table[d] = r & c.mask
	}
	return c, nil
}

// Params returns the CRC's parameters.
func (c *CRC) Params() CRCParams { return c.p }

// Sum returns the CRC of data, computed as BMv2 does (MSB-first table,
// reflecting input bytes and the final remainder when configured).
func (c *CRC) Sum(data []byte) uint64 {
	w := c.p.Width
	r := c.p.Init
	for _, b := range data {
		if c.p.ReflectIn {
			b = bits.Reverse8(b)
		}
		idx := (uint64(b) ^ r>>(w-8)) & 0xff
		r = (c.table[idx] ^ r<<8) & c.mask
	}
	if c.p.ReflectOut {
		r = bits.Reverse64(r) >> (64 - w)
	}
	return (r ^ c.p.XorOut) & c.mask
}

func mustCRC(p CRCParams) *CRC {
	c, err := NewCRC(p)
	if err != nil {
		panic(err) // only for the package's fixed, valid parameters
	}
	return c
}

var (
	crc16    = mustCRC(CRC16Params)
	crc32    = mustCRC(CRC32Params)
	crcCCITT = mustCRC(CRCCCITTParams)
)
