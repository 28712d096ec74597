package exec

import (
	"hash/crc32"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// hasher computes one v1model hash algorithm over packed field bits.
//
// These are BMv2's definitions (calculations.cpp): crc16 is CRC-16/ARC,
// crc32 the IEEE CRC-32, csum16 the Internet checksum, xor16 the XOR of
// big-endian 16-bit words, identity the first 8 bytes. The _custom
// variants start equal to crc16 and crc32. They move to package extern
// once it lands on this branch.
type hasher struct {
	algo ir.HashAlgo
}

func newHashers() []hasher {
	h := make([]hasher, ir.HashXor16+1)
	for i := range h {
		h[i].algo = ir.HashAlgo(i)
	}
	return h
}

var crc16Table = func() (t [256]uint16) {
	for i := range t {
		c := uint16(i)
		for j := 0; j < 8; j++ {
			if c&1 != 0 {
				c = c>>1 ^ 0xa001
			} else {
				c >>= 1
			}
		}
		t[i] = c
	}
	return
}()

func (h *hasher) sum(w *Worker, data []byte) uint64 {
	switch h.algo {
	case ir.HashCRC32, ir.HashCRC32Custom:
		return uint64(crc32.ChecksumIEEE(data))
	case ir.HashCRC16, ir.HashCRC16Custom:
		var c uint16
		for _, b := range data {
			c = c>>8 ^ crc16Table[byte(c)^b]
		}
		return uint64(c)
	case ir.HashCsum16:
		return uint64(csum16(data))
	case ir.HashXor16:
		var x uint16
		for i := 0; i < len(data); i += 2 {
			v := uint16(data[i]) << 8
			if i+1 < len(data) {
				v |= uint16(data[i+1])
			}
			x ^= v
		}
		return uint64(x)
	case ir.HashIdentity:
		var v uint64
		for i := 0; i < len(data) && i < 8; i++ {
			v = v<<8 | uint64(data[i])
		}
		return v
	case ir.HashRandom:
		return w.random()
	}
	return 0
}

// csum16 is the Internet checksum (RFC 1071) of data, a trailing odd byte
// padded with zero.
func csum16(data []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(data); i += 2 {
		s += uint32(data[i])<<8 | uint32(data[i+1])
	}
	if len(data)%2 == 1 {
		s += uint32(data[len(data)-1]) << 8
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}
