package ports

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Reserved port numbers, as in BMv2 deployments.
const (
	// DefaultCPUPort is the CPU port a Set reserves unless told otherwise.
	DefaultCPUPort uint32 = 510
	// DropPort is v1model's drop port: frames sent to it are discarded.
	DropPort uint32 = 511
)

// Errors returned by ports. Callers test them with errors.Is.
var (
	// ErrClosed is returned by operations on a closed port or ring.
	ErrClosed = errors.New("port closed")
	// ErrLinkDown is returned when a frame cannot pass because the link is down.
	ErrLinkDown = errors.New("link down")
	// ErrNoPort is returned by Set.Send for a port number the set does not hold.
	ErrNoPort = errors.New("no such port")
	// ErrStarted is returned by Port.Start when the port was already started.
	ErrStarted = errors.New("port already started")
)

// A Handler receives the frames of started ports. frame is borrowed: it is
// valid only until the Handler returns. ingress is the number of the port the
// frame arrived on. The Handler returns false if it dropped the frame for lack
// of room; the port then counts it in InDiscards. Ports may call a Handler
// from several goroutines at once (one per port at most).
type Handler func(ingress uint32, frame []byte) bool

// Port is one port of a switch. Its implementations live in this package
// (MemPort, AFPacketPort): they share the counters, status and event
// plumbing a Set relies on, which the unexported method gives it.
type Port interface {
	// Number is the port's P4 port number (ingress_port, egress_spec).
	Number() uint32
	// Name is the port's interface name, the gNMI interface key.
	Name() string
	// Send transmits frame. It never retains frame. A port that is down or
	// whose peer has no room drops the frame, counts it in OutDiscards and
	// returns an error.
	Send(frame []byte) error
	// Start makes the port deliver received frames to h. It may be called
	// once. A MemPort drops the frames that arrive before Start (counting
	// them in InDiscards); an AFPacketPort leaves them in its socket buffer.
	Start(h Handler) error
	// OperStatus is the port's operational status.
	OperStatus() OperStatus
	// Counters are the port's live counters.
	Counters() *Counters
	// SetEnabled sets the administrative status; a disabled port is
	// operationally down and passes no frames.
	SetEnabled(enabled bool)
	// Enabled reports the administrative status.
	Enabled() bool
	// Close stops the port and releases its resources.
	Close() error

	// base gives a Set access to the shared state all ports embed.
	base() *portBase
}

// OperStatus is an interface's operational status, with openconfig's names.
type OperStatus uint8

// Operational status values.
const (
	OperUnknown OperStatus = iota
	OperUp
	OperDown
)

// String returns the openconfig-interfaces enum name ("UP", "DOWN", "UNKNOWN").
func (s OperStatus) String() string {
	switch s {
	case OperUp:
		return "UP"
	case OperDown:
		return "DOWN"
	}
	return "UNKNOWN"
}

// Counters are a port's openconfig-interfaces counters, updated atomically
// by the port and readable at any time.
type Counters struct {
	InOctets, InPkts                                   atomic.Uint64
	InUnicastPkts, InMulticastPkts, InBroadcastPkts    atomic.Uint64
	InDiscards, InErrors                               atomic.Uint64
	OutOctets, OutPkts                                 atomic.Uint64
	OutUnicastPkts, OutMulticastPkts, OutBroadcastPkts atomic.Uint64
	OutDiscards, OutErrors                             atomic.Uint64
}

// Stats is a snapshot of Counters.
type Stats struct {
	InOctets, InPkts                                   uint64
	InUnicastPkts, InMulticastPkts, InBroadcastPkts    uint64
	InDiscards, InErrors                               uint64
	OutOctets, OutPkts                                 uint64
	OutUnicastPkts, OutMulticastPkts, OutBroadcastPkts uint64
	OutDiscards, OutErrors                             uint64
}

// Snapshot reads every counter. The counters are read one by one, so a
// snapshot taken under traffic is not atomic as a whole.
func (c *Counters) Snapshot() Stats {
	return Stats{
		InOctets: c.InOctets.Load(), InPkts: c.InPkts.Load(),
		InUnicastPkts: c.InUnicastPkts.Load(), InMulticastPkts: c.InMulticastPkts.Load(),
		InBroadcastPkts: c.InBroadcastPkts.Load(),
		InDiscards:      c.InDiscards.Load(), InErrors: c.InErrors.Load(),
		OutOctets: c.OutOctets.Load(), OutPkts: c.OutPkts.Load(),
		OutUnicastPkts: c.OutUnicastPkts.Load(), OutMulticastPkts: c.OutMulticastPkts.Load(),
		OutBroadcastPkts: c.OutBroadcastPkts.Load(),
		OutDiscards:      c.OutDiscards.Load(), OutErrors: c.OutErrors.Load(),
	}
}

// countIn counts a received frame by its destination MAC address class.
func (c *Counters) countIn(frame []byte) {
	c.InPkts.Add(1)
	c.InOctets.Add(uint64(len(frame)))
	switch classify(frame) {
	case castUnicast:
		c.InUnicastPkts.Add(1)
	case castMulticast:
		c.InMulticastPkts.Add(1)
	case castBroadcast:
		c.InBroadcastPkts.Add(1)
	}
}

