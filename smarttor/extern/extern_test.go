package extern

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var check = []byte("123456789")

func TestHashCheckValues(t *testing.T) {
	ipv4 := []byte{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7}
	tests := []struct {
		alg  Algorithm
		data []byte
		want uint64
	}{
		{CRC32, check, 0xcbf43926},       // CRC-32
		{CRC32Custom, check, 0xcbf43926}, // starts as crc32
		{CRC16, check, 0xbb3d},           // CRC-16/ARC
		{CRC16Custom, check, 0xbb3d},
		{CRCCCITT, check, 0x29b1}, // CRC-16/CCITT-FALSE
		{CRC32, nil, 0},
		{CRCCCITT, nil, 0xffff},
		// Internet checksum of the classic IPv4 header with the checksum
		// field left out (RFC 1071 example, checksum 0xb861).
		{CSum16, ipv4, 0xb861},
		{CSum16, []byte{0x01}, 0xfeff},                             // odd byte padded at the end
		{XOR16, check, 0x3132 ^ 0x3334 ^ 0x3536 ^ 0x3738 ^ 0x3900}, // tail padded with zero
		{Identity, check, 0x3132333435363738},                      // first 8 bytes
		{Identity, []byte{0xab, 0xcd}, 0xabcd},
	}
	for _, tc := range tests {
		t.Run(tc.alg.String(), func(t *testing.T) {
			h, err := NewHasher(tc.alg)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.Sum(tc.data); got != tc.want {
				t.Errorf("%v(%q) = %#x, want %#x", tc.alg, tc.data, got, tc.want)
			}
		})
	}
}

func TestChecksum16Long(t *testing.T) {
	// Against a straightforward RFC 1071 loop, for every length to 40.
	data := make([]byte, 40)
	for i := range data {
		data[i] = byte(i*37 + 250)
	}
	for n := 0; n <= len(data); n++ {
		var sum uint32
		for i := 0; i < n; i += 2 {
			w := uint32(data[i]) << 8
			if i+1 < n {
				w |= uint32(data[i+1])
			}
			sum += w
		}
		for sum>>16 != 0 {
			sum = sum&0xffff + sum>>16
		}
		if got, want := Checksum16(data[:n]), ^uint16(sum); got != want {
			t.Errorf("len %d: %#x, want %#x", n, got, want)
		}
	}
}

func TestCustomCRC(t *testing.T) {
	h, _ := NewHasher(CRC16Custom)
	// Reconfigured as CRC-16/XMODEM (poly 0x1021, init 0, no reflection).
	if err := h.SetCRC(CRCParams{Width: 16, Poly: 0x1021}); err != nil {
		t.Fatal(err)
	}
	if got := h.Sum(check); got != 0x31c3 {
		t.Errorf("XMODEM = %#x, want 0x31c3", got)
	}
	// CRC-32C (Castagnoli) through crc32_custom.
	h32, _ := NewHasher(CRC32Custom)
	if err := h32.SetCRC(CRCParams{Width: 32, Poly: 0x1edc6f41, Init: 0xffffffff, XorOut: 0xffffffff, ReflectIn: true, ReflectOut: true}); err != nil {
		t.Fatal(err)
	}
	if got := h32.Sum(check); got != 0xe3069283 {
		t.Errorf("CRC-32C = %#x, want 0xe3069283", got)
	}
	// CRC-8 (poly 0x07) and CRC-64/ECMA-182 through NewCRC.
	c8, _ := NewCRC(CRCParams{Width: 8, Poly: 0x07})
	if got := c8.Sum(check); got != 0xf4 {
		t.Errorf("CRC-8 = %#x, want 0xf4", got)
	}
	c64, _ := NewCRC(CRCParams{Width: 64, Poly: 0x42f0e1eba9ea3693})
	if got := c64.Sum(check); got != 0x6c40df5f0b497347 {
		t.Errorf("CRC-64/ECMA = %#x", got)
	}
	for _, tc := range []struct {
		name string
		h    *Hasher
		p    CRCParams
	}{
		{"fixed", mustHasher(t, CRC16), CRCParams{Width: 16}},
		{"width change", h, CRCParams{Width: 32}},
		{"too wide", h, CRCParams{Width: 16, Poly: 0x10000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.h.SetCRC(tc.p); err == nil {
				t.Error("SetCRC succeeded")
			}
		})
	}
}

