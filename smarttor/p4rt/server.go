package p4rt

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

// APIVersion is the P4Runtime version the server implements.
const APIVersion = "1.4.0"

// Server is the P4Runtime service of one device. It implements
// p4v1.P4RuntimeServer; use Serve to run it on a listener or Register to
// add it to an existing grpc.Server.
type Server struct {
	p4v1.UnimplementedP4RuntimeServer

	target Target
	opts   options

	// mu guards pipe, saved and state. Writes, pipeline changes and
	// the digest/idle engines' state changes take it exclusively; Read
	// and packet-out take it shared.
	mu    sync.RWMutex
	pipe  *pipeline
	saved *pipeline
	state *pipeState

	arb     *arbiter
	digests *digestEngine

	grpcMu sync.Mutex
	grpc   *grpc.Server
	stop   chan struct{}
	done   sync.WaitGroup
}

type options struct {
	deviceID     uint64
	readChunk    int
	idleInterval time.Duration
	streamBuffer int
	grpcOpts     []grpc.ServerOption
}

// Option configures a Server.
type Option func(*options)

// WithDeviceID sets the device id clients must use; the default is 0,
// simple_switch_grpc's default.
func WithDeviceID(id uint64) Option { return func(o *options) { o.deviceID = id } }

// WithReadChunk sets how many entities a ReadResponse carries at most
// (default 1000).
func WithReadChunk(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.readChunk = n
		}
	}
}

// WithIdleScanInterval sets how often idle timeouts are checked (default
// 100ms). Entries time out with this granularity.
func WithIdleScanInterval(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.idleInterval = d
		}
	}
}

// WithStreamBuffer sets how many messages may wait for a slow stream
// client before packet-ins to it are dropped (default 4096).
func WithStreamBuffer(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.streamBuffer = n
		}
	}
}

// WithGRPCOptions passes options to the grpc.Server that Serve creates.
func WithGRPCOptions(opts ...grpc.ServerOption) Option {
	return func(o *options) { o.grpcOpts = append(o.grpcOpts, opts...) }
}

// NewServer returns a server for target. It registers itself as the
// target's handler and starts the digest and idle-timeout engines; Close
// stops them.
func NewServer(target Target, opts ...Option) *Server {
	o := options{readChunk: 1000, idleInterval: 100 * time.Millisecond, streamBuffer: 4096}
	for _, f := range opts {
		f(&o)
	}
	s := &Server{target: target, opts: o, stop: make(chan struct{})}
	s.arb = newArbiter(s)
	s.digests = newDigestEngine(s)
	target.SetHandler(handler{s})
	s.done.Add(1)
	go s.idleLoop()
	return s
}

// Register adds the P4Runtime service to gs.
func (s *Server) Register(gs *grpc.Server) { p4v1.RegisterP4RuntimeServer(gs, s) }

