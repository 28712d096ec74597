package server_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/server"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	cpv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Both the in-process control plane and the gRPC client implement the
// same Go API.
var (
	_ api.ControlPlane = (*controlplane.ControlPlane)(nil)
	_ api.ControlPlane = (*client.Client)(nil)
)

var cmpNet = cmp.Options{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
}

// env is a control plane on embedded etcd served over bufconn. restart
// stops the gRPC server and serves again on a fresh listener, breaking
// every stream.
type env struct {
	cp  *controlplane.ControlPlane
	cli *client.Client
	raw cpv1.ControlPlaneClient

	mu  sync.Mutex
	lis *bufconn.Listener
	srv *grpc.Server
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := store.Open(ctx, t.TempDir(), store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cp, err := controlplane.New(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cp.Close() })
	e := &env{cp: cp}
	e.serve()
	t.Cleanup(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.srv.Stop()
	})
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			e.mu.Lock()
			lis := e.lis
			e.mu.Unlock()
			return lis.DialContext(ctx)
		}),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	e.cli = client.New(conn)
	e.raw = cpv1.NewControlPlaneClient(conn)
	return e
}

func (e *env) serve() {
	e.lis = bufconn.Listen(1 << 20)
	e.srv = grpc.NewServer(server.GRPCOptions()...)
	server.New(e.cp).Register(e.srv)
	go e.srv.Serve(e.lis)
}

func (e *env) restart() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.srv.Stop()
	e.serve()
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func ip(s string) netip.Addr    { return netip.MustParseAddr(s) }

