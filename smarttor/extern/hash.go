package extern

import (
	"encoding/binary"
	"fmt"
	"sync/atomic"
)

// Algorithm is a v1model HashAlgorithm.
type Algorithm uint8

// The v1model hash algorithms.
const (
	CRC32 Algorithm = iota + 1
	CRC32Custom
	CRC16
	CRC16Custom
	Random
	Identity
	CSum16
	XOR16
	CRCCCITT
)

var algNames = [...]string{CRC32: "crc32", CRC32Custom: "crc32_custom", CRC16: "crc16", CRC16Custom: "crc16_custom",
	Random: "random", Identity: "identity", CSum16: "csum16", XOR16: "xor16", CRCCCITT: "crcCCITT"}

// String returns the v1model name, e.g. "crc16_custom".
func (a Algorithm) String() string {
	if int(a) < len(algNames) && algNames[a] != "" {
		return algNames[a]
	}
	return fmt.Sprintf("Algorithm(%d)", a)
}

// ParseAlgorithm returns the algorithm of a v1model HashAlgorithm member
// name.
func ParseAlgorithm(name string) (Algorithm, error) {
	for a, n := range algNames {
		if n != "" && n == name {
			return Algorithm(a), nil
		}
	}
	return 0, fmt.Errorf("unknown hash algorithm %q", name)
}

// Hasher computes one algorithm. A custom CRC's parameters may be changed
// at run time with SetCRC while packets use it (an atomic pointer swap, as
// BMv2's CLI set_crc16_parameters does under a lock). Make one Hasher per
// hash call site or per algorithm: Random keeps state.
type Hasher struct {
	alg  Algorithm
	crc  atomic.Pointer[CRC]
	seed atomic.Uint64
}

// NewHasher returns a hasher for alg.
func NewHasher(alg Algorithm) (*Hasher, error) {
	h := &Hasher{alg: alg}
	switch alg {
	case CRC16, CRC16Custom:
		h.crc.Store(crc16)
	case CRC32, CRC32Custom:
		h.crc.Store(crc32)
	case CRCCCITT:
		h.crc.Store(crcCCITT)
	case Random:
		h.seed.Store(0x9e3779b97f4a7c15)
	case Identity, CSum16, XOR16:
	default:
		return nil, fmt.Errorf("unknown hash algorithm %d", alg)
	}
	return h, nil
}

// Algorithm returns the hasher's algorithm.
func (h *Hasher) Algorithm() Algorithm { return h.alg }

// SetCRC replaces the parameters of a crc16_custom or crc32_custom hasher;
// the width must stay the same.
func (h *Hasher) SetCRC(p CRCParams) error {
	if h.alg != CRC16Custom && h.alg != CRC32Custom {
		return fmt.Errorf("%v: parameters are fixed", h.alg)
	}
	if want := h.crc.Load().p.Width; p.Width != want {
		return fmt.Errorf("%v: width %d, want %d", h.alg, p.Width, want)
	}
	c, err := NewCRC(p)
	if err != nil {
		return fmt.Errorf("%v: %w", h.alg, err)
	}
	h.crc.Store(c)
	return nil
}

// Sum returns the hash of data as BMv2 computes it (a value of 16 bits for
// crc16, crcCCITT, csum16 and xor16, 32 for crc32, 64 for identity and
// random).
func (h *Hasher) Sum(data []byte) uint64 {
	switch h.alg {
	case CSum16:
		return uint64(Checksum16(data))
	case XOR16:
		return uint64(XOR16Sum(data))
	case Identity:
		return IdentitySum(data)
	case Random:
		return splitmix(h.seed.Add(0x9e3779b97f4a7c15))
	}
	return h.crc.Load().Sum(data)
}

func splitmix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Checksum16 is BMv2's csum16: the ones' complement of the ones' complement
// sum of data as big-endian 16-bit words, an odd last byte padded with a
// zero byte (RFC 1071). update_checksum writes it; verify_checksum compares
// it with the checksum field.
func Checksum16(data []byte) uint16 {
	var sum uint64
	i := 0
	for ; i+8 <= len(data); i += 8 {
		v := binary.BigEndian.Uint64(data[i:])
		sum += v>>48 + v>>32&0xffff + v>>16&0xffff + v&0xffff
	}
	for ; i+2 <= len(data); i += 2 {
		sum += uint64(binary.BigEndian.Uint16(data[i:]))
	}
	if i < len(data) {
		sum += uint64(data[i]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// XOR16Sum is BMv2's xor16: the XOR of data as big-endian 16-bit words, an
// odd last byte padded with a zero byte.
func XOR16Sum(data []byte) uint16 {
	var x uint16
	i := 0
	for ; i+2 <= len(data); i += 2 {
		x ^= binary.BigEndian.Uint16(data[i:])
	}
	if i < len(data) {
		x ^= uint16(data[i]) << 8
	}
	return x
}

// IdentitySum is BMv2's identity hash: the first min(8, len) bytes of data
// as a big-endian integer.
func IdentitySum(data []byte) uint64 {
	var v uint64
	for i := 0; i < len(data) && i < 8; i++ {
		v = v<<8 | uint64(data[i])
	}
	return v
}

// HashOffset is the reduction of v1model's hash extern as simple_switch
// runs it (modify_field_with_hash_based_offset): base + hash % max, with a
// max of 0 taken as 1. The caller truncates the result to the width of the
// destination.
func HashOffset(hash, base, max uint64) uint64 {
	if max == 0 {
		max = 1
	}
	return hash%max + base
}
