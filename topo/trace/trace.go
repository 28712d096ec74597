package trace

import (
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Config parameterizes a population and its trace. The zero value of a
// field means its default (see Default); Seed 0 is a valid seed.
type Config struct {
	Seed          uint64
	VCNs          int           // VCNs (default 16)
	VNICs         int           // local instances, spread over the VCNs and ToRs (default 256)
	ToRs          int           // ToRs the local VNICs sit behind (default 1)
	PeersPerVCN   int           // remote instances per VCN, with mappings (default 4000, at most 32000)
	InternetPeers int           // internet hosts (default 1000)
	FlowsPerSec   float64       // new flows per second, all VNICs together (default 2000)
	Duration      time.Duration // length of the trace (default 10 s)
	ZipfS         float64       // Zipf exponent of destination popularity (default 1.0; set NoZipf for uniform)
	LongShare     float64       // share of flows that are long (default 0.05)
	ShortPackets  int           // a short flow has 1..ShortPackets packets, uniform (default 8)
	ShortGap      time.Duration // mean gap between packets of a short flow (default 2 ms)
	LongPackets   int           // mean packets of a long flow, exponential above ShortPackets (default 2000)
	LongRate      float64       // packets/s of a long flow (default 200)
	InboundShare  float64       // share of flows opened towards a local VNIC (default 0.3)
	InternetShare float64       // share of flows whose remote end is on the internet (default 0.1)
	UnknownShare  float64       // share of outbound flows to unmapped VCN addresses (default 0.005)
	UDPShare      float64       // share of UDP flows (default 0.15)
	ICMPShare     float64       // share of ICMP flows (default 0.05); the rest is TCP
	ReplyShare    float64       // share of a flow's packets after the first sent in reverse (default 0.5)
	ChangesPerSec float64       // configuration changes per second (default 1; NoChanges for none)
}

// Sentinels for fields whose zero value means "default".
const (
	NoZipf    = -1.0 // ZipfS: uniform popularity
	NoChanges = -1.0 // ChangesPerSec: no configuration changes
)

// Default returns c with every zero field set to its default.
func Default(c Config) Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.VCNs, 16)
	def(&c.VNICs, 256)
	def(&c.ToRs, 1)
	def(&c.PeersPerVCN, 4000)
	def(&c.InternetPeers, 1000)
	deff(&c.FlowsPerSec, 2000)
	if c.Duration == 0 {
		c.Duration = 10 * time.Second
	}
	deff(&c.ZipfS, 1.0)
	deff(&c.LongShare, 0.05)
	def(&c.ShortPackets, 8)
	if c.ShortGap == 0 {
		c.ShortGap = 2 * time.Millisecond
	}
	def(&c.LongPackets, 2000)
	deff(&c.LongRate, 200)
	deff(&c.InboundShare, 0.3)
	deff(&c.InternetShare, 0.1)
	deff(&c.UnknownShare, 0.005)
	deff(&c.UDPShare, 0.15)
	deff(&c.ICMPShare, 0.05)
	deff(&c.ReplyShare, 0.5)
	deff(&c.ChangesPerSec, 1)
	return c
}

