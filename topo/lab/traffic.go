package lab

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// TrafficOptions shape the synthetic traffic.
type TrafficOptions struct {
	Rate  float64 // packets per second, all instances together (default 1000)
	Flows int     // concurrent flows (default 64)
	Seed  uint64
	// LongShare is the share of long flows (default 0.2): they last
	// 20-200 packets, the others 1-8.
	LongShare float64
}

// services are the (protocol, destination port) pairs flows use.
var services = []struct {
	proto uint8
	port  uint16
}{{vcn.ProtoTCP, 80}, {vcn.ProtoTCP, 443}, {vcn.ProtoTCP, 8080}, {vcn.ProtoUDP, 53}, {vcn.ProtoICMP, 0}}

type flow struct {
	key  vcn.FlowKey
	left int
}

// RunTraffic sends packets of synthetic flows between the instances of
// each VCN until ctx ends: Flows flows at a time, each replaced by a new
// one when it ends, so that misses go on while long flows keep hitting.
func (l *Lab) RunTraffic(ctx context.Context, opts TrafficOptions) {
	if opts.Rate <= 0 {
		opts.Rate = 1000
	}
	if opts.Flows <= 0 {
		opts.Flows = 64
	}
	if opts.LongShare <= 0 {
		opts.LongShare = 0.2
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x766c6162))
	flows := make([]flow, opts.Flows)
	for i := range flows {
		flows[i] = l.newFlow(rng, opts.LongShare)
	}
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	start := time.Now()
	var sent float64
	next := 0
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			due := opts.Rate*now.Sub(start).Seconds() - sent
			if limit := max(opts.Rate/100, 1); due > limit {
				// Behind (a quiesced change): skip rather than burst.
				sent += due - limit
				due = limit
			}
			for ; due >= 1; due-- {
				f := &flows[next]
				next = (next + 1) % len(flows)
				if f.left <= 0 {
					*f = l.newFlow(rng, opts.LongShare)
				}
				f.left--
				l.Send(f.key)
				sent++
			}
		}
	}
}

// newFlow picks a flow between two instances of one VCN.
func (l *Lab) newFlow(rng *rand.Rand, longShare float64) flow {
	vnics := l.oracle.current().cfg.VNICs
	for {
		src := vnics[rng.IntN(len(vnics))]
		dst := vnics[rng.IntN(len(vnics))]
		if src.Num == dst.Num || src.SubnetID != dst.SubnetID {
			continue
		}
		s := services[rng.IntN(len(services))]
		k := vcn.FlowKey{VNIC: src.Num, Dir: vcn.Egress, Src: src.IP, Dst: dst.IP, Proto: s.proto, DstPort: s.port,
			SrcPort: uint16(32768 + rng.IntN(28000))}
		if s.proto == vcn.ProtoICMP {
			k.SrcPort, k.DstPort = 0, 0
		}
		n := 1 + rng.IntN(8)
		if rng.Float64() < longShare {
			n = 20 + rng.IntN(180)
		}
		return flow{key: k, left: n}
	}
}

// ToRStats are one ToR's figures.
type ToRStats struct {
	Name                string
	Hits, Misses, Stale uint64 // data-plane counters
	Entries             int    // flow-cache entries the agent holds
	Installs            uint64
	VersionWrites       uint64
}

// Stats reads every ToR's counters.
func (l *Lab) Stats(ctx context.Context) []ToRStats {
	var out []ToRStats
	for _, t := range l.ToRs {
		s := ToRStats{Name: t.Name, Entries: t.Agent.Cache().Len()}
		if c, err := t.Agent.SwitchCounters(ctx); err == nil {
			s.Hits = c[controller.StatHitEgress] + c[controller.StatHitIngress]
			s.Misses = c[controller.StatMiss]
			s.Stale = c[controller.StatStale]
		}
		tot := t.Agent.Totals()
		s.Installs, s.VersionWrites = tot.Installs, tot.VersionWrites
		out = append(out, s)
	}
	return out
}
