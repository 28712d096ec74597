package ports

import (
	"context"
	"sync"
)

// Packet is a frame in a Ring with the number of the port it arrived on.
type Packet struct {
	Port  uint32
	Frame []byte
}

// A Ring is a bounded queue of frames in reusable buffers: many producers
// (ports calling Deliver), one consumer (the switch's receive loop calling
// Receive). Deliver copies the frame into a slot; Receive lends the slots to
// the consumer until its next call, so neither side allocates per frame once
// every slot has held a frame of the largest size seen.
type Ring struct {
	mu     sync.Mutex
	slots  []Packet
	head   int // next slot to read
	count  int // filled slots, including lent ones
	lent   int // slots lent to the consumer by the last Receive
	closed bool
	bufLen int

	ready chan struct{} // capacity 1: "the ring may be non-empty"
	done  chan struct{}
}

// Default ring sizes.
const (
	DefaultRingSlots = 1024
	DefaultFrameLen  = 2048
)

// NewRing returns a ring of slots slots (DefaultRingSlots if <= 0) whose
// buffers start with room for frameLen bytes (DefaultFrameLen if <= 0) and
// grow, once, for larger frames. Buffers are allocated on first use.
func NewRing(slots, frameLen int) *Ring {
	if slots <= 0 {
		slots = DefaultRingSlots
	}
	if frameLen <= 0 {
		frameLen = DefaultFrameLen
	}
	return &Ring{
		slots:  make([]Packet, slots),
		bufLen: frameLen,
		ready:  make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
}

// Deliver copies frame into the ring. It is a Handler: it returns false,
// dropping the frame, if the ring is full or closed.
func (r *Ring) Deliver(ingress uint32, frame []byte) bool {
	r.mu.Lock()
	if r.closed || r.count == len(r.slots) {
		r.mu.Unlock()
		return false
	}
	i := r.head + r.count
	if i >= len(r.slots) {
		i -= len(r.slots)
	}
	s := &r.slots[i]
	if s.Frame == nil {
		s.Frame = make([]byte, 0, max(r.bufLen, len(frame)))
	}
	s.Frame = append(s.Frame[:0], frame...)
	s.Port = ingress
	r.count++
	r.mu.Unlock()
	select {
	case r.ready <- struct{}{}:
	default:
	}
	return true
}

// Receive waits until the ring holds frames, then fills batch with as many
// as fit and returns how many. The frames are valid until the next call to
// Receive, TryReceive or Release; the caller must not append to them. Receive
// returns ctx.Err() when ctx is done and ErrClosed once the ring is closed
// and empty. Only one goroutine may receive.
func (r *Ring) Receive(ctx context.Context, batch []Packet) (int, error) {
	for {
		n, closed := r.take(batch)
		if n > 0 {
			return n, nil
		}
		if closed {
			return 0, ErrClosed
		}
		select {
		case <-r.ready:
		case <-r.done:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// TryReceive is Receive without waiting: it returns 0 if the ring is empty.
func (r *Ring) TryReceive(batch []Packet) int {
	n, _ := r.take(batch)
	return n
}

// take recycles the previously lent slots and lends up to len(batch) more.
func (r *Ring) take(batch []Packet) (n int, closed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recycle()
	n = min(r.count, len(batch))
	for k := 0; k < n; k++ {
		i := r.head + k
		if i >= len(r.slots) {
			i -= len(r.slots)
		}
		batch[k] = r.slots[i]
	}
	r.lent = n
	return n, r.closed
}

func (r *Ring) recycle() {
	r.head = (r.head + r.lent) % len(r.slots)
	r.count -= r.lent
	r.lent = 0
}

// Release recycles the slots lent by the last Receive or TryReceive before
// the next call, giving producers their room back early. The lent frames
// must not be used afterwards.
func (r *Ring) Release() {
	r.mu.Lock()
	r.recycle()
	r.mu.Unlock()
}

// Len returns the number of frames waiting, not counting lent ones.
func (r *Ring) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count - r.lent
}

// Close makes Deliver drop and, once the ring is empty, Receive return
// ErrClosed. Frames already queued can still be received.
func (r *Ring) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.done)
	}
}