func mustHasher(t *testing.T, a Algorithm) *Hasher {
	t.Helper()
	h, err := NewHasher(a)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestRandomAndNames(t *testing.T) {
	h := mustHasher(t, Random)
	if h.Sum(nil) == h.Sum(nil) {
		t.Error("random repeated itself")
	}
	for a := CRC32; a <= CRCCCITT; a++ {
		got, err := ParseAlgorithm(a.String())
		if err != nil || got != a {
			t.Errorf("ParseAlgorithm(%q) = %v, %v", a, got, err)
		}
	}
	if _, err := ParseAlgorithm("md5"); err == nil {
		t.Error("ParseAlgorithm(md5) succeeded")
	}
	if _, err := NewHasher(0); err == nil {
		t.Error("NewHasher(0) succeeded")
	}
}

func TestHashOffset(t *testing.T) {
	tests := []struct{ hash, base, max, want uint64 }{
		{0xbb3d, 0, 16, 0xd},
		{0xbb3d, 100, 16, 113},
		{0xbb3d, 7, 0, 7}, // max 0 is 1
		{5, 0, 1 << 32, 5},
	}
	for _, tc := range tests {
		if got := HashOffset(tc.hash, tc.base, tc.max); got != tc.want {
			t.Errorf("HashOffset(%#x, %d, %d) = %d, want %d", tc.hash, tc.base, tc.max, got, tc.want)
		}
	}
}

func TestBits(t *testing.T) {
	var b Bits
	// IPv4 version (4 bits) and ihl (4 bits), then a 3-bit flags and a
	// 13-bit fragment offset, then a 9-bit port: BMv2 packs them tightly.
	b.AppendUint(4, 4)
	b.AppendUint(5, 4)
	b.Append([]byte{0x02}, 3)
	b.Append([]byte{0x1f, 0xff}, 13)
	b.Append([]byte{0x01, 0x02}, 9)
	want := []byte{0x45, 0x5f, 0xff, 0x81, 0x00}
	if diff := cmp.Diff(want, b.Bytes()); diff != "" || b.Len() != 33 {
		t.Errorf("Bits (-want +got):\n%s len %d", diff, b.Len())
	}
	b.Reset()
	b.AppendBytes([]byte{1, 2})
	b.AppendUint(1, 1)
	b.AppendBytes([]byte{0xff})
	if diff := cmp.Diff([]byte{1, 2, 0xff, 0x80}, b.Bytes()); diff != "" {
		t.Errorf("AppendBytes (-want +got):\n%s", diff)
	}
}

func TestCounter(t *testing.T) {
	c := NewCounter(4)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				c.Count(2, 100)
			}
		}()
	}
	wg.Wait()
	if p, b := c.Cell(2).Read(); p != 4000 || b != 400000 {
		t.Errorf("Read = %d, %d", p, b)
	}
	if c.Count(4, 1) || c.Cell(4) != nil {
		t.Error("out of range index counted")
	}
	c.Reset()
	if p, _ := c.Cell(2).Read(); p != 0 {
		t.Error("Reset")
	}
}

type fakeClock struct{ now time.Duration }

func (f *fakeClock) clock() time.Duration { return f.now }

func TestMeterPackets(t *testing.T) {
	fc := &fakeClock{now: time.Second}
	m := NewMeter(2, MeterPackets, fc.clock)
	if got, _ := m.Execute(0, 1500); got != Green {
		t.Errorf("unconfigured meter: %v", got)
	}
	// CIR 1000 pkt/s burst 2, PIR 2000 pkt/s burst 4.
	if err := m.Cell(0).Configure(MeterConfig{CIR: 1000, CBurst: 2, PIR: 2000, PBurst: 4}); err != nil {
		t.Fatal(err)
	}
	var got []Color
	for i := 0; i < 5; i++ {
		c, _ := m.Execute(0, 1500)
		got = append(got, c)
	}
	// Peak bucket 4, committed 2: two GREEN, two YELLOW, then RED.
	want := []Color{Green, Green, Yellow, Yellow, Red}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("burst (-want +got):\n%s", diff)
	}
	// 1 ms later: 2 peak tokens and 1 committed token.
	fc.now += time.Millisecond
	got = got[:0]
	for i := 0; i < 3; i++ {
		c, _ := m.Execute(0, 1500)
		got = append(got, c)
	}
	if diff := cmp.Diff([]Color{Green, Yellow, Red}, got); diff != "" {
		t.Errorf("after 1ms (-want +got):\n%s", diff)
	}
	// Long idle: buckets refill to their bursts, not beyond.
	fc.now += time.Hour
	got = got[:0]
	for i := 0; i < 5; i++ {
		c, _ := m.Execute(0, 1)
		got = append(got, c)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after idle (-want +got):\n%s", diff)
	}
	cfg, ok := m.Cell(0).Config()
	if !ok || cfg != (MeterConfig{CIR: 1000, CBurst: 2, PIR: 2000, PBurst: 4}) {
		t.Errorf("Config = %+v, %v", cfg, ok)
	}
	if _, ok := m.Execute(2, 1); ok {
		t.Error("out of range index executed")
	}
	m.Cell(0).Reset()
	if c, _ := m.Execute(0, 1); c != Green {
		t.Error("Reset meter not green")
	}
}

