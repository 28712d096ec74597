// Command nisvc runs one replica of the network interface service: it
// mirrors the configuration of the control plane at --controlplane, serves
// the NIS gRPC API on --listen and the VXLAN slow path on --vxlan-listen.
// SIGINT or SIGTERM stops it cleanly.
//
// Replicas. Without --membership-etcd the replica is alone and owns every
// VNIC. With it (the etcd endpoints the control plane uses: those of
// vcn-controlplane --etcd-endpoints, or, for its embedded etcd, the
// loopback endpoint it logs at start as "serving ... etcd=[...]"), the
// replica registers --replica-id
// with its --advertise address under a lease of --membership-ttl in the
// etcd namespace /vcn-nis/, and shares the VNICs with every replica
// registered there by rendezvous hashing (nisvc/shard): a replica that
// dies loses its VNICs to the others when its lease expires; one that
// stops cleanly leaves at once. Ids must be unique among the replicas.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/membership"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/mirror"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/nisgrpc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/shard"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/slowpath"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
)

func main() {
	var o options
	flag.StringVar(&o.listen, "listen", "127.0.0.1:50052", "gRPC address of the NIS API")
	flag.StringVar(&o.cpAddr, "controlplane", "", "gRPC address of the control plane (required)")
	flag.StringVar(&o.vxlan, "vxlan-listen", "0.0.0.0:4789", "UDP address of the VXLAN slow path (empty: no slow path)")
	flag.StringVar(&o.replica, "replica-id", "nis-0", "this replica's id in the member list (unique among replicas)")
	flag.IntVar(&o.workers, "vxlan-workers", 2, "slow-path worker goroutines")
	etcd := flag.String("membership-etcd", "", "comma-separated etcd endpoints for the replicas' member list (the control plane's --etcd-endpoints); empty: this replica alone owns every VNIC")
	flag.DurationVar(&o.memberTTL, "membership-ttl", store.DefaultMemberTTL, "lease TTL of this replica's member key: how long a dead replica keeps its VNICs")
	flag.StringVar(&o.advertise, "advertise", "", "NIS API address published in the member list (default: the --listen address)")
	flag.Parse()
	if *etcd != "" {
		o.etcd = strings.Split(*etcd, ",")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, nil); err != nil {
		log.Fatalf("nisvc: %v", err)
	}
}

// options are the command's flags.
type options struct {
	listen, cpAddr, vxlan, replica string
	workers                        int
	etcd                           []string      // membership endpoints; nil: alone
	memberTTL                      time.Duration // 0: store.DefaultMemberTTL
	advertise                      string        // "": the listen address
}

// run serves until ctx is done. started, if not nil, receives the gRPC and
// VXLAN addresses once both listen.
func run(ctx context.Context, o options, started func(grpcAddr, vxlanAddr string)) error {
	listen, cpAddr, vxlan, replica, workers := o.listen, o.cpAddr, o.vxlan, o.replica, o.workers
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

	lis, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	self := shard.Member{ID: replica, Addr: o.advertise}
	if self.Addr == "" {
		self.Addr = lis.Addr().String()
	}
	var members shard.Membership = shard.NewMemory(self)
	if len(o.etcd) > 0 {
		mctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		m, err := membership.Dial(mctx, o.etcd, self, o.memberTTL)
		cancel()
		if err != nil {
			lis.Close()
			return err
		}
		defer m.Close() // leave at once on a clean stop
		members = m
		log.Printf("nisvc %s: member list in etcd %v (ttl %v)", replica, o.etcd, o.memberTTL)
	}
	svc := nisvc.New(controlplanev1.NewControlPlaneClient(conn), nisvc.Options{ReplicaID: replica, Membership: members, Logf: log.Printf})

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
