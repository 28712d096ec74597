// Command tor-agent is the controller of one smart ToR: it drives the
// switch over P4Runtime, resolves misses through the NIS and keeps the
// flow cache free of stale entries with the chosen invalidation strategy.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/prototext"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
	"github.com/vcn-flowcache/vcn-flowcache/controller/admin"
	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controllerv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controller/v1"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
)

// underlayFlag collects --underlay PREFIX,PORT,MAC values.
type underlayFlag []controller.UnderlayRoute

func (u *underlayFlag) String() string { return fmt.Sprint(*u) }

func (u *underlayFlag) Set(s string) error {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return fmt.Errorf("want PREFIX,PORT,MAC, got %q", s)
	}
	p, err := netip.ParsePrefix(parts[0])
	if err != nil {
		return err
	}
	port, err := strconv.ParseUint(parts[1], 10, 32)
	if err != nil {
		return fmt.Errorf("port: %w", err)
	}
	mac, err := vcn.ParseMAC(parts[2])
	if err != nil {
		return err
	}
	*u = append(*u, controller.UnderlayRoute{Prefix: p, Port: uint32(port), NextHop: mac})
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tor-agent:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		underlay    underlayFlag
		switchAddr  = flag.String("switch", "127.0.0.1:9559", "P4Runtime address of the switch")
		deviceID    = flag.Uint64("device-id", 0, "P4Runtime device id")
		electionID  = flag.Uint64("election-id", 10, "election id; the highest connected controller is primary")
		p4infoPath  = flag.String("p4info", "p4src/build/p4info.txtpb", "P4Info of smarttor.p4 (text format)")
		devicePath  = flag.String("device-config", "p4src/build/smarttor.bundle", "device config pushed to the switch")
		nisAddr     = flag.String("nis", "127.0.0.1:50052", "NIS gRPC address")
		cpAddr      = flag.String("controlplane", "127.0.0.1:50051", "control plane gRPC address")
		tor         = flag.String("tor", "", "this ToR's name (required)")
		vtep        = flag.String("vtep", "", "this ToR's VTEP (substrate) IPv4 address (required)")
		routerMAC   = flag.String("router-mac", "02:00:00:00:01:00", "the ToR's router MAC")
		nisData     = flag.String("nis-addr", "", "the NIS's substrate IPv4 address for the slow-path tunnel (required)")
		strategy    = flag.String("invalidation", "nis-notify", "invalidation strategy: nis-push, nis-notify, tor-passive or tor-active")
		adminAddr   = flag.String("admin-listen", "127.0.0.1:50060", "admin gRPC address (torctl)")
		metricsAddr = flag.String("metrics-listen", "127.0.0.1:9100", "Prometheus /metrics address; empty disables")
		capacity    = flag.Int("capacity", 262144, "flow cache table size")
		idle        = flag.Duration("idle-timeout", 30*time.Second, "delete entries idle this long; 0 disables")
		logLevel    = flag.String("log-level", "info", "debug, info, warn or error")
	)
	flag.Var(&underlay, "underlay", "static underlay route PREFIX,PORT,NEXTHOP_MAC (repeatable)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	st, err := controller.ParseStrategy(*strategy)
	if err != nil {
		return err
	}
	infoText, err := os.ReadFile(*p4infoPath)
	if err != nil {
		return err
	}
	info := &p4configv1.P4Info{}
	// p4c's P4Info text may carry fields newer than the pinned
	// P4Runtime API (has_initial_entries); the agent does not use them.
	if err := (prototext.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(infoText, info); err != nil {
		return fmt.Errorf("%s: %w", *p4infoPath, err)
	}
	devcfg, err := os.ReadFile(*devicePath)
	if err != nil {
		return err
	}
	sch, err := schema.New(info)
	if err != nil {
		return err
	}
	vtepAddr, err := netip.ParseAddr(*vtep)
	if err != nil {
		return fmt.Errorf("--vtep: %w", err)
	}
	nisDataAddr, err := netip.ParseAddr(*nisData)
	if err != nil {
		return fmt.Errorf("--nis-addr: %w", err)
	}
	rmac, err := vcn.ParseMAC(*routerMAC)
	if err != nil {
		return fmt.Errorf("--router-mac: %w", err)
	}

	conn, err := switchconn.New(switchconn.Options{Addr: *switchAddr, DeviceID: *deviceID, ElectionID: *electionID,
		P4Info: info, DeviceConfig: devcfg, Logger: log})
	if err != nil {
		return err
	}
	dial := func(addr string) (*grpc.ClientConn, error) {
		return grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	nisConn, err := dial(*nisAddr)
	if err != nil {
		return err
	}
	defer nisConn.Close()
	cpConn, err := dial(*cpAddr)
	if err != nil {
		return err
	}
	defer cpConn.Close()

	agent, err := controller.New(controller.Config{ToR: *tor, Strategy: st, VTEP: vtepAddr, RouterMAC: rmac,
		NISAddr: nisDataAddr, Underlay: underlay, Capacity: *capacity, IdleTimeout: *idle, Logger: log},
		sch, conn, nisv1.NewNISClient(nisConn), controlplanev1.NewControlPlaneClient(cpConn))
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	lis, err := net.Listen("tcp", *adminAddr)
	if err != nil {
		return err
	}
	srv := grpc.NewServer()
	controllerv1.RegisterAdminServer(srv, admin.New(agent))
	go srv.Serve(lis)
	defer srv.GracefulStop()

	if *metricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(agent.Metrics().Registry, promhttp.HandlerOpts{}))
		hs := &http.Server{Addr: *metricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := hs.ListenAndServe(); err != nil && err != http.ErrServerClosed {
				log.Error("metrics server", "err", err)
			}
		}()
		defer hs.Close()
	}

	go conn.Run(ctx)
	log.Info("tor-agent running", "tor", *tor, "switch", *switchAddr, "strategy", st, "admin", *adminAddr)
	err = agent.Run(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}