// Validate reports the first field of a defaulted config out of range.
func (c Config) Validate() error {
	share := func(name string, v float64) error {
		if v < 0 || v > 1 {
			return fmt.Errorf("trace config: %s %v out of range [0,1]", name, v)
		}
		return nil
	}
	switch {
	case c.VCNs < 1 || c.VCNs > 256:
		return fmt.Errorf("trace config: VCNs %d out of range 1..256", c.VCNs)
	case c.VNICs < 1 || c.VNICs/c.VCNs > 30000:
		return fmt.Errorf("trace config: VNICs %d out of range (at least 1, at most 30000 per VCN)", c.VNICs)
	case c.ToRs < 1:
		return fmt.Errorf("trace config: ToRs %d must be at least 1", c.ToRs)
	case c.PeersPerVCN < 1 || c.PeersPerVCN > 32000:
		return fmt.Errorf("trace config: PeersPerVCN %d out of range 1..32000", c.PeersPerVCN)
	case c.InternetPeers < 1 || c.InternetPeers > 1<<17:
		return fmt.Errorf("trace config: InternetPeers %d out of range 1..131072", c.InternetPeers)
	case c.FlowsPerSec <= 0:
		return fmt.Errorf("trace config: FlowsPerSec %v must be positive", c.FlowsPerSec)
	case c.Duration <= 0:
		return fmt.Errorf("trace config: Duration %v must be positive", c.Duration)
	case c.ZipfS < 0 && c.ZipfS != NoZipf:
		return fmt.Errorf("trace config: ZipfS %v must be ≥ 0", c.ZipfS)
	case c.ShortPackets < 1 || c.LongPackets < 1:
		return errors.New("trace config: ShortPackets and LongPackets must be at least 1")
	case c.ShortGap <= 0 || c.LongRate <= 0:
		return errors.New("trace config: ShortGap and LongRate must be positive")
	case c.ChangesPerSec < 0 && c.ChangesPerSec != NoChanges:
		return fmt.Errorf("trace config: ChangesPerSec %v must be ≥ 0", c.ChangesPerSec)
	case c.UDPShare+c.ICMPShare > 1:
		return errors.New("trace config: UDPShare + ICMPShare exceeds 1")
	}
	for _, s := range []struct {
		n string
		v float64
	}{{"LongShare", c.LongShare}, {"InboundShare", c.InboundShare}, {"InternetShare", c.InternetShare},
		{"UnknownShare", c.UnknownShare}, {"UDPShare", c.UDPShare}, {"ICMPShare", c.ICMPShare}, {"ReplyShare", c.ReplyShare}} {
		if err := share(s.n, s.v); err != nil {
			return err
		}
	}
	return nil
}

// Kind tells packet events from configuration changes.
type Kind uint8

// Kinds of events.
const (
	Packet Kind = iota // a packet of a flow
	Change             // a configuration part changes
)

// Event is one step of a trace.
type Event struct {
	At   time.Duration // offset from the start of the trace
	Kind Kind
	// Packet events: the packet's flow key as the ToR of Key.VNIC sees it
	// (a reply travels under the reverse key), its size in bytes, the
	// connection it belongs to (both directions share it), whether it is
	// the connection's first packet and whether the connection is long.
	Key   vcn.FlowKey
	Size  int
	Flow  uint64
	First bool
	Long  bool
	// Change events: the part that changes.
	Part vcn.PartID
}

type flow struct {
	id   uint64
	key  vcn.FlowKey
	next time.Duration
	left int
	gap  float64 // mean gap, ns
	long bool
}

// Generator produces a trace lazily. It is not safe for concurrent use.
type Generator struct {
	c           Config
	pop         *Population
	rng         *rand.Rand
	changeRNG   *rand.Rand // its own stream, so the change rate leaves the traffic unchanged
	peerZipf    zipf
	netZipf     zipf
	active      flowHeap
	free        []*flow
	nextArrival time.Duration
	nextChange  time.Duration
	nextID      uint64
}

// New returns a generator for c (defaulted) positioned at the start of
// the trace.
func New(c Config) (*Generator, error) {
	c = Default(c)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	s := c.ZipfS
	if s == NoZipf {
		s = 0
	}
	g := &Generator{
		c:         c,
		pop:       newPopulation(c),
		rng:       rand.New(rand.NewPCG(c.Seed, 0x5eed_f10c_ac4e)),
		changeRNG: rand.New(rand.NewPCG(c.Seed, 0xc4a9_6e5)),
		peerZipf:  newZipf(c.PeersPerVCN, s),
		netZipf:   newZipf(c.InternetPeers, s),
	}
	g.nextArrival = g.exp(1e9 / c.FlowsPerSec)
	g.nextChange = -1
	if c.ChangesPerSec > 0 {
		g.nextChange = time.Duration(g.changeRNG.ExpFloat64()*1e9/c.ChangesPerSec) + 1
	}
	return g, nil
}

