package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/topo/trace"
	"github.com/vcn-flowcache/vcn-flowcache/topo/tradeoff"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func parseFile(t testing.TB, name string) BenchOutput {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseBench(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseBench(t *testing.T) {
	type summary struct {
		Pkg, CPU string
		Names    []string
		Lines    int
		Failed   []string
		Errors   int
	}
	for _, tc := range []struct {
		file string
		want summary
	}{
		{"match.txt", summary{Pkg: "github.com/vcn-flowcache/vcn-flowcache/smarttor/match", CPU: "Oxide Virtual Turin-like Processor",
			Names: []string{"BenchmarkExactBatchInsert100k", "BenchmarkExactLookup100k"}, Lines: 6}},
		{"trace.txt", summary{Pkg: "github.com/vcn-flowcache/vcn-flowcache/topo/trace", CPU: "Oxide Virtual Turin-like Processor",
			Names: []string{"BenchmarkGenerate"}, Lines: 2}},
		{"none.txt", summary{}},
		{"nopkg.txt", summary{}},
		{"handmade_subbench.txt", summary{Pkg: "github.com/vcn-flowcache/vcn-flowcache/controller", CPU: "AMD EPYC 7B13",
			Names: []string{"BenchmarkInvalidate/strategy=nis-push/n=1k", "BenchmarkInvalidate/strategy=tor-active/n=10k", "BenchmarkMissToInstall", "BenchmarkNoProcs"},
			Lines: 5, Failed: []string{"BenchmarkBroken"}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			out := parseFile(t, tc.file)
			got := summary{Pkg: out.Pkg, CPU: out.CPU, Names: out.Names(), Lines: len(out.Lines), Failed: out.Failed, Errors: len(out.Errors)}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseBenchLine(t *testing.T) {
	out := parseFile(t, "handmade_subbench.txt")
	want := BenchLine{Line: 5, Name: "BenchmarkInvalidate/strategy=nis-push/n=1k", Procs: 2, Iterations: 100, Metrics: []Metric{
		{10234567, "ns/op"}, {812.5, "p50-µs"}, {1900, "p99-µs"}, {97710, "entries/s"}, {123456, "B/op"}, {1234, "allocs/op"}}}
	if diff := cmp.Diff(want, out.Lines[0]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := out.Lines[4]; got.Name != "BenchmarkNoProcs" || got.Procs != 1 {
		t.Errorf("a line without -procs: name %q procs %d", got.Name, got.Procs)
	}
	if v, n := out.Median("BenchmarkInvalidate/strategy=nis-push/n=1k", "p50-µs"); v != 817.5 || n != 2 {
		t.Errorf("median p50 = %v over %d, want 817.5 over 2", v, n)
	}
	m := parseFile(t, "match.txt")
	if v, n := m.Median("BenchmarkExactLookup100k", "ns/op"); v != 66.53 || n != 3 {
		t.Errorf("median ns/op = %v over %d, want 66.53 over 3", v, n)
	}
}

func TestParseBenchMalformed(t *testing.T) {
	in := "BenchmarkA-2 \t 10 \t 5 ns/op\nBenchmarkB-2 x 5 ns/op\nBenchmarkC-2 10 5\nBenchmarkD-2 10 abc ns/op\n"
	out, err := ParseBench(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Lines) != 1 || len(out.Errors) != 3 {
		t.Errorf("got %d lines and errors %q, want 1 line and 3 errors", len(out.Lines), out.Errors)
	}
}

func FuzzParseBench(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := ParseBench(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, l := range out.Lines {
			if !strings.HasPrefix(l.Name, "Benchmark") || l.Procs < 1 {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}

var testFigures = []Figure{
	{SecMiss, "miss p50", "./controller", `^BenchmarkMissToInstall`, "p50-µs", AsIs, "µs", "note"},
	{SecBump, "dependents cleaned", "./controller", `^BenchmarkInvalidate/`, "ns/op", Millis, "ms", ""},
	{SecBump, "rate", "./controller", `^BenchmarkInvalidate/strategy=nis-push`, "pps|entries/s", AsIs, "entries/s", ""},
	{SecBump, "absent", "./controller", `^BenchmarkBump$`, "ns/op", AsIs, "ns", ""},
	{SecBump, "no such metric", "./controller", `^BenchmarkNoProcs$`, "p99-µs", AsIs, "µs", ""},
	{SecParts, "failed", "./controller", `^BenchmarkBroken$`, "ns/op", AsIs, "ns", ""},
	{SecParts, "per second", "./controller", `^BenchmarkNoProcs$`, "ns/op", PerSecond, "ops/s", ""},
}

func TestRows(t *testing.T) {
	out := parseFile(t, "handmade_subbench.txt")
	got := Rows(testFigures, out, "", "CMD")
	want := []Row{
		{Section: SecMiss, Figure: "miss p50", Benchmark: "BenchmarkMissToInstall", Package: "./controller", Measured: true, Value: 180, Unit: "µs", Samples: 1, Command: "CMD", Notes: "note; median of 1 p50-µs"},
		{Section: SecBump, Figure: "dependents cleaned", Benchmark: "BenchmarkInvalidate/strategy=nis-push/n=1k", Package: "./controller", Measured: true, Value: 10.334567, Unit: "ms", Samples: 2, Command: "CMD", Notes: "median of 2, ns/op / 1e6"},
		{Section: SecBump, Figure: "dependents cleaned", Benchmark: "BenchmarkInvalidate/strategy=tor-active/n=10k", Package: "./controller", Measured: true, Value: 104.34567, Unit: "ms", Samples: 1, Command: "CMD", Notes: "median of 1, ns/op / 1e6"},
		{Section: SecBump, Figure: "rate", Benchmark: "BenchmarkInvalidate/strategy=nis-push/n=1k", Package: "./controller", Measured: true, Value: 96774, Unit: "entries/s", Samples: 2, Command: "CMD", Notes: "median of 2"},
		{Section: SecBump, Figure: "absent", Package: "./controller", Unit: "ns", Notes: "not measured: benchmark ^BenchmarkBump$ not found in package ./controller"},
		{Section: SecBump, Figure: "no such metric", Benchmark: "BenchmarkNoProcs", Package: "./controller", Unit: "µs", Notes: "not measured: benchmark BenchmarkNoProcs in package ./controller reports no p99-µs"},
		{Section: SecParts, Figure: "failed", Benchmark: "BenchmarkBroken", Package: "./controller", Unit: "ns", Notes: "not measured: benchmark BenchmarkBroken failed in package ./controller"},
		{Section: SecParts, Figure: "per second", Benchmark: "BenchmarkNoProcs", Package: "./controller", Measured: true, Value: 1e6, Unit: "ops/s", Samples: 1, Command: "CMD", Notes: "median of 1, 1e9 / ns/op"},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return a == b || (a-b)/b < 1e-9 && (b-a)/b < 1e-9 })); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, r := range Rows(testFigures[:1], BenchOutput{}, "package not in the tree", "CMD") {
		if r.Measured || !strings.Contains(r.Notes, "not found in package ./controller (package not in the tree)") {
			t.Errorf("missing package row = %+v", r)
		}
	}
}

func TestPlan(t *testing.T) {
	runs, err := plan(testFigures)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 {
		t.Fatalf("%d runs, want one per package", len(runs))
	}
	want := "(?:^BenchmarkMissToInstall)|(?:^BenchmarkInvalidate/)|(?:^BenchmarkInvalidate/strategy=nis-push)|(?:^BenchmarkBump$)|(?:^BenchmarkNoProcs$)|(?:^BenchmarkBroken$)"
	if runs[0].regex != want {
		t.Errorf("regex %q, want %q", runs[0].regex, want)
	}
	if _, err := plan([]Figure{{Name: "bad", Bench: "("}}); err == nil {
		t.Error("a bad pattern planned without error")
	}
}

func TestFigureTable(t *testing.T) {
	sections := map[string]bool{}
	for _, s := range Sections {
		sections[s] = true
	}
	if _, err := plan(Figures); err != nil {
		t.Fatal(err)
	}
	for _, f := range Figures {
		if !sections[f.Section] || f.Name == "" || f.Unit == "" || f.Metric == "" || !strings.HasPrefix(f.Package, "./") {
			t.Errorf("incomplete figure %+v", f)
		}
	}
}

func TestHelpers(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{ShellQuote([]string{"go", "test", "-run", "^$", "-bench", "A|B", "./x"}), `go test -run '^$' -bench 'A|B' ./x`},
		{ShellQuote([]string{"it's"}), `'it'\''s'`},
		{FormatValue(1234567.8), "1,234,568"},
		{FormatValue(-2500), "-2,500"},
		{FormatValue(66.53), "66.5"},
		{FormatValue(0), "0"},
		{FormatValue(0.012345), "0.0123"},
		{FormatPercent(0.02673), "2.67%"},
		{CPUModel("processor\t: 0\nvendor_id\t: X\nmodel name\t: AMD EPYC 7B13\n"), "AMD EPYC 7B13"},
		{count(131072), "128k"},
		{count(1000), "1000"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// goldenReport is a report with fixed machine and rows, and a trade-off
// study small enough for a unit test.
func goldenReport(t *testing.T) *Report {
	t.Helper()
	g, err := trace.New(trace.Config{Seed: 9, VCNs: 2, VNICs: 16, PeersPerVCN: 300, FlowsPerSec: 300, Duration: 3 * time.Second, LongPackets: 200, ChangesPerSec: 4})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tradeoff.Run(g, tradeoff.Params{TableSizes: []int{64, 512, 4096}, IdleTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Count: 3}
	cmd := ShellQuote(o.BenchCommand("./controller", "^Benchmark"))
	r := &Report{
		Machine: Machine{GoVersion: "go version go1.26.8 linux/amd64", GOOS: "linux", GOARCH: "amd64", CPU: "AMD EPYC 7B13", Cores: 2, Date: "2026-11-26T12:00:00Z", Commit: "0123456789ab"},
		Command: "go run ./cmd/benchreport",
		Rows:    Rows(testFigures, parseFile(t, "handmade_subbench.txt"), "", cmd),
	}
	sweep, err := tradeoff.Study{Trace: trace.Config{Seed: 9, VCNs: 2, VNICs: 16, PeersPerVCN: 300, FlowsPerSec: 300, Duration: 2 * time.Second, LongPackets: 200},
		Params: tradeoff.Params{IdleTimeout: time.Second}, ChangeRates: []float64{1, 20}, SweepTable: 512}.RunSweep()
	if err != nil {
		t.Fatal(err)
	}
	r.Tradeoff = &TradeoffReport{Command: "go run ./cmd/benchreport -tradeoff-only", Result: res, Sweep: sweep}
	r.Rows = append(r.Rows, TradeoffRows(*r.Tradeoff)...)
	return r
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func TestGolden(t *testing.T) {
	r := goldenReport(t)
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		got  []byte
	}{
		{"BENCHMARKS.md", r.Markdown()},
		{"benchmarks.json", js},
		{"tradeoff.svg", SVG(r.Tradeoff.Result)},
	} {
		t.Run(tc.name, func(t *testing.T) { checkGolden(t, tc.name, tc.got) })
	}
}

func TestSVGWellFormed(t *testing.T) {
	r := goldenReport(t)
	svg := SVG(r.Tradeoff.Result)
	d := xml.NewDecoder(bytes.NewReader(svg))
	var root string
	var polylines int
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			if se.Name.Local == "polyline" {
				polylines++
			}
		}
	}
	if root != "svg" {
		t.Errorf("root element %q, want svg", root)
	}
	if polylines != len(tradeoff.Strategies) {
		t.Errorf("%d lines, want one per strategy", polylines)
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	r := goldenReport(t)
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"measured": false`)) || !bytes.Contains(js, []byte(`"go_version"`)) {
		t.Errorf("JSON lacks the not-measured rows or the machine")
	}
}

// TestRunBenchmarks runs real go test -bench on this module: one figure
// measured, one benchmark missing, one package missing.
func TestRunBenchmarks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	o := Options{Dir: "../..", Count: 1, Benchtime: "2000x", Figures: []Figure{
		{SecParts, "trace", "./topo/trace", `^BenchmarkGenerate$`, "events/s", AsIs, "events/s", ""},
		{SecParts, "missing bench", "./topo/trace", `^BenchmarkNope$`, "ns/op", AsIs, "ns", ""},
		{SecParts, "missing package", "./topo/nope", `^BenchmarkX$`, "ns/op", AsIs, "ns", ""},
	}}
	rows, err := RunBenchmarks(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(rows), rows)
	}
	if r := rows[0]; !r.Measured || r.Value <= 0 || r.Command != `go test -run '^$' -bench '(?:^BenchmarkGenerate$)|(?:^BenchmarkNope$)' -benchmem -count 1 -timeout 20m -benchtime 2000x ./topo/trace` {
		t.Errorf("measured row = %+v", r)
	}
	if r := rows[1]; r.Measured || r.Notes != "not measured: benchmark ^BenchmarkNope$ not found in package ./topo/trace" {
		t.Errorf("missing benchmark row = %+v", r)
	}
	if r := rows[2]; r.Measured || !strings.HasPrefix(r.Notes, "not measured: benchmark ^BenchmarkX$ not found in package ./topo/nope") {
		t.Errorf("missing package row = %+v", r)
	}
}
