// Package admin is the controller's admin gRPC service (used by torctl):
// a thin adapter from vcnflowcache.controller.v1.Admin to the agent's Go
// API.
//
// It may import controller, proto/convert and the generated protos.
package admin

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controller"
	"github.com/vcn-flowcache/vcn-flowcache/controller/cache"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controllerv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controller/v1"
)

// Server serves the admin API of one agent.
type Server struct {
	controllerv1.UnimplementedAdminServer
	agent *controller.Agent
}

// New returns the admin service of agent.
func New(agent *controller.Agent) *Server { return &Server{agent: agent} }

func entryToProto(e cache.Entry) *controllerv1.CacheEntry {
	return &controllerv1.CacheEntry{Flow: convert.FlowInfoToProto(e.Info), Stale: e.Stale, InstalledUnixNano: e.Installed.UnixNano()}
}

// ListCache lists cached flows, of one VNIC if asked.
func (s *Server) ListCache(_ context.Context, req *controllerv1.ListCacheRequest) (*controllerv1.ListCacheResponse, error) {
	resp := &controllerv1.ListCacheResponse{}
	for _, e := range s.agent.Cache().Entries(req.GetVnic()) {
		resp.Entries = append(resp.Entries, entryToProto(e))
	}
	return resp, nil
}

// ShowEntry shows one cached flow.
func (s *Server) ShowEntry(_ context.Context, req *controllerv1.ShowEntryRequest) (*controllerv1.ShowEntryResponse, error) {
	k, err := convert.FlowKeyFromProto(req.GetKey())
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "key: %v", err)
	}
	e, ok := s.agent.Cache().Lookup(k)
	if !ok {
		return nil, status.Errorf(codes.NotFound, "flow %v is not cached", k)
	}
	return &controllerv1.ShowEntryResponse{Entry: entryToProto(e)}, nil
}

// Versions returns the versions the switch holds and their slots.
func (s *Server) Versions(context.Context, *controllerv1.VersionsRequest) (*controllerv1.VersionsResponse, error) {
	held := s.agent.Cache().Held()
	resp := &controllerv1.VersionsResponse{Versions: convert.VectorToProto(held), Slots: map[string]uint32{}}
	for part := range held {
		if slot, ok := s.agent.Cache().SlotOf(part); ok {
			resp.Slots[part.String()] = slot
		}
	}
	return resp, nil
}

// Stats returns the switch's and the agent's counters.
func (s *Server) Stats(ctx context.Context, _ *controllerv1.StatsRequest) (*controllerv1.StatsResponse, error) {
	t := s.agent.Totals()
	c := s.agent.Cache()
	resp := &controllerv1.StatsResponse{Installs: t.Installs, InstallsPerSecond: t.InstallsPerSecond,
		Evictions: t.Evictions, Entries: uint64(c.Len()), Capacity: uint64(c.Capacity()),
		QueueDepths: s.agent.QueueDepths(), Strategy: string(s.agent.Strategy())}
	if counters, err := s.agent.SwitchCounters(ctx); err == nil {
		resp.Hits = counters[controller.StatHitEgress] + counters[controller.StatHitIngress]
		resp.Misses = counters[controller.StatMiss]
		resp.Stale = counters[controller.StatStale]
	}
	return resp, nil
}

// Invalidate deletes the entries of a VNIC or of a part.
func (s *Server) Invalidate(ctx context.Context, req *controllerv1.InvalidateRequest) (*controllerv1.InvalidateResponse, error) {
	var part vcn.PartID
	if req.GetPart() != nil {
		p, err := convert.PartIDFromProto(req.GetPart())
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "%v", err)
		}
		part = p
	}
	if req.GetVnic() == 0 && part.IsZero() {
		return nil, status.Error(codes.InvalidArgument, "name a VNIC or a part")
	}
	n := s.agent.Invalidate(ctx, req.GetVnic(), part)
	return &controllerv1.InvalidateResponse{Entries: uint64(n)}, nil
}

// GetStrategy returns the invalidation strategy.
func (s *Server) GetStrategy(context.Context, *controllerv1.GetStrategyRequest) (*controllerv1.GetStrategyResponse, error) {
	return &controllerv1.GetStrategyResponse{Strategy: string(s.agent.Strategy())}, nil
}

// SetStrategy switches the invalidation strategy.
func (s *Server) SetStrategy(_ context.Context, req *controllerv1.SetStrategyRequest) (*controllerv1.SetStrategyResponse, error) {
	prev, err := s.agent.SetStrategy(controller.Strategy(req.GetStrategy()))
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%v", err)
	}
	return &controllerv1.SetStrategyResponse{Previous: string(prev)}, nil
}