// Config returns the generator's defaulted configuration.
func (g *Generator) Config() Config { return g.c }

// Population returns the deployment the trace runs over.
func (g *Generator) Population() *Population { return g.pop }

func (g *Generator) exp(meanNs float64) time.Duration {
	return time.Duration(g.rng.ExpFloat64()*meanNs) + 1
}

// Next returns the next event, or false at the end of the trace.
func (g *Generator) Next() (Event, bool) {
	end := g.c.Duration
	pt := end
	if len(g.active) > 0 {
		pt = g.active[0].next
	}
	switch {
	case pt < end && pt <= g.nextArrival && (g.nextChange < 0 || pt <= g.nextChange):
		return g.packet(), true
	case g.nextArrival < end && (g.nextChange < 0 || g.nextArrival <= g.nextChange):
		return g.arrival(), true
	case g.nextChange >= 0 && g.nextChange < end:
		return g.change(), true
	}
	return Event{}, false
}

// All returns the rest of the trace as an iterator.
func (g *Generator) All() iter.Seq[Event] {
	return func(yield func(Event) bool) {
		for {
			ev, ok := g.Next()
			if !ok || !yield(ev) {
				return
			}
		}
	}
}

// packet emits the next packet of the earliest active flow.
func (g *Generator) packet() Event {
	f := g.active[0]
	key := f.key
	size := g.size(false)
	if g.rng.Float64() < g.c.ReplyShare {
		key = key.Reverse()
		size = g.size(true)
	}
	ev := Event{At: f.next, Kind: Packet, Key: key, Size: size, Flow: f.id, Long: f.long}
	f.left--
	if f.left == 0 {
		g.active.pop()
		g.free = append(g.free, f)
	} else {
		f.next += g.exp(f.gap)
		g.active.fix0()
	}
	return ev
}

// size draws a packet size: requests mostly small, replies mostly full.
func (g *Generator) size(reply bool) int {
	u := g.rng.Float64()
	small, mid := 0.6, 0.8
	if reply {
		small, mid = 0.3, 0.4
	}
	switch {
	case u < small:
		return 64 + g.rng.IntN(64)
	case u < mid:
		return 576
	}
	return 1500
}

// arrival opens a flow and emits its first packet.
func (g *Generator) arrival() Event {
	c, now := &g.c, g.nextArrival
	g.nextArrival += g.exp(1e9 / c.FlowsPerSec)
	var f *flow
	if n := len(g.free); n > 0 {
		f, g.free = g.free[n-1], g.free[:n-1]
	} else {
		f = new(flow)
	}
	g.nextID++
	*f = flow{id: g.nextID, key: g.flowKey(), next: now}
	if g.rng.Float64() < c.LongShare {
		f.long = true
		f.left = c.ShortPackets + 1 + int(g.rng.ExpFloat64()*float64(c.LongPackets-c.ShortPackets))
		f.gap = 1e9 / c.LongRate
	} else {
		f.left = 1 + g.rng.IntN(c.ShortPackets)
		f.gap = float64(c.ShortGap)
	}
	ev := Event{At: now, Kind: Packet, Key: f.key, Size: g.size(false), Flow: f.id, First: true, Long: f.long}
	f.left--
	if f.left == 0 {
		g.free = append(g.free, f)
	} else {
		f.next += g.exp(f.gap)
		g.active.push(f)
	}
	return ev
}

func (g *Generator) ephemeral() uint16 { return uint16(32768 + g.rng.IntN(28232)) }

