package nisinttest

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/server"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/mirror"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/nisgrpc"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// env is a control plane (embedded etcd in dir, served on cpAddr) and one
// NIS replica mirroring it (served on a loopback address), with a control
// plane client (cli) and a NIS client (nis).
type env struct {
	tb     testing.TB
	ctx    context.Context
	cancel context.CancelFunc
	dir    string

	cpMu   sync.Mutex
	st     *store.Store
	cp     *controlplane.ControlPlane
	cpSrv  *grpc.Server
	cpAPI  *server.Server
	cpAddr string
	cli    *client.Client

	svc *nisvc.Service
	nis nisv1.NISClient
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	e := newCPEnv(tb)
	e.startNIS()
	return e
}

// newCPEnv starts the control plane only; startNIS adds the NIS.
func newCPEnv(tb testing.TB) *env {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{tb: tb, ctx: ctx, cancel: cancel, dir: tb.TempDir()}
	tb.Cleanup(func() {
		cancel()
		e.stopCP()
	})
	e.startCP()
	cli, err := client.Dial(e.cpAddr)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cli.Close() })
	e.cli = cli
	return e
}

// startNIS starts the NIS replica, its gRPC server and client, and waits
// for its first synchronisation.
func (e *env) startNIS() {
	tb, ctx, cancel := e.tb, e.ctx, e.cancel
	tb.Helper()
	conn, err := grpc.NewClient(e.cpAddr, mirror.DialOptions()...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	e.svc = nisvc.New(controlplanev1.NewControlPlaneClient(conn), nisvc.Options{ReplicaID: "nis-0",
		Mirror: mirror.Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond}})
	done := make(chan struct{})
	go func() { e.svc.Run(ctx); close(done) }()
	tb.Cleanup(func() { cancel(); <-done })

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	g := grpc.NewServer()
	api := nisgrpc.New(e.svc)
	api.Register(g)
	go g.Serve(lis)
	tb.Cleanup(func() { api.Close(); g.Stop() })
	nconn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { nconn.Close() })
	e.nis = nisv1.NewNISClient(nconn)
	select {
	case <-e.svc.Ready():
	case <-time.After(60 * time.Second):
		tb.Fatal("NIS not synchronised after 60s")
	}
}

// startCP opens the store in e.dir, starts the control plane on it and
// serves it on e.cpAddr (a new loopback port the first time, the same one
// after stopCP).
func (e *env) startCP() {
	e.tb.Helper()
	e.cpMu.Lock()
	defer e.cpMu.Unlock()
	ctx, cancel := context.WithTimeout(e.ctx, 60*time.Second)
	defer cancel()
	st, err := store.Open(ctx, e.dir, store.WithoutFsync())
	if err != nil {
		e.tb.Fatal(err)
	}
	cp, err := controlplane.New(ctx, st)
	if err != nil {
		st.Close()
		e.tb.Fatal(err)
	}
	addr := e.cpAddr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var lis net.Listener
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if lis, err = net.Listen("tcp", addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		cp.Close()
		st.Close()
		e.tb.Fatal(err)
	}
	e.cpAddr = lis.Addr().String()
	e.st, e.cp = st, cp
	e.cpSrv = grpc.NewServer(server.GRPCOptions()...)
	e.cpAPI = server.New(cp)
	e.cpAPI.Register(e.cpSrv)
	go e.cpSrv.Serve(lis)
}

// stopCP stops serving, closes the control plane and its etcd.
func (e *env) stopCP() {
	e.cpMu.Lock()
	defer e.cpMu.Unlock()
	if e.cp == nil {
		return
	}
	e.cpAPI.EndWatches()
	e.cpSrv.Stop()
	e.cp.Close()
	e.st.Close()
	e.cp, e.st = nil, nil
}

// create creates objects through the control plane client and returns
// the revision of the last change.
func (e *env) create(objs ...any) int64 {
	e.tb.Helper()
	var rev int64
	for _, o := range objs {
		c, err := e.cli.Create(e.ctx, o)
		if err != nil {
			e.tb.Fatalf("create %T: %v", o, err)
		}
		rev = c.Revision
	}
	return rev
}

// update updates an object through the control plane client.
func (e *env) update(obj any) int64 {
	e.tb.Helper()
	c, err := e.cli.Update(e.ctx, obj)
	if err != nil {
		e.tb.Fatalf("update %T: %v", obj, err)
	}
	return c.Revision
}

// waitRev waits until the NIS's snapshot is at revision rev or later.
func (e *env) waitRev(rev int64) {
	e.tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for e.svc.Snapshot().Revision() < rev {
		if time.Now().After(deadline) {
			e.tb.Fatalf("NIS at revision %d after 60s, want %d", e.svc.Snapshot().Revision(), rev)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitVersion waits until the NIS's snapshot holds part p at version v
// or later.
func (e *env) waitVersion(p vcn.PartID, v uint64) {
	e.tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for e.svc.Snapshot().Version(p).Version < v {
		if time.Now().After(deadline) {
			e.tb.Fatalf("NIS holds %v after 60s, want version %d", e.svc.Snapshot().Version(p), v)
		}
		time.Sleep(time.Millisecond)
	}
}
