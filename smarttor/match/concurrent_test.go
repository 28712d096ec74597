package match

import (
	"sync"
	"testing"
)

// TestConcurrent runs one writer against readers on every engine; run with
// -race to check the locking.
func TestConcurrent(t *testing.T) {
	s := mustSchema(t, Field{KindExact, 8}, Field{KindLPM, 16})
	ex, _ := NewExact[int](mustSchema(t, Field{KindExact, 24}))
	lpm, _ := NewLPM[int](s)
	tern := NewTernary[int](mustSchema(t, Field{KindTernary, 24}))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []byte{0, 0, 0}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key[2] = byte(i)
				ex.Lookup(key)
				lpm.Lookup(key)
				tern.Lookup(key)
				if i%64 == 0 {
					ex.Range(func([]byte, int) bool { return true })
					lpm.Range(func([]byte, int, int) bool { return true })
					tern.Range(func(Entry, int) bool { return true })
				}
			}
		}()
	}
	for i := 0; i < 2000; i++ {
		k := []byte{0, byte(i >> 8), byte(i)}
		_ = ex.Insert(k, i)
		_ = lpm.Insert(k, 8+i%9, i)
		_ = tern.Insert(Entry{Priority: int32(i), Fields: []FieldMatch{{Value: k, Mask: []byte{0xff, 0xff, 0xf0}}}}, i)
		if i%3 == 0 {
			_ = ex.Delete(k)
			_ = lpm.Delete(k, 8+i%9)
		}
	}
	close(stop)
	wg.Wait()
}
