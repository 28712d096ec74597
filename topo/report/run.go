package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Options configure a run of the report.
type Options struct {
	Dir       string        // module root (default ".")
	Go        string        // the go command (default "go")
	Count     int           // -count (default 3; 1 with Short)
	Benchtime string        // -benchtime ("" for go's default of 1s; "100ms" with Short)
	Short     bool          // CI scale: short benchtime, one count, the short trade-off study
	Timeout   time.Duration // per go test run, a backstop behind go test -timeout (default 21m)
	Figures   []Figure      // default Figures
	Log       func(format string, args ...any)
}

func (o *Options) defaults() {
	if o.Dir == "" {
		o.Dir = "."
	}
	if o.Go == "" {
		o.Go = "go"
	}
	if o.Count <= 0 {
		o.Count = 3
		if o.Short {
			o.Count = 1
		}
	}
	if o.Benchtime == "" && o.Short {
		o.Benchtime = "100ms"
	}
	if o.Timeout <= 0 {
		o.Timeout = 21 * time.Minute
	}
	if o.Figures == nil {
		o.Figures = Figures
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
}

// Row is one reported figure: measured, with its value and the command
// that measured it, or not measured, with the reason.
type Row struct {
	Section   string  `json:"section"`
	Figure    string  `json:"figure"`
	Benchmark string  `json:"benchmark,omitempty"`
	Package   string  `json:"package"`
	Measured  bool    `json:"measured"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Samples   int     `json:"samples,omitempty"` // -count runs the median is taken over
	Command   string  `json:"command,omitempty"`
	Notes     string  `json:"notes,omitempty"`
}

// BenchCommand is the go test command line that runs the benchmarks
// matching regex in pkg.
func (o Options) BenchCommand(pkg, regex string) []string {
	goCmd := o.Go
	if goCmd == "" {
		goCmd = "go"
	}
	args := []string{goCmd, "test", "-run", "^$", "-bench", regex, "-benchmem", "-count", fmt.Sprint(o.Count), "-timeout", goTestTimeout}
	if o.Benchtime != "" {
		args = append(args, "-benchtime", o.Benchtime)
	}
	return append(args, pkg)
}

// goTestTimeout bounds one package's benchmarks (go test's default, 10m,
// is too short for a heavy package at -count 3).
const goTestTimeout = "20m"

// ShellQuote formats args as a command a POSIX shell runs as is.
func ShellQuote(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+", r))
		}) < 0 {
			b.WriteString(a)
			continue
		}
		b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
	}
	return b.String()
}

// packageRun is one go test invocation: the figures of one package.
type packageRun struct {
	pkg     string
	regex   string
	figures []Figure
}

func plan(figs []Figure) ([]packageRun, error) {
	byPkg := map[string]*packageRun{}
	var order []string
	for _, f := range figs {
		if _, err := regexp.Compile(f.Bench); err != nil {
			return nil, fmt.Errorf("figure %q: benchmark pattern: %w", f.Name, err)
		}
		pr := byPkg[f.Package]
		if pr == nil {
			pr = &packageRun{pkg: f.Package}
			byPkg[f.Package] = pr
			order = append(order, f.Package)
		}
		pr.figures = append(pr.figures, f)
	}
	var out []packageRun
	for _, pkg := range order {
		pr := byPkg[pkg]
		seen := map[string]bool{}
		var alts []string
		for _, f := range pr.figures {
			if !seen[f.Bench] {
				seen[f.Bench] = true
				alts = append(alts, f.Bench)
			}
		}
		if len(alts) == 1 {
			pr.regex = alts[0]
		} else {
			pr.regex = "(?:" + strings.Join(alts, ")|(?:") + ")"
		}
		out = append(out, *pr)
	}
	return out, nil
}

// RunBenchmarks runs the figure table's benchmarks, one go test per
// package, and returns a row per figure and matching benchmark.
func RunBenchmarks(ctx context.Context, o Options) ([]Row, error) {
	o.defaults()
	runs, err := plan(o.Figures)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, pr := range runs {
		args := o.BenchCommand(pr.pkg, pr.regex)
		cmdline := ShellQuote(args)
		o.Log("running %s", cmdline)
		out, missing := o.goTest(ctx, pr.pkg, args)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rows = append(rows, Rows(pr.figures, out, missing, cmdline)...)
	}
	return rows, nil
}

// goTest runs go test and parses what it printed. missing is set when the
// package is absent from the tree.
func (o Options) goTest(ctx context.Context, pkg string, args []string) (BenchOutput, string) {
	if st, err := os.Stat(o.Dir + "/" + strings.TrimPrefix(pkg, "./")); err != nil || !st.IsDir() {
		return BenchOutput{}, "package not in the tree"
	}
	cctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, args[0], args[1:]...)
	cmd.Dir = o.Dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	runErr := cmd.Run()
	out, _ := ParseBench(bytes.NewReader(buf.Bytes()))
	if runErr != nil && len(out.Lines) == 0 {
		msg := strings.TrimSpace(buf.String())
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return out, fmt.Sprintf("go test failed: %v: %s", runErr, msg)
	}
	return out, ""
}

// Rows maps parsed output to the rows of figs. When failure is set (the
// package is missing or did not build) every figure is not measured for
// that reason.
func Rows(figs []Figure, out BenchOutput, failure, cmdline string) []Row {
	names := out.Names()
	var rows []Row
	for _, f := range figs {
		re := regexp.MustCompile(f.Bench)
		base := Row{Section: f.Section, Figure: f.Name, Package: f.Package, Unit: f.Unit, Notes: f.Notes}
		if failure != "" {
			r := base
			r.Notes = fmt.Sprintf("not measured: benchmark %s not found in package %s (%s)", f.Bench, f.Package, failure)
			rows = append(rows, r)
			continue
		}
		var matched []string
		for _, n := range names {
			if re.MatchString(n) {
				matched = append(matched, n)
			}
		}
		if len(matched) == 0 {
			r := base
			r.Notes = fmt.Sprintf("not measured: benchmark %s not found in package %s", f.Bench, f.Package)
			for _, n := range out.Failed {
				if re.MatchString(n) {
					r.Benchmark = n
					r.Notes = fmt.Sprintf("not measured: benchmark %s failed in package %s", n, f.Package)
					break
				}
			}
			rows = append(rows, r)
			continue
		}
		sort.Strings(matched)
		for _, n := range matched {
			r := base
			r.Benchmark = n
			var v float64
			var k int
			var used string
			for _, unit := range strings.Split(f.Metric, "|") {
				if v, k = out.Median(n, unit); k > 0 {
					used = unit
					break
				}
			}
			if k == 0 {
				r.Notes = fmt.Sprintf("not measured: benchmark %s in package %s reports no %s", n, f.Package, f.Metric)
				rows = append(rows, r)
				continue
			}
			r.Measured, r.Value, r.Samples, r.Command = true, f.Derive.Apply(v), k, cmdline
			how := fmt.Sprintf("median of %d", k)
			if f.Derive != AsIs {
				how += ", " + f.Derive.Describe(used)
			} else if used != f.Unit {
				how += " " + used
			}
			if f.Notes != "" {
				r.Notes = f.Notes + "; " + how
			} else {
				r.Notes = how
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// Machine is where the report was measured.
type Machine struct {
	GoVersion string `json:"go_version"`
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	CPU       string `json:"cpu"`
	Cores     int    `json:"cores"`
	Date      string `json:"date"`
	Commit    string `json:"commit"`
}

// DetectMachine records the machine: go version (of the go command that
// runs the benchmarks), OS and architecture, CPU model, cores, the date
// (UTC) and the git commit of dir ("-dirty" when the tree has changes
// outside docs/).
func DetectMachine(ctx context.Context, dir, goCmd string, now time.Time) Machine {
	m := Machine{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Cores: runtime.NumCPU(), Date: now.UTC().Format(time.RFC3339)}
	run := func(name string, args ...string) string {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		b, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	m.GoVersion = run(goCmd, "version")
	if m.GoVersion == "" {
		m.GoVersion = runtime.Version()
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPU = CPUModel(string(b))
	}
	m.Commit = run("git", "rev-parse", "--short=12", "HEAD")
	// The report's own outputs under docs/ do not make the tree dirty:
	// rerunning make bench must not mark itself.
	if m.Commit != "" && run("git", "status", "--porcelain", "--", ".", ":(exclude)docs") != "" {
		m.Commit += "-dirty"
	}
	return m
}

// CPUModel returns the first "model name" of /proc/cpuinfo's text.
func CPUModel(cpuinfo string) string {
	for _, line := range strings.Split(cpuinfo, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
