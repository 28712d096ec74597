// Package report builds the project's benchmark report: it runs a table of
// Go benchmarks (go test -bench), parses their output, maps each result to
// a figure of the design (DESIGN.md, "Figures the project reports"), runs
// the flow-cache trade-off study (topo/tradeoff), records the machine, and
// renders docs/BENCHMARKS.md, docs/benchmarks.json and docs/tradeoff.svg.
//
// Figures are declared one line each in Figures (figures.go): which
// package and benchmark measure it, which metric of its output to read,
// and how to derive the reported value (e.g. packets/s = 1e9 / ns per
// packet). A figure whose benchmark or package does not exist yet is
// reported as "not measured", never estimated. Each measured figure
// carries the exact command that produced it, so a reader can rerun it.
//
// The SVG plot is written by hand (no plotting library): log-scale axes,
// one line per invalidation strategy, markers for the full-configuration
// and NIS-only designs, a legend.
//
// The package may import the standard library and topo/tradeoff (whose
// Result names topo/trace's Config).
package report
