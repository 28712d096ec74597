package slowpath

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
)

// PacketConn carries UDP payloads (here: VXLAN header + inner frame)
// between substrate endpoints. The outer IP and UDP headers are the
// transport's business. UDPConn is the real thing; MemConn is in-memory for
// the embedded lab and tests.
type PacketConn interface {
	// ReadFrom reads one payload into b and returns its length and
	// sender. It returns net.ErrClosed (wrapped) once the conn is closed.
	ReadFrom(b []byte) (n int, from netip.AddrPort, err error)
	// WriteTo sends b to to. Like UDP, delivery is not guaranteed.
	WriteTo(b []byte, to netip.AddrPort) error
	// LocalAddr is the address the conn receives on.
	LocalAddr() netip.AddrPort
	// Close ends the conn and unblocks ReadFrom.
	Close() error
}

// UDPConn is a PacketConn over a kernel UDP socket.
type UDPConn struct{ c *net.UDPConn }

// ListenUDP opens a UDP socket on addr ("0.0.0.0:4789").
func ListenUDP(addr string) (*UDPConn, error) {
	ua, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("vxlan listen %q: %w", addr, err)
	}
	c, err := net.ListenUDP("udp", ua)
	if err != nil {
		return nil, fmt.Errorf("vxlan listen %q: %w", addr, err)
	}
	return &UDPConn{c}, nil
}

// ReadFrom implements PacketConn.
func (u *UDPConn) ReadFrom(b []byte) (int, netip.AddrPort, error) {
	n, from, err := u.c.ReadFromUDPAddrPort(b)
	return n, netip.AddrPortFrom(from.Addr().Unmap(), from.Port()), err
}

// WriteTo implements PacketConn.
func (u *UDPConn) WriteTo(b []byte, to netip.AddrPort) error {
	_, err := u.c.WriteToUDPAddrPort(b, to)
	return err
}

// LocalAddr implements PacketConn.
func (u *UDPConn) LocalAddr() netip.AddrPort {
	a := u.c.LocalAddr().(*net.UDPAddr).AddrPort()
	return netip.AddrPortFrom(a.Addr().Unmap(), a.Port())
}

// Close implements PacketConn.
func (u *UDPConn) Close() error { return u.c.Close() }

// MemNetwork is an in-memory substrate: conns bound to addresses exchange
// payloads through bounded queues. A payload to an unbound address, or to
// a full queue, is dropped, as UDP would.
type MemNetwork struct {
	mu    sync.Mutex
	conns map[netip.AddrPort]*MemConn
	// QueueLen is the receive queue of conns made after it is set
	// (default 1024).
	QueueLen int
}

// NewMemNetwork returns an empty in-memory substrate.
func NewMemNetwork() *MemNetwork { return &MemNetwork{conns: map[netip.AddrPort]*MemConn{}} }

// Listen binds a conn to a.
func (n *MemNetwork) Listen(a netip.AddrPort) (*MemConn, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.conns[a]; ok {
		return nil, fmt.Errorf("listen %v: address in use", a)
	}
	ql := n.QueueLen
	if ql <= 0 {
		ql = 1024
	}
	c := &MemConn{net: n, addr: a, q: make(chan memPacket, ql), closed: make(chan struct{})}
	n.conns[a] = c
	return c, nil
}

type memPacket struct {
	b    []byte
	from netip.AddrPort
}

// MemConn is a PacketConn on a MemNetwork.
type MemConn struct {
	net       *MemNetwork
	addr      netip.AddrPort
	q         chan memPacket
	closeOnce sync.Once
	closed    chan struct{}
}

// ReadFrom implements PacketConn.
func (c *MemConn) ReadFrom(b []byte) (int, netip.AddrPort, error) {
	select {
	case p := <-c.q:
		return copy(b, p.b), p.from, nil
	case <-c.closed:
		return 0, netip.AddrPort{}, fmt.Errorf("read %v: %w", c.addr, net.ErrClosed)
	}
}

// WriteTo implements PacketConn. The payload is copied.
func (c *MemConn) WriteTo(b []byte, to netip.AddrPort) error {
	select {
	case <-c.closed:
		return fmt.Errorf("write %v: %w", c.addr, net.ErrClosed)
	default:
	}
	c.net.mu.Lock()
	dst := c.net.conns[to]
	c.net.mu.Unlock()
	if dst == nil {
		return nil
	}
	select {
	case dst.q <- memPacket{append([]byte(nil), b...), c.addr}:
	default: // queue full: dropped
	}
	return nil
}

// LocalAddr implements PacketConn.
func (c *MemConn) LocalAddr() netip.AddrPort { return c.addr }

// Close implements PacketConn.
func (c *MemConn) Close() error {
	c.closeOnce.Do(func() {
		close(c.closed)
		c.net.mu.Lock()
		delete(c.net.conns, c.addr)
		c.net.mu.Unlock()
	})
	return nil
}
