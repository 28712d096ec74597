package ports

import (
	"context"
	"testing"
	"time"
)

// miniSwitch is a two-port repeater with the receive loop a real switch
// has: ports deliver into a Ring, a goroutine forwards 1<->2.
func miniSwitch(t *testing.T, host, uplink Port) *Set {
	t.Helper()
	s, _ := NewSet()
	if err := s.Add(host); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(uplink); err != nil {
		t.Fatal(err)
	}
	r := NewRing(64, 0)
	if err := s.Start(r.Deliver); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		batch := make([]Packet, 16)
		for {
			n, err := r.Receive(ctx, batch)
			if err != nil {
				return
			}
			for _, pk := range batch[:n] {
				out := uplink.Number()
				if pk.Port == uplink.Number() {
					out = host.Number()
				}
				s.Send(out, pk.Frame)
			}
		}
	}()
	return s
}

// TestLabSmoke wires two switches and a NIS end to a learning substrate,
// the embedded lab's shape, and passes traffic host to host both ways.
func TestLabSmoke(t *testing.T) {
	substrate := NewSegment(Learning)
	nis := substrate.NewEnd("nis")
	p1, h1 := NewMemPort(1, "h1")
	p2, h2 := NewMemPort(1, "h2")
	miniSwitch(t, p1, substrate.NewPort(2, "tor1-up"))
	miniSwitch(t, p2, substrate.NewPort(2, "tor2-up"))

	mac1, mac2 := [6]byte{2, 0, 0, 0, 0, 1}, [6]byte{2, 0, 0, 0, 0, 2}
	from := func(src, dst [6]byte, b byte) []byte {
		f := frame(dst, b)
		copy(f[6:12], src[:])
		return f
	}
	read := func(e *MemEnd, want byte) {
		t.Helper()
		f, err := e.ReadTimeout(5 * time.Second)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if f[14] != want {
			t.Fatalf("%s got frame %d, want %d", e.Name(), f[14], want)
		}
	}
	// h1 -> h2: unknown destination on the substrate, flooded (the NIS
	// sees it too).
	if err := h1.Inject(from(mac1, mac2, 1)); err != nil {
		t.Fatal(err)
	}
	read(h2, 1)
	read(nis, 1)
	// h2 -> h1: learnt, so the NIS does not see it.
	if err := h2.Inject(from(mac2, mac1, 2)); err != nil {
		t.Fatal(err)
	}
	read(h1, 2)
	for range 100 {
		if err := h1.Inject(from(mac1, mac2, 3)); err != nil {
			t.Fatal(err)
		}
		read(h2, 3)
	}
	if got := len(nis.Drain()); got != 0 {
		t.Errorf("nis saw %d frames after learning, want 0", got)
	}
}
