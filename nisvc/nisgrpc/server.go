// Package nisgrpc serves the proto/nis/v1 NIS gRPC API over the NIS's Go
// API: a thin adapter that validates requests, converts with proto/convert,
// calls the Backend (a *nisvc.Service) and maps errors to status codes.
//
//	ResolveFlows  INVALID_ARGUMENT without a tor or with too many keys,
//	              UNAVAILABLE before the first configuration sync; otherwise
//	              OK with errors[i] set for each key that failed (malformed
//	              key, unknown VNIC, not attached to the tor, owned by another
//	              replica, incomplete configuration); errors is always
//	              parallel to keys ("" where flows[i] is good).
//	Release       INVALID_ARGUMENT without a tor or with a malformed key.
//	Subscribe     INVALID_ARGUMENT without a tor or with an unknown mode;
//	              the stream ends with the client's context.
//
// It may import package vcn, proto/convert, the generated nis and types
// packages and nisvc/track.
package nisgrpc

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/track"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// MaxBatch is the most keys one ResolveFlows or Release may carry. A full
// answer (about 150 bytes per flow) then stays under gRPC's default 4 MB
// message limit on the client.
const MaxBatch = 16384

// Backend is the NIS Go API the server adapts; *nisvc.Service implements
// it.
type Backend interface {
	Ready() <-chan struct{}
	ResolveFlows(tor string, keys []vcn.FlowKey) ([]vcn.FlowInfo, []error)
	Release(tor string, keys []vcn.FlowKey)
	Subscribe(tor string, mode track.Mode) *track.Subscription
}

// Server implements nisv1.NISServer.
type Server struct {
	nisv1.UnimplementedNISServer
	b Backend

	closeOnce sync.Once
	closed    chan struct{}
}

// New returns a server over b.
func New(b Backend) *Server { return &Server{b: b, closed: make(chan struct{})} }

// Close ends every Subscribe stream (with UNAVAILABLE), so that a
// grpc.Server's GracefulStop can finish.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.closed) }) }

// Register registers the server on g.
func (s *Server) Register(g grpc.ServiceRegistrar) { nisv1.RegisterNISServer(g, s) }

func checkBatch(tor string, n int) error {
	if tor == "" {
		return status.Error(codes.InvalidArgument, "tor: must be set")
	}
	if n > MaxBatch {
		return status.Errorf(codes.InvalidArgument, "keys: %d keys, at most %d per call", n, MaxBatch)
	}
	return nil
}

// ResolveFlows implements nisv1.NISServer.
func (s *Server) ResolveFlows(_ context.Context, req *nisv1.ResolveFlowsRequest) (*nisv1.ResolveFlowsResponse, error) {
	if err := checkBatch(req.GetTor(), len(req.GetKeys())); err != nil {
		return nil, err
	}
	select {
	case <-s.b.Ready():
	default:
		return nil, status.Error(codes.Unavailable, "nis has not synchronised with the control plane yet")
	}
	pbs := req.GetKeys()
	resp := &nisv1.ResolveFlowsResponse{Flows: make([]*typesv1.FlowInfo, len(pbs)), Errors: make([]string, len(pbs))}
	keys := make([]vcn.FlowKey, 0, len(pbs))
	idx := make([]int, 0, len(pbs)) // keys[j] answers pbs[idx[j]]
	for i, pb := range pbs {
		k, err := convert.FlowKeyFromProto(pb)
		if err != nil {
			resp.Flows[i], resp.Errors[i] = &typesv1.FlowInfo{}, fmt.Sprintf("keys[%d]: %v", i, err)
			continue
		}
		keys = append(keys, k)
		idx = append(idx, i)
	}
	infos, errs := s.b.ResolveFlows(req.GetTor(), keys)
	for j, i := range idx {
		if errs[j] != nil {
			resp.Flows[i], resp.Errors[i] = &typesv1.FlowInfo{}, errs[j].Error()
			continue
		}
		resp.Flows[i] = convert.FlowInfoToProto(infos[j])
	}
	return resp, nil
}

// Release implements nisv1.NISServer.
func (s *Server) Release(_ context.Context, req *nisv1.ReleaseRequest) (*nisv1.ReleaseResponse, error) {
	if err := checkBatch(req.GetTor(), len(req.GetKeys())); err != nil {
		return nil, err
	}
	keys := make([]vcn.FlowKey, 0, len(req.GetKeys()))
	for i, pb := range req.GetKeys() {
		k, err := convert.FlowKeyFromProto(pb)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "keys[%d]: %v", i, err)
		}
		keys = append(keys, k)
	}
	s.b.Release(req.GetTor(), keys)
	return &nisv1.ReleaseResponse{}, nil
}

// Subscribe implements nisv1.NISServer.
func (s *Server) Subscribe(req *nisv1.SubscribeRequest, stream grpc.ServerStreamingServer[nisv1.Invalidation]) error {
	if req.GetTor() == "" {
		return status.Error(codes.InvalidArgument, "tor: must be set")
	}
	var mode track.Mode
	switch req.GetMode() {
	case nisv1.Mode_MODE_NOTIFY:
		mode = track.Notify
	case nisv1.Mode_MODE_PUSH:
		mode = track.Push
	default:
		return status.Errorf(codes.InvalidArgument, "mode: unknown mode %v", req.GetMode())
	}
	sub := s.b.Subscribe(req.GetTor(), mode)
	defer sub.Close()
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	go func() {
		select {
		case <-s.closed:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		inv, err := sub.Next(ctx)
		if err != nil {
			select {
			case <-s.closed:
				return status.Error(codes.Unavailable, "nis shutting down")
			default:
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return status.FromContextError(err).Err()
			}
			return status.Errorf(codes.Unavailable, "subscription: %v", err)
		}
		if err := stream.Send(InvalidationToProto(inv)); err != nil {
			return err
		}
	}
}

// InvalidationToProto converts an invalidation.
func InvalidationToProto(inv track.Invalidation) *nisv1.Invalidation {
	out := &nisv1.Invalidation{Stale: convert.PartVersionsToProto(inv.Stale)}
	for _, fi := range inv.Updated {
		out.Updated = append(out.Updated, convert.FlowInfoToProto(fi))
	}
	for _, k := range inv.Removed {
		out.Removed = append(out.Removed, convert.FlowKeyToProto(k))
	}
	return out
}
