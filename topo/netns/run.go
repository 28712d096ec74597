package netns

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Options say where the lab finds its binaries and keeps its state.
type Options struct {
	// BinDir holds vcn-controlplane, vcnctl, nisvc, smarttor and tor-agent.
	BinDir string
	// P4Dir holds p4info.txtpb and smarttor.bundle (p4src/build).
	P4Dir string
	// StateDir receives logs (NAME.log), pid files (NAME.pid), the
	// generated configuration and the control plane's data (.lab).
	StateDir string
	// Log, if not nil, receives progress lines.
	Log io.Writer
	// ReadyTimeout bounds the wait for each process (default 60s).
	ReadyTimeout time.Duration
}

func (o *Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// ip runs one iproute2 command.
func ip(ctx context.Context, args ...string) error { return run(ctx, append(Step{"ip"}, args...)) }

// run runs one iproute2 command.
func run(ctx context.Context, s Step) error {
	out, err := exec.CommandContext(ctx, s[0], s[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", strings.Join(s, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Existing returns the lab's namespaces that exist now.
func (l *Lab) Existing() []string {
	var have []string
	for _, ns := range l.Namespaces() {
		if _, err := os.Stat(filepath.Join("/run/netns", ns)); err == nil {
			have = append(have, ns)
		}
	}
	return have
}

// Up builds the lab: namespaces, links, addresses, the processes and the
// control plane's configuration, and waits until every agent serves. It
// fails if any of the lab's namespaces exists already (run Down first).
// On failure it leaves what it built for Down to remove and for the logs
// to explain.
func (l *Lab) Up(ctx context.Context, o Options) error {
	if have := l.Existing(); len(have) > 0 {
		return fmt.Errorf("namespaces %v exist already: bring the lab down first", have)
	}
	if o.ReadyTimeout == 0 {
		o.ReadyTimeout = 60 * time.Second
	}
	state, err := filepath.Abs(o.StateDir)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(state, "controlplane.data")); err != nil {
		return err
	}
	if err := os.MkdirAll(state, 0o755); err != nil {
		return err
	}
	for _, ns := range l.Namespaces() {
		if err := ip(ctx, "netns", "add", ns); err != nil {
			return err
		}
		// No IPv6: router solicitations and neighbour discovery would
		// only be dropped by the switch.
		if err := inNS(ns, func() error {
			for _, k := range []string{"all", "default"} {
				if err := os.WriteFile("/proc/sys/net/ipv6/conf/"+k+"/disable_ipv6", []byte("1"), 0o644); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("namespace %s: disabling IPv6: %w", ns, err)
		}
	}
	o.logf("created namespaces %s", strings.Join(l.Namespaces(), " "))
	for _, s := range l.Setup() {
		if err := run(ctx, s); err != nil {
			return err
		}
	}
	for _, nd := range l.offloads() {
		if err := inNS(nd[0], func() error { return offloadsOff(nd[1]) }); err != nil {
			return fmt.Errorf("%s in %s: %w", nd[1], nd[0], err)
		}
	}
	o.logf("links and addresses set")

	cfg := filepath.Join(state, "vcn.yaml")
	if err := os.WriteFile(cfg, []byte(l.VCNConfig()), 0o644); err != nil {
		return err
	}
	p4dir, err := filepath.Abs(o.P4Dir)
	if err != nil {
		return err
	}
	procs := l.Procs(state, p4dir)
	// Phases: the control plane (then its configuration), the NIS and the
	// switches, the agents; each phase waits for its processes to serve.
	phases := [][]string{{"vcn-controlplane"}, {"nisvc", "smarttor"}, {"tor-agent"}}
	for _, bins := range phases {
		var group []Proc
		for _, p := range procs {
			for _, b := range bins {
				if p.Bin == b {
					group = append(group, p)
				}
			}
		}
		for _, p := range group {
			if err := start(o, state, p); err != nil {
				return err
			}
		}
		for _, p := range group {
			if err := waitLog(ctx, o, state, p); err != nil {
				return err
			}
		}
		if bins[0] == "vcn-controlplane" {
			if err := l.loadConfig(ctx, o, cfg); err != nil {
				return err
			}
		}
	}
	o.logf("lab up: %d ToRs, %d hosts; logs in %s", len(l.ToRs), len(l.Hosts), state)
	return nil
}

// loadConfig creates the lab's configuration with vcnctl.
func (l *Lab) loadConfig(ctx context.Context, o Options, cfg string) error {
	out, err := exec.CommandContext(ctx, "ip", "netns", "exec", l.TorNS(),
		filepath.Join(o.BinDir, "vcnctl"), "--server", l.ControlPlaneAddr(), "create", "-f", cfg).CombinedOutput()
	if err != nil {
		return fmt.Errorf("vcnctl create -f %s: %w: %s", cfg, err, out)
	}
	o.logf("configuration loaded from %s", cfg)
	return nil
}

// start runs p in its namespace, in its own session, logging to
// STATE/NAME.log, and writes STATE/NAME.pid.
func start(o Options, state string, p Proc) error {
	logf, err := os.Create(filepath.Join(state, p.Name+".log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	bin, err := filepath.Abs(filepath.Join(o.BinDir, p.Bin))
	if err != nil {
		return err
	}
	cmd := exec.Command("ip", append([]string{"netns", "exec", p.NS, bin}, p.Args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Dir = state
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", p.Name, err)
	}
	go cmd.Wait() // reap it if it dies while we run
	if err := os.WriteFile(filepath.Join(state, p.Name+".pid"), []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644); err != nil {
		return err
	}
	o.logf("started %s (pid %d) in %s", p.Name, cmd.Process.Pid, p.NS)
	return nil
}

// waitLog waits until p's log holds its ready line, or p has died.
func waitLog(ctx context.Context, o Options, state string, p Proc) error {
	if p.Ready == "" {
		return nil
	}
	deadline := time.Now().Add(o.ReadyTimeout)
	logPath := filepath.Join(state, p.Name+".log")
	for {
		b, _ := os.ReadFile(logPath)
		if strings.Contains(string(b), p.Ready) {
			return nil
		}
		if pid, err := readPid(filepath.Join(state, p.Name+".pid")); err == nil && !alive(pid) {
			return fmt.Errorf("%s exited; see %s:\n%s", p.Name, logPath, tail(b, 10))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %v; see %s:\n%s", p.Name, o.ReadyTimeout, logPath, tail(b, 10))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func readPid(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

// alive reports whether pid is a live process (not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) S ...: the state follows the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || (s[i+2] != 'Z' && s[i+2] != 'X')
}

// Down stops the lab's processes and deletes its namespaces (with every
// veth and bridge in them). It works whatever state the lab is in: from
// the pid files, and from the processes found in the namespaces. It keeps
// the logs.
func (l *Lab) Down(ctx context.Context, o Options) error {
	var pids []int
	files, _ := filepath.Glob(filepath.Join(o.StateDir, "*.pid"))
	for _, f := range files {
		if pid, err := readPid(f); err == nil && alive(pid) && inLab(pid, l) {
			pids = append(pids, pid)
		}
	}
	for _, ns := range l.Existing() {
		out, _ := exec.CommandContext(ctx, "ip", "netns", "pids", ns).Output()
		for _, f := range strings.Fields(string(out)) {
			if pid, err := strconv.Atoi(f); err == nil && pid != os.Getpid() {
				pids = append(pids, pid)
			}
		}
	}
	stop(pids, 5*time.Second)
	for _, f := range files {
		os.Remove(f)
	}
	var errs []error
	for _, ns := range l.Existing() {
		if err := ip(ctx, "netns", "del", ns); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	o.logf("lab down")
	return nil
}

// inLab reports whether pid runs one of the lab's binaries in one of its
// namespaces (a pid file may be older than a reboot).
func inLab(pid int, l *Lab) bool {
	link, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid))
	if err != nil {
		return false
	}
	self, _ := os.Readlink("/proc/self/ns/net")
	if link == self {
		return false
	}
	for _, ns := range l.Existing() {
		var a, b syscall.Stat_t
		if syscall.Stat(filepath.Join("/run/netns", ns), &a) == nil &&
			syscall.Stat(fmt.Sprintf("/proc/%d/ns/net", pid), &b) == nil && a.Ino == b.Ino && a.Dev == b.Dev {
			return true
		}
	}
	return false
}

// stop sends SIGTERM to pids, waits up to grace for them to end, then
// sends SIGKILL to the rest and waits for them.
func stop(pids []int, grace time.Duration) {
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGTERM)
	}
	deadline := time.Now().Add(grace)
	for {
		var left []int
		for _, pid := range pids {
			if alive(pid) {
				left = append(left, pid)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, pid := range left {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			if time.Now().After(deadline.Add(5 * time.Second)) {
				return
			}
		}
		pids = left
		time.Sleep(50 * time.Millisecond)
	}
}

// Status describes the lab: namespaces, processes, and each agent's
// stats through torctl (if torctl is in the binary directory).
func (l *Lab) Status(ctx context.Context, o Options, w io.Writer) error {
	have := map[string]bool{}
	for _, ns := range l.Existing() {
		have[ns] = true
	}
	for _, ns := range l.Namespaces() {
		st := "missing"
		if have[ns] {
			st = "present"
			out, _ := exec.CommandContext(ctx, "ip", "netns", "pids", ns).Output()
			for _, f := range strings.Fields(string(out)) {
				comm, _ := os.ReadFile("/proc/" + f + "/comm")
				st += fmt.Sprintf(" %s(%s)", strings.TrimSpace(string(comm)), f)
			}
		}
		fmt.Fprintf(w, "namespace %-12s %s\n", ns, st)
	}
	running := 0
	procs := l.Procs(o.StateDir, o.P4Dir)
	for _, p := range procs {
		st := "stopped"
		if pid, err := readPid(filepath.Join(o.StateDir, p.Name+".pid")); err == nil && alive(pid) {
			st = fmt.Sprintf("running (pid %d)", pid)
			running++
		}
		fmt.Fprintf(w, "process   %-16s %s\n", p.Name, st)
	}
	torctl := filepath.Join(o.BinDir, "torctl")
	if _, err := os.Stat(torctl); err == nil && have[l.TorNS()] {
		for i, t := range l.ToRs {
			out, err := exec.CommandContext(ctx, "ip", "netns", "exec", l.TorNS(), torctl, "--agent", l.AdminAddr(i), "stats").CombinedOutput()
			fmt.Fprintf(w, "--- %s (torctl --agent %s stats)\n%s", t.Name, l.AdminAddr(i), out)
			if err != nil {
				fmt.Fprintf(w, "torctl: %v\n", err)
			}
		}
	}
	if running != len(procs) || len(have) != len(l.Namespaces()) {
		return fmt.Errorf("lab is not fully up: %d of %d processes, %d of %d namespaces", running, len(procs), len(have), len(l.Namespaces()))
	}
	return nil
}
