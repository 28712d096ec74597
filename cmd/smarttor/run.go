package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/device"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4rt"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// newRun is the switch itself, with flags modelled on simple_switch_grpc.
func newRun(stderr io.Writer) *cobra.Command {
	var (
		ifaces   ports.InterfaceFlags
		grpcAddr string
		gnmiAddr string
		deviceID uint64
		cpuPort  uint32
		pipeline string
		logLevel string
		console  bool
		pcapDir  string
	)
	cmd := &cobra.Command{
		Use:   "run -i PORT@IFACE ... [--pipeline DIR]",
		Short: "Run the switch: ports on Linux interfaces, P4Runtime and gNMI servers",
		Long: `Run the switch, like simple_switch_grpc: every -i PORT@IFACE binds a P4 port
number to a Linux interface (AF_PACKET; needs CAP_NET_RAW), P4Runtime and gNMI listen on
--grpc-server-addr (gNMI on --gnmi-addr instead, if given). Without --pipeline the switch
waits for a controller to push one; --pipeline DIR starts it with a compiled program
(smarttor compile -o DIR). SIGTERM and SIGINT stop it cleanly.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
			opts := device.Options{DeviceID: deviceID, CPUPort: cpuPort, Logger: log}
			if console {
				opts.Trace = func(line string) { fmt.Fprintln(stderr, line) }
			}
			d, err := device.New(opts)
			if err != nil {
				return err
			}
			defer d.Close()
			if err := ports.OpenInterfaces(d.Ports(), ifaces); err != nil {
				return err
			}
			if pcapDir != "" {
				tap, err := ports.NewPcapDir(pcapDir)
				if err != nil {
					return err
				}
				defer tap.Close()
				d.Ports().SetTap(tap.Tap)
			}
			if err := d.Start(); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			if pipeline != "" {
				if err := d.LoadPipeline(ctx, pipeline); err != nil {
					return fmt.Errorf("--pipeline %s: %w", pipeline, err)
				}
			}
			lis, err := net.Listen("tcp", grpcAddr)
			if err != nil {
				return err
			}
			errc := make(chan error, 2)
			if gnmiAddr != "" && gnmiAddr != grpcAddr {
				glis, err := net.Listen("tcp", gnmiAddr)
				if err != nil {
					return err
				}
				go func() { errc <- d.ServeGNMI(glis) }()
				go func() { errc <- d.ServeP4Runtime(lis) }()
			} else {
				go func() { errc <- d.Serve(lis) }()
			}
			log.Info("smarttor running", "grpc", lis.Addr().String(), "ports", len(d.Ports().Ports()), "cpu_port", d.Ports().CPUPort())
			select {
			case <-ctx.Done():
				log.Info("stopping")
				return nil
			case err := <-errc:
				return err
			}
		},
	}
	f := cmd.Flags()
	f.VarP(&ifaces, "interface", "i", "PORT@IFACE: bind P4 port PORT to Linux interface IFACE (repeatable)")
	f.StringVar(&grpcAddr, "grpc-server-addr", "0.0.0.0:9559", "P4Runtime (and gNMI) server address")
	f.StringVar(&gnmiAddr, "gnmi-addr", "", "serve gNMI on its own address instead")
	f.Uint64Var(&deviceID, "device-id", 0, "P4Runtime device id")
	f.Uint32Var(&cpuPort, "cpu-port", p4rt.DefaultCPUPort, "the CPU port (packet-in/out); never 0 or 511")
	f.StringVar(&pipeline, "pipeline", "", "start with the program compiled into DIR")
	f.StringVar(&logLevel, "log-level", "info", "debug, info, warn or error")
	f.BoolVar(&console, "log-console", false, "trace every packet (parser states, tables, actions) to stderr")
	f.StringVar(&pcapDir, "pcap", "", "write per-port pcap files into DIR")
	return cmd
}
