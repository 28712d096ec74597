package ports

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRingWrapAndReuse(t *testing.T) {
	r := NewRing(3, 8)
	var batch [2]Packet
	next := byte(0)
	for round := range 10 {
		for range 3 {
			if !r.Deliver(uint32(next), []byte{next}) {
				t.Fatalf("round %d: deliver %d dropped", round, next)
			}
			next++
		}
		if r.Deliver(99, []byte{99}) {
			t.Fatalf("round %d: deliver to a full ring succeeded", round)
		}
		want := next - 3
		for want != next {
			n, err := r.Receive(context.Background(), batch[:])
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range batch[:n] {
				if p.Port != uint32(want) || len(p.Frame) != 1 || p.Frame[0] != want {
					t.Fatalf("round %d: got %v, want frame %d", round, p, want)
				}
				want++
			}
		}
		r.Release() // the last batch's slot stays lent until released
	}
}

func TestRingGrowsForLargeFrames(t *testing.T) {
	r := NewRing(1, 4)
	big := make([]byte, 100)
	big[99] = 7
	r.Deliver(1, big)
	var b [1]Packet
	if n := r.TryReceive(b[:]); n != 1 || len(b[0].Frame) != 100 || b[0].Frame[99] != 7 {
		t.Errorf("got %d frames %v", n, b[0])
	}
}

func TestRingCloseAndCancel(t *testing.T) {
	r := NewRing(4, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	var b [1]Packet
	if _, err := r.Receive(ctx, b[:]); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("receive on empty ring: err = %v, want deadline exceeded", err)
	}
	r.Deliver(1, []byte{1})
	r.Close()
	if r.Deliver(1, []byte{2}) {
		t.Error("deliver after close succeeded")
	}
	if n, err := r.Receive(context.Background(), b[:]); n != 1 || err != nil {
		t.Errorf("receive queued frame after close: %d, %v", n, err)
	}
	if _, err := r.Receive(context.Background(), b[:]); !errors.Is(err, ErrClosed) {
		t.Errorf("receive on closed empty ring: err = %v, want ErrClosed", err)
	}
}

// TestRingManyProducers runs producers against one consumer (under -race
// this checks the locking); every frame arrives exactly once, in order per
// producer.
func TestRingManyProducers(t *testing.T) {
	const producers, each = 4, 500
	r := NewRing(8, 0)
	for p := range producers {
		go func() {
			for i := 0; i < each; {
				if r.Deliver(uint32(p), []byte{byte(i), byte(i >> 8)}) {
					i++
				} else {
					time.Sleep(time.Microsecond)
				}
			}
		}()
	}
	next := make([]int, producers)
	var batch [4]Packet
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for got := 0; got < producers*each; {
		n, err := r.Receive(ctx, batch[:])
		if err != nil {
			t.Fatalf("after %d frames: %v", got, err)
		}
		for _, pk := range batch[:n] {
			if v := int(pk.Frame[0]) | int(pk.Frame[1])<<8; v != next[pk.Port] {
				t.Fatalf("producer %d: got frame %d, want %d", pk.Port, v, next[pk.Port])
			}
			next[pk.Port]++
		}
		got += n
	}
}
