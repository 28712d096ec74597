package schema

import (
	"testing"

	"github.com/antoninbas/p4runtime-go-client/pkg/util/conversion"
	"github.com/google/go-cmp/cmp"
)

func TestCanon(t *testing.T) {
	for _, tt := range []struct {
		v    uint64
		want []byte
	}{{0, []byte{0}}, {1, []byte{1}}, {256, []byte{1, 0}}, {0xffffffff, []byte{0xff, 0xff, 0xff, 0xff}}} {
		if got := canon(tt.v); !cmp.Equal(got, tt.want) {
			t.Errorf("canon(%d) = %x, want %x", tt.v, got, tt.want)
		}
	}
	if got := conversion.ToCanonicalBytestring([]byte{0, 0, 5}); !cmp.Equal(got, []byte{5}) {
		t.Errorf("ToCanonicalBytestring = %x", got)
	}
	if got := conversion.ToCanonicalBytestring([]byte{0, 0}); !cmp.Equal(got, []byte{0}) {
		t.Errorf("conversion.ToCanonicalBytestring(zero) = %x", got)
	}
}
