package ports

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkMemPortRoundTrip injects a frame at the test end, receives it
// from the switch's Ring, sends it back out the port and reads it at the
// test end: the whole in-memory path a switch's frame takes.
func BenchmarkMemPortRoundTrip(b *testing.B) {
	s, _ := NewSet()
	p, end := NewMemPort(1, "eth1")
	if err := s.Add(p); err != nil {
		b.Fatal(err)
	}
	r := NewRing(256, 0)
	if err := s.Start(r.Deliver); err != nil {
		b.Fatal(err)
	}
	f := frame(macB, 1)
	out := make([]byte, 2048)
	var batch [32]Packet
	ctx := context.Background()
	roundTrip := func() {
		if err := end.Inject(f); err != nil {
			b.Fatal(err)
		}
		n, err := r.Receive(ctx, batch[:])
		if err != nil {
			b.Fatal(err)
		}
		for _, pk := range batch[:n] {
			if err := s.Send(pk.Port, pk.Frame); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := end.ReadInto(ctx, out); err != nil {
			b.Fatal(err)
		}
	}
	// Warm up: ring slots get their buffers on first use.
	for range DefaultRingSlots + 256 {
		roundTrip()
	}
	b.SetBytes(int64(len(f)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		roundTrip()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

// BenchmarkAFPacketThroughput sends frames from one end of a veth pair to
// the other, keeping at most a window of frames in flight so the receive
// side is measured at the rate it sustains, not at the rate it drops. Needs
// root.
func BenchmarkAFPacketThroughput(b *testing.B) {
	ns, a, bn := vethNetns(b)
	pa, err := OpenAFPacket(1, a, InNetns(ns))
	if err != nil {
		b.Fatal(err)
	}
	defer pa.Close()
	pb, err := OpenAFPacket(2, bn, InNetns(ns))
	if err != nil {
		b.Fatal(err)
	}
	defer pb.Close()
	waitUp(b, pa, pb)
	// Credits bound the frames in flight: the sender takes one per
	// frame, the receiver gives it back.
	const window = 256
	credits := make(chan struct{}, window)
	for range window {
		credits <- struct{}{}
	}
	var rx atomic.Int64
	if err := pb.Start(func(_ uint32, f []byte) bool {
		if isTestFrame(f) {
			rx.Add(1)
			credits <- struct{}{}
		}
		return true
	}); err != nil {
		b.Fatal(err)
	}
	f := frame(macB, 1)
	b.SetBytes(int64(len(f)))
	b.ReportAllocs()
	b.ResetTimer()
	var sent int64
	stall := time.NewTimer(time.Hour)
	for b.Loop() {
		select {
		case <-credits:
		default:
			stall.Reset(2 * time.Second)
			select {
			case <-credits:
			case <-stall.C:
				b.Fatalf("no frame arrived for 2s; %d of %d received", rx.Load(), sent)
			}
		}
		if err := pa.Send(f); err != nil {
			b.Fatal(err)
		}
		sent++
	}
	deadline := time.Now().Add(2 * time.Second)
	for rx.Load() < sent && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(rx.Load())/b.Elapsed().Seconds(), "rx-frames/s")
	b.ReportMetric(float64(sent-rx.Load()), "lost")
}

// BenchmarkMemPortSendDropped sends to a port whose peer's queue is full:
// the overload path must not allocate either.
func BenchmarkMemPortSendDropped(b *testing.B) {
	p, _ := NewMemPort(1, "eth1", WithQueue(1, 64))
	f := frame(macB, 1)
	p.Send(f) // fills the queue
	b.ReportAllocs()
	for b.Loop() {
		if p.Send(f) == nil {
			b.Fatal("send to a full queue succeeded")
		}
	}
}
