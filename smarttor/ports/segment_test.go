package ports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSegment(t *testing.T) {
	tests := []struct {
		name string
		mode SegmentMode
		// after h1 and h2 have each sent one broadcast, which ends receive
		// a unicast frame from h1 to h2
		wantH2, wantH3, wantSwitch int
	}{
		{"hub", Hub, 1, 1, 1},
		{"learning", Learning, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seg := NewSegment(tt.mode)
			h1, h2, h3 := seg.NewEnd("h1"), seg.NewEnd("h2"), seg.NewEnd("h3")
			s, _ := NewSet()
			if err := s.Add(seg.NewPort(1, "sw-eth1")); err != nil {
				t.Fatal(err)
			}
			r := startRing(t, s)

			from := func(src [6]byte, dst [6]byte) []byte {
				f := frame(dst, 0)
				copy(f[6:12], src[:])
				return f
			}
			h1MAC, h2MAC := [6]byte{2, 0, 0, 0, 0, 1}, [6]byte{2, 0, 0, 0, 0, 2}
			for _, src := range [][6]byte{h1MAC, h2MAC} {
				end := h1
				if src == h2MAC {
					end = h2
				}
				if err := end.Inject(from(src, broadcast)); err != nil {
					t.Fatal(err)
				}
			}
			// Everyone but the sender saw both broadcasts.
			if got := []int{len(h1.Drain()), len(h2.Drain()), len(h3.Drain()), r.Len()}; !cmp.Equal(got, []int{1, 1, 2, 2}) {
				t.Errorf("broadcast deliveries h1,h2,h3,switch = %v, want [1 1 2 2]", got)
			}
			var batch [4]Packet
			r.TryReceive(batch[:])
			r.Release()

			if err := h1.Inject(from(h1MAC, h2MAC)); err != nil {
				t.Fatal(err)
			}
			got := []int{len(h2.Drain()), len(h3.Drain()), r.Len()}
			if diff := cmp.Diff([]int{tt.wantH2, tt.wantH3, tt.wantSwitch}, got); diff != "" {
				t.Errorf("unicast deliveries h2,h3,switch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSegmentSwitchSends(t *testing.T) {
	seg := NewSegment(Learning)
	host := seg.NewEnd("host")
	a, b := seg.NewPort(1, "a"), seg.NewPort(2, "b")
	s1, _ := NewSet()
	s2, _ := NewSet()
	s1.Add(a)
	s2.Add(b)
	r2 := startRing(t, s2)
	startRing(t, s1)
	if err := s1.Send(1, frame(broadcast, 5)); err != nil {
		t.Fatal(err)
	}
	if got := receiveOne(t, r2); got.Port != 2 || got.Frame[14] != 5 {
		t.Errorf("switch 2 got %v, want frame 5 on port 2", got)
	}
	if got := len(host.Drain()); got != 1 {
		t.Errorf("host got %d frames, want 1", got)
	}
}