// Serve serves P4Runtime on lis until Close; it returns nil after Close.
func (s *Server) Serve(lis net.Listener) error {
	gs := grpc.NewServer(append([]grpc.ServerOption{grpc.MaxRecvMsgSize(256 << 20), grpc.MaxSendMsgSize(256 << 20)}, s.opts.grpcOpts...)...)
	s.Register(gs)
	s.grpcMu.Lock()
	s.grpc = gs
	s.grpcMu.Unlock()
	err := gs.Serve(lis)
	if errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Close stops the gRPC server started by Serve (closing every stream) and
// the background engines.
func (s *Server) Close() {
	s.grpcMu.Lock()
	gs := s.grpc
	s.grpcMu.Unlock()
	if gs != nil {
		gs.Stop()
	}
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.target.SetHandler(nil)
	s.digests.close()
	s.done.Wait()
}

// Capabilities answers the API version.
func (s *Server) Capabilities(context.Context, *p4v1.CapabilitiesRequest) (*p4v1.CapabilitiesResponse, error) {
	return &p4v1.CapabilitiesResponse{P4RuntimeApiVersion: APIVersion}, nil
}

func (s *Server) checkDevice(id uint64) error {
	if id != s.opts.deviceID {
		return status.Errorf(codes.NotFound, "unknown device id %d", id)
	}
	return nil
}

// SetForwardingPipelineConfig verifies, saves and commits pipelines.
func (s *Server) SetForwardingPipelineConfig(ctx context.Context, req *p4v1.SetForwardingPipelineConfigRequest) (*p4v1.SetForwardingPipelineConfigResponse, error) {
	if err := s.checkDevice(req.GetDeviceId()); err != nil {
		return nil, err
	}
	if !s.arb.isPrimary(req.GetRole(), req.GetElectionId()) {
		return nil, status.Errorf(codes.PermissionDenied, "not the primary controller for role %q", req.GetRole())
	}
	if err := s.setPipeline(req.GetAction(), req.GetConfig()); err != nil {
		return nil, err
	}
	return &p4v1.SetForwardingPipelineConfigResponse{}, nil
}

// Load commits a pipeline locally, without a controller: what a switch
// started with a compiled program does (simple_switch_grpc with a JSON
// file). A controller that connects later sees it as the running config.
func (s *Server) Load(cfg *p4v1.ForwardingPipelineConfig) error {
	return s.setPipeline(p4v1.SetForwardingPipelineConfigRequest_VERIFY_AND_COMMIT, cfg)
}

func (s *Server) setPipeline(act p4v1.SetForwardingPipelineConfigRequest_Action, cfg *p4v1.ForwardingPipelineConfig) error {
	if act == p4v1.SetForwardingPipelineConfigRequest_COMMIT {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.saved == nil {
			return status.Error(codes.FailedPrecondition, "no saved pipeline to commit")
		}
		if err := s.commitLocked(s.saved, false); err != nil {
			return err
		}
		s.saved = nil
		return nil
	}
	if act == p4v1.SetForwardingPipelineConfigRequest_UNSPECIFIED {
		return status.Error(codes.InvalidArgument, "action unspecified")
	}
	if act > p4v1.SetForwardingPipelineConfigRequest_RECONCILE_AND_COMMIT {
		return status.Errorf(codes.Unimplemented, "action %v", act)
	}
	if cfg.GetP4Info() == nil {
		return status.Error(codes.InvalidArgument, "config without a P4Info")
	}
	p, err := newPipeline(cfg.GetP4Info())
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "%v", err)
	}
	p.deviceConfig = cfg.GetP4DeviceConfig()
	if c := cfg.GetCookie(); c != nil {
		p.cookie, p.hasCookie = c.GetCookie(), true
	}
	prepared, err := s.target.Prepare(p.info, p.deviceConfig)
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "device config: %v", err)
	}
	p.prepared = prepared
	s.mu.Lock()
	defer s.mu.Unlock()
	switch act {
	case p4v1.SetForwardingPipelineConfigRequest_VERIFY:
	case p4v1.SetForwardingPipelineConfigRequest_VERIFY_AND_SAVE:
		s.saved = p
	case p4v1.SetForwardingPipelineConfigRequest_VERIFY_AND_COMMIT:
		return s.commitLocked(p, false)
	case p4v1.SetForwardingPipelineConfigRequest_RECONCILE_AND_COMMIT:
		return s.commitLocked(p, true)
	}
	return nil
}

// commitLocked makes p the running pipeline; with reconcile, entries and
// PRE state that still fit are replayed.
func (s *Server) commitLocked(p *pipeline, reconcile bool) error {
	if err := s.target.Commit(p.prepared); err != nil {
		return status.Errorf(codes.Internal, "commit: %v", err)
	}
	old, oldState := s.pipe, s.state
	var oldDigests []*p4v1.DigestEntry
	if old != nil {
		oldDigests = s.digests.read(0)
	}
	s.pipe = p
	s.state = newPipeState(p)
	s.loadInitialEntries()
	s.digests.reset(p)
	if reconcile && old != nil {
		s.reconcileLocked(oldState, oldDigests)
	}
	return nil
}

// reconcileLocked replays the old state into the new pipeline: PRE
// entries always (they do not depend on the P4Info); table entries,
// default actions, action profile members and groups and digest configs
// when they validate against the new P4Info. Counter values, meter and
// register contents and value sets start afresh, as after any commit.
func (s *Server) reconcileLocked(old *pipeState, digests []*p4v1.DigestEntry) {
	var ups []*p4v1.Update
	for _, d := range digests {
		ups = append(ups, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_DigestEntry{DigestEntry: d}}})
	}
	for _, g := range old.mcast {
		ups = append(ups, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_PacketReplicationEngineEntry{PacketReplicationEngineEntry: &p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_MulticastGroupEntry{MulticastGroupEntry: g}}}}})
	}
	for _, c := range old.clones {
		ups = append(ups, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_PacketReplicationEngineEntry{PacketReplicationEngineEntry: &p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_CloneSessionEntry{CloneSessionEntry: c}}}}})
	}
	for _, ms := range old.members {
		for _, m := range ms {
			ups = append(ups, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_ActionProfileMember{ActionProfileMember: m}}})
		}
	}
	for _, gs := range old.groups {
		for _, g := range gs {
			ups = append(ups, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_ActionProfileGroup{ActionProfileGroup: g}}})
		}
	}
	for _, ts := range old.tables {
		if ts.def != nil {
			ups = append(ups, &p4v1.Update{Type: p4v1.Update_MODIFY, Entity: &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: ts.def}}})
		}
		for _, e := range ts.entries {
			ups = append(ups, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: e.pb}}})
		}
	}
	s.applyLocked(ups) // entries that no longer fit fail and are dropped
}

