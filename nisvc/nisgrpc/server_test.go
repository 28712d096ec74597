package nisgrpc

import (
	"context"
	"math/rand"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/resolve"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func serve(t *testing.T, svc *nisvc.Service) nisv1.NISClient {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	g := grpc.NewServer()
	New(svc).Register(g)
	go g.Serve(lis)
	conn, err := grpc.NewClient("passthrough:///nis", grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
		return lis.DialContext(ctx)
	}), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); g.Stop() })
	return nisv1.NewNISClient(conn)
}

func TestResolveAndSubscribe(t *testing.T) {
	ctx := context.Background()
	svc := nisvc.NewLocal(nisvc.Options{})
	client := serve(t, svc)

	_, err := client.ResolveFlows(ctx, &nisv1.ResolveFlowsRequest{Tor: "tor0"})
	if status.Code(err) != codes.Unavailable {
		t.Errorf("ResolveFlows before sync: %v, want Unavailable", err)
	}
	r := rand.New(rand.NewSource(5))
	c := configgen.Generate(r, configgen.Small)
	svc.Publish(c.Snapshot(1), config.Change{})

	n := c.VNICs[0]
	good := vcn.FlowKey{VNIC: n.Num, Dir: vcn.Egress, Src: n.IP, Dst: c.VNICs[1].IP, Proto: vcn.ProtoUDP, SrcPort: 1, DstPort: 2}
	req := &nisv1.ResolveFlowsRequest{Tor: n.Attach.ToR, Keys: []*typesv1.FlowKey{
		convert.FlowKeyToProto(good),
		{Vnic: 1, Src: "10.0.0.1"}, // malformed
		convert.FlowKeyToProto(vcn.FlowKey{VNIC: 9999, Src: n.IP, Dst: n.IP}),
	}}
	resp, err := client.ResolveFlows(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := resolve.Flow(c.Snapshot(1), n.Attach.ToR, good)
	if diff := cmp.Diff(convert.FlowInfoToProto(want), resp.GetFlows()[0], protocmp.Transform()); diff != "" {
		t.Errorf("flows[0] (-want +got):\n%s", diff)
	}
	if len(resp.GetErrors()) != 3 || resp.GetErrors()[0] != "" || !strings.Contains(resp.GetErrors()[1], "keys[1]") ||
		!strings.Contains(resp.GetErrors()[2], "unknown vnic") {
		t.Errorf("errors = %q", resp.GetErrors())
	}
	if svc.Tracker().Len() != 1 {
		t.Errorf("tracked %d flows, want 1", svc.Tracker().Len())
	}

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.Subscribe(sctx, &nisv1.SubscribeRequest{Tor: n.Attach.ToR, Mode: nisv1.Mode_MODE_PUSH})
	if err != nil {
		t.Fatal(err)
	}
	for svc.Tracker().Subscribers(n.Attach.ToR) == 0 {
		time.Sleep(time.Millisecond) // until the server side subscribed, so that it sees the bump
	}
	// Bump the VNIC's policy to deny everything.
	b := svc.Snapshot().Edit()
	pp := vcn.PolicyPart(n.ID)
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: pp, Version: 100}, Policy: &vcn.Policy{VNICID: n.ID}})
	snap, ch := b.Snapshot()
	svc.Publish(snap, ch)
	inv, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	wantFI := vcn.FlowInfo{Key: good, Action: vcn.ActionDeny, Versions: vcn.FlowVersions{Policy: vcn.PartVersion{Part: pp, Version: 100}}}
	wantInv := &nisv1.Invalidation{Stale: convert.PartVersionsToProto([]vcn.PartVersion{{Part: pp, Version: 100}}),
		Updated: []*typesv1.FlowInfo{convert.FlowInfoToProto(wantFI)}}
	if diff := cmp.Diff(wantInv, inv, protocmp.Transform()); diff != "" {
		t.Errorf("invalidation (-want +got):\n%s", diff)
	}

	if _, err := client.Release(ctx, &nisv1.ReleaseRequest{Tor: n.Attach.ToR, Keys: req.Keys[:1]}); err != nil {
		t.Fatal(err)
	}
	if svc.Tracker().Len() != 0 {
		t.Errorf("after Release: %d flows tracked", svc.Tracker().Len())
	}
}

func TestInvalidArguments(t *testing.T) {
	ctx := context.Background()
	svc := nisvc.NewLocal(nisvc.Options{})
	client := serve(t, svc)
	tests := []struct {
		name string
		call func() error
	}{
		{"resolve without tor", func() error {
			_, err := client.ResolveFlows(ctx, &nisv1.ResolveFlowsRequest{})
			return err
		}},
		{"resolve too many", func() error {
			_, err := client.ResolveFlows(ctx, &nisv1.ResolveFlowsRequest{Tor: "t", Keys: make([]*typesv1.FlowKey, MaxBatch+1)})
			return err
		}},
		{"release without tor", func() error {
			_, err := client.Release(ctx, &nisv1.ReleaseRequest{})
			return err
		}},
		{"release bad key", func() error {
			_, err := client.Release(ctx, &nisv1.ReleaseRequest{Tor: "t", Keys: []*typesv1.FlowKey{{Src: "x"}}})
			return err
		}},
		{"subscribe without tor", func() error {
			s, err := client.Subscribe(ctx, &nisv1.SubscribeRequest{})
			if err != nil {
				return err
			}
			_, err = s.Recv()
			return err
		}},
		{"subscribe bad mode", func() error {
			s, err := client.Subscribe(ctx, &nisv1.SubscribeRequest{Tor: "t", Mode: 7})
			if err != nil {
				return err
			}
			_, err = s.Recv()
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); status.Code(err) != codes.InvalidArgument {
				t.Errorf("got %v, want InvalidArgument", err)
			}
		})
	}
}
