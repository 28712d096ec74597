package ports

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// frame returns a minimal Ethernet frame to dst with a payload byte.
func frame(dst [6]byte, payload byte) []byte {
	f := make([]byte, 60)
	copy(f, dst[:])
	copy(f[6:], []byte{0x02, 0, 0, 0, 0, payload})
	f[12], f[13] = 0x88, 0xb5 // IEEE local experimental EtherType
	f[14] = payload
	return f
}

var (
	macA      = [6]byte{0x02, 0, 0, 0, 0, 0xa}
	macB      = [6]byte{0x02, 0, 0, 0, 0, 0xb}
	broadcast = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	multicast = [6]byte{0x01, 0x00, 0x5e, 0, 0, 1}
)

// startRing starts s with a fresh ring and returns it.
func startRing(t *testing.T, s *Set) *Ring {
	t.Helper()
	r := NewRing(16, 0)
	if err := s.Start(r.Deliver); err != nil {
		t.Fatal(err)
	}
	return r
}

func receiveOne(t *testing.T, r *Ring) Packet {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var b [1]Packet
	if _, err := r.Receive(ctx, b[:]); err != nil {
		t.Fatalf("receive: %v", err)
	}
	return Packet{Port: b[0].Port, Frame: append([]byte(nil), b[0].Frame...)}
}

func TestMemPortRoundTrip(t *testing.T) {
	s, err := NewSet()
	if err != nil {
		t.Fatal(err)
	}
	p, end := NewMemPort(3, "eth3")
	if err := s.Add(p); err != nil {
		t.Fatal(err)
	}
	r := startRing(t, s)

	in := [][]byte{frame(macA, 1), frame(broadcast, 2), frame(multicast, 3)}
	for _, f := range in {
		if err := end.Inject(f); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range in {
		got := receiveOne(t, r)
		if diff := cmp.Diff(Packet{Port: 3, Frame: want}, got); diff != "" {
			t.Errorf("frame %d (-want +got):\n%s", i, diff)
		}
	}

	out := frame(macB, 9)
	if err := s.Send(3, out); err != nil {
		t.Fatal(err)
	}
	out[14] = 0xee // Send must not retain the caller's buffer
	got, err := end.ReadTimeout(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(frame(macB, 9), got); diff != "" {
		t.Errorf("sent frame (-want +got):\n%s", diff)
	}

	want := Stats{
		InOctets: 180, InPkts: 3, InUnicastPkts: 1, InMulticastPkts: 1, InBroadcastPkts: 1,
		OutOctets: 60, OutPkts: 1, OutUnicastPkts: 1,
	}
	if diff := cmp.Diff(want, p.Counters().Snapshot()); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
}

func TestMemPortLinkDown(t *testing.T) {
	s, _ := NewSet()
	p, end := NewMemPort(1, "eth1")
	if err := s.Add(p); err != nil {
		t.Fatal(err)
	}
	startRing(t, s)
	var mu sync.Mutex
	var events []Event
	cancel := s.Watch(func(e Event) {
		mu.Lock()
		events = append(events, Event{Port: e.Port, Name: e.Name, Oper: e.Oper})
		mu.Unlock()
	})
	defer cancel()

	end.SetLinkUp(false)
	end.SetLinkUp(false) // no change, no event
	if got := p.OperStatus(); got != OperDown {
		t.Errorf("oper status = %v, want DOWN", got)
	}
	if err := end.Inject(frame(macA, 1)); !errors.Is(err, ErrLinkDown) {
		t.Errorf("inject on down link: err = %v, want ErrLinkDown", err)
	}
	if err := p.Send(frame(macA, 1)); !errors.Is(err, ErrLinkDown) {
		t.Errorf("send on down link: err = %v, want ErrLinkDown", err)
	}
	end.SetLinkUp(true)

	mu.Lock()
	defer mu.Unlock()
	want := []Event{{Port: 1, Name: "eth1", Oper: OperDown}, {Port: 1, Name: "eth1", Oper: OperUp}}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if got := p.Counters().OutDiscards.Load(); got != 1 {
		t.Errorf("out-discards = %d, want 1", got)
	}
}

func TestMemEndQueueFull(t *testing.T) {
	p, end := NewMemPort(1, "eth1", WithQueue(2, 64))
	for i := range 3 {
		err := p.Send(frame(macA, byte(i)))
		if wantErr := i == 2; (err != nil) != wantErr {
			t.Errorf("send %d: err = %v, want error %v", i, err, wantErr)
		}
	}
	if got := len(end.Drain()); got != 2 {
		t.Errorf("drained %d frames, want 2", got)
	}
	if end.Dropped() != 1 || p.Counters().OutDiscards.Load() != 1 {
		t.Errorf("dropped = %d, out-discards = %d, want 1 and 1", end.Dropped(), p.Counters().OutDiscards.Load())
	}
}

func TestMemPortNotStarted(t *testing.T) {
	p, end := NewMemPort(1, "eth1")
	if err := end.Inject(frame(macA, 1)); !errors.Is(err, ErrDropped) {
		t.Errorf("inject before start: err = %v, want ErrDropped", err)
	}
	if got := p.Counters().InDiscards.Load(); got != 1 {
		t.Errorf("in-discards = %d, want 1", got)
	}
}

func TestWire(t *testing.T) {
	s1, _ := NewSet()
	s2, _ := NewSet()
	a, b := NewWire(1, "sw1-eth1", 7, "sw2-eth7")
	if err := s1.Add(a); err != nil {
		t.Fatal(err)
	}
	if err := s2.Add(b); err != nil {
		t.Fatal(err)
	}
	r1, r2 := startRing(t, s1), startRing(t, s2)
	if err := s1.Send(1, frame(macB, 1)); err != nil {
		t.Fatal(err)
	}
	if got := receiveOne(t, r2); got.Port != 7 || got.Frame[14] != 1 {
		t.Errorf("switch 2 got %v, want frame 1 on port 7", got)
	}
	if err := s2.Send(7, frame(macA, 2)); err != nil {
		t.Fatal(err)
	}
	if got := receiveOne(t, r1); got.Port != 1 || got.Frame[14] != 2 {
		t.Errorf("switch 1 got %v, want frame 2 on port 1", got)
	}
	b.SetLinkUp(false)
	if a.OperStatus() != OperDown {
		t.Errorf("wire end a is %v after b went down, want DOWN", a.OperStatus())
	}
}

func TestMemPortDisabled(t *testing.T) {
	s, _ := NewSet()
	p, end := NewMemPort(1, "eth1")
	if err := s.Add(p); err != nil {
		t.Fatal(err)
	}
	startRing(t, s)
	var events []OperStatus
	defer s.Watch(func(e Event) { events = append(events, e.Oper) })()

	if err := s.SetEnabled("eth1", false); err != nil {
		t.Fatal(err)
	}
	if p.Enabled() || p.OperStatus() != OperDown {
		t.Errorf("disabled port: enabled %v, oper %v", p.Enabled(), p.OperStatus())
	}
	if err := end.Inject(frame(macA, 1)); !errors.Is(err, ErrLinkDown) {
		t.Errorf("inject on disabled port: err = %v, want ErrLinkDown", err)
	}
	end.SetLinkUp(false) // still down: no event
	end.SetLinkUp(true)  // link up, but still disabled: no event
	p.SetEnabled(true)
	if diff := cmp.Diff([]OperStatus{OperDown, OperUp}, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if err := s.SetEnabled("eth9", true); !errors.Is(err, ErrNoPort) {
		t.Errorf("SetEnabled(eth9): err = %v, want ErrNoPort", err)
	}
}
