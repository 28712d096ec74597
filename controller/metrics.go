package controller

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the agent's Prometheus metrics, registered on their own
// registry (Registry) so that several agents can live in one process.
type Metrics struct {
	Registry *prometheus.Registry

	missDigests, staleDigests, digestErrors, digestsDropped prometheus.Counter
	nisRequests, nisErrors                                  prometheus.Counter
	installs, flowWrites, versionWrites, deletes            prometheus.Counter
	evictions, idleDeletes, writeErrors                     prometheus.Counter
	bumps, staleMarked                                      prometheus.Counter
	entries                                                 prometheus.Gauge
	installLatency, bumpLatency                             prometheus.Histogram
}

func newMetrics(tor string) *Metrics {
	labels := prometheus.Labels{"tor": tor}
	c := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "flowcache", Subsystem: "agent", Name: name, Help: help, ConstLabels: labels})
	}
	m := &Metrics{
		Registry:       prometheus.NewRegistry(),
		missDigests:    c("miss_digests_total", "Digests with reason MISS."),
		staleDigests:   c("stale_digests_total", "Digests with reason STALE."),
		digestErrors:   c("digest_errors_total", "Digests that could not be decoded."),
		digestsDropped: c("digests_dropped_total", "Digests dropped because the miss queue was full."),
		nisRequests:    c("nis_requests_total", "ResolveFlows calls to the NIS."),
		nisErrors:      c("nis_errors_total", "Failed ResolveFlows calls."),
		installs:       c("installs_total", "Flow entries installed or rewritten."),
		flowWrites:     c("flow_writes_total", "Flow-entry updates sent to the switch."),
		versionWrites:  c("version_writes_total", "Version-entry updates sent to the switch."),
		deletes:        c("deletes_total", "Flow entries deleted."),
		evictions:      c("evictions_total", "Flow entries evicted because the table was full."),
		idleDeletes:    c("idle_deletes_total", "Flow entries deleted after an idle-timeout notification."),
		writeErrors:    c("write_errors_total", "Updates the switch refused."),
		bumps:          c("bumps_total", "Version bumps written (one per part)."),
		staleMarked:    c("stale_entries_total", "Entries made stale by bumps."),
		entries: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "flowcache", Subsystem: "agent", Name: "entries",
			Help: "Flow entries installed.", ConstLabels: labels}),
		installLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "flowcache", Subsystem: "agent",
			Name: "install_latency_seconds", Help: "First digest of a flow to its entry acknowledged by the switch.",
			ConstLabels: labels, Buckets: prometheus.ExponentialBuckets(50e-6, 2, 16)}),
		bumpLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "flowcache", Subsystem: "agent",
			Name: "bump_write_seconds", Help: "Time for the version write that makes stale entries miss.",
			ConstLabels: labels, Buckets: prometheus.ExponentialBuckets(50e-6, 2, 16)}),
	}
	m.Registry.MustRegister(m.missDigests, m.staleDigests, m.digestErrors, m.digestsDropped, m.nisRequests, m.nisErrors,
		m.installs, m.flowWrites, m.versionWrites, m.deletes, m.evictions, m.idleDeletes, m.writeErrors,
		m.bumps, m.staleMarked, m.entries, m.installLatency, m.bumpLatency)
	return m
}
