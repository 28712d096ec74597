package slowpath

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/gopacket/gopacket"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/resolve"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Verdict is what the slow path did with a packet.
type Verdict uint8

// Verdicts.
const (
	VerdictForward     Verdict = iota // outbound, re-encapsulated to the destination
	VerdictReturn                     // inbound, returned to the ToR with MarkReturn
	VerdictDeny                       // dropped by policy or routing
	VerdictUnknown                    // dropped: no VNIC or VCN for the packet
	VerdictMalformed                  // dropped: could not be parsed
	VerdictUnsupported                // dropped: not IPv4 inside, or a NIS-returned packet
	numVerdicts
)

var verdictNames = [...]string{"forward", "return", "deny", "unknown", "malformed", "unsupported"}

// String returns the verdict's name.
func (v Verdict) String() string {
	if v < numVerdicts {
		return verdictNames[v]
	}
	return "verdict?"
}

// Stats counts packets by verdict.
type Stats struct {
	Received    uint64
	Forwarded   uint64
	Returned    uint64
	Denied      uint64
	Unknown     uint64
	Malformed   uint64
	Unsupported uint64
	WriteErrors uint64
}

// Event describes one packet the slow path handled, for observers (the
// embedded lab counts the slow-path share of each flow with it). Key is
// zero when the packet could not be tied to a VNIC.
type Event struct {
	Verdict Verdict
	Key     vcn.FlowKey
	From    netip.AddrPort
	To      netip.AddrPort
}

// Processor runs the slow path over a PacketConn.
type Processor struct {
	snap    func() *config.Snapshot
	conn    PacketConn
	observe func(Event)

	received, writeErrors atomic.Uint64
	verdicts              [numVerdicts]atomic.Uint64
}

// New returns a processor that reads configuration from snap (called once
// per packet; it must be cheap, e.g. an atomic load) and exchanges packets
// on conn.
func New(snap func() *config.Snapshot, conn PacketConn) *Processor {
	return &Processor{snap: snap, conn: conn}
}

// Observe makes f see every packet handled from now on. Set it before Run;
// f is called from the worker goroutines, concurrently, and must be quick.
func (p *Processor) Observe(f func(Event)) { p.observe = f }

// Stats returns the counters.
func (p *Processor) Stats() Stats {
	return Stats{Received: p.received.Load(), Forwarded: p.verdicts[VerdictForward].Load(),
		Returned: p.verdicts[VerdictReturn].Load(), Denied: p.verdicts[VerdictDeny].Load(),
		Unknown: p.verdicts[VerdictUnknown].Load(), Malformed: p.verdicts[VerdictMalformed].Load(),
		Unsupported: p.verdicts[VerdictUnsupported].Load(), WriteErrors: p.writeErrors.Load()}
}

