package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/prototext"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/server"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/mirror"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/nisgrpc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/slowpath"
	"github.com/vcn-flowcache/vcn-flowcache/p4src"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/device"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
)

// Option configures Start.
type Option func(*options)

type options struct {
	strategy controller.Strategy
	log      *slog.Logger
	capacity int
	quiesce  bool
}

// Quiesce holds the instances' traffic while a change is committed and
// until every ToR has acknowledged it and cleaned up its entries.
//
// It isolates a change from traffic (for measuring the change alone); by
// default traffic runs through every change, so the window between the
// version write and the clean-up is exercised. The oracle judges every
// packet either way.
func Quiesce(on bool) Option { return func(o *options) { o.quiesce = on } }

// WithStrategy selects the agents' invalidation strategy (default
// nis-notify).
func WithStrategy(s controller.Strategy) Option { return func(o *options) { o.strategy = s } }

// WithLogger makes the components log to l (default: discard).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithCapacity sets each agent's flow-cache capacity (default 262144).
func WithCapacity(n int) Option { return func(o *options) { o.capacity = n } }

// Lab is a running embedded deployment.
type Lab struct {
	Topology Topology
	// CP is a control-plane client, for changes made from outside.
	CP *client.Client
	// NIS is the network interface service; SlowPath its data path.
	NIS      *nisvc.Service
	SlowPath *slowpath.Processor
	// ToRs are the smart ToRs, by index.
	ToRs []*ToR

	strategy controller.Strategy
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	closers  []func() // run in reverse order by Close
	dir      string
	seg      *ports.Segment
	start    time.Time

	oracle  *oracle
	quiesce bool
	ackOnly bool         // changes return once acknowledged, without waiting for the clean-up
	gate    sync.RWMutex // Send holds it shared; a quiesced change exclusively
}

// ToR is one smart ToR of the lab: the switch, its controller and its
// host ports.
type ToR struct {
	Index  int
	Name   string
	Device *device.Device
	Agent  *controller.Agent
	Conn   *switchconn.Conn
	// Addr is the switch's P4Runtime (and gNMI) address.
	Addr string
	// Hosts are the outside ends of the host ports, by port number.
	Hosts map[uint32]*ports.MemEnd

	substrate *ports.MemPort
}

// prefix32 is the host route of a.
func prefix32(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, 32) }

