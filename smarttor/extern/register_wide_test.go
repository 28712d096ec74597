package extern_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/extern"
)

func TestRegisterWords(t *testing.T) {
	tests := []struct {
		name  string
		width int
		in    []uint64
		want  []uint64 // words read back
		bytes []byte   // Read's big-endian bytes
	}{
		{"65 bits", 65, []uint64{3, 0x8000000000000001}, []uint64{1, 0x8000000000000001},
			[]byte{1, 0x80, 0, 0, 0, 0, 0, 0, 1}},
		{"100 bits", 100, []uint64{0xfffffffff, 0x0123456789abcdef}, []uint64{0xfffffffff, 0x0123456789abcdef},
			[]byte{0xf, 0xff, 0xff, 0xff, 0xff, 1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}},
		{"128 bits", 128, []uint64{0xfedcba9876543210, 0x0123456789abcdef}, []uint64{0xfedcba9876543210, 0x0123456789abcdef},
			[]byte{0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10, 1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := extern.NewRegister(3, tt.width)
			if err != nil {
				t.Fatal(err)
			}
			if !r.WriteWords(2, tt.in) {
				t.Fatal("WriteWords(2) = false")
			}
			got := make([]uint64, len(tt.in))
			if !r.ReadWords(2, got) {
				t.Fatal("ReadWords(2) = false")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadWords (-want +got):\n%s", diff)
			}
			b := make([]byte, len(tt.bytes))
			if !r.Read(2, b) {
				t.Fatal("Read(2) = false")
			}
			if diff := cmp.Diff(tt.bytes, b); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
			if r.ReadWords(3, got) || r.WriteWords(3, tt.in) || r.ReadWords(0, got[:1]) {
				t.Error("out of range index or wrong size accepted")
			}
		})
	}
}
