// Command nisvc runs one replica of the network interface service: it
// mirrors the configuration of the control plane at --controlplane, serves
// the NIS gRPC API on --listen and the VXLAN slow path on --vxlan-listen.
// SIGINT or SIGTERM stops it cleanly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/mirror"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/nisgrpc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/slowpath"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:50052", "gRPC address of the NIS API")
	cpAddr := flag.String("controlplane", "", "gRPC address of the control plane (required)")
	vxlan := flag.String("vxlan-listen", "0.0.0.0:4789", "UDP address of the VXLAN slow path (empty: no slow path)")
	replica := flag.String("replica-id", "nis-0", "this replica's id in the member list")
	workers := flag.Int("vxlan-workers", 2, "slow-path worker goroutines")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *listen, *cpAddr, *vxlan, *replica, *workers, nil); err != nil {
		log.Fatalf("nisvc: %v", err)
	}
}

// run serves until ctx is done. started, if not nil, receives the gRPC and
// VXLAN addresses once both listen.
func run(ctx context.Context, listen, cpAddr, vxlan, replica string, workers int, started func(grpcAddr, vxlanAddr string)) error {
	if cpAddr == "" {
		return errors.New("--controlplane is required")
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	conn, err := grpc.NewClient(cpAddr, mirror.DialOptions()...)
	if err != nil {
		return fmt.Errorf("control plane %q: %w", cpAddr, err)
	}
	defer conn.Close()
	svc := nisvc.New(controlplanev1.NewControlPlaneClient(conn), nisvc.Options{ReplicaID: replica, Logf: log.Printf})

	lis, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	var udp *slowpath.UDPConn
	if vxlan != "" {
		if udp, err = slowpath.ListenUDP(vxlan); err != nil {
			lis.Close()
			return err
		}
	}
	g := grpc.NewServer()
	api := nisgrpc.New(svc)
	api.Register(g)

	errc := make(chan error, 3)
	go func() { errc <- svc.Run(ctx) }()
	go func() { errc <- g.Serve(lis) }()
	running := 2
	var sp *slowpath.Processor
	if udp != nil {
		sp = slowpath.New(svc.Snapshot, udp)
		go func() { errc <- sp.Run(ctx, workers) }()
		running++
		log.Printf("nisvc %s: VXLAN slow path on %v", replica, udp.LocalAddr())
	}
	log.Printf("nisvc %s: NIS API on %v, control plane %s", replica, lis.Addr(), cpAddr)
	if started != nil {
		va := ""
		if udp != nil {
			va = udp.LocalAddr().String()
		}
		started(lis.Addr().String(), va)
	}

	var first error
	select {
	case <-ctx.Done():
	case first = <-errc:
		running--
		stop()
	}
	api.Close() // end the subscription streams so that GracefulStop can finish
	done := make(chan struct{})
	go func() { g.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		g.Stop()
	}
	for ; running > 0; running-- {
		if err := <-errc; err != nil && !errors.Is(err, grpc.ErrServerStopped) && first == nil {
			first = err
		}
	}
	if sp != nil {
		st := sp.Stats()
		log.Printf("nisvc %s: stopped; slow path %+v", replica, st)
	}
	return first
}