// helloFrame is a broadcast frame of an ethertype nobody handles (IEEE
// local experimental), sent once by every substrate station so that the
// learning bridge knows where it is.
func helloFrame(src vcn.MAC) []byte {
	b := make([]byte, 60)
	copy(b[0:6], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	copy(b[6:12], src[:])
	b[12], b[13] = 0x88, 0xb5
	return b
}

// Start brings a lab up: control plane, configuration, NIS, ToRs and
// their agents, and returns once every agent serves. Close tears it down.
func Start(ctx context.Context, topo Topology, opts ...Option) (_ *Lab, err error) {
	o := options{strategy: controller.NISNotify, log: slog.New(slog.NewTextHandler(io.Discard, nil)), capacity: 262144}
	for _, f := range opts {
		f(&o)
	}
	topo = topo.Defaults()
	cfg, err := topo.Build()
	if err != nil {
		return nil, err
	}
	info := &p4configv1.P4Info{}
	// p4c-style P4Info text may carry fields newer than the pinned
	// P4Runtime API (has_initial_entries); a client drops them.
	if err := (prototext.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(p4src.P4InfoText, info); err != nil {
		return nil, fmt.Errorf("p4info: %w", err)
	}
	sch, err := schema.New(info)
	if err != nil {
		return nil, err
	}

	rctx, cancel := context.WithCancel(context.Background())
	l := &Lab{Topology: topo, strategy: o.strategy, cancel: cancel, start: time.Now(), quiesce: o.quiesce}
	defer func() {
		if err != nil {
			l.Close()
		}
	}()
	l.closers = append(l.closers, cancel)

	// Control plane: embedded etcd in a temporary directory.
	if l.dir, err = os.MkdirTemp("", "vcnlab-"); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, l.dir, store.WithoutFsync())
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	l.closers = append(l.closers, func() { st.Close() })
	cp, err := controlplane.New(ctx, st, controlplane.WithLogger(o.log))
	if err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { cp.Close() })
	cpSrv := grpc.NewServer(server.GRPCOptions()...)
	cpAPI := server.New(cp)
	cpAPI.Register(cpSrv)
	cpAddr, err := serve(l, cpSrv, func() { cpAPI.EndWatches() })
	if err != nil {
		return nil, err
	}
	if l.CP, err = client.Dial(cpAddr); err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { l.CP.Close() })
	if err := load(ctx, l.CP, cfg); err != nil {
		return nil, fmt.Errorf("loading the configuration: %w", err)
	}

	// NIS: mirror over gRPC, its API on loopback, slow path on the segment.
	nisCP, err := grpc.NewClient(cpAddr, mirror.DialOptions()...)
	if err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { nisCP.Close() })
	l.NIS = nisvc.New(controlplanev1.NewControlPlaneClient(nisCP), nisvc.Options{ReplicaID: "nis-0"})
	l.goRun(func() { l.NIS.Run(rctx) })
	nisSrv := grpc.NewServer()
	nisAPI := nisgrpc.New(l.NIS)
	nisAPI.Register(nisSrv)
	nisAddr, err := serve(l, nisSrv, nisAPI.Close)
	if err != nil {
		return nil, err
	}
	l.seg = ports.NewSegment(ports.Learning)
	macOf := map[netip.Addr]vcn.MAC{}
	for i := 0; i < topo.ToRs; i++ {
		macOf[ToRVTEP(i)] = ToRMAC(i)
	}
	nisEnd := l.seg.NewEnd("nis", ports.WithQueue(8192, 256))
	host := newNISHost(nisEnd, macOf)
	l.closers = append(l.closers, func() { host.Close(); nisEnd.Close() })
	l.SlowPath = slowpath.New(l.NIS.Snapshot, host)
	l.oracle = newOracle(l, cfg)
	l.SlowPath.Observe(l.oracle.slowPathEvent)
	l.goRun(func() { l.SlowPath.Run(rctx, 2) })
	select {
	case <-l.NIS.Ready():
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	dial := func(addr string) (*grpc.ClientConn, error) {
		return grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	nisConn, err := dial(nisAddr)
	if err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { nisConn.Close() })
	cpConn, err := dial(cpAddr)
	if err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { cpConn.Close() })

	// ToRs.
	for i := 0; i < topo.ToRs; i++ {
		t, err := l.startToR(rctx, i, info, sch, o, nisv1.NewNISClient(nisConn), controlplanev1.NewControlPlaneClient(cpConn))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ToRName(i), err)
		}
		l.ToRs = append(l.ToRs, t)
	}
	for _, t := range l.ToRs {
		select {
		case <-t.Agent.Ready():
		case <-ctx.Done():
			return nil, fmt.Errorf("%s not ready: %w", t.Name, ctx.Err())
		}
	}
	// The learning bridge learns every station once, so that no frame is
	// flooded to a ToR that would route it back (underlay transit).
	for _, t := range l.ToRs {
		_ = t.substrate.Send(helloFrame(ToRMAC(t.Index)))
	}
	_ = nisEnd.Inject(helloFrame(NISMAC))
	// Wait until the NIS and every agent see every VNIC programmed: a
	// first sync is part of Ready, so this is quick.
	return l, nil
}

