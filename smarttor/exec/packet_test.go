package exec

import (
	"bytes"
	"math/rand"
	"testing"
)

// refGet and refPut are bit-at-a-time reference models.
func refGet(b []byte, off, w int) uint64 {
	var v uint64
	for i := 0; i < w; i++ {
		bit := off + i
		v = v<<1 | uint64(b[bit/8]>>(7-bit%8)&1)
	}
	return v
}

func refAppend(bitsv []bool, v uint64, w int) []bool {
	for i := w - 1; i >= 0; i-- {
		bitsv = append(bitsv, v>>uint(i)&1 == 1)
	}
	return bitsv
}

func refBytes(bitsv []bool) []byte {
	out := make([]byte, (len(bitsv)+7)/8)
	for i, x := range bitsv {
		if x {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}

func TestBitsRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	buf := make([]byte, 40)
	for n := 0; n < 20000; n++ {
		rng.Read(buf)
		w := 1 + rng.Intn(64)
		off := rng.Intn(len(buf)*8 - w + 1)
		if got, want := getBits(buf, off, w), refGet(buf, off, w); got != want {
			t.Fatalf("getBits(off %d, w %d) = %#x, want %#x", off, w, got, want)
		}
	}
	for n := 0; n < 2000; n++ {
		var bw bitWriter
		var got []byte
		var ref []bool
		for k := rng.Intn(12); k >= 0; k-- {
			w := 1 + rng.Intn(64)
			v := rng.Uint64()
			if w < 64 {
				v &= 1<<uint(w) - 1
			}
			got = bw.put(got, v, w)
			ref = refAppend(ref, v, w)
		}
		got = bw.flush(got)
		if want := refBytes(ref); !bytes.Equal(got, want) {
			t.Fatalf("bitWriter = %x, want %x", got, want)
		}
	}
}