// GetForwardingPipelineConfig returns the running pipeline.
func (s *Server) GetForwardingPipelineConfig(ctx context.Context, req *p4v1.GetForwardingPipelineConfigRequest) (*p4v1.GetForwardingPipelineConfigResponse, error) {
	if err := s.checkDevice(req.GetDeviceId()); err != nil {
		return nil, err
	}
	s.mu.RLock()
	p := s.pipe
	s.mu.RUnlock()
	if p == nil {
		// No config: the response has none, which p4runtime-go-client
		// reports as (nil, nil).
		return &p4v1.GetForwardingPipelineConfigResponse{}, nil
	}
	cfg := &p4v1.ForwardingPipelineConfig{}
	if p.hasCookie {
		cfg.Cookie = &p4v1.ForwardingPipelineConfig_Cookie{Cookie: p.cookie}
	}
	switch req.GetResponseType() {
	case p4v1.GetForwardingPipelineConfigRequest_ALL:
		cfg.P4Info, cfg.P4DeviceConfig = p.info, p.deviceConfig
	case p4v1.GetForwardingPipelineConfigRequest_COOKIE_ONLY:
	case p4v1.GetForwardingPipelineConfigRequest_P4INFO_AND_COOKIE:
		cfg.P4Info = p.info
	case p4v1.GetForwardingPipelineConfigRequest_DEVICE_CONFIG_AND_COOKIE:
		cfg.P4DeviceConfig = p.deviceConfig
	default:
		return nil, status.Errorf(codes.InvalidArgument, "unknown response type %v", req.GetResponseType())
	}
	return &p4v1.GetForwardingPipelineConfigResponse{Config: cfg}, nil
}

// SamePipelineInfo reports whether the P4Info a client sent describes the
// pipeline a target generated from the device config; the error names the
// first object that differs, to help whoever built the two files.
func SamePipelineInfo(sent, generated *p4configv1.P4Info) error {
	if proto.Equal(sent, generated) {
		return nil
	}
	// Fields newer than the pinned P4Runtime API (p4info's has_initial_entries
	// and selector size semantics) are unknown fields here, which a client
	// built on that API drops: compare without them.
	sent, generated = knownFields(sent), knownFields(generated)
	if proto.Equal(sent, generated) {
		return nil
	}
	names := func(info *p4configv1.P4Info) map[string]proto.Message {
		m := map[string]proto.Message{}
		p4info.Entities(info, func(kind string, x p4info.Entity) {
			pre := x.GetPreamble()
			m[fmt.Sprintf("%s %q (id %#x)", kind, pre.GetName(), pre.GetId())] = x.(proto.Message)
		})
		return m
	}
	a, b := names(sent), names(generated)
	var diffs []string
	for k, x := range a {
		if y, ok := b[k]; !ok {
			diffs = append(diffs, "the sent P4Info has "+k+", the program does not")
		} else if !proto.Equal(x, y) {
			diffs = append(diffs, k+" differs")
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, "the program has "+k+", the sent P4Info does not")
		}
	}
	sort.Strings(diffs)
	if len(diffs) == 0 {
		return fmt.Errorf("the P4Info does not match the one generated from the device config (type info or package info differ)")
	}
	if len(diffs) > 3 {
		diffs = append(diffs[:3], fmt.Sprintf("and %d more", len(diffs)-3))
	}
	return fmt.Errorf("the P4Info does not match the one generated from the device config: %s", strings.Join(diffs, "; "))
}

// knownFields returns a copy of info without its unknown fields.
func knownFields(info *p4configv1.P4Info) *p4configv1.P4Info {
	c := proto.Clone(info).(*p4configv1.P4Info)
	var discard func(m protoreflect.Message)
	discard = func(m protoreflect.Message) {
		m.SetUnknown(nil)
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsMap():
				if fd.MapValue().Message() != nil {
					v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
						discard(mv.Message())
						return true
					})
				}
			case fd.Message() == nil:
			case fd.IsList():
				for i := 0; i < v.List().Len(); i++ {
					discard(v.List().Get(i).Message())
				}
			default:
				discard(v.Message())
			}
			return true
		})
	}
	discard(c.ProtoReflect())
	return c
}

// handler adapts the server to the target's callbacks.
type handler struct{ s *Server }

func (h handler) PacketIn(frame []byte)                   { h.s.packetIn(frame) }
func (h handler) Digest(digestID uint32, fields [][]byte) { h.s.digests.add(digestID, fields) }
