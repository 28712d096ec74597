package gnmi

import (
	"context"
	"errors"
	"time"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// InterfaceSource is what the server reports on. *ports.Set implements it.
type InterfaceSource interface {
	// Statuses returns a snapshot of every interface.
	Statuses() []ports.Status
	// Watch calls fn on every operational-status change until cancel is
	// called; fn must not block.
	Watch(fn func(ports.Event)) (cancel func())
}

var _ InterfaceSource = (*ports.Set)(nil)

// Version is the gNMI service version the server implements.
const Version = "0.10.0"

// Models is the model data the server supports.
var Models = []*gpb.ModelData{
	{Name: "openconfig-interfaces", Organization: "OpenConfig working group", Version: "3.0.0"},
}

// Server is a gNMI server over an InterfaceSource.
type Server struct {
	gpb.UnimplementedGNMIServer
	src           InterfaceSource
	minSample     time.Duration
	changeRecheck time.Duration
	now           func() time.Time
}

// Option configures a Server.
type Option func(*Server)

// WithMinSampleInterval sets the shortest SAMPLE interval the server
// accepts (default 100ms); a sample_interval of 0 means this interval.
func WithMinSampleInterval(d time.Duration) Option {
	return func(s *Server) { s.minSample = d }
}

// WithChangeRecheck sets how often ON_CHANGE subscriptions to leaves that
// have no change feed (counters) are re-read for changes (default 1s).
// Operational-status changes are sent as soon as they are published.
func WithChangeRecheck(d time.Duration) Option {
	return func(s *Server) { s.changeRecheck = d }
}

// NewServer returns a server reporting on src.
func NewServer(src InterfaceSource, opts ...Option) *Server {
	s := &Server{src: src, minSample: 100 * time.Millisecond, changeRecheck: time.Second, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Register registers the server's gNMI service on g.
func (s *Server) Register(g *grpc.Server) { gpb.RegisterGNMIServer(g, s) }

// Capabilities implements gNMI Capabilities.
func (s *Server) Capabilities(context.Context, *gpb.CapabilityRequest) (*gpb.CapabilityResponse, error) {
	return &gpb.CapabilityResponse{
		SupportedModels:    Models,
		SupportedEncodings: []gpb.Encoding{gpb.Encoding_JSON_IETF, gpb.Encoding_PROTO, gpb.Encoding_JSON},
		GNMIVersion:        Version,
	}, nil
}

// checkEncoding maps an unsupported encoding to UNIMPLEMENTED.
func checkEncoding(enc gpb.Encoding) error {
	switch enc {
	case gpb.Encoding_JSON, gpb.Encoding_JSON_IETF, gpb.Encoding_PROTO:
		return nil
	}
	return status.Errorf(codes.Unimplemented, "encoding %v not supported; use JSON_IETF, PROTO or JSON", enc)
}

// compile validates prefix+path: INVALID_ARGUMENT if malformed, NOT_FOUND
// if outside the model.
func compile(prefix, p *gpb.Path) (pattern, error) {
	pat, err := joinPath(prefix, p)
	if err != nil {
		var eo errOrigin
		if errors.As(err, &eo) {
			return nil, status.Error(codes.NotFound, err.Error())
		}
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if !pat.inSchema() {
		return nil, status.Errorf(codes.NotFound, "path %s is not in openconfig-interfaces state this target serves", pathString(prefix, p))
	}
	return pat, nil
}

// Get implements gNMI Get: one notification per requested path, holding
// every leaf at or under it. A path that matches nothing is NOT_FOUND.
func (s *Server) Get(_ context.Context, req *gpb.GetRequest) (*gpb.GetResponse, error) {
	if err := checkEncoding(req.GetEncoding()); err != nil {
		return nil, err
	}
	if len(req.GetUseModels()) > 0 {
		for _, m := range req.GetUseModels() {
			if m.GetName() != Models[0].Name {
				return nil, status.Errorf(codes.InvalidArgument, "model %q not supported", m.GetName())
			}
		}
	}
	paths := req.GetPath()
	if len(paths) == 0 {
		paths = []*gpb.Path{{}}
	}
	pats := make([]pattern, len(paths))
	for i, p := range paths {
		pat, err := compile(req.GetPrefix(), p)
		if err != nil {
			return nil, err
		}
		pats[i] = pat
	}
	ls := leavesOf(s.src.Statuses())
	ts := s.now().UnixNano()
	resp := &gpb.GetResponse{}
	for i, pat := range pats {
		n := &gpb.Notification{Timestamp: ts, Prefix: notificationPrefix(req.GetPrefix())}
		for j := range ls {
			l := &ls[j]
			if !wantType(req.GetType(), l) {
				continue
			}
			if pat.matches(l.path) {
				n.Update = append(n.Update, &gpb.Update{Path: l.pbPath(), Val: l.val.typed(req.GetEncoding())})
			}
		}
		if len(n.Update) == 0 {
			return nil, status.Errorf(codes.NotFound, "path %s: no such data", pathString(req.GetPrefix(), paths[i]))
		}
		resp.Notification = append(resp.Notification, n)
	}
	return resp, nil
}

// wantType reports whether a Get of type t returns l: CONFIG the
// configuration leaves, STATE and OPERATIONAL the others, ALL everything.
func wantType(t gpb.GetRequest_DataType, l *leaf) bool {
	switch t {
	case gpb.GetRequest_CONFIG:
		return l.config
	case gpb.GetRequest_STATE, gpb.GetRequest_OPERATIONAL:
		return !l.config
	}
	return true
}

// notificationPrefix keeps the request prefix's target and origin.
func notificationPrefix(p *gpb.Path) *gpb.Path {
	if p.GetTarget() == "" && p.GetOrigin() == "" {
		return nil
	}
	return &gpb.Path{Target: p.GetTarget(), Origin: p.GetOrigin()}
}
