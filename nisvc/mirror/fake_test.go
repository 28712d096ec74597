package mirror

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/test/bufconn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// fakeCP is an in-memory control plane for the mirror's tests: objects,
// versioned parts, a log of bumps per revision for Watch, and compaction.
type fakeCP struct {
	controlplanev1.UnimplementedControlPlaneServer

	mu           sync.Mutex
	changed      chan struct{} // closed and replaced on every change
	rev          int64
	objects      map[controlplanev1.ObjectKind]map[string]*typesv1.Object
	parts        map[vcn.PartID]vcn.PartContent
	log          []fakeEvent
	compactBelow int64
	omitContent  bool // Watch sends bumps without content
	compactNext  bool // the next Watch answers compacted
	lists        int  // List calls served
	listed       map[controlplanev1.ObjectKind]int
}

type fakeEvent struct {
	rev   int64
	bumps []vcn.PartContent
}

func newFakeCP() *fakeCP {
	return &fakeCP{changed: make(chan struct{}), objects: map[controlplanev1.ObjectKind]map[string]*typesv1.Object{},
		parts: map[vcn.PartID]vcn.PartContent{}}
}

func objectKey(obj any) (controlplanev1.ObjectKind, string) {
	switch o := obj.(type) {
	case vcn.VCN:
		return controlplanev1.ObjectKind_OBJECT_KIND_VCN, o.ID
	case vcn.Subnet:
		return controlplanev1.ObjectKind_OBJECT_KIND_SUBNET, o.ID
	case vcn.VNIC:
		return controlplanev1.ObjectKind_OBJECT_KIND_VNIC, o.ID
	case vcn.SecurityList:
		return controlplanev1.ObjectKind_OBJECT_KIND_SECURITY_LIST, o.ID
	}
	panic(fmt.Sprintf("fakeCP: object %T", obj)) // test programming error
}

// put stores objects and parts (each part's version is bumped past the
// stored one; content nil with deleted set deletes) in one revision.
func (f *fakeCP) put(objs []any, parts []vcn.PartContent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rev++
	for _, o := range objs {
		k, id := objectKey(o)
		pb, err := convert.ObjectToProto(o)
		if err != nil {
			panic(err)
		}
		if f.objects[k] == nil {
			f.objects[k] = map[string]*typesv1.Object{}
		}
		f.objects[k][id] = pb
	}
	ev := fakeEvent{rev: f.rev}
	for _, c := range parts {
		c.Version = f.parts[c.Part].Version + 1
		f.parts[c.Part] = c
		ev.bumps = append(ev.bumps, c)
	}
	if len(ev.bumps) > 0 {
		f.log = append(f.log, ev)
	}
	close(f.changed)
	f.changed = make(chan struct{})
}

// deleteObject removes an object in a new revision, with its bumps.
func (f *fakeCP) deleteObject(obj any, parts ...vcn.PartID) {
	k, id := objectKey(obj)
	f.mu.Lock()
	delete(f.objects[k], id)
	f.mu.Unlock()
	var cs []vcn.PartContent
	for _, p := range parts {
		cs = append(cs, vcn.PartContent{PartVersion: vcn.PartVersion{Part: p}, Deleted: true})
	}
	f.put(nil, cs)
}

// compact drops the watch log up to the current revision.
func (f *fakeCP) compact() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.compactBelow = f.rev
	f.log = nil
}

func (f *fakeCP) List(_ context.Context, req *controlplanev1.ListRequest) (*controlplanev1.ListResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.listed == nil {
		f.listed = map[controlplanev1.ObjectKind]int{}
	}
	f.listed[req.GetKind()]++
	resp := &controlplanev1.ListResponse{Revision: f.rev}
	for _, o := range f.objects[req.GetKind()] {
		resp.Objects = append(resp.Objects, o)
	}
	return resp, nil
}

func (f *fakeCP) CompareVersions(_ context.Context, req *controlplanev1.CompareVersionsRequest) (*controlplanev1.CompareVersionsResponse, error) {
	held, err := convert.VectorFromProto(req.GetHeld())
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &controlplanev1.CompareVersionsResponse{Revision: f.rev}
	for p, c := range f.parts {
		hv, ok := held[p]
		if c.Version > hv && (ok || req.GetIncludeNew()) {
			if !req.GetIncludeContent() {
				c = vcn.PartContent{PartVersion: c.PartVersion, Deleted: c.Deleted}
			}
			resp.Stale = append(resp.Stale, convert.PartContentToProto(c))
		}
	}
	return resp, nil
}

func (f *fakeCP) Watch(req *controlplanev1.WatchRequest, stream grpc.ServerStreamingServer[controlplanev1.WatchResponse]) error {
	from := req.GetFromRevision()
	for {
		f.mu.Lock()
		if from == 0 {
			from = f.rev
		}
		if from < f.compactBelow || f.compactNext {
			f.compactNext = false
			rev := f.rev
			f.mu.Unlock()
			return stream.Send(&controlplanev1.WatchResponse{Revision: rev, Compacted: true})
		}
		var out []*controlplanev1.WatchResponse
		for _, ev := range f.log {
			if ev.rev <= from {
				continue
			}
			resp := &controlplanev1.WatchResponse{Revision: ev.rev}
			for _, c := range ev.bumps {
				if f.omitContent {
					c = vcn.PartContent{PartVersion: c.PartVersion, Deleted: c.Deleted}
				}
				resp.Bumps = append(resp.Bumps, convert.PartContentToProto(c))
			}
			out = append(out, resp)
			from = ev.rev
		}
		changed := f.changed
		f.mu.Unlock()
		for _, r := range out {
			if err := stream.Send(r); err != nil {
				return err
			}
		}
		select {
		case <-changed:
		case <-stream.Context().Done():
			return nil
		}
	}
}

// cpServer serves a fakeCP over bufconn and can be stopped and restarted
// (a control-plane restart) while clients keep their connection object.
type cpServer struct {
	fake *fakeCP
	mu   sync.Mutex
	lis  *bufconn.Listener
	srv  *grpc.Server
}

func (s *cpServer) start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lis = bufconn.Listen(1 << 20)
	s.srv = grpc.NewServer()
	controlplanev1.RegisterControlPlaneServer(s.srv, s.fake)
	go s.srv.Serve(s.lis)
}

func (s *cpServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.srv.Stop()
	s.lis = nil
}

func (s *cpServer) dial(ctx context.Context, _ string) (net.Conn, error) {
	s.mu.Lock()
	lis := s.lis
	s.mu.Unlock()
	if lis == nil {
		return nil, fmt.Errorf("control plane down")
	}
	return lis.DialContext(ctx)
}

// startFake serves f and returns a client connected to it.
func startFake(t testing.TB, f *fakeCP) (*cpServer, controlplanev1.ControlPlaneClient) {
	t.Helper()
	s := &cpServer{fake: f}
	s.start()
	conn, err := grpc.NewClient("passthrough:///bufnet", append(DialOptions(), grpc.WithContextDialer(s.dial))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		s.mu.Lock()
		srv := s.srv
		s.mu.Unlock()
		srv.Stop()
	})
	return s, controlplanev1.NewControlPlaneClient(conn)
}