// startToR creates switch i with its ports, serves P4Runtime on loopback
// and starts its agent.
func (l *Lab) startToR(ctx context.Context, i int, info *p4configv1.P4Info, sch *schema.Schema, o options,
	nis nisv1.NISClient, cp controlplanev1.ControlPlaneClient) (*ToR, error) {
	d, err := device.New(device.Options{DeviceID: 1, Logger: o.log})
	if err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { d.Close() })
	t := &ToR{Index: i, Name: ToRName(i), Device: d, Hosts: map[uint32]*ports.MemEnd{}}
	for p := 1; p <= l.Topology.VNICsPerToR+l.Topology.SparePorts; p++ {
		sw, end := ports.NewMemPort(uint32(p), fmt.Sprintf("%s-h%d", t.Name, p), ports.WithQueue(4096, 256))
		if err := d.AddPort(sw); err != nil {
			return nil, err
		}
		t.Hosts[uint32(p)] = end
		l.goRun(func() { l.oracle.receive(ctx, t, uint32(p), end) })
	}
	sub := l.seg.NewPort(SubstratePort, t.Name+"-sub")
	if err := d.AddPort(sub); err != nil {
		return nil, err
	}
	if err := d.Start(); err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t.Addr = lis.Addr().String()
	go d.Serve(lis)
	t.Conn, err = switchconn.New(switchconn.Options{Addr: t.Addr, DeviceID: 1, ElectionID: 10,
		P4Info: info, DeviceConfig: p4src.DeviceConfig, Logger: o.log})
	if err != nil {
		return nil, err
	}
	var underlay []controller.UnderlayRoute
	for j := 0; j < l.Topology.ToRs; j++ {
		if j != i {
			underlay = append(underlay, controller.UnderlayRoute{Prefix: prefix32(ToRVTEP(j)), Port: SubstratePort, NextHop: ToRMAC(j)})
		}
	}
	underlay = append(underlay, controller.UnderlayRoute{Prefix: prefix32(NISAddr), Port: SubstratePort, NextHop: NISMAC})
	t.Agent, err = controller.New(controller.Config{ToR: t.Name, Strategy: o.strategy, VTEP: ToRVTEP(i),
		RouterMAC: ToRMAC(i), NISAddr: NISAddr, Underlay: underlay, Capacity: o.capacity,
		PollInterval: 200 * time.Millisecond, Logger: o.log}, sch, t.Conn, nis, cp)
	if err != nil {
		return nil, err
	}
	l.goRun(func() { t.Conn.Run(ctx) })
	l.goRun(func() { t.Agent.Run(ctx) })
	t.substrate = sub
	return t, nil
}

// goRun runs f in a goroutine Close waits for.
func (l *Lab) goRun(f func()) {
	l.wg.Add(1)
	go func() { defer l.wg.Done(); f() }()
}

// serve serves a gRPC server on a loopback port and returns its address;
// Close stops it (after stop, which ends its streams).
func serve(l *Lab, s *grpc.Server, stop func()) (string, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go s.Serve(lis)
	l.closers = append(l.closers, func() {
		stop()
		done := make(chan struct{})
		go func() { s.GracefulStop(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			s.Stop()
		}
	})
	return lis.Addr().String(), nil
}

// load creates every object of cfg through the control-plane client.
func load(ctx context.Context, c *client.Client, cfg Config) error {
	for _, o := range cfg.All() {
		if _, err := c.Create(ctx, o); err != nil {
			return fmt.Errorf("%T: %w", o, err)
		}
	}
	return nil
}

// Close tears the lab down: agents, switches, NIS, control plane, and the
// temporary etcd directory.
func (l *Lab) Close() error {
	l.cancel()
	var errs []error
	for i := len(l.closers) - 1; i >= 0; i-- {
		l.closers[i]()
	}
	l.closers = nil
	done := make(chan struct{})
	go func() { l.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		errs = append(errs, errors.New("lab: goroutines still running after 10 s"))
	}
	if l.dir != "" {
		errs = append(errs, os.RemoveAll(l.dir))
		l.dir = ""
	}
	return errors.Join(errs...)
}
