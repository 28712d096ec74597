package p4rt

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
)

const (
	tFlow   = 0x02000001
	tACL    = 0x02000002
	tRoutes = 0x02000003
	tFixed  = 0x02000004
	aFwd    = 0x01000001
	aDrop   = 0x01000002
	aNo     = 0x01000003
	cC      = 0x12000001
	mM      = 0x14000001
	rR      = 0x16000001
	dLearn  = 0x17000001
	vPVS    = 0x03000001
)

// env is a server on a real TCP listener on 127.0.0.1 with the fake
// target behind it.
type env struct {
	t        testing.TB
	tgt      *fakeTarget
	srv      *Server
	conn     *grpc.ClientConn
	info     *p4configv1.P4Info
	infoText []byte
	bundle   []byte
}

func newEnv(t testing.TB, opts ...Option) *env {
	t.Helper()
	text, err := os.ReadFile("testdata/test.p4info.txt")
	if err != nil {
		t.Fatal(err)
	}
	info := &p4configv1.P4Info{}
	if err := prototext.Unmarshal(text, info); err != nil {
		t.Fatal(err)
	}
	tgt := newFakeTarget()
	e := startEnv(t, tgt, info, opts...)
	e.tgt = tgt
	return e
}

// startEnv serves target on 127.0.0.1:0; its device config is a bundle
// carrying info.
func startEnv(t testing.TB, target Target, info *p4configv1.P4Info, opts ...Option) *env {
	t.Helper()
	text, err := prototext.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := proto.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := (&Bundle{Files: []BundleFile{{Name: "test.p4", Data: []byte("// test program\n")}}, P4Info: bin}).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(target, opts...)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(256<<20), grpc.MaxCallSendMsgSize(256<<20)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, conn: conn, info: info, infoText: text, bundle: bundle}
	t.Cleanup(func() {
		conn.Close()
		srv.Close()
	})
	return e
}

func (e *env) rpc() p4v1.P4RuntimeClient { return p4v1.NewP4RuntimeClient(e.conn) }

// ctl is a controller built on p4runtime-go-client.
type ctl struct {
	*client.Client
	arb  chan bool
	msgs chan *p4v1.StreamMessageResponse
	stop chan struct{}
}

// controller connects a go-client controller with election id (0, low)
// and waits for its first arbitration answer.
func (e *env) controller(low uint64) *ctl {
	e.t.Helper()
	c := &ctl{
		Client: client.NewClient(e.rpc(), 0, &p4v1.Uint128{High: 0, Low: low}),
		arb:    make(chan bool, 100), msgs: make(chan *p4v1.StreamMessageResponse, 1000), stop: make(chan struct{}),
	}
	go c.Run(c.stop, c.arb, c.msgs)
	e.t.Cleanup(c.close)
	select {
	case <-c.arb:
	case <-time.After(5 * time.Second):
		e.t.Fatal("no arbitration answer")
	}
	return c
}

func (c *ctl) close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
}

// next returns the next stream message that is not an arbitration.
func (c *ctl) next(t testing.TB) *p4v1.StreamMessageResponse {
	t.Helper()
	select {
	case m := <-c.msgs:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no stream message")
		return nil
	}
}

// setPipeline loads the test pipeline through the go-client.
func (e *env) setPipeline(c *ctl) {
	e.t.Helper()
	if _, err := c.SetFwdPipeFromBytes(context.Background(), e.bundle, e.infoText, 42); err != nil {
		e.t.Fatalf("SetFwdPipe: %v", err)
	}
}

// write sends updates in one request as the given election id.
func (e *env) write(low uint64, ups ...*p4v1.Update) error {
	_, err := e.rpc().Write(context.Background(), &p4v1.WriteRequest{ElectionId: &p4v1.Uint128{Low: low}, Updates: ups})
	return err
}

// codesOf returns the per-update codes of a Write error (all OK for nil).
func codesOf(t testing.TB, n int, err error) []codes.Code {
	t.Helper()
	out := make([]codes.Code, n)
	if err == nil {
		return out
	}
	st, _ := status.FromError(err)
	if st.Code() != codes.Unknown {
		for i := range out {
			out[i] = st.Code()
		}
		return out
	}
	det := st.Details()
	if len(det) != n {
		t.Fatalf("%d error details for %d updates: %v", len(det), n, err)
	}
	for i, d := range det {
		pe, ok := d.(*p4v1.Error)
		if !ok {
			t.Fatalf("detail %d is %T", i, d)
		}
		out[i] = codes.Code(pe.GetCanonicalCode())
	}
	return out
}

func upd(op p4v1.Update_Type, ent *p4v1.Entity) *p4v1.Update {
	return &p4v1.Update{Type: op, Entity: ent}
}

func tableEnt(te *p4v1.TableEntry) *p4v1.Entity {
	return &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: te}}
}

func exact(id uint32, v ...byte) *p4v1.FieldMatch {
	return &p4v1.FieldMatch{FieldId: id, FieldMatchType: &p4v1.FieldMatch_Exact_{Exact: &p4v1.FieldMatch_Exact{Value: v}}}
}

func ternary(id uint32, v, m []byte) *p4v1.FieldMatch {
	return &p4v1.FieldMatch{FieldId: id, FieldMatchType: &p4v1.FieldMatch_Ternary_{Ternary: &p4v1.FieldMatch_Ternary{Value: v, Mask: m}}}
}

func lpm(id uint32, v []byte, plen int32) *p4v1.FieldMatch {
	return &p4v1.FieldMatch{FieldId: id, FieldMatchType: &p4v1.FieldMatch_Lpm{Lpm: &p4v1.FieldMatch_LPM{Value: v, PrefixLen: plen}}}
}

func act(id uint32, params ...[]byte) *p4v1.TableAction {
	a := &p4v1.Action{ActionId: id}
	for i, p := range params {
		a.Params = append(a.Params, &p4v1.Action_Param{ParamId: uint32(i + 1), Value: p})
	}
	return &p4v1.TableAction{Type: &p4v1.TableAction_Action{Action: a}}
}

// flowEntry is an entry of the exact table ingress.flow, with canonical
// byte strings as p4runtime-go-client sends them.
func flowEntry(dst uint32, port uint16) *p4v1.TableEntry {
	return &p4v1.TableEntry{TableId: tFlow,
		Match:  []*p4v1.FieldMatch{exact(1, canonical([]byte{byte(dst >> 24), byte(dst >> 16), byte(dst >> 8), byte(dst)})...), exact(2, canonical([]byte{byte(port >> 8), byte(port)})...)},
		Action: act(aFwd, []byte{3})}
}

// readAll reads entities with one request.
func (e *env) readAll(ents ...*p4v1.Entity) ([]*p4v1.Entity, error) {
	st, err := e.rpc().Read(context.Background(), &p4v1.ReadRequest{Entities: ents})
	if err != nil {
		return nil, err
	}
	var out []*p4v1.Entity
	for {
		r, err := st.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, r.GetEntities()...)
	}
}
