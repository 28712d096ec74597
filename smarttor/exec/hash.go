package exec

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/extern"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// newHashers returns one extern.Hasher per IR hash algorithm, owned by
// the pipeline (custom CRC parameters are per pipeline).
func newHashers() ([]*extern.Hasher, error) {
	hs := make([]*extern.Hasher, ir.HashXor16+1)
	for a := range hs {
		alg, err := extern.ParseAlgorithm(ir.HashAlgo(a).String())
		if err != nil {
			return nil, fmt.Errorf("hash algorithm %v: %w", ir.HashAlgo(a), err)
		}
		if hs[a], err = extern.NewHasher(alg); err != nil {
			return nil, err
		}
	}
	return hs, nil
}
