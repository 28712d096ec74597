package tradeoff

import (
	"fmt"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/topo/trace"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Strategy is an invalidation strategy of the controller, named as its
// -strategy flag names it.
type Strategy string

// The four strategies of the seed patent.
const (
	NISPush    Strategy = "nis-push"
	NISNotify  Strategy = "nis-notify"
	ToRPassive Strategy = "tor-passive"
	ToRActive  Strategy = "tor-active"
)

// Strategies lists the four strategies in the order reports show them.
var Strategies = []Strategy{NISPush, NISNotify, ToRPassive, ToRActive}

// Designs that are not a flow cache, as Point.Design names them.
const (
	DesignFullConfig = "full-config"
	DesignNISOnly    = "nis-only"
)

// Params are the model's parameters. The zero value of a field means its
// default (see DefaultParams).
type Params struct {
	TableSizes  []int         // flow-cache capacities, entries (default 1k…128k by powers of two)
	Strategies  []Strategy    // default all four
	IdleTimeout time.Duration // the controller's idle timeout (default 30 s, cmd/tor-agent's default)
	MissLatency time.Duration // first packet → entry installed (default 2 ms)
	NISNotice   time.Duration // change → controller knows, NIS strategies (default 10 ms)
	ToRNotice   time.Duration // change → controller knows, ToR strategies: the watch delay (default 50 ms)
	ResolveRTT  time.Duration // tor-active: fetching fresh flow info before rewriting (default 2 ms)
	CleanupRate float64       // dependents deleted or rewritten per second after a notice (default 50000)
	ToR         string        // the ToR studied (default "tor-0")
	// NoContrast skips the runs without the version check.
	NoContrast bool
}

// DefaultParams returns p with every zero field set to its default.
func DefaultParams(p Params) Params {
	if len(p.TableSizes) == 0 {
		for n := 1024; n <= 128*1024; n *= 2 {
			p.TableSizes = append(p.TableSizes, n)
		}
	}
	if len(p.Strategies) == 0 {
		p.Strategies = Strategies
	}
	if p.IdleTimeout == 0 {
		p.IdleTimeout = 30 * time.Second
	}
	if p.MissLatency == 0 {
		p.MissLatency = 2 * time.Millisecond
	}
	if p.NISNotice == 0 {
		p.NISNotice = 10 * time.Millisecond
	}
	if p.ToRNotice == 0 {
		p.ToRNotice = 50 * time.Millisecond
	}
	if p.ResolveRTT == 0 {
		p.ResolveRTT = 2 * time.Millisecond
	}
	if p.CleanupRate == 0 {
		p.CleanupRate = 50000
	}
	if p.ToR == "" {
		p.ToR = trace.ToRName(0)
	}
	return p
}

// Point is one design's figures on the trace.
type Point struct {
	Design       string   // DesignFullConfig, DesignNISOnly or the strategy's name
	Strategy     Strategy // flow cache only
	TableSize    int      // flow cache capacity (0 otherwise)
	VersionCheck bool     // flow cache: the data plane checks versions
	// Entries is the switch memory the design needs: the full
	// configuration's entry count, 0 for NIS-only, the table size for the
	// flow cache (PeakEntries says how much of it was used).
	Entries     int
	PeakEntries int
	Packets     uint64
	SlowPath    uint64  // packets through the NIS
	SlowShare   float64 // SlowPath / Packets
	// Flow cache: packets missing the table (cold, evicted, idle-deleted,
	// or the entry still being installed) and packets missing because of a
	// version mismatch.
	Misses, StaleMisses uint64
	// RefreshMisses counts the Misses of flows whose entry a clean-up had
	// deleted (nis-notify, tor-passive): the miss once more a change costs.
	// StaleMisses + RefreshMisses is the slow path configuration changes
	// caused.
	RefreshMisses       uint64
	Installs, Evictions uint64
	IdleDeletes         uint64
	Rewrites, Deletes   uint64 // dependents cleaned up after changes
	VersionWrites       uint64
	// StaleForwarded counts packets forwarded on the fast path by an
	// entry older than the switch's version table: 0 whenever the version
	// check is on, because the check makes such a hit a miss.
	StaleForwarded uint64
	// ForwardedBeforeNotice counts packets forwarded while a change had
	// been made but the controller had not yet learnt of it (the
	// propagation window every design has; not stale by the switch's
	// knowledge).
	ForwardedBeforeNotice uint64
}

// Result is the study of one trace.
type Result struct {
	Trace      trace.Config
	Params     Params
	Packets    uint64
	Flows      uint64
	Changes    uint64
	FullConfig FullConfig
	Points     []Point // full-config, nis-only, then the flow cache by strategy, table size, check on then off
}

// study holds what all simulations share: key and part interning, the
// NIS's resolutions, the authoritative versions.
type study struct {
	params Params
	keys   map[vcn.FlowKey]uint32
	res    []resolution
	auth   []uint64
	rv     resolver
}

func (st *study) keyID(k vcn.FlowKey) uint32 {
	id, ok := st.keys[k]
	if !ok {
		id = uint32(len(st.res))
		st.keys[k] = id
		st.res = append(st.res, st.rv.resolve(k))
		st.growAuth()
	}
	return id
}

func (st *study) growAuth() {
	for len(st.auth) < len(st.rv.parts) {
		st.auth = append(st.auth, 1)
	}
}

// Run replays the trace of g (from where it stands to its end) through
// every design and returns their figures. Only the packets of VNICs
// behind p.ToR count.
func Run(g *trace.Generator, p Params) (Result, error) {
	p = DefaultParams(p)
	for _, s := range p.Strategies {
		switch s {
		case NISPush, NISNotify, ToRPassive, ToRActive:
		default:
			return Result{}, fmt.Errorf("tradeoff: unknown strategy %q", s)
		}
	}
	for _, n := range p.TableSizes {
		if n <= 0 {
			return Result{}, fmt.Errorf("tradeoff: table size %d must be positive", n)
		}
	}
	if p.CleanupRate < 0 || p.IdleTimeout < 0 {
		return Result{}, fmt.Errorf("tradeoff: negative clean-up rate or idle timeout")
	}
	pop := g.Population()
	st := &study{params: p, keys: map[vcn.FlowKey]uint32{}, rv: resolver{pop: pop, parts: map[vcn.PartID]int32{}}}
	var sims []*sim
	for _, s := range p.Strategies {
		for _, n := range p.TableSizes {
			sims = append(sims, newSim(st, s, n, true))
			if !p.NoContrast {
				sims = append(sims, newSim(st, s, n, false))
			}
		}
	}
	local := map[uint32]bool{}
	for _, v := range pop.VNICsBehind(p.ToR) {
		local[v.Num] = true
	}
	r := Result{Trace: g.Config(), Params: p, FullConfig: CountFullConfig(pop, p.ToR)}
	full := Point{Design: DesignFullConfig, Entries: r.FullConfig.Total(), PeakEntries: r.FullConfig.Total()}
	unknownFlows := map[uint64]bool{}
	for ev := range g.All() {
		for _, m := range sims {
			m.advance(ev.At)
		}
		switch ev.Kind {
		case trace.Change:
			r.Changes++
			part := st.rv.intern(ev.Part)
			st.growAuth()
			st.auth[part]++
			for _, m := range sims {
				m.change(ev.At, part, st.auth[part])
			}
		case trace.Packet:
			if !local[ev.Key.VNIC] {
				continue
			}
			r.Packets++
			key := st.keyID(ev.Key)
			if ev.First {
				r.Flows++
				if st.res[key].unknown {
					unknownFlows[ev.Flow] = true
				}
			}
			full.Packets++
			if unknownFlows[ev.Flow] {
				full.SlowPath++
			}
			for _, m := range sims {
				m.packet(key, ev.At)
			}
		}
	}
	nis := Point{Design: DesignNISOnly, Packets: r.Packets, SlowPath: r.Packets}
	r.Points = append(r.Points, full, nis)
	for _, m := range sims {
		r.Points = append(r.Points, m.pt)
	}
	for i := range r.Points {
		if pt := &r.Points[i]; pt.Packets > 0 {
			pt.SlowShare = float64(pt.SlowPath) / float64(pt.Packets)
		}
	}
	return r, nil
}

// Curve returns the flow-cache points of strategy s with the version check
// set as given, by table size.
func (r Result) Curve(s Strategy, check bool) []Point {
	var out []Point
	for _, pt := range r.Points {
		if pt.Strategy == s && pt.VersionCheck == check && pt.Design == string(s) {
			out = append(out, pt)
		}
	}
	return out
}

// Design returns the point of a design that is not a flow cache.
func (r Result) Design(name string) (Point, bool) {
	for _, pt := range r.Points {
		if pt.Design == name {
			return pt, true
		}
	}
	return Point{}, false
}

// Study is a trace and the model's parameters: everything a run of the
// model depends on.
type Study struct {
	Trace  trace.Config
	Params Params
	// ChangeRates, when set, asks RunSweep to rerun the flow cache at one
	// table size (SweepTable) for each rate of configuration changes
	// (changes/s), over SweepDuration of the same traffic.
	ChangeRates   []float64
	SweepTable    int
	SweepDuration time.Duration
}

// Sweep is the flow cache at one rate of configuration changes.
type Sweep struct {
	ChangesPerSec float64
	Duration      time.Duration // of the sweep's trace
	Changes       uint64
	Packets       uint64
	Points        []Point // one per strategy and version-check setting, at Study.SweepTable
}

// RunSweep runs the study's change-rate sweep (nothing when ChangeRates is
// empty).
func (s Study) RunSweep() ([]Sweep, error) {
	var out []Sweep
	for _, rate := range s.ChangeRates {
		tc := s.Trace
		tc.ChangesPerSec = rate
		if s.SweepDuration > 0 {
			tc.Duration = s.SweepDuration
		}
		g, err := trace.New(tc)
		if err != nil {
			return nil, fmt.Errorf("tradeoff: sweep at %g changes/s: %w", rate, err)
		}
		p := s.Params
		p.TableSizes = []int{s.SweepTable}
		r, err := Run(g, p)
		if err != nil {
			return nil, fmt.Errorf("tradeoff: sweep at %g changes/s: %w", rate, err)
		}
		sw := Sweep{ChangesPerSec: rate, Duration: r.Trace.Duration, Changes: r.Changes, Packets: r.Packets}
		for _, pt := range r.Points {
			if pt.Strategy != "" {
				sw.Points = append(sw.Points, pt)
			}
		}
		out = append(out, sw)
	}
	return out, nil
}

// DefaultStudy is the study the benchmark report runs: 30 s of traffic of
// 256 VNICs in 16 VCNs behind one ToR, 1000 new flows/s, one configuration
// change per second, table sizes 1k…128k; and 10 s of the same traffic at
// 1, 10 and 100 changes/s with a 64k table.
func DefaultStudy() Study {
	return Study{Trace: trace.Config{Seed: 1, Duration: 30 * time.Second, FlowsPerSec: 1000},
		ChangeRates: []float64{1, 10, 100}, SweepTable: 65536, SweepDuration: 10 * time.Second}
}

// ShortStudy is a CI-scale version of DefaultStudy: 5 s of traffic and
// three table sizes.
func ShortStudy() Study {
	return Study{Trace: trace.Config{Seed: 1, Duration: 5 * time.Second, FlowsPerSec: 1000, ChangesPerSec: 4},
		Params:      Params{TableSizes: []int{1024, 8192, 65536}},
		ChangeRates: []float64{1, 50}, SweepTable: 8192, SweepDuration: 3 * time.Second}
}

// Run generates the study's trace and runs the model on it.
func (s Study) Run() (Result, error) {
	g, err := trace.New(s.Trace)
	if err != nil {
		return Result{}, fmt.Errorf("tradeoff: %w", err)
	}
	return Run(g, s.Params)
}
