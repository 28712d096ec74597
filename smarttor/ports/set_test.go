package ports

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewSetCPUPort(t *testing.T) {
	tests := []struct {
		name    string
		opts    []SetOption
		want    uint32
		wantErr bool
	}{
		{"default", nil, DefaultCPUPort, false},
		{"custom", []SetOption{WithCPUPort(64)}, 64, false},
		{"zero", []SetOption{WithCPUPort(0)}, 0, true},
		{"drop port", []SetOption{WithCPUPort(DropPort)}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSet(tt.opts...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("NewSet: err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && s.CPUPort() != tt.want {
				t.Errorf("CPUPort = %d, want %d", s.CPUPort(), tt.want)
			}
		})
	}
}

func TestSetAdd(t *testing.T) {
	s, _ := NewSet()
	p1, _ := NewMemPort(1, "eth1")
	if err := s.Add(p1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		num  uint32
		port string
		ok   bool
	}{
		{"zero is a real port", 0, "eth0", true},
		{"cpu port reserved", DefaultCPUPort, "cpu", false},
		{"drop port reserved", DropPort, "drop", false},
		{"number taken", 1, "other", false},
		{"name taken", 2, "eth1", false},
		{"fine", 2, "eth2", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := NewMemPort(tt.num, tt.port)
			if err := s.Add(p); (err == nil) != tt.ok {
				t.Errorf("Add(%d, %q): err = %v, want ok %v", tt.num, tt.port, err, tt.ok)
			}
		})
	}
	var got []string
	for _, p := range s.Ports() {
		got = append(got, p.Name())
	}
	if diff := cmp.Diff([]string{"eth0", "eth1", "eth2"}, got); diff != "" {
		t.Errorf("ports (-want +got):\n%s", diff)
	}
	if p, ok := s.ByName("eth2"); !ok || p.Number() != 2 {
		t.Errorf("ByName(eth2) = %v, %v", p, ok)
	}
	if err := s.Remove(2); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Port(2); ok {
		t.Error("port 2 still there after Remove")
	}
	if err := s.Remove(2); !errors.Is(err, ErrNoPort) {
		t.Errorf("second Remove: err = %v, want ErrNoPort", err)
	}
}

func TestSetSendSpecialPorts(t *testing.T) {
	s, _ := NewSet(WithCPUPort(100))
	if err := s.Send(100, frame(macA, 1)); err != nil {
		t.Errorf("send to CPU port without packet-in: %v", err)
	}
	var got [][]byte
	s.SetPacketIn(func(f []byte) { got = append(got, append([]byte(nil), f...)) })
	if err := s.Send(100, frame(macA, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(DropPort, frame(macA, 3)); err != nil {
		t.Errorf("send to drop port: %v", err)
	}
	if err := s.Send(5, frame(macA, 4)); !errors.Is(err, ErrNoPort) {
		t.Errorf("send to unknown port: err = %v, want ErrNoPort", err)
	}
	if diff := cmp.Diff([][]byte{frame(macA, 2)}, got); diff != "" {
		t.Errorf("packet-in (-want +got):\n%s", diff)
	}
}

func TestSetStatuses(t *testing.T) {
	s, _ := NewSet()
	for _, n := range []uint32{2, 1} {
		p, _ := NewMemPort(n, "eth"+string(rune('0'+n)))
		if err := s.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := s.Port(2)
	p.(*MemPort).SetLinkUp(false)
	var got []Status
	for _, st := range s.Statuses() {
		got = append(got, Status{Number: st.Number, Name: st.Name, Oper: st.Oper})
	}
	want := []Status{{Number: 1, Name: "eth1", Oper: OperUp}, {Number: 2, Name: "eth2", Oper: OperDown}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// TestWatchMayReadPorts checks that a watcher can read the set (Statuses)
// from inside the callback without deadlocking on the port's status lock.
func TestWatchMayReadPorts(t *testing.T) {
	s, _ := NewSet()
	p, end := NewMemPort(1, "eth1")
	if err := s.Add(p); err != nil {
		t.Fatal(err)
	}
	var got []OperStatus
	defer s.Watch(func(Event) { got = append(got, s.Statuses()[0].Oper) })()
	end.SetLinkUp(false)
	if diff := cmp.Diff([]OperStatus{OperDown}, got); diff != "" {
		t.Errorf("statuses seen by the watcher (-want +got):\n%s", diff)
	}
}
