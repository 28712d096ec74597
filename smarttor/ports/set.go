package ports

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A Set is the ports of one switch, keyed by port number. Look-ups read an
// immutable map through an atomic pointer, so Send on the fast path takes no
// lock; Add and Remove copy the map under the set's mutex.
//
// The CPU port is reserved: it is not a real port, and frames sent to it go to
// the packet-in handler (see SetPacketIn). Frames sent to DropPort are
// discarded silently.
type Set struct {
	cpu      uint32
	byNum    atomic.Pointer[map[uint32]Port]
	packetIn atomic.Pointer[func(frame []byte)]

	mu      sync.Mutex // guards writes to byNum, handler and tap
	handler Handler
	tap     Tap

	// wmu guards the watchers. It is taken with a port's status lock held
	// (the port publishes in order), so its holder takes no other lock.
	wmu      sync.Mutex
	watchers map[int]func(Event)
	nextW    int
}

// SetOption configures a Set.
type SetOption func(*Set)

// WithCPUPort sets the CPU port number (default DefaultCPUPort). It must be
// neither 0 nor DropPort; NewSet reports an error otherwise.
func WithCPUPort(n uint32) SetOption { return func(s *Set) { s.cpu = n } }

// NewSet returns an empty Set.
func NewSet(opts ...SetOption) (*Set, error) {
	s := &Set{cpu: DefaultCPUPort, watchers: map[int]func(Event){}}
	for _, o := range opts {
		o(s)
	}
	if s.cpu == 0 || s.cpu == DropPort {
		return nil, fmt.Errorf("cpu port %d: must not be 0 or the drop port %d", s.cpu, DropPort)
	}
	m := map[uint32]Port{}
	s.byNum.Store(&m)
	return s, nil
}

// CPUPort returns the CPU port number.
func (s *Set) CPUPort() uint32 { return s.cpu }

// Add adds p to the set. Its number must be free and not reserved (0 is
// allowed, as in BMv2), and its name unique. If the set was started, p is
// started with the set's handler.
func (s *Set) Add(p Port) error {
	if err := s.add(p); err != nil {
		return err
	}
	s.publish(Event{Port: p.Number(), Name: p.Name(), Oper: p.OperStatus(), Time: time.Now(), Added: true})
	return nil
}

func (s *Set) add(p Port) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := p.Number()
	if n == s.cpu || n == DropPort {
		return fmt.Errorf("add port %q: number %d is reserved", p.Name(), n)
	}
	old := *s.byNum.Load()
	if q, ok := old[n]; ok {
		return fmt.Errorf("add port %q: number %d already used by %q", p.Name(), n, q.Name())
	}
	for _, q := range old {
		if q.Name() == p.Name() {
			return fmt.Errorf("add port %d: name %q already used by port %d", n, p.Name(), q.Number())
		}
	}
	if s.handler != nil {
		if err := p.Start(s.handler); err != nil && !errors.Is(err, ErrStarted) {
			return fmt.Errorf("add port %q: %w", p.Name(), err)
		}
	}
	p.base().setNotify(s.publish)
	p.base().setTap(s.tap)
	m := make(map[uint32]Port, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	m[n] = p
	s.byNum.Store(&m)
	return nil
}

// Remove removes the port numbered n from the set and closes it.
func (s *Set) Remove(n uint32) error {
	s.mu.Lock()
	old := *s.byNum.Load()
	p, ok := old[n]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("remove port %d: %w", n, ErrNoPort)
	}
	m := make(map[uint32]Port, len(old))
	for k, v := range old {
		if k != n {
			m[k] = v
		}
	}
	s.byNum.Store(&m)
	s.mu.Unlock()
	p.base().setNotify(nil)
	s.publish(Event{Port: n, Name: p.Name(), Oper: p.OperStatus(), Time: time.Now(), Removed: true})
	return p.Close()
}

// Port returns the port numbered n.
func (s *Set) Port(n uint32) (Port, bool) {
	p, ok := (*s.byNum.Load())[n]
	return p, ok
}

