package ports

import (
	"sync"
	"sync/atomic"
)

// SegmentMode selects how a Segment forwards frames.
type SegmentMode uint8

// Segment modes.
const (
	// Hub floods every frame to every other member.
	Hub SegmentMode = iota
	// Learning learns source MAC addresses and sends frames for a known
	// unicast destination only to the member it was learnt on; it floods
	// the rest, like a learning bridge (without ageing).
	Learning
)

// A Segment is an in-memory L2 segment joining switch ports (NewPort) and
// outside ends (NewEnd): the embedded lab's substrate network connecting
// several switches, the NIS and host stubs. Frames are forwarded
// synchronously in the sender's goroutine; each receiving MemEnd or Ring
// copies them, so forwarding itself does not allocate.
type Segment struct {
	mode    SegmentMode
	members atomic.Pointer[[]*segPort]

	mu  sync.Mutex // guards members writes and macs
	mac map[[6]byte]*segPort
}

// NewSegment returns an empty segment.
func NewSegment(mode SegmentMode) *Segment {
	s := &Segment{mode: mode, mac: map[[6]byte]*segPort{}}
	s.members.Store(&[]*segPort{})
	return s
}

// segPort is a member's attachment: frames the member sends enter the
// segment through it, frames forwarded to it go to out.
type segPort struct {
	seg *Segment
	out receiver
}

func (sp *segPort) accept(frame []byte) bool { return sp.seg.forward(sp, frame) }

func (s *Segment) join(out receiver) *segPort {
	sp := &segPort{seg: s, out: out}
	s.mu.Lock()
	old := *s.members.Load()
	m := append(append(make([]*segPort, 0, len(old)+1), old...), sp)
	s.members.Store(&m)
	s.mu.Unlock()
	return sp
}

// NewPort returns a switch port attached to the segment.
func (s *Segment) NewPort(num uint32, name string) *MemPort {
	p := newMemPort(num, name)
	p.peer = s.join(p)
	return p
}

// NewEnd returns an outside end (a host stub, the NIS) attached to the
// segment.
func (s *Segment) NewEnd(name string, opts ...MemOption) *MemEnd {
	e := newMemEnd(name, opts)
	e.peer = s.join(e)
	return e
}

// forward delivers frame from member src. It reports whether at least one
// member took the frame.
func (s *Segment) forward(src *segPort, frame []byte) bool {
	if len(frame) < 14 {
		return false
	}
	if s.mode == Learning {
		var sa, da [6]byte
		copy(da[:], frame[0:6])
		copy(sa[:], frame[6:12])
		s.mu.Lock()
		if sa[0]&1 == 0 && s.mac[sa] != src {
			s.mac[sa] = src
		}
		dst, ok := s.mac[da]
		s.mu.Unlock()
		if ok && da[0]&1 == 0 {
			if dst == src {
				return true // filtered: the destination is on the sender's side
			}
			return dst.out.accept(frame)
		}
	}
	took := false
	for _, m := range *s.members.Load() {
		if m != src && m.out.accept(frame) {
			took = true
		}
	}
	return took
}
