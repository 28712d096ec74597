// Package server is the gRPC face of the control plane: it implements
// controlplane.v1.ControlPlane as a thin adapter over a
// *controlplane.ControlPlane (convert the request, call the Go API, map
// the error to a status code), and loads the TLS configuration of the
// daemon.
//
// Status codes: INVALID_ARGUMENT for malformed or invalid objects (with a
// google.rpc.ErrorInfo whose metadata names the object and the field),
// NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION for changes others'
// references forbid (also with the field).
//
// It may import controlplane, controlplane/api, package vcn, the generated
// proto packages and proto/convert; never etcd.
package server

import (
	"context"
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	cpv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// MaxMessageSize is the largest gRPC message the daemon and the client
// accept: a CompareVersions request carries a holder's whole vector
// (about 40 bytes a part, so 100k VNICs' parts are several MB).
const MaxMessageSize = 256 << 20

// GRPCOptions are the gRPC server options the service needs.
func GRPCOptions() []grpc.ServerOption {
	return []grpc.ServerOption{grpc.MaxRecvMsgSize(MaxMessageSize), grpc.MaxSendMsgSize(MaxMessageSize)}
}

// Server serves controlplane.v1.ControlPlane.
type Server struct {
	cpv1.UnimplementedControlPlaneServer
	cp *controlplane.ControlPlane

	done context.Context // cancelled by EndWatches
	end  context.CancelFunc
}

// New returns a server for cp.
func New(cp *controlplane.ControlPlane) *Server {
	done, end := context.WithCancel(context.Background())
	return &Server{cp: cp, done: done, end: end}
}

// EndWatches ends every Watch stream (with UNAVAILABLE: clients resume
// elsewhere or later) and refuses new ones, so that a graceful stop of
// the gRPC server does not wait for them.
func (s *Server) EndWatches() { s.end() }

// Register registers the service on r.
func (s *Server) Register(r grpc.ServiceRegistrar) { cpv1.RegisterControlPlaneServer(r, s) }

// Status converts an error of the Go API into a gRPC status error.
func Status(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok && !isAPI(err) {
		return err
	}
	code := codes.Internal
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	case errors.Is(err, api.ErrInUse):
		code = codes.FailedPrecondition
	case errors.Is(err, api.ErrNotFound):
		code = codes.NotFound
	case errors.Is(err, api.ErrAlreadyExists):
		code = codes.AlreadyExists
	}
	var fe *vcn.FieldError
	if !errors.As(err, &fe) {
		return status.Error(code, err.Error())
	}
	if code == codes.Internal {
		code = codes.InvalidArgument
	}
	st, derr := status.New(code, err.Error()).WithDetails(&errdetails.ErrorInfo{
		Reason:   api.ErrorReasonField,
		Domain:   api.ErrorDomain,
		Metadata: map[string]string{"object": fe.Object, "field": fe.Field, "message": fe.Msg},
	})
	if derr != nil {
		return status.Error(code, err.Error())
	}
	return st.Err()
}

func isAPI(err error) bool {
	var fe *vcn.FieldError
	return errors.Is(err, api.ErrInUse) || errors.Is(err, api.ErrNotFound) || errors.Is(err, api.ErrAlreadyExists) || errors.As(err, &fe)
}

func invalid(format string, args ...any) error {
	return status.Errorf(codes.InvalidArgument, format, args...)
}

func object(m *typesv1.Object) (any, error) {
	obj, err := convert.ObjectFromProto(m)
	if err != nil {
		return nil, invalid("object: %v", err)
	}
	return obj, nil
}

func ref(m *cpv1.ObjectRef) (api.Ref, error) {
	k := api.Kind(m.GetKind())
	if !k.Valid() {
		return api.Ref{}, invalid("ref.kind: %v is not an object kind", m.GetKind())
	}
	if m.GetId() == "" {
		return api.Ref{}, invalid("ref.id: must be set")
	}
	return api.Ref{Kind: k, ID: m.GetId()}, nil
}

// Create implements controlplane.v1.ControlPlane.
func (s *Server) Create(ctx context.Context, req *cpv1.CreateRequest) (*cpv1.CreateResponse, error) {
	obj, err := object(req.GetObject())
	if err != nil {
		return nil, err
	}
	c, err := s.cp.Create(ctx, obj)
	if err != nil {
		return nil, Status(err)
	}
	return &cpv1.CreateResponse{Bumped: convert.PartVersionsToProto(c.Bumped), Revision: c.Revision}, nil
}

// Update implements controlplane.v1.ControlPlane.
func (s *Server) Update(ctx context.Context, req *cpv1.UpdateRequest) (*cpv1.UpdateResponse, error) {
	obj, err := object(req.GetObject())
	if err != nil {
		return nil, err
	}
	c, err := s.cp.Update(ctx, obj)
	if err != nil {
		return nil, Status(err)
	}
	return &cpv1.UpdateResponse{Bumped: convert.PartVersionsToProto(c.Bumped), Revision: c.Revision}, nil
}

