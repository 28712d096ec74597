package lower_test

import (
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
)

// TestWideHashRandomBounds checks that the base and max of hash and the
// bounds of random, which simple_switch takes as 64-bit integers, are
// accepted when wider types hold constants that fit, and rejected with
// their position otherwise.
func TestWideHashRandomBounds(t *testing.T) {
	tests := []struct {
		name, call string
		want       string // error; "": the program lowers
	}{
		{name: "hash, wide constants that fit",
			call: "        hash(hdr.h.x, HashAlgorithm.crc16, 128w1, {hdr.h.x}, 128w256);"},
		{name: "hash, max above 2^64",
			call: "        hash(hdr.h.x, HashAlgorithm.crc16, 128w0, {hdr.h.x}, 128w0x10000000000000000);",
			want: "x.p4:28:62: the max of hash is 18446744073709551616: BMv2 takes it as a 64-bit unsigned integer"},
		{name: "hash, base of a wide run-time value (its low 64 bits)",
			call: "        bit<128> b = (bit<128>)hdr.h.x; hash(hdr.h.x, HashAlgorithm.crc16, b, {hdr.h.x}, 32w256);"},
		{name: "random, wide constants that fit",
			call: "        bit<128> r; random(r, 0, 128w1000); hdr.h.x = (bit<8>)r;"},
		{name: "random, upper bound above 2^64",
			call: "        bit<128> r; random(r, 0, 128w0x20000000000000000); hdr.h.x = (bit<8>)r;",
			want: "x.p4:28:34: the upper bound of random is 36893488147419103232: BMv2 takes it as a 64-bit unsigned integer"},
		{name: "random, wide run-time bound (its low 64 bits)",
			call: "        bit<128> r; bit<128> lo = (bit<128>)hdr.h.x; random(r, lo, 128w1000); hdr.h.x = (bit<8>)r;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.NewReplacer("DECL", "", "PINST", "", "INST", "", "CALL", tt.call).Replace(externProgram)
			cp, err := compile.LoadSource("x.p4", []byte(src), nil)
			if err != nil {
				t.Fatalf("the program does not type-check: %v", err)
			}
			_, err = lower.Lower(cp.Checked, cp.P4Info)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Lower() = %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Lower() = %v, want %q", err, tt.want)
			}
		})
	}
}
