package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/topo/tradeoff"
)

// Build measures everything: the machine, the figure table's benchmarks
// (unless skipBench) and the trade-off study. command is how the report
// was asked for, recorded in it.
func Build(ctx context.Context, o Options, command string, skipBench bool) (*Report, error) {
	o.defaults()
	r := &Report{Machine: DetectMachine(ctx, o.Dir, o.Go, time.Now()), Short: o.Short, Command: command}
	if !skipBench {
		rows, err := RunBenchmarks(ctx, o)
		if err != nil {
			return nil, err
		}
		r.Rows = rows
	}
	study, cmd := tradeoff.DefaultStudy(), "go run ./cmd/benchreport -tradeoff-only"
	if o.Short {
		study, cmd = tradeoff.ShortStudy(), cmd+" -short"
	}
	o.Log("running the trade-off study (%v of traffic)", study.Trace.Duration)
	res, err := study.Run()
	if err != nil {
		return nil, fmt.Errorf("trade-off study: %w", err)
	}
	sweep, err := study.RunSweep()
	if err != nil {
		return nil, fmt.Errorf("trade-off study: %w", err)
	}
	r.Tradeoff = &TradeoffReport{Command: cmd, Result: res, Sweep: sweep}
	r.Rows = append(r.Rows, TradeoffRows(*r.Tradeoff)...)
	return r, nil
}

// Write writes BENCHMARKS.md, benchmarks.json and tradeoff.svg into dir.
func (r *Report) Write(dir string) error {
	js, err := r.JSON()
	if err != nil {
		return err
	}
	files := map[string][]byte{"BENCHMARKS.md": r.Markdown(), "benchmarks.json": js}
	if r.Tradeoff != nil {
		files["tradeoff.svg"] = SVG(r.Tradeoff.Result)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
	}
	return nil
}
