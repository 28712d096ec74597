package extern

import (
	"testing"
	"time"
)

var sink uint64

func BenchmarkHash(b *testing.B) {
	data := make([]byte, 13) // a 5-tuple
	for _, alg := range []Algorithm{CRC16, CRC32, CRCCCITT, CRC32Custom, CSum16, XOR16, Identity, Random} {
		h, _ := NewHasher(alg)
		b.Run(alg.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sink += h.Sum(data)
			}
		})
	}
}

func BenchmarkChecksum16IPv4(b *testing.B) {
	var bits Bits
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		bits.Reset()
		bits.AppendUint(4, 4)
		bits.AppendUint(5, 4)
		bits.AppendUint(0, 8)
		bits.AppendUint(84, 16)
		bits.AppendUint(uint64(i), 16)
		bits.AppendUint(2, 3)
		bits.AppendUint(0, 13)
		bits.AppendUint(64, 8)
		bits.AppendUint(6, 8)
		bits.AppendUint(0x0a000001, 32)
		bits.AppendUint(0x0a000002, 32)
		sink += uint64(Checksum16(bits.Bytes()))
	}
}

func BenchmarkCounter(b *testing.B) {
	c := NewCounter(1024)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := uint64(0)
		for pb.Next() {
			c.Count(i&1023, 1500)
			i++
		}
	})
}

func BenchmarkMeter(b *testing.B) {
	now := time.Duration(0)
	m := NewMeter(16, MeterBytes, func() time.Duration { return now })
	for i := 0; i < 16; i++ {
		_ = m.Cell(uint64(i)).Configure(MeterConfig{CIR: 1e9, CBurst: 1e6, PIR: 2e9, PBurst: 2e6})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		now += time.Microsecond
		c, _ := m.Execute(uint64(i&15), 1500)
		sink += uint64(c)
	}
}

func BenchmarkRegister(b *testing.B) {
	r, _ := NewRegister(1024, 32)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		idx := uint64(i & 1023)
		v, _ := r.ReadUint(idx)
		r.WriteUint(idx, v+1)
	}
}

func BenchmarkRandomBetween(b *testing.B) {
	r := NewRand(1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink += r.Between(0, 999)
	}
}
