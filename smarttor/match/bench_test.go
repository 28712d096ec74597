package match

import (
	"encoding/binary"
	"math/rand"
	"testing"
)

// flowKey is a 5-tuple key: src, dst, sport, dport, proto (13 bytes).
func flowSchema(b testing.TB) *Schema {
	return mustSchema(b, Field{KindExact, 32}, Field{KindExact, 32}, Field{KindExact, 16}, Field{KindExact, 16}, Field{KindExact, 8})
}

func flowKeys(n int) [][]byte {
	rng := rand.New(rand.NewSource(4))
	keys := make([][]byte, n)
	for i := range keys {
		k := make([]byte, 13)
		binary.BigEndian.PutUint32(k[0:], rng.Uint32())
		binary.BigEndian.PutUint32(k[4:], uint32(i))
		binary.BigEndian.PutUint16(k[8:], uint16(rng.Uint32()))
		binary.BigEndian.PutUint16(k[10:], 443)
		k[12] = 6
		keys[i] = k
	}
	return keys
}

func BenchmarkExactLookup100k(b *testing.B) {
	tb, _ := NewExact[int](flowSchema(b))
	keys := flowKeys(100_000)
	for i, k := range keys {
		if err := tb.Insert(k, i); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := tb.Lookup(keys[i%len(keys)]); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkExactLookup100kParallel(b *testing.B) {
	tb, _ := NewExact[int](flowSchema(b))
	keys := flowKeys(100_000)
	for i, k := range keys {
		_ = tb.Insert(k, i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			tb.Lookup(keys[i%len(keys)])
			i++
		}
	})
}

func BenchmarkExactBatchInsert100k(b *testing.B) {
	s := flowSchema(b)
	keys := flowKeys(100_000)
	ups := make([]ExactUpdate[int], len(keys))
	for i, k := range keys {
		ups[i] = ExactUpdate[int]{Op: OpInsert, Key: k, Value: i}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb, _ := NewExact[int](s)
		for _, err := range tb.Apply(ups) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/entry")
}

func lpmSetup(b *testing.B, n int) (*LPM[int], [][]byte) {
	s := mustSchema(b, Field{KindExact, 12}, Field{KindLPM, 32})
	tb, _ := NewLPM[int](s)
	rng := rand.New(rand.NewSource(5))
	keys := make([][]byte, 0, n)
	for tb.Len() < n {
		k := make([]byte, 6)
		k[1] = 1
		binary.BigEndian.PutUint32(k[2:], rng.Uint32())
		plen := 8 + rng.Intn(25)
		if err := tb.Insert(k, plen, tb.Len()); err == nil {
			keys = append(keys, k)
		}
	}
	return tb, keys
}

func BenchmarkLPMLookup10k(b *testing.B) {
	tb, keys := lpmSetup(b, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := tb.Lookup(keys[i%len(keys)]); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkLPMLookup10kMiss(b *testing.B) {
	tb, keys := lpmSetup(b, 10_000)
	miss := make([][]byte, len(keys))
	for i, k := range keys {
		m := append([]byte(nil), k...)
		m[1] = 2 // another vrf: every prefix length is tried
		miss[i] = m
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.Lookup(miss[i%len(miss)])
	}
}

func BenchmarkLPMBatchInsert100k(b *testing.B) {
	s := mustSchema(b, Field{KindExact, 12}, Field{KindLPM, 32})
	rng := rand.New(rand.NewSource(6))
	ups := make([]LPMUpdate[int], 100_000)
	for i := range ups {
		k := make([]byte, 6)
		binary.BigEndian.PutUint32(k[2:], uint32(i)<<8|rng.Uint32()&0xff)
		ups[i] = LPMUpdate[int]{Op: OpInsert, Key: k, PrefixLen: 24 + i%9, Value: i}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb, _ := NewLPM[int](s)
		tb.Apply(ups)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ups)), "ns/entry")
}

// BenchmarkTernaryLookup1kMasks: 1000 ACL entries over 32 source prefix
// lengths, 4 port ranges and two protocols (many tuples), random hits.
func BenchmarkTernaryLookup1kMasks(b *testing.B) {
	s := mustSchema(b, Field{KindTernary, 32}, Field{KindTernary, 32}, Field{KindRange, 16}, Field{KindOptional, 8})
	tb := NewTernary[int](s)
	rng := rand.New(rand.NewSource(8))
	var keys [][]byte
	for i := 0; i < 1000; i++ {
		src := rng.Uint32()
		plen := 1 + i%32
		mask := ^uint32(0) << (32 - plen)
		v, m := make([]byte, 4), make([]byte, 4)
		binary.BigEndian.PutUint32(v, src)
		binary.BigEndian.PutUint32(m, mask)
		lo := uint16(i % 4 * 1000)
		proto := FieldMatch{Wildcard: true}
		if i%2 == 0 {
			proto = FieldMatch{Value: []byte{6}}
		}
		e := Entry{Priority: int32(i + 1), Fields: []FieldMatch{
			{Value: v, Mask: m},
			{Wildcard: true},
			{Value: []byte{byte(lo >> 8), byte(lo)}, High: []byte{byte((lo + 999) >> 8), byte(lo + 999)}},
			proto,
		}}
		if err := tb.Insert(e, i); err != nil {
			b.Fatal(err)
		}
		k := make([]byte, 11)
		binary.BigEndian.PutUint32(k, src)
		binary.BigEndian.PutUint16(k[8:], lo+5)
		k[10] = 6
		keys = append(keys, k)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := tb.Lookup(keys[i%len(keys)]); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkTernaryLookup1k(b *testing.B) {
	s := mustSchema(b, Field{KindTernary, 32}, Field{KindTernary, 32}, Field{KindRange, 16}, Field{KindOptional, 8})
	tb := NewTernary[int](s)
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 1000; i++ {
		v := make([]byte, 4)
		binary.BigEndian.PutUint32(v, rng.Uint32())
		e := Entry{Priority: int32(i + 1), Fields: []FieldMatch{
			{Value: v, Mask: []byte{0xff, 0xff, 0xff, 0}},
			{Wildcard: true},
			{Value: []byte{0, 0}, High: []byte{0x10, 0}},
			{Value: []byte{6}},
		}}
		if err := tb.Insert(e, i); err != nil {
			b.Fatal(err)
		}
	}
	key := make([]byte, 4+4+2+1) // matches nothing but the scan: worst case
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.Lookup(key)
	}
}
