package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Metric is one value of a benchmark line, e.g. {1234.5, "ns/op"}.
type Metric struct {
	Value float64
	Unit  string
}

// BenchLine is one result line of go test -bench.
type BenchLine struct {
	Line       int    // 1-based line number in the output
	Name       string // full name without the -GOMAXPROCS suffix, e.g. "BenchmarkX/n=1k"
	Procs      int    // the GOMAXPROCS suffix, 1 when absent
	Iterations int64
	Metrics    []Metric
}

// Metric returns the value of unit in l.
func (l BenchLine) Metric(unit string) (float64, bool) {
	for _, m := range l.Metrics {
		if m.Unit == unit {
			return m.Value, true
		}
	}
	return 0, false
}

// BenchOutput is the parsed output of one go test -bench run.
type BenchOutput struct {
	Goos, Goarch, Pkg, CPU string
	Lines                  []BenchLine
	Failed                 []string // benchmarks reported as --- FAIL
	Errors                 []string // lines that looked like results but did not parse, "line N: why"
}

// ParseBench parses go test -bench output. Lines that are not results or
// headers (logs, PASS, ok) are skipped; malformed result lines are noted
// in Errors rather than failing the whole parse.
func ParseBench(r io.Reader) (BenchOutput, error) {
	var out BenchOutput
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t\r")
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.ContainsAny(k, " \t") {
			switch k {
			case "goos":
				out.Goos = strings.TrimSpace(v)
				continue
			case "goarch":
				out.Goarch = strings.TrimSpace(v)
				continue
			case "pkg":
				out.Pkg = strings.TrimSpace(v)
				continue
			case "cpu":
				out.CPU = strings.TrimSpace(v)
				continue
			}
		}
		if rest, ok := strings.CutPrefix(line, "--- FAIL: "); ok {
			if f := strings.Fields(rest); len(f) > 0 && strings.HasPrefix(f[0], "Benchmark") {
				out.Failed = append(out.Failed, f[0])
			}
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue // a benchmark's name alone: its result or failure follows
		}
		bl, err := parseBenchLine(fields)
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("line %d: %v", n, err))
			continue
		}
		bl.Line = n
		out.Lines = append(out.Lines, bl)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("reading benchmark output: %w", err)
	}
	return out, nil
}

func parseBenchLine(f []string) (BenchLine, error) {
	bl := BenchLine{Name: f[0], Procs: 1}
	if i := strings.LastIndexByte(f[0], '-'); i > 0 {
		if p, err := strconv.Atoi(f[0][i+1:]); err == nil && p > 0 {
			bl.Name, bl.Procs = f[0][:i], p
		}
	}
	it, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return bl, fmt.Errorf("%s: iterations %q: %w", f[0], f[1], err)
	}
	bl.Iterations = it
	if (len(f)-2)%2 != 0 {
		return bl, fmt.Errorf("%s: value without unit", f[0])
	}
	for i := 2; i < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return bl, fmt.Errorf("%s: value %q: %w", f[0], f[i], err)
		}
		bl.Metrics = append(bl.Metrics, Metric{v, f[i+1]})
	}
	return bl, nil
}

// Names returns the distinct benchmark names of o, sorted.
func (o BenchOutput) Names() []string {
	var names []string
	for _, l := range o.Lines {
		names = append(names, l.Name)
	}
	sort.Strings(names)
	return slices.Compact(names)
}

// Median returns the median of unit over the lines of benchmark name
// (one per -count run) and how many lines had it.
func (o BenchOutput) Median(name, unit string) (float64, int) {
	var vs []float64
	for _, l := range o.Lines {
		if l.Name != name {
			continue
		}
		if v, ok := l.Metric(unit); ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0, 0
	}
	sort.Float64s(vs)
	m := len(vs) / 2
	if len(vs)%2 == 1 {
		return vs[m], len(vs)
	}
	return (vs[m-1] + vs[m]) / 2, len(vs)
}
