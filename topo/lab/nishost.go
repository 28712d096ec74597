package lab

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// nisHost is the NIS's network interface on the substrate segment: a
// slowpath.PacketConn that receives the UDP payloads of frames addressed to
// the NIS (IPv4 NISAddr, UDP 4789) and sends payloads as Ethernet/IPv4/UDP
// frames to the MAC of the destination VTEP's ToR. MACs are static (from
// the topology); there is no ARP.
type nisHost struct {
	end   *ports.MemEnd
	macOf map[netip.Addr]vcn.MAC
	in    chan datagram
	done  chan struct{}
	once  sync.Once
}

type datagram struct {
	b    []byte
	from netip.AddrPort
}

func newNISHost(end *ports.MemEnd, macOf map[netip.Addr]vcn.MAC) *nisHost {
	h := &nisHost{end: end, macOf: macOf, in: make(chan datagram, 4096), done: make(chan struct{})}
	go h.receive()
	return h
}

// receive moves frames from the segment to ReadFrom.
func (h *nisHost) receive() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-h.done; cancel() }()
	for {
		f, err := h.end.Read(ctx)
		if err != nil {
			return
		}
		src, dst, payload, ok := parseUDP(f)
		if !ok || dst.Addr() != NISAddr || dst.Port() != udpPort {
			continue
		}
		select {
		case h.in <- datagram{b: payload, from: src}:
		default: // full: dropped, as UDP would
		}
	}
}

// ReadFrom implements slowpath.PacketConn.
func (h *nisHost) ReadFrom(b []byte) (int, netip.AddrPort, error) {
	select {
	case d := <-h.in:
		return copy(b, d.b), d.from, nil
	case <-h.done:
		return 0, netip.AddrPort{}, fmt.Errorf("nis host: %w", net.ErrClosed)
	}
}

// WriteTo implements slowpath.PacketConn.
func (h *nisHost) WriteTo(b []byte, to netip.AddrPort) error {
	mac, ok := h.macOf[to.Addr()]
	if !ok {
		return fmt.Errorf("nis host: no MAC for %v", to.Addr())
	}
	return h.end.Inject(udpFrame(NISMAC, mac, netip.AddrPortFrom(NISAddr, udpPort), to, b))
}

// LocalAddr implements slowpath.PacketConn.
func (h *nisHost) LocalAddr() netip.AddrPort { return netip.AddrPortFrom(NISAddr, udpPort) }

// Close implements slowpath.PacketConn.
func (h *nisHost) Close() error {
	h.once.Do(func() { close(h.done) })
	return nil
}
