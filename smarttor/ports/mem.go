package ports

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrDropped is returned when a frame was dropped for lack of room or
// because nothing was listening.
var ErrDropped = errors.New("frame dropped")

// receiver is anything an in-memory link delivers frames to. frame is
// borrowed until accept returns.
type receiver interface {
	accept(frame []byte) bool
}

// MemPort is the switch side of an in-memory port. What the switch sends
// goes to the port's peer (a MemEnd, the other end of a wire, or a
// Segment); what the peer sends arrives on the port's Handler synchronously,
// in the peer's goroutine. With a Ring as the Handler that is one copy and
// no allocation.
type MemPort struct {
	portBase
	peer   receiver
	link   *MemPort // other switch port of a wire, for link status
	closed atomic.Bool

	// Send's errors, made once: a switch flooding a full or down port
	// must not allocate per frame.
	errClosed, errDown, errDropped error
}

var _ Port = (*MemPort)(nil)

func newMemPort(num uint32, name string) *MemPort {
	p := &MemPort{
		errClosed:  fmt.Errorf("send on %q: %w", name, ErrClosed),
		errDown:    fmt.Errorf("send on %q: %w", name, ErrLinkDown),
		errDropped: fmt.Errorf("send on %q: %w", name, ErrDropped),
	}
	p.init(num, name, OperUp)
	return p
}

// NewMemPort returns an in-memory port numbered num and named name, up, and
// the test side connected to it.
func NewMemPort(num uint32, name string, opts ...MemOption) (*MemPort, *MemEnd) {
	p := newMemPort(num, name)
	e := newMemEnd(name, opts)
	p.peer, e.peer, e.port = e, p, p
	return p, e
}

// NewWire returns two in-memory switch ports connected back to back, for
// two switches in one process: what one sends, the other receives. Setting
// either end down takes the whole link down.
func NewWire(aNum uint32, aName string, bNum uint32, bName string) (*MemPort, *MemPort) {
	a, b := newMemPort(aNum, aName), newMemPort(bNum, bName)
	a.peer, b.peer = b, a
	a.link, b.link = b, a
	return a, b
}

// Start implements Port.
func (p *MemPort) Start(h Handler) error { return p.start(h) }

// Send implements Port: it hands frame to the peer, which copies it.
func (p *MemPort) Send(frame []byte) error {
	if p.closed.Load() {
		p.ctrs.OutDiscards.Add(1)
		return p.errClosed
	}
	if !p.up() {
		p.ctrs.OutDiscards.Add(1)
		return p.errDown
	}
	if p.peer == nil || !p.peer.accept(frame) {
		p.ctrs.OutDiscards.Add(1)
		return p.errDropped
	}
	p.sent(frame)
	return nil
}

// accept is the peer's way in.
func (p *MemPort) accept(frame []byte) bool {
	if p.closed.Load() {
		return false
	}
	return p.receive(frame)
}

// SetLinkUp sets the status of the port's link (and so of the other end of
// a wire), as plugging or pulling a cable would; an operational-status
// change is published to the Set's watchers.
func (p *MemPort) SetLinkUp(up bool) {
	s := OperDown
	if up {
		s = OperUp
	}
	p.setLink(s)
	if p.link != nil {
		p.link.setLink(s)
	}
}

// Close implements Port. Frames sent to a closed port are dropped.
func (p *MemPort) Close() error {
	p.closed.Store(true)
	return nil
}

// MemOption configures the receive queue of a MemEnd.
type MemOption func(*memConfig)

type memConfig struct{ slots, frameLen int }

// WithQueue sets the number of frames a MemEnd buffers before it drops
// (default DefaultRingSlots) and the initial buffer size of each.
func WithQueue(slots, frameLen int) MemOption {
	return func(c *memConfig) { c.slots, c.frameLen = slots, frameLen }
}

// MemEnd is the outside end of an in-memory port or segment: a test, a host
// stub or the NIS injects frames with Inject and reads what arrives with
// Read, ReadInto, ReadTimeout or Drain. Arriving frames are queued (copied)
// until read; when the queue is full they are dropped and counted.
type MemEnd struct {
	name    string
	peer    receiver
	port    *MemPort // switch side, if this is a port's test end
	q       *Ring
	dropped atomic.Uint64

	rmu   sync.Mutex // serialises readers of q
	batch [1]Packet
}

func newMemEnd(name string, opts []MemOption) *MemEnd {
	c := memConfig{}
	for _, o := range opts {
		o(&c)
	}
	return &MemEnd{name: name, q: NewRing(c.slots, c.frameLen)}
}

func (e *MemEnd) accept(frame []byte) bool {
	if !e.q.Deliver(0, frame) {
		e.dropped.Add(1)
		return false
	}
	return true
}

// Name returns the name the end was created with.
func (e *MemEnd) Name() string { return e.name }

// Inject sends frame into the link: the switch port (or segment) receives it
// before Inject returns. frame is not retained. Inject returns an error if
// the link is down or the frame was dropped.
func (e *MemEnd) Inject(frame []byte) error {
	if e.port != nil && !e.port.up() {
		return fmt.Errorf("inject on %q: %w", e.name, ErrLinkDown)
	}
	if !e.peer.accept(frame) {
		return fmt.Errorf("inject on %q: %w", e.name, ErrDropped)
	}
	return nil
}

// SetLinkUp sets the operational status of the switch port this end is
// connected to, as pulling or plugging the cable would. It does nothing on
// a segment end.
func (e *MemEnd) SetLinkUp(up bool) {
	if e.port != nil {
		e.port.SetLinkUp(up)
	}
}

// ReadInto waits for the next frame, copies it into buf and returns its
// length; a frame longer than buf is truncated. It does not allocate.
func (e *MemEnd) ReadInto(ctx context.Context, buf []byte) (int, error) {
	e.rmu.Lock()
	defer e.rmu.Unlock()
	if _, err := e.q.Receive(ctx, e.batch[:]); err != nil {
		return 0, err
	}
	n := copy(buf, e.batch[0].Frame)
	e.q.Release()
	return n, nil
}

// Read waits for the next frame and returns a copy of it.
func (e *MemEnd) Read(ctx context.Context) ([]byte, error) {
	e.rmu.Lock()
	defer e.rmu.Unlock()
	if _, err := e.q.Receive(ctx, e.batch[:]); err != nil {
		return nil, err
	}
	f := append([]byte(nil), e.batch[0].Frame...)
	e.q.Release()
	return f, nil
}

// ReadTimeout is Read with a timeout; it returns context.DeadlineExceeded
// if no frame arrives within d.
func (e *MemEnd) ReadTimeout(d time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return e.Read(ctx)
}

// Drain returns copies of all frames queued now, oldest first, without
// waiting.
func (e *MemEnd) Drain() [][]byte {
	e.rmu.Lock()
	defer e.rmu.Unlock()
	var out [][]byte
	for e.q.TryReceive(e.batch[:]) == 1 {
		out = append(out, append([]byte(nil), e.batch[0].Frame...))
	}
	return out
}

// Dropped returns how many arriving frames were dropped because the queue
// was full.
func (e *MemEnd) Dropped() uint64 { return e.dropped.Load() }

// Close stops the end's queue: later arrivals are dropped and readers
// return ErrClosed once it is empty.
func (e *MemEnd) Close() error {
	e.q.Close()
	return nil
}
