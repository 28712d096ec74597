// Command vcn-controlplane runs the VCN control plane: the gRPC API of
// controlplane.v1.ControlPlane over an embedded etcd (data in --data-dir)
// or an external cluster (--etcd-endpoints). SIGTERM or SIGINT stops it
// cleanly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/server"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := run(ctx, os.Args[1:], nil); err != nil {
		fmt.Fprintln(os.Stderr, "vcn-controlplane:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done. If ready is not nil it receives the
// listening address once the server accepts connections.
func run(ctx context.Context, args []string, ready chan<- string) error {
	fs := flag.NewFlagSet("vcn-controlplane", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:50051", "gRPC listen address")
	dataDir := fs.String("data-dir", "vcn-controlplane.data", "data directory of the embedded etcd")
	endpoints := fs.String("etcd-endpoints", "", "comma-separated endpoints of an external etcd cluster (instead of the embedded one)")
	history := fs.Int64("etcd-history", store.DefaultHistory, "revisions of history the embedded etcd keeps for resuming watches (0: all)")
	prefix := fs.String("etcd-prefix", store.DefaultPrefix, "key prefix in etcd")
	etcdCert := fs.String("etcd-cert", "", "client certificate for the external etcd")
	etcdKey := fs.String("etcd-key", "", "client key for the external etcd")
	etcdCA := fs.String("etcd-ca", "", "CA of the external etcd's certificates")
	tlsCert := fs.String("tls-cert", "", "server certificate (enables TLS)")
	tlsKey := fs.String("tls-key", "", "server key")
	tlsCA := fs.String("tls-ca", "", "CA of client certificates (enables mutual TLS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	tlsCfg, err := server.TLSConfig(*tlsCert, *tlsKey, *tlsCA)
	if err != nil {
		return err
	}

	openCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var st *store.Store
	if *endpoints != "" {
		opts := []store.Option{store.WithPrefix(*prefix)}
		if *etcdCert != "" || *etcdCA != "" {
			t, err := client.TLSConfig(*etcdCert, *etcdKey, *etcdCA, "")
			if err != nil {
				return fmt.Errorf("etcd %w", err)
			}
			opts = append(opts, store.WithTLS(t))
		}
		st, err = store.Dial(openCtx, strings.Split(*endpoints, ","), opts...)
	} else {
		st, err = store.Open(openCtx, *dataDir, store.WithPrefix(*prefix), store.WithHistory(*history))
	}
	if err != nil {
		return err
	}
	defer st.Close()
	cp, err := controlplane.New(openCtx, st, controlplane.WithLogger(log))
	if err != nil {
		return err
	}
	defer cp.Close()

	sopts := server.GRPCOptions()
	if tlsCfg != nil {
		sopts = append(sopts, grpc.Creds(credentials.NewTLS(tlsCfg)))
	}
	srv := grpc.NewServer(sopts...)
	api := server.New(cp)
	api.Register(srv)
	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	log.Info("serving", "listen", lis.Addr().String(), "etcd", st.Endpoints(), "tls", tlsCfg != nil)
	if ready != nil {
		ready <- lis.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	api.EndWatches()
	done := make(chan struct{})
	go func() { srv.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		srv.Stop()
	}
	if err := <-errc; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}
