// Command benchreport measures the figures vcn-flowcache reports (make
// bench): it runs the Go benchmarks of the figure table in topo/report and
// the flow-cache trade-off study, and writes docs/BENCHMARKS.md,
// docs/benchmarks.json and docs/tradeoff.svg.
//
// Run it from the module root:
//
//	go run ./cmd/benchreport          # the real thing (-count 3)
//	go run ./cmd/benchreport -short   # CI scale
//
// It holds flags and wiring only; the work is in topo/report.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/topo/report"
)

func main() {
	var (
		short     = flag.Bool("short", false, "CI scale: -count 1, short -benchtime, a 5 s trace")
		count     = flag.Int("count", 0, "go test -count (default 3, 1 with -short)")
		benchtime = flag.String("benchtime", "", "go test -benchtime (default go's, 100ms with -short)")
		out       = flag.String("o", "docs", "directory to write BENCHMARKS.md, benchmarks.json and tradeoff.svg to")
		dir       = flag.String("C", ".", "module root to run the benchmarks in")
		tradeOnly = flag.Bool("tradeoff-only", false, "run only the trade-off study")
		list      = flag.Bool("list", false, "print the figure table and exit")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("benchreport: ")
	if *list {
		for _, f := range report.Figures {
			fmt.Printf("%-45s %-20s %-40s %s\n", f.Name, f.Package, f.Bench, f.Metric)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	o := report.Options{Dir: *dir, Count: *count, Benchtime: *benchtime, Short: *short,
		Log: func(format string, args ...any) { log.Printf(format, args...) }}
	r, err := report.Build(ctx, o, strings.TrimSpace("go run ./cmd/benchreport "+strings.Join(os.Args[1:], " ")), *tradeOnly)
	if err != nil {
		log.Fatal(err)
	}
	if err := r.Write(*out); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s/BENCHMARKS.md, benchmarks.json, tradeoff.svg", *out)
}
