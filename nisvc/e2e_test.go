package nisvc

import (
	"context"
	"errors"
	"io"
	"math/rand"
	"net/netip"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/track"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// goCP is a control plane fake at the Go interface (mirror.ControlPlane):
// a fixed object set, parts whose versions the test bumps, and a watch
// fed from a channel.
type goCP struct {
	mu    sync.Mutex
	cfg   configgen.Config
	parts map[vcn.PartID]vcn.PartContent
	rev   int64
	watch chan *controlplanev1.WatchResponse
}

func (f *goCP) List(_ context.Context, req *controlplanev1.ListRequest, _ ...grpc.CallOption) (*controlplanev1.ListResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &controlplanev1.ListResponse{Revision: f.rev}
	var objs []any
	switch req.GetKind() {
	case controlplanev1.ObjectKind_OBJECT_KIND_VCN:
		for _, o := range f.cfg.VCNs {
			objs = append(objs, o)
		}
	case controlplanev1.ObjectKind_OBJECT_KIND_SUBNET:
		for _, o := range f.cfg.Subnets {
			objs = append(objs, o)
		}
	case controlplanev1.ObjectKind_OBJECT_KIND_VNIC:
		for _, o := range f.cfg.VNICs {
			objs = append(objs, o)
		}
	case controlplanev1.ObjectKind_OBJECT_KIND_SECURITY_LIST:
		for _, o := range f.cfg.SecurityLists {
			objs = append(objs, o)
		}
	}
	for _, o := range objs {
		pb, err := convert.ObjectToProto(o)
		if err != nil {
			return nil, err
		}
		resp.Objects = append(resp.Objects, pb)
	}
	return resp, nil
}

func (f *goCP) CompareVersions(_ context.Context, req *controlplanev1.CompareVersionsRequest, _ ...grpc.CallOption) (*controlplanev1.CompareVersionsResponse, error) {
	held, err := convert.VectorFromProto(req.GetHeld())
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &controlplanev1.CompareVersionsResponse{Revision: f.rev}
	for p, c := range f.parts {
		if c.Version > held[p] {
			resp.Stale = append(resp.Stale, convert.PartContentToProto(c))
		}
	}
	return resp, nil
}

func (f *goCP) Watch(ctx context.Context, _ *controlplanev1.WatchRequest, _ ...grpc.CallOption) (grpc.ServerStreamingClient[controlplanev1.WatchResponse], error) {
	return &goStream{ctx: ctx, ch: f.watch}, nil
}

// bump stores a new version of a part and sends it on the watch.
func (f *goCP) bump(c vcn.PartContent) {
	f.mu.Lock()
	f.rev++
	c.Version = f.parts[c.Part].Version + 1
	f.parts[c.Part] = c
	resp := &controlplanev1.WatchResponse{Revision: f.rev}
	resp.Bumps = append(resp.Bumps, convert.PartContentToProto(c))
	f.mu.Unlock()
	f.watch <- resp
}

type goStream struct {
	grpc.ClientStream
	ctx context.Context
	ch  chan *controlplanev1.WatchResponse
}

func (s *goStream) Recv() (*controlplanev1.WatchResponse, error) {
	select {
	case r := <-s.ch:
		return r, nil
	case <-s.ctx.Done():
		return nil, io.EOF
	}
}
func (s *goStream) Header() (metadata.MD, error) { return nil, errors.New("no header") }
func (s *goStream) Context() context.Context     { return s.ctx }

// TestEndToEnd runs a Service on a mirror of a control plane: resolve a
// flow for its ToR, bump the VNIC's policy in the control plane, and get
// the pushed new flow info on the ToR's subscription.
func TestEndToEnd(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(8)), configgen.Small)
	cp := &goCP{cfg: c, parts: map[vcn.PartID]vcn.PartContent{}, rev: 1, watch: make(chan *controlplanev1.WatchResponse)}
	for _, p := range c.Parts {
		cp.parts[p.Part] = p
	}
	svc := New(cp, Options{ReplicaID: "r"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- svc.Run(ctx) }()
	<-svc.Ready()

	n := c.VNICs[2]
	k := vcn.FlowKey{VNIC: n.Num, Dir: vcn.Ingress, Src: c.VNICs[3].IP, Dst: n.IP, Proto: vcn.ProtoUDP, SrcPort: 9, DstPort: 9}
	infos, errs := svc.ResolveFlows(n.Attach.ToR, []vcn.FlowKey{k})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	sub := svc.Subscribe(n.Attach.ToR, track.Push)
	defer sub.Close()

	allowAll := &vcn.Policy{VNICID: n.ID, Rules: []vcn.SecurityRule{{Direction: vcn.Ingress, CIDR: netip.MustParsePrefix("0.0.0.0/0")}}}
	cp.bump(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(n.ID)}, Policy: allowAll})
	nctx, ncancel := context.WithTimeout(ctx, 20*time.Second)
	defer ncancel()
	inv, err := sub.Next(nctx)
	if err != nil {
		t.Fatal(err)
	}
	newVer := infos[0].Versions.Policy.Version + 1
	if len(inv.Updated) != 1 || inv.Updated[0].Action != vcn.ActionDeliver || inv.Updated[0].Versions.Policy.Version != newVer {
		t.Errorf("pushed %+v, want the flow delivered at policy version %d", inv, newVer)
	}
	if got := svc.MirrorStats().Events; got != 1 {
		t.Errorf("mirror applied %d watch events, want 1", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}
