package extern

import (
	"math/bits"
	"sync/atomic"
)

// Rand is v1model's random(out result, lo, hi) extern: a uniform value in
// [lo, hi]. BMv2 draws from a per-thread generator; this one is a SplitMix64
// sequence stepped atomically, safe for concurrent use and allocation-free.
// The sequence is reproducible from the seed (useful in tests), not
// cryptographic.
type Rand struct {
	state atomic.Uint64
}

// NewRand returns a generator seeded with seed.
func NewRand(seed uint64) *Rand {
	r := &Rand{}
	r.state.Store(seed)
	return r
}

// Uint64 returns the next 64 random bits.
func (r *Rand) Uint64() uint64 {
	return splitmix(r.state.Add(0x9e3779b97f4a7c15))
}

// Between returns a uniform value in [lo, hi]; lo when lo > hi (the value
// is unspecified in v1model then).
func (r *Rand) Between(lo, hi uint64) uint64 {
	if lo >= hi {
		return lo
	}
	n := hi - lo + 1
	if n == 0 { // the whole 64-bit range
		return r.Uint64()
	}
	// Lemire's multiply-and-reject method: unbiased, usually one draw.
	for {
		h, l := bits.Mul64(r.Uint64(), n)
		if l >= n || l >= -n%n {
			return lo + h
		}
	}
}
