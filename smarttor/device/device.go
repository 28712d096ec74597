// Package device assembles the smarttor switch: ports, the P4 interpreter,
// the P4Runtime server and the gNMI server, as simple_switch_grpc does for
// BMv2. It is what cmd/smarttor runs and what the embedded lab and the
// packet tests instantiate in-process.
//
// Data path: every port delivers received frames into one ring (copying
// them, so a port wired to another switch never recurses into it); one
// pipeline goroutine drains the ring through the interpreter and sends
// the outputs to their ports. Frames the pipeline sends to the CPU port
// become P4Runtime packet-ins; packet-outs enter the pipeline on the CPU
// port. A full ring drops the frame and the port counts a discard.
//
// It may import the other smarttor packages, gRPC and the P4Runtime and
// gNMI APIs; never anything VCN-specific.
package device

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/gnmi"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4rt"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// Options configure a device.
type Options struct {
	DeviceID uint64
	CPUPort  uint32 // default p4rt.DefaultCPUPort (510)
	// RingSlots bounds the frames waiting for the pipeline (default
	// ports.DefaultRingSlots).
	RingSlots int
	// Trace, if set, receives the interpreter's per-packet trace (parser
	// states, tables hit or missed, actions), like BMv2's --log-console.
	Trace  func(line string)
	Logger *slog.Logger
	// Compile options for device configs (include directories, defines).
	Compile *compile.Options
	// P4RT options for the P4Runtime server.
	P4RT []p4rt.Option
}

// Device is one software switch.
type Device struct {
	opts   Options
	ports  *ports.Set
	sw     *exec.Switch
	target *p4rt.ExecTarget
	p4rt   *p4rt.Server
	gnmi   *gnmi.Server
	ring   *ports.Ring
	log    *slog.Logger

	mu      sync.Mutex
	servers []*grpc.Server
	started bool
	done    chan struct{}
}

// New returns a device with no ports and no pipeline.
func New(opts Options) (*Device, error) {
	if opts.CPUPort == 0 {
		opts.CPUPort = p4rt.DefaultCPUPort
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	set, err := ports.NewSet(ports.WithCPUPort(opts.CPUPort))
	if err != nil {
		return nil, err
	}
	d := &Device{opts: opts, ports: set, sw: exec.New(), ring: ports.NewRing(opts.RingSlots, 0),
		log: opts.Logger, done: make(chan struct{})}
	if opts.Trace != nil {
		d.sw.SetTrace(opts.Trace)
	}
	d.target = p4rt.NewExecTarget(d.sw, p4rt.SmartTorCompiler(opts.Compile), opts.CPUPort, d.send)
	d.p4rt = p4rt.NewServer(d.target, append([]p4rt.Option{p4rt.WithDeviceID(opts.DeviceID)}, opts.P4RT...)...)
	d.gnmi = gnmi.NewServer(set)
	return d, nil
}

// send transmits a pipeline output; unknown ports count as drops in the
// interpreter's stats already, so errors are only logged at debug level.
func (d *Device) send(port uint32, frame []byte) {
	if err := d.ports.Send(port, frame); err != nil {
		d.log.Debug("send failed", "port", port, "err", err)
	}
}

// Ports is the device's port set: add ports before Start.
func (d *Device) Ports() *ports.Set { return d.ports }

// AddPort adds a port.
func (d *Device) AddPort(p ports.Port) error { return d.ports.Add(p) }

// Switch is the interpreter, for tests and statistics.
func (d *Device) Switch() *exec.Switch { return d.sw }

// P4Runtime is the device's P4Runtime service.
func (d *Device) P4Runtime() p4v1.P4RuntimeServer { return d.p4rt }

// Register adds the P4Runtime and gNMI services to gs.
func (d *Device) Register(gs *grpc.Server) {
	d.p4rt.Register(gs)
	d.gnmi.Register(gs)
}

// Start starts the ports and the pipeline goroutine.
func (d *Device) Start() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started {
		return errors.New("device: already started")
	}
	d.started = true
	if err := d.ports.Start(d.ring.Deliver); err != nil {
		return err
	}
	go d.pipeline()
	return nil
}

func (d *Device) pipeline() {
	defer close(d.done)
	batch := make([]ports.Packet, 64)
	for {
		n, err := d.ring.Receive(context.Background(), batch)
		for _, p := range batch[:n] {
			d.target.Process(p.Port, p.Frame)
		}
		if err != nil {
			return
		}
	}
}

// Serve serves P4Runtime and gNMI on lis (one gRPC server, like Stratum)
// until Close.
func (d *Device) Serve(lis net.Listener) error {
	return d.serve(lis, func(gs *grpc.Server) { d.Register(gs) })
}

// ServeGNMI serves gNMI alone on lis, for a separate --gnmi-addr.
func (d *Device) ServeGNMI(lis net.Listener) error {
	return d.serve(lis, func(gs *grpc.Server) { d.gnmi.Register(gs) })
}

// ServeP4Runtime serves P4Runtime alone on lis.
func (d *Device) ServeP4Runtime(lis net.Listener) error {
	return d.serve(lis, func(gs *grpc.Server) { d.p4rt.Register(gs) })
}

func (d *Device) serve(lis net.Listener, register func(*grpc.Server)) error {
	gs := grpc.NewServer(grpc.MaxRecvMsgSize(256<<20), grpc.MaxSendMsgSize(256<<20))
	register(gs)
	d.mu.Lock()
	d.servers = append(d.servers, gs)
	d.mu.Unlock()
	if err := gs.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}

// LoadPipeline starts the device with a compiled program from dir (as
// `smarttor compile` writes it: p4info.txtpb and smarttor.bundle), as if
// a controller had pushed it with VERIFY_AND_COMMIT.
func (d *Device) LoadPipeline(ctx context.Context, dir string) error {
	infoText, err := os.ReadFile(filepath.Join(dir, "p4info.txtpb"))
	if err != nil {
		return err
	}
	info, err := p4info.UnmarshalText(infoText)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "p4info.txtpb"), err)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, BundleFile))
	if err != nil {
		return err
	}
	return d.SetPipeline(ctx, info, cfg)
}

// BundleFile is the device-config file name `smarttor compile` writes.
const BundleFile = "smarttor.bundle"

// SetPipeline commits a P4Info and device config locally, as a switch
// started with a program does; controllers may replace it.
func (d *Device) SetPipeline(_ context.Context, info *p4configv1.P4Info, cfg []byte) error {
	return d.p4rt.Load(&p4v1.ForwardingPipelineConfig{P4Info: info, P4DeviceConfig: cfg})
}

// Stats are the interpreter's counters.
func (d *Device) Stats() exec.Stats { return d.sw.Stats() }

// Close stops the servers, the ports and the pipeline.
func (d *Device) Close() error {
	d.mu.Lock()
	servers := d.servers
	d.servers = nil
	started := d.started
	d.mu.Unlock()
	for _, gs := range servers {
		gs.Stop()
	}
	d.p4rt.Close()
	err := d.ports.Close()
	d.ring.Close()
	if started {
		<-d.done
	}
	return err
}
