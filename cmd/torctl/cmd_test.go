package main

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controllerv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controller/v1"
)

// fakeAdmin answers like an agent with one cached flow.
type fakeAdmin struct {
	controllerv1.UnimplementedAdminServer
	strategy string
	lastReq  *controllerv1.InvalidateRequest
}

var flow = vcn.FlowInfo{
	Key:    vcn.FlowKey{VNIC: 7, Src: netip.MustParseAddr("10.0.0.2"), Dst: netip.MustParseAddr("10.0.1.3"), Proto: 6, SrcPort: 4000, DstPort: 80},
	Action: vcn.ActionEncap, Substrate: netip.MustParseAddr("192.0.2.9"), VNI: 100,
	Versions: vcn.FlowVersions{Policy: vcn.PartVersion{Part: vcn.PolicyPart("vnic-7"), Version: 3}},
}

func (f *fakeAdmin) ListCache(context.Context, *controllerv1.ListCacheRequest) (*controllerv1.ListCacheResponse, error) {
	return &controllerv1.ListCacheResponse{Entries: []*controllerv1.CacheEntry{{Flow: convert.FlowInfoToProto(flow), Stale: true}}}, nil
}

func (f *fakeAdmin) ShowEntry(_ context.Context, req *controllerv1.ShowEntryRequest) (*controllerv1.ShowEntryResponse, error) {
	k, _ := convert.FlowKeyFromProto(req.Key)
	if k != flow.Key {
		return nil, status.Error(codes.NotFound, "not cached")
	}
	return &controllerv1.ShowEntryResponse{Entry: &controllerv1.CacheEntry{Flow: convert.FlowInfoToProto(flow)}}, nil
}

func (f *fakeAdmin) Versions(context.Context, *controllerv1.VersionsRequest) (*controllerv1.VersionsResponse, error) {
	return &controllerv1.VersionsResponse{Versions: convert.VectorToProto(vcn.VersionVector{vcn.PolicyPart("vnic-7"): 3}),
		Slots: map[string]uint32{"policy/vnic-7": 1}}, nil
}

func (f *fakeAdmin) Stats(context.Context, *controllerv1.StatsRequest) (*controllerv1.StatsResponse, error) {
	return &controllerv1.StatsResponse{Hits: 10, Misses: 2, Entries: 1, Capacity: 100, Strategy: f.strategy,
		QueueDepths: map[string]uint64{"misses_queued": 0}}, nil
}

func (f *fakeAdmin) Invalidate(_ context.Context, req *controllerv1.InvalidateRequest) (*controllerv1.InvalidateResponse, error) {
	f.lastReq = req
	return &controllerv1.InvalidateResponse{Entries: 1}, nil
}

func (f *fakeAdmin) GetStrategy(context.Context, *controllerv1.GetStrategyRequest) (*controllerv1.GetStrategyResponse, error) {
	return &controllerv1.GetStrategyResponse{Strategy: f.strategy}, nil
}

func (f *fakeAdmin) SetStrategy(_ context.Context, req *controllerv1.SetStrategyRequest) (*controllerv1.SetStrategyResponse, error) {
	prev := f.strategy
	f.strategy = req.Strategy
	return &controllerv1.SetStrategyResponse{Previous: prev}, nil
}

func run(t *testing.T, fa *fakeAdmin, args ...string) (string, error) {
	t.Helper()
	lis := bufconn.Listen(1 << 16)
	srv := grpc.NewServer()
	controllerv1.RegisterAdminServer(srv, fa)
	go srv.Serve(lis)
	defer srv.Stop()
	dial := func(string) (controllerv1.AdminClient, func(), error) {
		cc, err := grpc.NewClient("passthrough:///bufnet", grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }))
		if err != nil {
			return nil, nil, err
		}
		return controllerv1.NewAdminClient(cc), func() { cc.Close() }, nil
	}
	var out bytes.Buffer
	cmd := newRootCmd(&out, dial)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestCommands(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string
		wantErr string
	}{
		{args: []string{"cache", "ls"}, want: []string{"VNIC", "10.0.0.2:4000", "192.0.2.9 vni 100", "policy/vnic-7@3", "stale"}},
		{args: []string{"cache", "show", "7/egress/10.0.0.2:4000/10.0.1.3:80/6"}, want: []string{"10.0.1.3:80", "encap"}},
		{args: []string{"cache", "show", "7/egress/10.0.0.2:4000/10.0.1.3:81/6"}, wantErr: "not cached"},
		{args: []string{"cache", "show", "7/sideways/10.0.0.2:4000/10.0.1.3:81/6"}, wantErr: "direction"},
		{args: []string{"cache", "show", "nonsense"}, wantErr: "want VNIC/DIR"},
		{args: []string{"versions"}, want: []string{"policy/vnic-7", "3", "1"}},
		{args: []string{"stats"}, want: []string{"hits", "10", "1 / 100", "queue misses_queued"}},
		{args: []string{"-o", "json", "stats"}, want: []string{`"hits"`, `"10"`, `"strategy"`}},
		{args: []string{"-o", "yaml", "stats"}, wantErr: "unknown output format"},
		{args: []string{"invalidate", "--part", "route/rt-1"}, want: []string{"1 entries invalidated"}},
		{args: []string{"invalidate", "--part", "bogus"}, wantErr: "invalid part"},
		{args: []string{"invalidate"}, wantErr: "--vnic or --part"},
		{args: []string{"strategy", "set", "tor-active"}, want: []string{"tor-active (was nis-push)"}},
		{args: []string{"strategy", "get"}, want: []string{"nis-push"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, err := run(t, &fakeAdmin{strategy: "nis-push"}, tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