func objects() []any {
	return []any{
		vcn.VCN{ID: "vcn-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, VNI: 100},
		vcn.SecurityList{ID: "sl-1", VCNID: "vcn-1", Rules: []vcn.SecurityRule{{Direction: vcn.Ingress, CIDR: pfx("0.0.0.0/0")}}},
		vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1", Rules: []vcn.RouteRule{{Dest: pfx("0.0.0.0/0"), Target: vcn.RouteTarget{Kind: vcn.TargetGateway, ID: "igw", Substrate: ip("192.168.255.1")}}}},
		vcn.Subnet{ID: "sn-1", VCNID: "vcn-1", CIDR: pfx("10.0.1.0/24"), RouteTableID: "rt-1", SecurityListIDs: []string{"sl-1"}},
		vcn.VNIC{ID: "vnic-1", SubnetID: "sn-1", Num: 1, IP: ip("10.0.1.10"), MAC: vcn.MAC{2, 0, 0, 0, 0, 1}, Attach: vcn.Attachment{ToR: "tor-1", Port: 1}},
		vcn.VNIC{ID: "vnic-2", SubnetID: "sn-1", Num: 2, IP: ip("10.0.1.11"), MAC: vcn.MAC{2, 0, 0, 0, 0, 2}, Attach: vcn.Attachment{ToR: "tor-2", Port: 1}},
		vcn.Mapping{VCNID: "vcn-1", OverlayIP: ip("10.0.1.10"), Substrate: ip("192.168.0.1"), VNI: 100},
	}
}

func (e *env) create(t testing.TB) {
	t.Helper()
	for _, o := range objects() {
		if _, err := e.cli.Create(ctxT(t), o); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	e := newEnv(t)
	e.create(t)
	ctx := ctxT(t)
	got, err := e.cli.Get(ctx, api.Ref{Kind: api.KindVNIC, ID: "vnic-2"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(objects()[5], got, cmpNet); diff != "" {
		t.Errorf("get (-want +got):\n%s", diff)
	}
	list, _, err := e.cli.List(ctx, api.ListFilter{Kind: api.KindVNIC, ToR: "tor-1"})
	if err != nil || len(list) != 1 || list[0].(vcn.VNIC).ID != "vnic-1" {
		t.Errorf("list by tor: %v, %v", list, err)
	}
	m, err := e.cli.Get(ctx, api.Ref{Kind: api.KindMapping, ID: "vcn-1/10.0.1.10"})
	if err != nil || m.(vcn.Mapping).Substrate != ip("192.168.0.1") {
		t.Errorf("get mapping: %v, %v", m, err)
	}
	held, _, err := e.cli.Versions(ctx, vcn.PolicyPart("vnic-1"), vcn.RoutePart("rt-1"))
	if err != nil {
		t.Fatal(err)
	}
	l := objects()[1].(vcn.SecurityList)
	l.Rules[0].Protocol = vcn.ProtoTCP
	c, err := e.cli.Update(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]vcn.PartVersion{{Part: vcn.PolicyPart("vnic-1"), Version: 2}, {Part: vcn.PolicyPart("vnic-2"), Version: 2}}, c.Bumped); diff != "" {
		t.Errorf("bumped (-want +got):\n%s", diff)
	}
	stale, _, err := e.cli.CompareVersions(ctx, held, false, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []vcn.PartContent{{
		PartVersion: vcn.PartVersion{Part: vcn.PolicyPart("vnic-1"), Version: 2},
		Policy:      &vcn.Policy{VNICID: "vnic-1", Rules: l.Rules},
	}}
	if diff := cmp.Diff(want, stale, cmpNet); diff != "" {
		t.Errorf("stale (-want +got):\n%s", diff)
	}
}

func TestErrorCodes(t *testing.T) {
	e := newEnv(t)
	e.create(t)
	obj := func(o any) *typesv1.Object {
		m, err := convertObject(o)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	tests := []struct {
		name  string
		call  func(ctx context.Context) error
		code  codes.Code
		field string
		is    error
	}{
		{"invalid field", func(ctx context.Context) error {
			_, err := e.raw.Create(ctx, &cpv1.CreateRequest{Object: obj(vcn.Subnet{ID: "sn-2", VCNID: "vcn-1", CIDR: pfx("10.9.0.0/24")})})
			return err
		}, codes.InvalidArgument, "cidr", nil},
		{"missing reference", func(ctx context.Context) error {
			_, err := e.raw.Create(ctx, &cpv1.CreateRequest{Object: obj(vcn.Subnet{ID: "sn-2", VCNID: "vcn-9", CIDR: pfx("10.0.2.0/24")})})
			return err
		}, codes.InvalidArgument, "vcn_id", nil},
		{"unparsable address", func(ctx context.Context) error {
			_, err := e.raw.Create(ctx, &cpv1.CreateRequest{Object: &typesv1.Object{Kind: &typesv1.Object_Vcn{Vcn: &typesv1.VCN{Id: "v", Cidrs: []string{"ten"}, Vni: 1}}}})
			return err
		}, codes.InvalidArgument, "", nil},
		{"no object", func(ctx context.Context) error {
			_, err := e.raw.Create(ctx, &cpv1.CreateRequest{})
			return err
		}, codes.InvalidArgument, "", nil},
		{"exists", func(ctx context.Context) error {
			_, err := e.raw.Create(ctx, &cpv1.CreateRequest{Object: obj(objects()[0])})
			return err
		}, codes.AlreadyExists, "", api.ErrAlreadyExists},
		{"update missing", func(ctx context.Context) error {
			_, err := e.raw.Update(ctx, &cpv1.UpdateRequest{Object: obj(vcn.RouteTable{ID: "rt-9", VCNID: "vcn-1"})})
			return err
		}, codes.NotFound, "", api.ErrNotFound},
		{"get missing", func(ctx context.Context) error {
			_, err := e.raw.Get(ctx, &cpv1.GetRequest{Ref: &cpv1.ObjectRef{Kind: cpv1.ObjectKind_OBJECT_KIND_VNIC, Id: "x"}})
			return err
		}, codes.NotFound, "", api.ErrNotFound},
		{"delete in use", func(ctx context.Context) error {
			_, err := e.raw.Delete(ctx, &cpv1.DeleteRequest{Ref: &cpv1.ObjectRef{Kind: cpv1.ObjectKind_OBJECT_KIND_SUBNET, Id: "sn-1"}})
			return err
		}, codes.FailedPrecondition, "id", api.ErrInUse},
		{"bad ref kind", func(ctx context.Context) error {
			_, err := e.raw.Delete(ctx, &cpv1.DeleteRequest{Ref: &cpv1.ObjectRef{Id: "sn-1"}})
			return err
		}, codes.InvalidArgument, "", nil},
		{"bad part", func(ctx context.Context) error {
			_, err := e.raw.Versions(ctx, &cpv1.VersionsRequest{Parts: []*typesv1.PartID{{Key: "x"}}})
			return err
		}, codes.InvalidArgument, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(ctxT(t))
			st := status.Convert(err)
			if st.Code() != tt.code {
				t.Fatalf("code %v (%v), want %v", st.Code(), err, tt.code)
			}
			field := ""
			for _, d := range st.Details() {
				if info, ok := d.(*errdetails.ErrorInfo); ok {
					field = info.GetMetadata()["field"]
				}
			}
			if field != tt.field {
				t.Errorf("field %q, want %q", field, tt.field)
			}
			// The client gives back the Go API's errors.
			cerr := clientError(err)
			var fe *vcn.FieldError
			if tt.field != "" && (!errors.As(cerr, &fe) || fe.Field != tt.field) {
				t.Errorf("client error %v: no field error naming %q", cerr, tt.field)
			}
			if tt.is != nil && !errors.Is(cerr, tt.is) {
				t.Errorf("client error %v is not %v", cerr, tt.is)
			}
		})
	}
}

// TestWatchReconnect breaks the client's watch stream twice while changes
// go on, and checks that the client delivers every bump once, in order.
func TestWatchReconnect(t *testing.T) {
	e := newEnv(t)
	e.create(t)
	ctx := ctxT(t)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := e.cli.Watch(wctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if ev := <-ch; len(ev.Bumps) != 0 {
		t.Fatalf("first event %+v, want the start", ev)
	}
	var want []vcn.PartVersion
	substrate := map[uint64]netip.Addr{} // by mapping version
	edit := func(n int) {
		t.Helper()
		m := vcn.Mapping{VCNID: "vcn-1", OverlayIP: ip("10.0.1.10"), Substrate: netip.AddrFrom4([4]byte{192, 168, 1, byte(n)}), VNI: 100}
		c, err := e.cp.Update(ctx, m) // directly: the server may be down
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, c.Bumped...)
		substrate[c.Bumped[0].Version] = m.Substrate
	}
	for n := 0; n < 10; n++ {
		edit(n)
		if n%4 == 3 {
			e.restart()
		}
	}
	var got []vcn.PartVersion
	var revs []int64
	timeout := time.After(30 * time.Second)
	for len(got) < len(want) {
		select {
		case ev := <-ch:
			revs = append(revs, ev.Revision)
			for _, b := range ev.Bumps {
				got = append(got, b.PartVersion)
				// Each bump carries the content of its own version.
				if b.Mapping == nil || b.Mapping.Substrate != substrate[b.Version] {
					t.Errorf("%v: content %+v, want substrate %v", b.PartVersion, b.Mapping, substrate[b.Version])
				}
			}
		case <-timeout:
			t.Fatalf("got %d of %d bumps", len(got), len(want))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bumps (-want +got):\n%s", diff)
	}
	for i := 1; i < len(revs); i++ {
		if revs[i] <= revs[i-1] {
			t.Errorf("revisions out of order: %v", revs)
		}
	}
}

func TestWatchCompacted(t *testing.T) {
	e := newEnv(t)
	e.create(t)
	ctx := ctxT(t)
	_, err := e.cp.Update(ctx, vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.cp.Compact(ctx, 0); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := e.cli.Watch(wctx, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	ev := <-ch
	if !ev.Compacted || ev.Revision < e.cp.Revision() {
		t.Fatalf("event %+v, want compacted at %d", ev, e.cp.Revision())
	}
	// The watch goes on from the compacted event's revision.
	c, err := e.cp.Update(ctx, vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1", Rules: []vcn.RouteRule{{Dest: pfx("10.0.0.0/8")}}})
	if err != nil {
		t.Fatal(err)
	}
	for ev := range ch {
		if len(ev.Bumps) == 0 {
			continue
		}
		if diff := cmp.Diff(c.Bumped, []vcn.PartVersion{ev.Bumps[0].PartVersion}); diff != "" {
			t.Errorf("after compaction (-want +got):\n%s", diff)
		}
		break
	}
}

// TestConcurrentClients has several gRPC clients edit the same security
// list at once: every edit must bump the policy of both VNICs.
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t)
	e.create(t)
	ctx := ctxT(t)
	const clients, edits = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < edits; n++ {
				l := vcn.SecurityList{ID: "sl-1", VCNID: "vcn-1", Rules: []vcn.SecurityRule{{Direction: vcn.Egress, CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(c), byte(n), 0}), 24)}}}
				if _, err := e.cli.Update(ctx, l); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	v, _, err := e.cli.Versions(ctx, vcn.PolicyPart("vnic-1"), vcn.PolicyPart("vnic-2"))
	if err != nil {
		t.Fatal(err)
	}
	want := vcn.VersionVector{vcn.PolicyPart("vnic-1"): 1 + clients*edits, vcn.PolicyPart("vnic-2"): 1 + clients*edits}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
}
