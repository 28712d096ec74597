package controller

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/proto"

	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
)

// fakeSwitch models the P4Runtime semantics the agent relies on: a store of
// table entries with INSERT/MODIFY/DELETE errors per update. It is a fake
// for this package's unit tests; the real switch is tested end to end.
type fakeSwitch struct {
	mu      sync.Mutex
	tables  map[uint32]map[string]*p4v1.TableEntry
	events  chan switchconn.Event
	sent    []*p4v1.StreamMessageRequest
	writes  [][]*p4v1.Update
	failAll bool
}

func newFakeSwitch() *fakeSwitch {
	return &fakeSwitch{tables: map[uint32]map[string]*p4v1.TableEntry{}, events: make(chan switchconn.Event, 64)}
}

func matchKey(te *p4v1.TableEntry) string {
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(&p4v1.TableEntry{Match: te.Match, IsDefaultAction: te.IsDefaultAction})
	return string(b)
}

func (f *fakeSwitch) Events() <-chan switchconn.Event { return f.events }

func (f *fakeSwitch) Send(_ context.Context, m *p4v1.StreamMessageRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	return nil
}

func (f *fakeSwitch) Write(_ context.Context, ups []*p4v1.Update) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failAll {
		return fmt.Errorf("switch unavailable")
	}
	f.writes = append(f.writes, ups)
	var werr switchconn.WriteError
	for i, u := range ups {
		te := u.GetEntity().GetTableEntry()
		if te == nil {
			continue // digest configuration and the like
		}
		t := f.tables[te.TableId]
		if t == nil {
			t = map[string]*p4v1.TableEntry{}
			f.tables[te.TableId] = t
		}
		k := matchKey(te)
		_, exists := t[k]
		switch u.Type {
		case p4v1.Update_INSERT:
			if exists {
				werr.Updates = append(werr.Updates, switchconn.UpdateError{Index: i, Code: codes.AlreadyExists})
				continue
			}
			t[k] = proto.Clone(te).(*p4v1.TableEntry)
		case p4v1.Update_MODIFY:
			if !exists && !te.IsDefaultAction {
				werr.Updates = append(werr.Updates, switchconn.UpdateError{Index: i, Code: codes.NotFound})
				continue
			}
			t[k] = proto.Clone(te).(*p4v1.TableEntry)
		case p4v1.Update_DELETE:
			if !exists {
				werr.Updates = append(werr.Updates, switchconn.UpdateError{Index: i, Code: codes.NotFound})
				continue
			}
			delete(t, k)
		}
	}
	if len(werr.Updates) > 0 {
		return &werr
	}
	return nil
}

func (f *fakeSwitch) Read(_ context.Context, es []*p4v1.Entity, fn func(*p4v1.Entity) error) error {
	f.mu.Lock()
	var out []*p4v1.Entity
	for _, e := range es {
		for _, te := range f.tables[e.GetTableEntry().GetTableId()] {
			out = append(out, &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: proto.Clone(te).(*p4v1.TableEntry)}})
		}
	}
	f.mu.Unlock()
	for _, e := range out {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSwitch) entries(table uint32) []*p4v1.TableEntry {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*p4v1.TableEntry
	for _, te := range f.tables[table] {
		out = append(out, te)
	}
	return out
}

// serve starts the services on an in-memory listener and returns clients.
func serve(t *testing.T, nis nisv1.NISServer, cp controlplanev1.ControlPlaneServer) (nisv1.NISClient, controlplanev1.ControlPlaneClient) {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	nisv1.RegisterNISServer(srv, nis)
	controlplanev1.RegisterControlPlaneServer(srv, cp)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	cc, err := grpc.NewClient("passthrough:///bufnet", grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return nisv1.NewNISClient(cc), controlplanev1.NewControlPlaneClient(cc)
}
