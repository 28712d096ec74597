package p4rt

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"github.com/sirupsen/logrus"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/testing/protocmp"
)

func TestMain(m *testing.M) {
	// p4runtime-go-client logs every closed stream.
	logrus.SetOutput(io.Discard)
	os.Exit(m.Run())
}

// raw is a StreamChannel driven by hand, to see every arbitration message.
type raw struct {
	t  testing.TB
	st p4v1.P4Runtime_StreamChannelClient
	c  context.CancelFunc
}

func (e *env) raw(role string) *raw {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := e.rpc().StreamChannel(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	r := &raw{t: e.t, st: st, c: cancel}
	e.t.Cleanup(cancel)
	return r
}

func (r *raw) arbitrate(role string, high, low uint64) {
	r.t.Helper()
	m := &p4v1.MasterArbitrationUpdate{ElectionId: &p4v1.Uint128{High: high, Low: low}}
	if role != "" {
		m.Role = &p4v1.Role{Name: role}
	}
	if err := r.st.Send(&p4v1.StreamMessageRequest{Update: &p4v1.StreamMessageRequest_Arbitration{Arbitration: m}}); err != nil {
		r.t.Fatal(err)
	}
}

// status waits for the next arbitration message and returns its code.
func (r *raw) status() codes.Code {
	r.t.Helper()
	for {
		m, err := r.st.Recv()
		if err != nil {
			r.t.Fatalf("stream: %v", err)
		}
		if a := m.GetArbitration(); a != nil {
			return codes.Code(a.GetStatus().GetCode())
		}
	}
}

func TestArbitration(t *testing.T) {
	e := newEnv(t)
	a := e.raw("")
	a.arbitrate("", 0, 10)
	if got := a.status(); got != codes.OK {
		t.Fatalf("first controller: %v, want OK", got)
	}
	b := e.raw("")
	b.arbitrate("", 0, 5)
	if got := b.status(); got != codes.AlreadyExists {
		t.Fatalf("lower election id: %v, want ALREADY_EXISTS", got)
	}
	// Same election id as a live controller: the stream is refused.
	d := e.raw("")
	d.arbitrate("", 0, 5)
	if _, err := d.st.Recv(); status.Code(err) != codes.InvalidArgument {
		t.Errorf("duplicate election id: %v, want INVALID_ARGUMENT", err)
	}
	// Another role has its own primary.
	r := e.raw("other")
	r.arbitrate("other", 0, 1)
	if got := r.status(); got != codes.OK {
		t.Errorf("other role: %v, want OK", got)
	}
	// A higher id takes over; the old primary is told.
	c := e.raw("")
	c.arbitrate("", 1, 0)
	if got := c.status(); got != codes.OK {
		t.Errorf("higher election id: %v, want OK", got)
	}
	if got := a.status(); got != codes.AlreadyExists {
		t.Errorf("old primary told %v, want ALREADY_EXISTS", got)
	}
	if got := b.status(); got != codes.AlreadyExists {
		t.Errorf("backup told %v, want ALREADY_EXISTS", got)
	}
	// The primary leaves: the others learn there is no primary.
	c.c()
	if got := a.status(); got != codes.NotFound {
		t.Errorf("after primary left: %v, want NOT_FOUND", got)
	}
	if got := b.status(); got != codes.NotFound {
		t.Errorf("after primary left: %v, want NOT_FOUND", got)
	}
	// A backup with an id below the highest ever seen stays backup ...
	b.arbitrate("", 0, 20)
	if got := b.status(); got != codes.NotFound {
		t.Errorf("below the highest seen: %v, want NOT_FOUND", got)
	}
	// ... and is promoted with one at least as high; everyone is told.
	b.arbitrate("", 1, 0)
	if got := b.status(); got != codes.OK {
		t.Errorf("promoted: %v, want OK", got)
	}
	if got := a.status(); got != codes.AlreadyExists {
		t.Errorf("after promotion: %v, want ALREADY_EXISTS", got)
	}
	if !e.srv.arb.isPrimary("", &p4v1.Uint128{High: 1}) {
		t.Errorf("promoted controller may not write")
	}
	// Wrong device id.
	w := e.raw("")
	if err := w.st.Send(&p4v1.StreamMessageRequest{Update: &p4v1.StreamMessageRequest_Arbitration{Arbitration: &p4v1.MasterArbitrationUpdate{DeviceId: 3, ElectionId: &p4v1.Uint128{Low: 99}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Recv(); status.Code(err) != codes.NotFound {
		t.Errorf("unknown device: %v, want NOT_FOUND", err)
	}
}

func TestFailoverWithGoClient(t *testing.T) {
	e := newEnv(t)
	primary := e.controller(2)
	e.setPipeline(primary)
	backup := e.controller(1)
	if err := backup.InsertTableEntry(context.Background(), flowEntry(1, 1)); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("backup write: %v, want PERMISSION_DENIED", err)
	}
	primary.close()
	select {
	case ok := <-backup.arb:
		if ok {
			t.Fatalf("backup told it is primary, want no primary")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("backup not told the primary left")
	}
	// The backup takes over with a higher election id, as a controller
	// does after a failover.
	next := e.controller(3)
	if err := next.InsertTableEntry(context.Background(), flowEntry(1, 1)); err != nil {
		t.Errorf("new primary write: %v", err)
	}
}

func TestPacketIO(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	ctx := context.Background()
	out := &p4v1.PacketOut{Payload: []byte("hello"), Metadata: []*p4v1.PacketMetadata{{MetadataId: 1, Value: []byte{1, 0x2b}}, {MetadataId: 2, Value: []byte{0}}}}
	if err := c.SendPacketOut(ctx, out); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(e.tgt.packetOuts()) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	outs := e.tgt.packetOuts()
	if len(outs) != 1 {
		t.Fatalf("%d packet-outs reached the target", len(outs))
	}
	// egress_port 0x12b in 9 bits then 7 pad bits: 1001 0101 1000 0000.
	if diff := cmp.Diff([]byte("\x95\x80hello"), outs[0]); diff != "" {
		t.Errorf("frame (-want +got):\n%s", diff)
	}
	// Packet-in: the target sends ingress_port 5 and a payload.
	e.tgt.h().PacketIn([]byte{0x02, 0x80, 'h', 'i'})
	m := c.next(t)
	want := &p4v1.PacketIn{Payload: []byte("hi"), Metadata: []*p4v1.PacketMetadata{{MetadataId: 1, Value: []byte{5}}, {MetadataId: 2, Value: []byte{0}}}}
	if diff := cmp.Diff(want, m.GetPacket(), protocmp.Transform()); diff != "" {
		t.Errorf("packet-in (-want +got):\n%s", diff)
	}
	// A bad packet-out is reported on the stream.
	bad := &p4v1.PacketOut{Payload: []byte("x"), Metadata: []*p4v1.PacketMetadata{{MetadataId: 9, Value: []byte{1}}}}
	if err := c.SendPacketOut(ctx, bad); err != nil {
		t.Fatal(err)
	}
	m = c.next(t)
	if se := m.GetError(); se == nil || codes.Code(se.GetCanonicalCode()) != codes.InvalidArgument || se.GetPacketOut() == nil {
		t.Errorf("bad packet-out answered %v, want a StreamError INVALID_ARGUMENT", m)
	}
	// Packet-outs from a backup are refused.
	b := e.controller(0)
	if err := b.SendPacketOut(ctx, out); err != nil {
		t.Fatal(err)
	}
	m = b.next(t)
	if codes.Code(m.GetError().GetCanonicalCode()) != codes.PermissionDenied {
		t.Errorf("backup packet-out answered %v", m)
	}
}

func TestHeaderPacking(t *testing.T) {
	h := &ctrlHeader{fields: []metaField{{id: 1, bits: 3}, {id: 2, bits: 12}, {id: 3, bits: 1}}, idx: map[uint32]int{1: 0, 2: 1, 3: 2}, bits: 16}
	md := []*p4v1.PacketMetadata{{MetadataId: 3, Value: []byte{1}}, {MetadataId: 1, Value: []byte{5}}, {MetadataId: 2, Value: []byte{0x0a, 0xbc}}}
	frame, err := packHeader(h, md, []byte{0xee})
	if err != nil {
		t.Fatal(err)
	}
	// 101 1010 1011 1100 1 = 1011 0101 0111 1001
	if diff := cmp.Diff([]byte{0xb5, 0x79, 0xee}, frame); diff != "" {
		t.Errorf("frame (-want +got):\n%s", diff)
	}
	got, payload, ok := unpackHeader(h, frame)
	if !ok || string(payload) != "\xee" {
		t.Fatalf("unpack: ok %v payload %x", ok, payload)
	}
	want := []*p4v1.PacketMetadata{{MetadataId: 1, Value: []byte{5}}, {MetadataId: 2, Value: []byte{0x0a, 0xbc}}, {MetadataId: 3, Value: []byte{1}}}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	if _, _, ok := unpackHeader(h, []byte{1}); ok {
		t.Errorf("short frame unpacked")
	}
}

func TestDigests(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	ctx := context.Background()
	cfg := &p4v1.DigestEntry_Config{MaxTimeoutNs: int64(20 * time.Millisecond), MaxListSize: 2, AckTimeoutNs: int64(time.Hour)}
	if err := e.write(1, upd(p4v1.Update_INSERT, &p4v1.Entity{Entity: &p4v1.Entity_DigestEntry{DigestEntry: &p4v1.DigestEntry{DigestId: dLearn, Config: cfg}}})); err != nil {
		t.Fatal(err)
	}
	if got := codesOf(t, 1, e.write(1, upd(p4v1.Update_INSERT, &p4v1.Entity{Entity: &p4v1.Entity_DigestEntry{DigestEntry: &p4v1.DigestEntry{DigestId: dLearn, Config: cfg}}})))[0]; got != codes.AlreadyExists {
		t.Errorf("second insert: %v", got)
	}
	ents, _ := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_DigestEntry{DigestEntry: &p4v1.DigestEntry{}}})
	if len(ents) != 1 {
		t.Errorf("read %d digest configs", len(ents))
	}
	h := e.tgt.h()
	macA, macB := []byte{0, 0, 0, 0, 0, 0xa}, []byte{0, 0, 0, 0, 0, 0xb}
	h.Digest(dLearn, [][]byte{macA, {0, 1}})
	h.Digest(dLearn, [][]byte{macA, {0, 1}}) // duplicate: suppressed
	h.Digest(dLearn, [][]byte{macB, {0, 2}}) // fills the list
	l1 := c.next(t).GetDigest()
	if l1 == nil || len(l1.GetData()) != 2 {
		t.Fatalf("first list: %v", l1)
	}
	wantA := &p4v1.P4Data{Data: &p4v1.P4Data_Struct{Struct: &p4v1.P4StructLike{Members: []*p4v1.P4Data{
		{Data: &p4v1.P4Data_Bitstring{Bitstring: []byte{0xa}}}, {Data: &p4v1.P4Data_Bitstring{Bitstring: []byte{1}}}}}}}
	if diff := cmp.Diff(wantA, l1.GetData()[0], protocmp.Transform()); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
	// Still unacknowledged: suppressed. A new value goes out after the
	// timeout, alone.
	h.Digest(dLearn, [][]byte{macA, {0, 1}})
	h.Digest(dLearn, [][]byte{{0xc}, {3}})
	l2 := c.next(t).GetDigest()
	if len(l2.GetData()) != 1 || l2.GetListId() == l1.GetListId() {
		t.Fatalf("second list: %v", l2)
	}
	// After the ack, A may be reported again.
	if err := c.AckDigestList(ctx, l1); err != nil {
		t.Fatal(err)
	}
	// The ack travels on the stream; wait until the server has it.
	for deadline := time.Now().Add(5 * time.Second); ; {
		e.srv.digests.mu.Lock()
		n := len(e.srv.digests.states[dLearn].unacked)
		e.srv.digests.mu.Unlock()
		if n == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	h.Digest(dLearn, [][]byte{macA, {0, 1}})
	l3 := c.next(t).GetDigest()
	if len(l3.GetData()) != 1 || l3.GetData()[0].GetStruct().GetMembers()[0].GetBitstring()[0] != 0xa {
		t.Errorf("after ack: %v", l3)
	}
	// An ack for an unknown digest is reported on the stream.
	if err := c.AckDigestList(ctx, &p4v1.DigestList{DigestId: 0x17000099, ListId: 1}); err != nil {
		t.Fatal(err)
	}
	if se := c.next(t).GetError(); codes.Code(se.GetCanonicalCode()) != codes.InvalidArgument || se.GetDigestListAck() == nil {
		t.Errorf("bad ack answered %v", se)
	}
}

func TestDigestAckTimeout(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	cfg := &p4v1.DigestEntry_Config{MaxListSize: 1, AckTimeoutNs: int64(30 * time.Millisecond)}
	if err := c.EnableDigest(context.Background(), "learn_t", cfg); err != nil {
		t.Fatal(err)
	}
	h := e.tgt.h()
	v := [][]byte{{1}, {1}}
	h.Digest(dLearn, v)
	first := c.next(t).GetDigest()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.Digest(dLearn, v)
		select {
		case m := <-c.msgs:
			if m.GetDigest().GetListId() <= first.GetListId() {
				t.Errorf("list id did not grow: %v", m)
			}
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("digest still suppressed long after ack_timeout_ns")
}

func TestIdleTimeout(t *testing.T) {
	// The scan loop is off; the test calls scanIdle with chosen times, so
	// nothing depends on the machine's speed.
	e := newEnv(t, WithIdleScanInterval(time.Hour))
	c := e.controller(1)
	e.setPipeline(c)
	te := flowEntry(1, 1)
	te.IdleTimeoutNs = int64(time.Second)
	if err := c.InsertTableEntry(context.Background(), te); err != nil {
		t.Fatal(err)
	}
	e.srv.mu.RLock()
	var ent *entry
	for _, x := range e.srv.state.tables[tFlow].entries {
		ent = x
	}
	e.srv.mu.RUnlock()
	t0 := ent.since
	steps := []struct {
		name   string
		hit    time.Duration // set the last hit to t0+hit first (0: none)
		at     time.Duration
		notify bool
	}{
		{"before the TTL", 0, 500 * time.Millisecond, false},
		{"after the TTL", 0, 1100 * time.Millisecond, true},
		{"again within a TTL: not re-notified", 0, 1500 * time.Millisecond, false},
		{"idle for another TTL: re-notified", 0, 2200 * time.Millisecond, true},
		{"hit: not idle", 2500 * time.Millisecond, 3000 * time.Millisecond, false},
		{"idle a TTL after the hit", 0, 3600 * time.Millisecond, true},
	}
	for _, st := range steps {
		if st.hit != 0 {
			e.tgt.hitAt(tFlow, ent.key, t0.Add(st.hit))
		}
		e.srv.scanIdle(t0.Add(st.at))
		var got *p4v1.IdleTimeoutNotification
		if st.notify {
			got = c.next(t).GetIdleTimeoutNotification()
			if len(got.GetTableEntry()) != 1 || got.GetTableEntry()[0].GetIdleTimeoutNs() != te.IdleTimeoutNs {
				t.Errorf("%s: notification %v", st.name, got)
			}
		}
		time.Sleep(time.Millisecond)
		if len(c.msgs) != 0 {
			t.Errorf("%s: unexpected %v", st.name, <-c.msgs)
		}
	}
	// A read with time_since_last_hit reports the idle time.
	got, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: tFlow, TimeSinceLastHit: &p4v1.TableEntry_IdleTimeout{}}))
	if err != nil || len(got) != 1 || got[0].GetTableEntry().GetTimeSinceLastHit() == nil {
		t.Errorf("time since last hit: %v, %v", got, err)
	}
	// Once deleted, never again.
	if err := c.DeleteTableEntry(context.Background(), te); err != nil {
		t.Fatal(err)
	}
	e.srv.scanIdle(t0.Add(time.Hour))
	time.Sleep(10 * time.Millisecond)
	if len(c.msgs) != 0 {
		t.Errorf("notification after delete: %v", <-c.msgs)
	}
}

func TestLargeBatch(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	ups := make([]*p4v1.Update, 10000)
	for i := range ups {
		ups[i] = upd(p4v1.Update_INSERT, tableEnt(flowEntry(uint32(i), 1)))
	}
	if err := e.write(1, ups...); err != nil {
		t.Fatal(err)
	}
	got, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: tFlow}))
	if err != nil || len(got) != 10000 {
		t.Fatalf("read back %d entries, %v", len(got), err)
	}
	for i := range ups {
		ups[i].Type = p4v1.Update_DELETE
	}
	if err := e.write(1, ups...); err != nil {
		t.Fatal(err)
	}
}