// flowKey draws a new flow's forward key.
func (g *Generator) flowKey() vcn.FlowKey {
	c, p := &g.c, g.pop
	vi := g.rng.IntN(len(p.VNICs))
	v := p.VNICs[vi]
	vcnIdx := p.vcnOfVNIC[vi]
	k := vcn.FlowKey{VNIC: v.Num}
	switch u := g.rng.Float64(); {
	case u < c.ICMPShare:
		k.Proto = vcn.ProtoICMP
	case u < c.ICMPShare+c.UDPShare:
		k.Proto = vcn.ProtoUDP
	default:
		k.Proto = vcn.ProtoTCP
	}
	var remote Peer
	rank := 0
	unknown := false
	if g.rng.Float64() < c.InternetShare {
		rank = g.netZipf.rank(g.rng.Float64())
		remote = p.InternetPeers[rank]
	} else {
		rank = g.peerZipf.rank(g.rng.Float64())
		remote = p.Peers[vcnIdx][rank]
	}
	inbound := g.rng.Float64() < c.InboundShare
	if !inbound && !remote.Internet && g.rng.Float64() < c.UnknownShare {
		u := p.UnknownIPs[vcnIdx]
		remote = Peer{VCN: vcnIdx, IP: u[g.rng.IntN(len(u))]}
		unknown = true
	}
	svc := func(r int) uint16 {
		switch k.Proto {
		case vcn.ProtoTCP:
			return p.ServicesTCP[r%len(p.ServicesTCP)].Port
		case vcn.ProtoUDP:
			return p.ServicesUDP[r%len(p.ServicesUDP)].Port
		}
		return 0
	}
	if inbound {
		k.Dir, k.Src, k.Dst = vcn.Ingress, remote.IP, v.IP
		if k.Proto != vcn.ProtoICMP {
			k.SrcPort, k.DstPort = g.ephemeral(), svc(g.rng.IntN(16))
		}
		return k
	}
	k.Dir, k.Src, k.Dst = vcn.Egress, v.IP, remote.IP
	if k.Proto != vcn.ProtoICMP {
		if unknown {
			rank = g.rng.IntN(16)
		}
		k.SrcPort, k.DstPort = g.ephemeral(), svc(rank)
	}
	return k
}

// change emits a configuration change: half of them a local VNIC's
// policy, 40% a peer's mapping (a VNIC move), 10% a route table, each
// drawn uniformly.
func (g *Generator) change() Event {
	now, p := g.nextChange, g.pop
	g.nextChange += time.Duration(g.changeRNG.ExpFloat64()*1e9/g.c.ChangesPerSec) + 1
	ev := Event{At: now, Kind: Change}
	switch u := g.changeRNG.Float64(); {
	case u < 0.5:
		ev.Part = vcn.PolicyPart(p.VNICs[g.changeRNG.IntN(len(p.VNICs))].ID)
	case u < 0.9:
		i := g.changeRNG.IntN(len(p.VCNs))
		peer := p.Peers[i][g.changeRNG.IntN(len(p.Peers[i]))]
		ev.Part = vcn.MappingPart(p.VCNs[i].ID, peer.IP.String())
	default:
		ev.Part = vcn.RoutePart(p.RouteTables[g.changeRNG.IntN(len(p.RouteTables))].ID)
	}
	return ev
}

// flowHeap is a min-heap of active flows by next packet time, ties broken
// by flow id so that the order is deterministic.
type flowHeap []*flow

func (h flowHeap) less(i, j int) bool {
	if h[i].next != h[j].next {
		return h[i].next < h[j].next
	}
	return h[i].id < h[j].id
}

func (h *flowHeap) push(f *flow) {
	*h = append(*h, f)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *flowHeap) pop() {
	s := *h
	n := len(s) - 1
	s[0] = s[n]
	s[n] = nil
	*h = s[:n]
	h.fix0()
}

// fix0 restores the heap after the root's key grew.
func (h flowHeap) fix0() {
	i, n := 0, len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
