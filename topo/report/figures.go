package report

import "fmt"

// Derive says how a figure's value follows from the metric read.
type Derive uint8

// Derivations.
const (
	AsIs      Derive = iota // the metric's value
	PerSecond               // 1e9 / value: a rate from ns per item (one item per op)
	Micros                  // value / 1e3: µs from ns
	Millis                  // value / 1e6: ms from ns
)

// Apply derives the figure's value from the metric's.
func (d Derive) Apply(v float64) float64 {
	switch d {
	case PerSecond:
		if v == 0 {
			return 0
		}
		return 1e9 / v
	case Micros:
		return v / 1e3
	case Millis:
		return v / 1e6
	}
	return v
}

// String names the derivation as the report's notes show it.
func (d Derive) String() string {
	switch d {
	case PerSecond:
		return "1e9 / %s"
	case Micros:
		return "%s / 1e3"
	case Millis:
		return "%s / 1e6"
	}
	return "%s"
}

// Describe says how the value came from metric.
func (d Derive) Describe(metric string) string { return fmt.Sprintf(d.String(), metric) }

// Figure is one figure of the report measured by a Go benchmark.
type Figure struct {
	Section string // the DESIGN.md figure it belongs to (see Sections)
	Name    string // what is measured
	Package string // the package, as go test names it: "./smarttor/exec"
	// Bench is a regular expression matched against full benchmark names
	// (sub-benchmarks included, no -GOMAXPROCS suffix); every benchmark
	// it matches gives a row.
	Bench string
	// Metric is the unit to read; "a|b" reads the first one present.
	Metric string
	Derive Derive
	Unit   string // the unit of the derived value
	Notes  string
}

// Sections of the report, in order: the figures DESIGN.md lists.
const (
	SecPipeline = "Target pipeline throughput"
	SecP4RT     = "P4Runtime write throughput and read-back"
	SecMiss     = "Miss → entry installed latency"
	SecBump     = "Bump → stale traffic stops; bump → dependents cleaned up"
	SecStale    = "Packets forwarded under stale configuration"
	SecNIS      = "NIS slow path and flow-info resolution"
	SecParts    = "Building blocks"
	SecTradeoff = "The seed's trade-off: switch memory vs. slow-path share"
)

// Sections lists the sections in report order.
var Sections = []string{SecPipeline, SecP4RT, SecMiss, SecBump, SecStale, SecNIS, SecParts, SecTradeoff}

// Figures is the figure table: one line per figure. Add a line to report a
// new benchmark; a figure whose benchmark does not exist yet is reported
// as not measured.
var Figures = []Figure{
	{SecPipeline, "smarttor.p4 pipeline (hit path, 100k flows), one core", "./smarttor/p4/lower", `^BenchmarkSmartTorP4$`, "pkt/s|pps", AsIs, "packets/s", "p4src/smarttor.p4 on the software target, one goroutine, wall clock"},
	{SecPipeline, "smarttor.p4 pipeline, per CPU-second", "./smarttor/p4/lower", `^BenchmarkSmartTorP4$`, "pkt/cpu-s", AsIs, "packets/CPU-s", "CPU time from rusage: steadier on a shared machine"},
	{SecPipeline, "smarttor.p4 pipeline, allocations per packet", "./smarttor/p4/lower", `^BenchmarkSmartTorP4$`, "allocs/op", AsIs, "allocs/packet", "must be 0"},
	{SecPipeline, "L3 program (100k exact + 10k LPM), one core", "./smarttor/exec", `^BenchmarkL3$`, "pkt/s|pps", AsIs, "packets/s", "the issue's realistic L3 program"},
	{SecPipeline, "L3 program, per CPU-second", "./smarttor/exec", `^BenchmarkL3$`, "pkt/cpu-s", AsIs, "packets/CPU-s", ""},
	{SecPipeline, "L3 program, all cores", "./smarttor/exec", `^BenchmarkL3Parallel$`, "pkt/s|pps", AsIs, "packets/s", "RunParallel over GOMAXPROCS"},
	{SecP4RT, "batched Write (INSERT), 100k entries", "./smarttor/p4rt", `^BenchmarkWrite`, "entries/s", AsIs, "entries/s", "P4Runtime Write over gRPC (bufconn)"},
	{SecP4RT, "Read-back, 100k entries", "./smarttor/p4rt", `^BenchmarkRead`, "entries/s", AsIs, "entries/s", ""},
	{SecP4RT, "digests to the controller", "./smarttor/p4rt", `^BenchmarkDigests$`, "digests/s", AsIs, "digests/s", ""},
	{SecMiss, "miss → entry installed, p50", "./topo/lab", `^BenchmarkMissToInstall`, "p50-µs", AsIs, "µs", "packet confirmed on the fast path"},
	{SecMiss, "miss → entry installed, p99", "./topo/lab", `^BenchmarkMissToInstall`, "p99-µs", AsIs, "µs", ""},
	{SecBump, "bump → stale traffic stops (one version write)", "./topo/lab", `^BenchmarkBump`, "ns/op", Micros, "µs", "per strategy"},
	{SecBump, "bump → all N dependents deleted/rewritten", "./topo/lab", `^BenchmarkInvalidate`, "ns/op", Millis, "ms", "per strategy and N = 1k, 10k (100k with -long)"},
	{SecBump, "controller install planning", "./controller/cache", `^BenchmarkPlanInstall$`, "ns/op", Micros, "µs/op", ""},
	{SecStale, "stale-forwarded packets after a bump (lab oracle)", "./topo/lab", `^Benchmark(Bump|Invalidate)`, "stale-pkts", AsIs, "packets", "must be 0"},
	{SecNIS, "flow-info resolution", "./nisvc/resolve", `^BenchmarkResolve`, "flows/s", AsIs, "flows/s", ""},
	{SecNIS, "flow-info resolution, gRPC service", "./nisvc", `^BenchmarkServiceResolve`, "flows/s", AsIs, "flows/s", ""},
	{SecNIS, "slow-path forwarding", "./nisvc/slowpath", `^BenchmarkSlowPath$`, "pkts/s|pkt/s", AsIs, "packets/s", ""},
	{SecNIS, "invalidation tracking", "./nisvc/track", `^BenchmarkInvalidate`, "flows/s", AsIs, "flows/s", ""},
	{SecParts, "exact-match look-up, 100k entries", "./smarttor/match", `^BenchmarkExactLookup100k$`, "ns/op", AsIs, "ns/look-up", ""},
	{SecParts, "LPM look-up, 10k prefixes", "./smarttor/match", `^BenchmarkLPMLookup10k$`, "ns/op", AsIs, "ns/look-up", ""},
	{SecParts, "ternary look-up, 1k masks", "./smarttor/match", `^BenchmarkTernaryLookup1kMasks$`, "ns/op", AsIs, "ns/look-up", ""},
	{SecParts, "flow-trace generation", "./topo/trace", `^BenchmarkGenerate$`, "events/s", AsIs, "events/s", "topo/trace, default config"},
	{SecParts, "trade-off model", "./topo/tradeoff", `^BenchmarkStudy$`, "packets/s", AsIs, "packets/s", "one strategy, one table size"},
}
