package trace

import (
	"math"
	"sort"
)

// zipf draws ranks 0..n-1 with P(rank r) ∝ 1/(r+1)^s. Unlike
// math/rand/v2's Zipf it accepts any s ≥ 0 (s ≤ 1 is common in traffic
// studies), at the price of a table of n cumulative weights.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) zipf {
	cdf := make([]float64, n)
	sum := 0.0
	for r := range cdf {
		sum += math.Pow(float64(r+1), -s)
		cdf[r] = sum
	}
	for r := range cdf {
		cdf[r] /= sum
	}
	return zipf{cdf}
}

// rank maps a uniform u in [0,1) to a rank.
func (z zipf) rank(u float64) int {
	r := sort.SearchFloat64s(z.cdf, u)
	if r >= len(z.cdf) {
		r = len(z.cdf) - 1
	}
	return r
}
