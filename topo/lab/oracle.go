package lab

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/slowpath"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// epoch is one configuration in force: from the moment its change was
// acknowledged on every ToR (acked) on, no packet may be forwarded
// according to an earlier epoch.
type epoch struct {
	name      string
	cfg       Config
	model     *model
	committed time.Time
	acked     time.Time // zero while pending
	// subject tells the flows the change is about (nil: none), for the
	// re-establishment count.
	subject func(k vcn.FlowKey) bool
}

type sentPkt struct {
	key vcn.FlowKey
	at  time.Time
}

type arrival struct {
	seq uint64
	loc location
}

// oracle records what instances send and receive and judges every arrival
// against the epochs.
type oracle struct {
	l  *Lab
	mu sync.Mutex
	// epochs[0] is the initial configuration.
	epochs   []*epoch
	seq      uint64
	sent     map[uint64]sentPkt
	arrivals []arrival
	foreign  uint64 // frames without a lab trailer

	waiters map[uint64]chan struct{} // closed when the packet arrives

	slowPath atomic.Uint64
	injected atomic.Uint64
	dropped  atomic.Uint64 // injections the switch refused (ring full)
}

func newOracle(l *Lab, cfg Config) *oracle {
	return &oracle{l: l, sent: map[uint64]sentPkt{}, waiters: map[uint64]chan struct{}{},
		epochs: []*epoch{{name: "initial", cfg: cfg, model: newModel(cfg, l.Topology.ToRs), committed: l.start, acked: l.start}}}
}

// current is the latest epoch, pending or not.
func (o *oracle) current() *epoch {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.epochs[len(o.epochs)-1]
}

func (o *oracle) slowPathEvent(e slowpath.Event) {
	if e.Verdict == slowpath.VerdictForward || e.Verdict == slowpath.VerdictReturn {
		o.slowPath.Add(1)
	}
}

// receive records what arrives at one host port.
func (o *oracle) receive(ctx context.Context, t *ToR, port uint32, end *ports.MemEnd) {
	buf := make([]byte, 2048)
	for {
		n, err := end.ReadInto(ctx, buf)
		if err != nil {
			return
		}
		seq, ok := trailerSeq(buf[:n])
		o.mu.Lock()
		if ok {
			o.arrivals = append(o.arrivals, arrival{seq: seq, loc: location{tor: t.Name, port: port}})
			if c, w := o.waiters[seq]; w {
				close(c)
				delete(o.waiters, seq)
			}
		} else {
			o.foreign++
		}
		o.mu.Unlock()
	}
}

// Send makes the instance of local VNIC k.VNIC send one packet of egress
// flow k from where it currently sits; it returns the packet's sequence
// number.
func (l *Lab) Send(k vcn.FlowKey) (uint64, error) {
	l.gate.RLock()
	defer l.gate.RUnlock()
	o := l.oracle
	o.mu.Lock()
	m := o.epochs[len(o.epochs)-1].model
	loc, ok := m.locate(k.VNIC)
	n := m.vnics[k.VNIC]
	o.seq++
	seq := o.seq
	o.mu.Unlock()
	if !ok {
		return 0, errUnknownVNIC(k.VNIC)
	}
	t := l.torByName(loc.tor)
	if t == nil {
		return 0, errUnknownVNIC(k.VNIC)
	}
	f := instanceFrame(n.MAC, ToRMAC(t.Index), k, seq)
	o.mu.Lock()
	o.sent[seq] = sentPkt{key: k, at: time.Now()}
	o.mu.Unlock()
	o.injected.Add(1)
	if err := t.Hosts[loc.port].Inject(f); err != nil {
		o.dropped.Add(1)
		return seq, err
	}
	return seq, nil
}

// sendWait is Send, and returns a channel closed when the packet arrives
// at an instance.
func (l *Lab) sendWait(k vcn.FlowKey) (<-chan struct{}, error) {
	o := l.oracle
	o.mu.Lock()
	seq := o.seq + 1 // Send takes the next sequence number
	c := make(chan struct{})
	o.waiters[seq] = c
	o.mu.Unlock()
	got, err := l.Send(k)
	if err != nil || got != seq {
		o.mu.Lock()
		delete(o.waiters, seq)
		o.mu.Unlock()
		if err == nil {
			err = fmt.Errorf("lab: concurrent Send")
		}
		return nil, err
	}
	return c, nil
}

func (l *Lab) torByName(name string) *ToR {
	for _, t := range l.ToRs {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Verdict is the oracle's judgement of every packet that arrived so far.
type Verdict struct {
	Injected, Arrived uint64
	// Stale counts packets forwarded under stale configuration: injected
	// after the change that forbids their delivery (there) was acknowledged
	// on every ToR, and delivered as an earlier configuration would.
	Stale uint64
	// Wrong counts deliveries no configuration explains; Duplicates,
	// packets that arrived more than once; Foreign, frames that are not
	// the lab's.
	Wrong, Duplicates, Foreign uint64
	// SlowPath counts packets the NIS forwarded or returned.
	SlowPath uint64
	// Reestablished counts, per change (by name), packets of its subject
	// flows injected after its acknowledgement and delivered correctly.
	Reestablished map[string]uint64
	// Examples of stale or wrong deliveries, for debugging (at most 5).
	Examples []string
}

// Verdict judges the arrivals recorded so far.
func (l *Lab) Verdict() Verdict {
	o := l.oracle
	o.mu.Lock()
	defer o.mu.Unlock()
	v := Verdict{Injected: o.injected.Load(), Arrived: uint64(len(o.arrivals)), Foreign: o.foreign,
		SlowPath: o.slowPath.Load(), Reestablished: map[string]uint64{}}
	seen := make(map[uint64]bool, len(o.arrivals))
	for _, a := range o.arrivals {
		if seen[a.seq] {
			v.Duplicates++
			continue
		}
		seen[a.seq] = true
		s, ok := o.sent[a.seq]
		if !ok {
			v.Wrong++
			continue
		}
		// E: the latest epoch acknowledged before the packet was sent.
		e := 0
		for i, ep := range o.epochs {
			if !ep.acked.IsZero() && !ep.acked.After(s.at) {
				e = i
			}
		}
		good := false
		for i := e; i < len(o.epochs); i++ {
			if loc, ok := o.epochs[i].model.expect(s.key); ok && loc == a.loc {
				good = true
				break
			}
		}
		if good {
			if sub := o.epochs[e].subject; e > 0 && sub != nil && sub(s.key) {
				v.Reestablished[o.epochs[e].name]++
			}
			continue
		}
		old := false
		for i := 0; i < e; i++ {
			if loc, ok := o.epochs[i].model.expect(s.key); ok && loc == a.loc {
				old = true
				break
			}
		}
		kind := "wrong"
		if old {
			v.Stale++
			kind = "stale"
		} else {
			v.Wrong++
		}
		if len(v.Examples) < 5 {
			v.Examples = append(v.Examples, kind+": "+s.key.String()+" at "+a.loc.tor+" port "+itoa(a.loc.port)+
				" after "+o.epochs[e].name)
		}
	}
	return v
}

func itoa(u uint32) string {
	if u == 0 {
		return "0"
	}
	var b [10]byte
	i := len(b)
	for u > 0 {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	return string(b[i:])
}