// Delete implements controlplane.v1.ControlPlane.
func (s *Server) Delete(ctx context.Context, req *cpv1.DeleteRequest) (*cpv1.DeleteResponse, error) {
	r, err := ref(req.GetRef())
	if err != nil {
		return nil, err
	}
	c, err := s.cp.Delete(ctx, r)
	if err != nil {
		return nil, Status(err)
	}
	return &cpv1.DeleteResponse{Bumped: convert.PartVersionsToProto(c.Bumped), Revision: c.Revision}, nil
}

// Get implements controlplane.v1.ControlPlane.
func (s *Server) Get(ctx context.Context, req *cpv1.GetRequest) (*cpv1.GetResponse, error) {
	r, err := ref(req.GetRef())
	if err != nil {
		return nil, err
	}
	obj, err := s.cp.Get(ctx, r)
	if err != nil {
		return nil, Status(err)
	}
	m, err := convert.ObjectToProto(obj)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &cpv1.GetResponse{Object: m}, nil
}

// List implements controlplane.v1.ControlPlane.
func (s *Server) List(ctx context.Context, req *cpv1.ListRequest) (*cpv1.ListResponse, error) {
	k := api.Kind(req.GetKind())
	if !k.Valid() {
		return nil, invalid("kind: %v is not an object kind", req.GetKind())
	}
	objs, rev, err := s.cp.List(ctx, api.ListFilter{Kind: k, VCNID: req.GetVcnId(), ToR: req.GetTor()})
	if err != nil {
		return nil, Status(err)
	}
	resp := &cpv1.ListResponse{Objects: make([]*typesv1.Object, len(objs)), Revision: rev}
	for i, o := range objs {
		if resp.Objects[i], err = convert.ObjectToProto(o); err != nil {
			return nil, status.Error(codes.Internal, err.Error())
		}
	}
	return resp, nil
}

// CompareVersions implements controlplane.v1.ControlPlane.
func (s *Server) CompareVersions(ctx context.Context, req *cpv1.CompareVersionsRequest) (*cpv1.CompareVersionsResponse, error) {
	held, err := convert.VectorFromProto(req.GetHeld())
	if err != nil {
		return nil, invalid("held: %v", err)
	}
	stale, rev, err := s.cp.CompareVersions(ctx, held, req.GetIncludeNew(), req.GetIncludeContent())
	if err != nil {
		return nil, Status(err)
	}
	resp := &cpv1.CompareVersionsResponse{Stale: make([]*typesv1.PartContent, len(stale)), Revision: rev}
	for i, c := range stale {
		resp.Stale[i] = convert.PartContentToProto(c)
	}
	return resp, nil
}

// Versions implements controlplane.v1.ControlPlane.
func (s *Server) Versions(ctx context.Context, req *cpv1.VersionsRequest) (*cpv1.VersionsResponse, error) {
	parts := make([]vcn.PartID, len(req.GetParts()))
	for i, m := range req.GetParts() {
		p, err := convert.PartIDFromProto(m)
		if err != nil {
			return nil, invalid("parts[%d]: %v", i, err)
		}
		parts[i] = p
	}
	v, rev, err := s.cp.Versions(ctx, parts...)
	if err != nil {
		return nil, Status(err)
	}
	return &cpv1.VersionsResponse{Versions: convert.VectorToProto(v), Revision: rev}, nil
}

// Watch implements controlplane.v1.ControlPlane.
func (s *Server) Watch(req *cpv1.WatchRequest, stream grpc.ServerStreamingServer[cpv1.WatchResponse]) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	defer context.AfterFunc(s.done, cancel)()
	if s.done.Err() != nil {
		return status.Error(codes.Unavailable, "server stopping")
	}
	ch, err := s.cp.Watch(ctx, req.GetFromRevision(), req.GetIncludeContent())
	if err != nil {
		return Status(err)
	}
	compacted := false
	for ev := range ch {
		compacted = ev.Compacted
		resp := &cpv1.WatchResponse{Revision: ev.Revision, Compacted: ev.Compacted, Bumps: make([]*typesv1.PartContent, len(ev.Bumps))}
		for i, b := range ev.Bumps {
			resp.Bumps[i] = convert.PartContentToProto(b)
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
	if err := stream.Context().Err(); err != nil {
		return status.FromContextError(err).Err()
	}
	if s.done.Err() != nil {
		return status.Error(codes.Unavailable, "server stopping")
	}
	if compacted {
		return nil
	}
	return status.Error(codes.Unavailable, "watch ended at the store")
}