func TestMeterBytes(t *testing.T) {
	fc := &fakeClock{}
	m := NewMeter(1, MeterBytes, fc.clock)
	// 1 MB/s committed with a 1500-byte burst, 2 MB/s peak with 3000.
	if err := m.Cell(0).Configure(MeterConfig{CIR: 1_000_000, CBurst: 1500, PIR: 2_000_000, PBurst: 3000}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at   time.Duration
		size uint64
		want Color
	}{
		{0, 1500, Green},
		{0, 1500, Yellow},
		{0, 64, Red},
		{1500 * time.Microsecond, 1500, Green}, // 1500 committed, 3000 peak tokens back
		{1500 * time.Microsecond, 1000, Yellow},
		{1500 * time.Microsecond, 600, Red},
	}
	for i, st := range steps {
		fc.now = st.at
		if got, _ := m.Execute(0, st.size); got != st.want {
			t.Errorf("step %d: %v, want %v", i, got, st.want)
		}
	}
	if err := m.Cell(0).Configure(MeterConfig{CIR: 10, PIR: 5}); err == nil {
		t.Error("PIR < CIR accepted")
	}
}

func TestRegister(t *testing.T) {
	r, err := NewRegister(4, 9)
	if err != nil {
		t.Fatal(err)
	}
	if !r.WriteUint(1, 0x3ff) {
		t.Fatal("WriteUint failed")
	}
	if v, ok := r.ReadUint(1); !ok || v != 0x1ff {
		t.Errorf("ReadUint = %#x, %v; want the value masked to 9 bits", v, ok)
	}
	dst := make([]byte, 2)
	if !r.Read(1, dst) || dst[0] != 1 || dst[1] != 0xff {
		t.Errorf("Read = %x", dst)
	}
	if !r.Write(2, []byte{0xff, 0x01}) {
		t.Fatal("Write failed")
	}
	if v, _ := r.ReadUint(2); v != 0x101 {
		t.Errorf("after Write %#x", v)
	}
	if r.WriteUint(4, 1) || r.Read(4, dst) || r.Read(0, dst[:1]) {
		t.Error("out of range access succeeded")
	}
	w, _ := NewRegister(2, 100)
	src := make([]byte, 13)
	for i := range src {
		src[i] = 0xff
	}
	if !w.Write(1, src) {
		t.Fatal("wide Write failed")
	}
	got := make([]byte, 13)
	w.Read(1, got)
	if got[0] != 0x0f || got[12] != 0xff || w.Size() != 2 {
		t.Errorf("wide Read = %x", got)
	}
	if _, ok := w.ReadUint(0); ok {
		t.Error("ReadUint on a wide register")
	}
	w.Reset()
	w.Read(1, got)
	if got[12] != 0 {
		t.Error("Reset")
	}
	if _, err := NewRegister(1, 0); err == nil {
		t.Error("zero width accepted")
	}
}

func TestRandomBetween(t *testing.T) {
	r := NewRand(1)
	seen := map[uint64]int{}
	for i := 0; i < 6000; i++ {
		v := r.Between(10, 15)
		if v < 10 || v > 15 {
			t.Fatalf("Between(10, 15) = %d", v)
		}
		seen[v]++
	}
	for v := uint64(10); v <= 15; v++ {
		if seen[v] < 800 { // expected 1000 each
			t.Errorf("value %d drawn %d times of 6000", v, seen[v])
		}
	}
	if got := r.Between(7, 7); got != 7 {
		t.Errorf("Between(7, 7) = %d", got)
	}
	if got := r.Between(9, 3); got != 9 {
		t.Errorf("Between(9, 3) = %d", got)
	}
	r.Between(0, ^uint64(0))
	a, b := NewRand(42), NewRand(42)
	if a.Uint64() != b.Uint64() {
		t.Error("same seed, different sequence")
	}
}