// Run reads, processes and sends packets with workers goroutines (at least
// one) until ctx is done or the conn is closed. It closes the conn when
// ctx is done, and returns nil then.
func (p *Processor) Run(ctx context.Context, workers int) error {
	stop := context.AfterFunc(ctx, func() { p.conn.Close() })
	defer stop()
	var wg sync.WaitGroup
	errs := make([]error, max(workers, 1))
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := p.NewWorker()
			buf := make([]byte, 65536)
			for {
				n, from, err := p.conn.ReadFrom(buf)
				if err != nil {
					if !errors.Is(err, net.ErrClosed) {
						errs[i] = err
					}
					p.conn.Close()
					return
				}
				v, out, to := w.Process(buf[:n], from)
				if v == VerdictForward || v == VerdictReturn {
					if err := p.conn.WriteTo(out, to); err != nil {
						p.writeErrors.Add(1)
					}
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	return errors.Join(errs...)
}

// Worker processes packets one at a time; each goroutine needs its own.
type Worker struct {
	p   *Processor
	prs *parser
	buf gopacket.SerializeBuffer
}

// NewWorker returns a worker of p.
func (p *Processor) NewWorker() *Worker {
	return &Worker{p: p, prs: newParser(), buf: gopacket.NewSerializeBuffer()}
}

// Process handles one VXLAN payload received from from. For
// VerdictForward and VerdictReturn it returns the payload to send and its
// destination; out is valid until the worker's next call.
func (w *Worker) Process(pkt []byte, from netip.AddrPort) (v Verdict, out []byte, to netip.AddrPort) {
	w.p.received.Add(1)
	var k vcn.FlowKey
	v, k, out, to = w.process(pkt, from)
	w.p.verdicts[v].Add(1)
	if w.p.observe != nil {
		w.p.observe(Event{Verdict: v, Key: k, From: from, To: to})
	}
	return v, out, to
}

func (w *Worker) process(b []byte, from netip.AddrPort) (Verdict, vcn.FlowKey, []byte, netip.AddrPort) {
	var none vcn.FlowKey
	pkt, err := w.prs.parse(b)
	switch {
	case errors.Is(err, ErrUnsupported):
		return VerdictUnsupported, none, nil, netip.AddrPort{}
	case err != nil:
		return VerdictMalformed, none, nil, netip.AddrPort{}
	case pkt.Mark == MarkReturn:
		return VerdictUnsupported, none, nil, netip.AddrPort{} // never loop NIS-returned packets
	}
	s := w.p.snap()
	v, ok := s.VCNByVNI(pkt.VNI)
	if !ok {
		return VerdictUnknown, none, nil, netip.AddrPort{}
	}
	srcNIC, srcOK := s.VNICByAddr(config.Addr{VCNID: v.ID, IP: pkt.Src})
	srcOK = srcOK && (srcNIC.MAC.IsZero() || srcNIC.MAC == pkt.SrcMAC)
	egress := false
	switch pkt.Mark {
	case MarkPuntEgress:
		egress = true
	case MarkPuntIngress:
	default:
		if srcOK {
			m, ok := s.Mapping(config.Addr{VCNID: v.ID, IP: srcNIC.IP})
			egress = ok && m.Substrate == from.Addr()
		}
	}
	k := vcn.FlowKey{Src: pkt.Src, Dst: pkt.Dst, Proto: pkt.Proto, SrcPort: pkt.SrcPort, DstPort: pkt.DstPort}
	var nic *vcn.VNIC
	if egress {
		if !srcOK {
			return VerdictUnknown, none, nil, netip.AddrPort{}
		}
		nic, k.Dir = srcNIC, vcn.Egress
	} else {
		dst, ok := s.VNICByAddr(config.Addr{VCNID: v.ID, IP: pkt.Dst})
		if !ok {
			return VerdictUnknown, none, nil, netip.AddrPort{}
		}
		nic, k.Dir = dst, vcn.Ingress
	}
	k.VNIC = nic.Num
	fi, err := resolve.Flow(s, "", k)
	if err != nil {
		return VerdictUnknown, k, nil, netip.AddrPort{}
	}
	switch fi.Action {
	case vcn.ActionEncap:
		out, err := Encap(w.buf, fi.VNI, MarkNone, pkt.Inner)
		if err != nil || !fi.Substrate.IsValid() {
			return VerdictMalformed, k, nil, netip.AddrPort{}
		}
		return VerdictForward, k, out, netip.AddrPortFrom(fi.Substrate, Port)
	case vcn.ActionDeliver:
		dst := from
		if m, ok := s.Mapping(config.Addr{VCNID: v.ID, IP: nic.IP}); ok {
			dst = netip.AddrPortFrom(m.Substrate, Port)
		}
		out, err := Encap(w.buf, pkt.VNI, MarkReturn, pkt.Inner)
		if err != nil {
			return VerdictMalformed, k, nil, netip.AddrPort{}
		}
		return VerdictReturn, k, out, dst
	}
	return VerdictDeny, k, nil, netip.AddrPort{}
}
