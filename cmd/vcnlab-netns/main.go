// Command vcnlab-netns brings the network-namespace lab up and down (root):
//
//	vcnlab-netns up     [-f topo/lab.yaml] [--bin bin] [--p4 p4src/build] [--state .lab]
//	vcnlab-netns down   [-f topo/lab.yaml] [--state .lab]
//	vcnlab-netns status [-f topo/lab.yaml] [--bin bin] [--state .lab]
//
// up builds the namespaces, veths and bridge of the topology, starts the
// control plane, the NIS, one smarttor and one tor-agent per ToR (logs
// and pid files in --state), loads the configuration with vcnctl and
// waits for the agents. down stops everything and deletes what up
// created, whatever state the lab is in. See topo/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/topo/netns"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "vcnlab-netns:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: vcnlab-netns up|down|status [flags]")
	}
	verb := args[0]
	switch verb {
	case "up", "down", "status":
	default:
		return fmt.Errorf("unknown command %q: want up, down or status", verb)
	}
	fs := flag.NewFlagSet("vcnlab-netns "+verb, flag.ContinueOnError)
	file := fs.String("f", "topo/lab.yaml", "topology file")
	bin := fs.String("bin", "bin", "directory of vcn-controlplane, vcnctl, nisvc, smarttor, tor-agent and torctl")
	p4 := fs.String("p4", "p4src/build", "directory of p4info.txtpb and smarttor.bundle")
	state := fs.String("state", ".lab", "directory of logs, pid files and the control plane's data")
	prefix := fs.String("prefix", "", "override the topology's namespace prefix")
	timeout := fs.Duration("timeout", 60*time.Second, "how long up waits for each process")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	lab, err := netns.Load(*file)
	if err != nil {
		return err
	}
	if *prefix != "" {
		lab.Prefix = *prefix
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("%s needs root (network namespaces)", verb)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	o := netns.Options{BinDir: *bin, P4Dir: *p4, StateDir: *state, Log: os.Stdout, ReadyTimeout: *timeout}
	switch verb {
	case "up":
		if err := lab.Up(ctx, o); err != nil {
			return fmt.Errorf("%w\n(the lab is half up: run vcnlab-netns down)", err)
		}
		fmt.Printf("try: ip netns exec %s ping -c 3 %s\n", lab.HostNS(lab.Hosts[0]), lab.Hosts[len(lab.Hosts)-1].IP)
		fmt.Printf("     ip netns exec %s %s/torctl --agent %s cache ls\n", lab.TorNS(), *bin, lab.AdminAddr(0))
		return nil
	case "down":
		return lab.Down(context.Background(), o)
	case "status":
		return lab.Status(ctx, o, os.Stdout)
	}
	return fmt.Errorf("unknown command %q: want up, down or status", verb)
}