// countOut counts a transmitted frame by its destination MAC address class.
func (c *Counters) countOut(frame []byte) {
	c.OutPkts.Add(1)
	c.OutOctets.Add(uint64(len(frame)))
	switch classify(frame) {
	case castUnicast:
		c.OutUnicastPkts.Add(1)
	case castMulticast:
		c.OutMulticastPkts.Add(1)
	case castBroadcast:
		c.OutBroadcastPkts.Add(1)
	}
}

type cast uint8

const (
	castNone cast = iota // runt: no destination address
	castUnicast
	castMulticast
	castBroadcast
)

func classify(frame []byte) cast {
	if len(frame) < 6 {
		return castNone
	}
	if frame[0]&1 == 0 {
		return castUnicast
	}
	if frame[0]&frame[1]&frame[2]&frame[3]&frame[4]&frame[5] == 0xff {
		return castBroadcast
	}
	return castMulticast
}

// Event reports a port's operational-status change, or a port's joining
// (Added) or leaving (Removed) a Set.
type Event struct {
	Port           uint32
	Name           string
	Oper           OperStatus
	Time           time.Time
	Added, Removed bool
}

// portBase is the state every port implementation embeds: identity,
// counters, status and the handler it delivers to. The operational status
// is the link's status unless the port is administratively disabled.
type portBase struct {
	num      uint32
	name     string
	ctrs     Counters
	oper     atomic.Uint32 // OperStatus, derived from link and disabled
	handler  atomic.Pointer[Handler]
	tap      atomic.Pointer[Tap]
	disabled atomic.Bool

	lastChange atomic.Int64 // unix nanoseconds

	// mu serialises status changes, so events are published in order; it
	// is held while notify runs. It guards the fields below.
	mu     sync.Mutex
	link   OperStatus
	notify func(Event)
}

func (b *portBase) init(num uint32, name string, link OperStatus) {
	b.num, b.name = num, name
	b.link = link
	b.oper.Store(uint32(link))
	b.lastChange.Store(time.Now().UnixNano())
}

func (b *portBase) base() *portBase { return b }

// Number returns the port number.
func (b *portBase) Number() uint32 { return b.num }

// Name returns the interface name.
func (b *portBase) Name() string { return b.name }

// Counters returns the live counters.
func (b *portBase) Counters() *Counters { return &b.ctrs }

// OperStatus returns the operational status.
func (b *portBase) OperStatus() OperStatus { return OperStatus(b.oper.Load()) }

func (b *portBase) up() bool { return OperStatus(b.oper.Load()) == OperUp }

// start installs h; only the first call succeeds.
func (b *portBase) start(h Handler) error {
	if h == nil {
		return fmt.Errorf("port %q: nil handler", b.name)
	}
	if !b.handler.CompareAndSwap(nil, &h) {
		return fmt.Errorf("port %q: %w", b.name, ErrStarted)
	}
	return nil
}

// receive counts frame and hands it to the handler, if any.
func (b *portBase) receive(frame []byte) bool {
	hp := b.handler.Load()
	if hp == nil || OperStatus(b.oper.Load()) == OperDown {
		b.ctrs.InDiscards.Add(1)
		return false
	}
	b.ctrs.countIn(frame)
	if t := b.tap.Load(); t != nil {
		(*t)(b.num, In, frame)
	}
	if !(*hp)(b.num, frame) {
		b.ctrs.InDiscards.Add(1)
		return false
	}
	return true
}

// sent counts a transmitted frame and shows it to the tap.
func (b *portBase) sent(frame []byte) {
	b.ctrs.countOut(frame)
	if t := b.tap.Load(); t != nil {
		(*t)(b.num, Out, frame)
	}
}

func (b *portBase) setTap(t Tap) {
	if t == nil {
		b.tap.Store(nil)
		return
	}
	b.tap.Store(&t)
}

// setLink records the link's status and publishes an Event if the
// operational status changed.
func (b *portBase) setLink(s OperStatus) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.link = s
	b.update()
}

// SetEnabled sets the port's administrative status: a disabled port is
// operationally down whatever its link, and passes no frames.
func (b *portBase) SetEnabled(enabled bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.disabled.Store(!enabled)
	b.update()
}

// Enabled reports the port's administrative status.
func (b *portBase) Enabled() bool { return !b.disabled.Load() }

// update recomputes the operational status and publishes a change, in
// order: b.mu is held, so notify must not change port state.
func (b *portBase) update() {
	s := b.link
	if b.disabled.Load() {
		s = OperDown
	}
	if OperStatus(b.oper.Swap(uint32(s))) == s {
		return
	}
	now := time.Now()
	b.lastChange.Store(now.UnixNano())
	if b.notify != nil {
		b.notify(Event{Port: b.num, Name: b.name, Oper: s, Time: now})
	}
}

func (b *portBase) setNotify(fn func(Event)) {
	b.mu.Lock()
	b.notify = fn
	b.mu.Unlock()
}

func (b *portBase) lastChanged() time.Time {
	return time.Unix(0, b.lastChange.Load())
}
