package controller

import (
	"context"
	"sync"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	dto "github.com/prometheus/client_model/go"
)

// Indices of the data plane's stats counter (p4src/include/metadata.p4).
const (
	StatHitEgress  = 0
	StatHitIngress = 1
	StatMiss       = 2
	StatStale      = 3
)

// SwitchCounters reads the data plane's stats counter: packets per index.
func (a *Agent) SwitchCounters(ctx context.Context) (map[int64]uint64, error) {
	out := map[int64]uint64{}
	err := a.sw.Read(ctx, []*p4v1.Entity{{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{CounterId: a.sch.StatsCounterID()}}}},
		func(e *p4v1.Entity) error {
			ce := e.GetCounterEntry()
			out[ce.GetIndex().GetIndex()] = uint64(ce.GetData().GetPacketCount())
			return nil
		})
	return out, err
}

func counterValue(c interface{ Write(*dto.Metric) error }) uint64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return 0
	}
	if m.Counter != nil {
		return uint64(m.Counter.GetValue())
	}
	if m.Gauge != nil {
		return uint64(m.Gauge.GetValue())
	}
	return 0
}

// rate tracks installs per second over a sliding window of samples.
type rate struct {
	mu      sync.Mutex
	samples []rateSample
}

type rateSample struct {
	t time.Time
	v uint64
}

// observe records the running total v at t and returns the rate over the
// last ten seconds.
func (r *rate) observe(t time.Time, v uint64) float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples = append(r.samples, rateSample{t, v})
	for len(r.samples) > 2 && t.Sub(r.samples[0].t) > 10*time.Second {
		r.samples = r.samples[1:]
	}
	first := r.samples[0]
	if dt := t.Sub(first.t).Seconds(); dt > 0 {
		return float64(v-first.v) / dt
	}
	return 0
}

// Totals are the agent's running totals.
type Totals struct {
	Installs, Evictions, Deletes, DigestsDropped uint64
	MissDigests, StaleDigests, Bumps             uint64
	VersionWrites, FlowWrites, WriteErrors       uint64
	InstallsPerSecond                            float64
}

// Totals returns the agent's running totals.
func (a *Agent) Totals() Totals {
	m := a.stats
	t := Totals{
		Installs: counterValue(m.installs), Evictions: counterValue(m.evictions), Deletes: counterValue(m.deletes),
		DigestsDropped: counterValue(m.digestsDropped), MissDigests: counterValue(m.missDigests),
		StaleDigests: counterValue(m.staleDigests), Bumps: counterValue(m.bumps),
		VersionWrites: counterValue(m.versionWrites), FlowWrites: counterValue(m.flowWrites), WriteErrors: counterValue(m.writeErrors),
	}
	t.InstallsPerSecond = a.installRate.observe(time.Now(), t.Installs)
	return t
}

// QueueDepths reports the miss queue: flows waiting, and in flight to the
// NIS.
func (a *Agent) QueueDepths() map[string]uint64 {
	q, f := a.misses.depth()
	return map[string]uint64{"misses_queued": uint64(q), "misses_in_flight": uint64(f), "switch_events": uint64(len(a.sw.Events()))}
}