// ByName returns the port named name.
func (s *Set) ByName(name string) (Port, bool) {
	for _, p := range *s.byNum.Load() {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

// Ports returns the ports sorted by number.
func (s *Set) Ports() []Port {
	m := *s.byNum.Load()
	ps := make([]Port, 0, len(m))
	for _, p := range m {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b Port) int { return int(int64(a.Number()) - int64(b.Number())) })
	return ps
}

// Start starts every port, and every port added later, with h. Use a Ring's
// Deliver method for a pull-style receive loop.
func (s *Set) Start(h Handler) error {
	if h == nil {
		return errors.New("start ports: nil handler")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handler != nil {
		return fmt.Errorf("start ports: %w", ErrStarted)
	}
	s.handler = h
	var errs []error
	for _, p := range *s.byNum.Load() {
		if err := p.Start(h); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// SetTap shows every frame the set's ports receive and send to t (nil
// removes it), for debugging: with a PcapDir's Tap it captures like
// simple_switch --pcap. Frames to the CPU port are not tapped.
func (s *Set) SetTap(t Tap) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tap = t
	for _, p := range *s.byNum.Load() {
		p.base().setTap(t)
	}
}

// SetPacketIn sets the function frames sent to the CPU port are given to.
// frame is borrowed until fn returns. With no function set, such frames are
// dropped.
func (s *Set) SetPacketIn(fn func(frame []byte)) {
	if fn == nil {
		s.packetIn.Store(nil)
		return
	}
	s.packetIn.Store(&fn)
}

// Send transmits frame on the port numbered egress. The CPU port hands the
// frame to the packet-in function, DropPort discards it; an unknown number
// returns an error wrapping ErrNoPort. Send does not retain frame and does
// not allocate on success.
func (s *Set) Send(egress uint32, frame []byte) error {
	if p, ok := (*s.byNum.Load())[egress]; ok {
		return p.Send(frame)
	}
	switch egress {
	case s.cpu:
		if fn := s.packetIn.Load(); fn != nil {
			(*fn)(frame)
		}
		return nil
	case DropPort:
		return nil
	}
	return fmt.Errorf("send to port %d: %w", egress, ErrNoPort)
}

// Watch calls fn for every operational-status change of a port in the set,
// and for every port added or removed, until cancel is called. fn runs in
// the goroutine that changed the status, with that port's status lock held
// so that events arrive in order: it must not block, nor change a port's
// status; reading ports (Statuses, OperStatus, counters) is fine. Queue
// the event if there is work to do.
func (s *Set) Watch(fn func(Event)) (cancel func()) {
	s.wmu.Lock()
	id := s.nextW
	s.nextW++
	s.watchers[id] = fn
	s.wmu.Unlock()
	return func() {
		s.wmu.Lock()
		delete(s.watchers, id)
		s.wmu.Unlock()
	}
}

func (s *Set) publish(e Event) {
	s.wmu.Lock()
	fns := make([]func(Event), 0, len(s.watchers))
	for _, fn := range s.watchers {
		fns = append(fns, fn)
	}
	s.wmu.Unlock()
	for _, fn := range fns {
		fn(e)
	}
}

// SetEnabled sets the administrative status of the port named name.
func (s *Set) SetEnabled(name string, enabled bool) error {
	p, ok := s.ByName(name)
	if !ok {
		return fmt.Errorf("port %q: %w", name, ErrNoPort)
	}
	p.SetEnabled(enabled)
	return nil
}

// Status is a snapshot of one port's state, as the gNMI server reports it.
type Status struct {
	Number     uint32
	Name       string
	Enabled    bool
	Oper       OperStatus
	LastChange time.Time
	Stats      Stats
}

// Statuses returns a snapshot of every port, sorted by name.
func (s *Set) Statuses() []Status {
	ps := s.Ports()
	st := make([]Status, len(ps))
	for i, p := range ps {
		b := p.base()
		st[i] = Status{Number: b.num, Name: b.name, Enabled: b.Enabled(), Oper: b.OperStatus(), LastChange: b.lastChanged(), Stats: b.ctrs.Snapshot()}
	}
	slices.SortFunc(st, func(a, b Status) int { return strings.Compare(a.Name, b.Name) })
	return st
}

// Close closes every port in the set.
func (s *Set) Close() error {
	var errs []error
	for _, p := range s.Ports() {
		if err := p.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
