package p4rt

import (
	"context"
	"testing"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	"github.com/google/go-cmp/cmp"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

func TestCapabilities(t *testing.T) {
	e := newEnv(t)
	r, err := e.rpc().Capabilities(context.Background(), &p4v1.CapabilitiesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.GetP4RuntimeApiVersion(), "1.4.0"; got != want {
		t.Errorf("version %q, want %q", got, want)
	}
}

func TestPipelineConfig(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	ctx := context.Background()
	if got, err := c.GetFwdPipe(ctx, client.GetFwdPipeAll); got != nil || err != nil {
		t.Errorf("config before any was set: %v, %v", got, err)
	}
	set := func(act p4v1.SetForwardingPipelineConfigRequest_Action, cfg *p4v1.ForwardingPipelineConfig) error {
		_, err := e.rpc().SetForwardingPipelineConfig(ctx, &p4v1.SetForwardingPipelineConfigRequest{ElectionId: &p4v1.Uint128{Low: 1}, Action: act, Config: cfg})
		return err
	}
	mismatch := proto.Clone(e.info).(*p4configv1.P4Info)
	mismatch.Tables = mismatch.Tables[:1]
	tests := []struct {
		name string
		act  p4v1.SetForwardingPipelineConfigRequest_Action
		cfg  *p4v1.ForwardingPipelineConfig
		want codes.Code
	}{
		{"commit without save", p4v1.SetForwardingPipelineConfigRequest_COMMIT, nil, codes.FailedPrecondition},
		{"unspecified", p4v1.SetForwardingPipelineConfigRequest_UNSPECIFIED, nil, codes.InvalidArgument},
		{"no p4info", p4v1.SetForwardingPipelineConfigRequest_VERIFY, &p4v1.ForwardingPipelineConfig{P4DeviceConfig: e.bundle}, codes.InvalidArgument},
		{"p4info differs from device config", p4v1.SetForwardingPipelineConfigRequest_VERIFY, &p4v1.ForwardingPipelineConfig{P4Info: mismatch, P4DeviceConfig: e.bundle}, codes.InvalidArgument},
		{"verify", p4v1.SetForwardingPipelineConfigRequest_VERIFY, &p4v1.ForwardingPipelineConfig{P4Info: e.info, P4DeviceConfig: e.bundle}, codes.OK},
		{"save", p4v1.SetForwardingPipelineConfigRequest_VERIFY_AND_SAVE, &p4v1.ForwardingPipelineConfig{P4Info: e.info, P4DeviceConfig: e.bundle, Cookie: &p4v1.ForwardingPipelineConfig_Cookie{Cookie: 7}}, codes.OK},
		{"commit saved", p4v1.SetForwardingPipelineConfigRequest_COMMIT, nil, codes.OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := status.Code(set(tt.act, tt.cfg)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, rt := range []struct {
		typ        client.GetFwdPipeResponseType
		info, devc bool
	}{{client.GetFwdPipeAll, true, true}, {client.GetFwdPipeCookieOnly, false, false}, {client.GetFwdPipeP4InfoAndCookie, true, false}, {client.GetFwdPipeDeviceConfigAndCookie, false, true}} {
		got, err := c.GetFwdPipe(ctx, rt.typ)
		if err != nil {
			t.Fatal(err)
		}
		if got.Cookie != 7 || (got.P4Info != nil) != rt.info || (got.P4DeviceConfig != nil) != rt.devc {
			t.Errorf("response type %v: cookie %d, p4info %v, device config %v", rt.typ, got.Cookie, got.P4Info != nil, got.P4DeviceConfig != nil)
		}
	}
	// A backup may not set the pipeline.
	_ = e.controller(0)
	_, err := e.rpc().SetForwardingPipelineConfig(ctx, &p4v1.SetForwardingPipelineConfigRequest{ElectionId: &p4v1.Uint128{Low: 0}, Action: p4v1.SetForwardingPipelineConfigRequest_VERIFY_AND_COMMIT, Config: &p4v1.ForwardingPipelineConfig{P4Info: e.info, P4DeviceConfig: e.bundle}})
	if status.Code(err) != codes.PermissionDenied {
		t.Errorf("backup set pipeline: %v, want PERMISSION_DENIED", err)
	}
}

func TestReconcile(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	if err := c.InsertTableEntry(context.Background(), flowEntry(10, 1)); err != nil {
		t.Fatal(err)
	}
	if err := c.InsertMulticastGroup(context.Background(), 5, []uint32{1, 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetFwdPipeFromBytesWithAction(context.Background(), e.bundle, e.infoText, 43, p4v1.SetForwardingPipelineConfigRequest_RECONCILE_AND_COMMIT); err != nil {
		t.Fatal(err)
	}
	got, err := e.readAll(tableEnt(&p4v1.TableEntry{}), &p4v1.Entity{Entity: &p4v1.Entity_PacketReplicationEngineEntry{PacketReplicationEngineEntry: &p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_MulticastGroupEntry{MulticastGroupEntry: &p4v1.MulticastGroupEntry{}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("after reconcile read %d entities, want the entry and the group", len(got))
	}
	// A plain commit clears the state.
	e.setPipeline(c)
	got, _ = e.readAll(tableEnt(&p4v1.TableEntry{}))
	if len(got) != 0 {
		t.Errorf("after commit read %d entries, want 0", len(got))
	}
}

func TestWriteErrors(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	if err := c.InsertTableEntry(context.Background(), flowEntry(1, 1)); err != nil {
		t.Fatal(err)
	}
	aclEntry := func(prio int32, a *p4v1.TableAction, m ...*p4v1.FieldMatch) *p4v1.TableEntry {
		return &p4v1.TableEntry{TableId: tACL, Priority: prio, Match: m, Action: a}
	}
	ins := p4v1.Update_INSERT
	tests := []struct {
		name string
		u    *p4v1.Update
		want codes.Code
	}{
		{"ok", upd(ins, tableEnt(flowEntry(2, 1))), codes.OK},
		{"duplicate insert", upd(ins, tableEnt(flowEntry(1, 1))), codes.AlreadyExists},
		{"duplicate insert, padded bytes", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 0, 0, 0, 0, 0, 1), exact(2, 1)}, Action: act(aFwd, []byte{3})})), codes.AlreadyExists},
		{"delete missing", upd(p4v1.Update_DELETE, tableEnt(flowEntry(99, 1))), codes.NotFound},
		{"modify missing", upd(p4v1.Update_MODIFY, tableEnt(flowEntry(99, 1))), codes.NotFound},
		{"unknown table", upd(ins, tableEnt(&p4v1.TableEntry{TableId: 0x02000099})), codes.NotFound},
		{"unknown match field", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 1), exact(2, 1), exact(7, 1)}, Action: act(aDrop)})), codes.InvalidArgument},
		{"missing exact field", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 1)}, Action: act(aDrop)})), codes.InvalidArgument},
		{"value wider than the field", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 1), exact(2, 2, 0)}, Action: act(aDrop)})), codes.OutOfRange},
		{"empty bytestring", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1), exact(2, 1)}, Action: act(aDrop)})), codes.OutOfRange},
		{"wrong match kind", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{lpm(1, []byte{1}, 8), exact(2, 1)}, Action: act(aDrop)})), codes.InvalidArgument},
		{"param too wide", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 3), exact(2, 1)}, Action: act(aFwd, []byte{2, 0})})), codes.OutOfRange},
		{"missing param", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 3), exact(2, 1)}, Action: act(aFwd)})), codes.InvalidArgument},
		{"action not in table", upd(ins, aclEntryU(aclEntry(1, act(aNo), ternary(1, []byte{1}, []byte{0xff}))).Entity), codes.InvalidArgument},
		{"no action on insert", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 3), exact(2, 1)}})), codes.InvalidArgument},
		{"@defaultonly action in an entry", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 3), exact(2, 1)}, Action: act(aNo)})), codes.PermissionDenied},
		{"ternary without priority", upd(ins, tableEnt(aclEntry(0, act(aDrop), ternary(1, []byte{1}, []byte{0xff})))), codes.InvalidArgument},
		{"priority on exact table", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, Priority: 3, Match: []*p4v1.FieldMatch{exact(1, 3), exact(2, 1)}, Action: act(aDrop)})), codes.InvalidArgument},
		{"ternary value outside mask", upd(ins, tableEnt(aclEntry(1, act(aDrop), ternary(1, []byte{3}, []byte{0xfe})))), codes.InvalidArgument},
		{"ternary zero mask", upd(ins, tableEnt(aclEntry(1, act(aDrop), ternary(1, []byte{0}, []byte{0})))), codes.InvalidArgument},
		{"ternary ok", upd(ins, tableEnt(aclEntry(1, act(aDrop), ternary(1, []byte{2}, []byte{0xfe})))), codes.OK},
		{"lpm bits beyond prefix", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tRoutes, Match: []*p4v1.FieldMatch{lpm(1, []byte{10, 0, 0, 1}, 8)}, Action: act(aFwd, []byte{1})})), codes.InvalidArgument},
		{"lpm prefix 0", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tRoutes, Match: []*p4v1.FieldMatch{lpm(1, []byte{0}, 0)}, Action: act(aFwd, []byte{1})})), codes.InvalidArgument},
		{"lpm ok", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tRoutes, Match: []*p4v1.FieldMatch{lpm(1, []byte{10, 0, 0, 0}, 8)}, Action: act(aFwd, []byte{1})})), codes.OK},
		{"idle timeout on a table without support", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tRoutes, IdleTimeoutNs: 1e9, Match: []*p4v1.FieldMatch{lpm(1, []byte{11, 0, 0, 0}, 8)}, Action: act(aFwd, []byte{1})})), codes.InvalidArgument},
		{"counter data on a table without counter", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tRoutes, CounterData: &p4v1.CounterData{}, Match: []*p4v1.FieldMatch{lpm(1, []byte{12, 0, 0, 0}, 8)}, Action: act(aFwd, []byte{1})})), codes.InvalidArgument},
		{"const table", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFixed, Match: []*p4v1.FieldMatch{exact(1, 1)}, Action: act(aDrop)})), codes.PermissionDenied},
		{"const default action", upd(p4v1.Update_MODIFY, tableEnt(&p4v1.TableEntry{TableId: tFixed, IsDefaultAction: true, Action: act(aDrop)})), codes.PermissionDenied},
		{"insert default entry", upd(ins, tableEnt(&p4v1.TableEntry{TableId: tFlow, IsDefaultAction: true, Action: act(aDrop)})), codes.InvalidArgument},
		{"@tableonly action as default", upd(p4v1.Update_MODIFY, tableEnt(&p4v1.TableEntry{TableId: tACL, IsDefaultAction: true, Action: act(aFwd, []byte{1})})), codes.PermissionDenied},
		{"default entry with match", upd(p4v1.Update_MODIFY, tableEnt(&p4v1.TableEntry{TableId: tFlow, IsDefaultAction: true, Match: []*p4v1.FieldMatch{exact(1, 1)}, Action: act(aDrop)})), codes.InvalidArgument},
		{"modify default", upd(p4v1.Update_MODIFY, tableEnt(&p4v1.TableEntry{TableId: tFlow, IsDefaultAction: true, Action: act(aDrop)})), codes.OK},
		{"unknown counter", upd(p4v1.Update_MODIFY, &p4v1.Entity{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{CounterId: 0x12000099}}}), codes.NotFound},
		{"counter insert", upd(ins, &p4v1.Entity{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{CounterId: cC}}}), codes.InvalidArgument},
		{"counter index out of range", upd(p4v1.Update_MODIFY, &p4v1.Entity{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{CounterId: cC, Index: &p4v1.Index{Index: 16}, Data: &p4v1.CounterData{}}}}), codes.OutOfRange},
		{"no entity", upd(ins, &p4v1.Entity{}), codes.InvalidArgument},
		{"unspecified type", upd(p4v1.Update_UNSPECIFIED, tableEnt(flowEntry(5, 1))), codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codesOf(t, 1, e.write(1, tt.u))[0]
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("batch reports each update", func(t *testing.T) {
		err := e.write(1, upd(ins, tableEnt(flowEntry(50, 1))), upd(ins, tableEnt(flowEntry(50, 1))), upd(p4v1.Update_DELETE, tableEnt(flowEntry(51, 1))), upd(p4v1.Update_DELETE, tableEnt(flowEntry(50, 1))))
		if status.Code(err) != codes.Unknown {
			t.Fatalf("batch error %v, want UNKNOWN", err)
		}
		want := []codes.Code{codes.OK, codes.AlreadyExists, codes.NotFound, codes.OK}
		if diff := cmp.Diff(want, codesOf(t, 4, err)); diff != "" {
			t.Errorf("codes (-want +got):\n%s", diff)
		}
	})
	t.Run("target failure", func(t *testing.T) {
		e.tgt.mu.Lock()
		e.tgt.failNext = codes.ResourceExhausted
		e.tgt.mu.Unlock()
		got := codesOf(t, 2, e.write(1, upd(ins, tableEnt(flowEntry(60, 1))), upd(ins, tableEnt(flowEntry(61, 1)))))
		if diff := cmp.Diff([]codes.Code{codes.ResourceExhausted, codes.OK}, got); diff != "" {
			t.Errorf("codes (-want +got):\n%s", diff)
		}
		ents, _ := e.readAll(tableEnt(flowEntry(60, 1)))
		if len(ents) != 0 {
			t.Errorf("failed insert is readable")
		}
	})
	t.Run("backup writes are refused", func(t *testing.T) {
		_ = e.controller(0)
		if got := status.Code(e.write(0, upd(ins, tableEnt(flowEntry(70, 1))))); got != codes.PermissionDenied {
			t.Errorf("got %v, want PERMISSION_DENIED", got)
		}
		if got := status.Code(e.write(5, upd(ins, tableEnt(flowEntry(70, 1))))); got != codes.PermissionDenied {
			t.Errorf("unknown election id: got %v, want PERMISSION_DENIED", got)
		}
	})
	t.Run("wrong device", func(t *testing.T) {
		_, err := e.rpc().Write(context.Background(), &p4v1.WriteRequest{DeviceId: 9, ElectionId: &p4v1.Uint128{Low: 1}})
		if status.Code(err) != codes.NotFound {
			t.Errorf("got %v, want NOT_FOUND", err)
		}
	})
	t.Run("atomicity", func(t *testing.T) {
		_, err := e.rpc().Write(context.Background(), &p4v1.WriteRequest{ElectionId: &p4v1.Uint128{Low: 1}, Atomicity: p4v1.WriteRequest_DATAPLANE_ATOMIC})
		if status.Code(err) != codes.Unimplemented {
			t.Errorf("got %v, want UNIMPLEMENTED", err)
		}
	})
}

// aclEntryU wraps an entry in an update (to keep the table readable).
func aclEntryU(te *p4v1.TableEntry) *p4v1.Update { return upd(p4v1.Update_INSERT, tableEnt(te)) }

func TestReadBack(t *testing.T) {
	e := newEnv(t, WithReadChunk(3))
	c := e.controller(1)
	e.setPipeline(c)
	ctx := context.Background()
	// Padded, non-canonical byte strings are stored canonically.
	padded := &p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 0, 0, 0, 0, 7), exact(2, 0, 1)}, Action: act(aFwd, []byte{0, 0, 4}), ControllerMetadata: 9, CounterData: &p4v1.CounterData{PacketCount: 5, ByteCount: 500}}
	if err := c.InsertTableEntry(ctx, padded); err != nil {
		t.Fatal(err)
	}
	for i := uint32(100); i < 110; i++ {
		if err := c.InsertTableEntry(ctx, flowEntry(i, 2)); err != nil {
			t.Fatal(err)
		}
	}
	acl := &p4v1.TableEntry{TableId: tACL, Priority: 10, Match: []*p4v1.FieldMatch{ternary(1, []byte{10, 0, 0, 0}, []byte{255, 0, 0, 0})}, Action: act(aDrop)}
	if err := c.InsertTableEntry(ctx, acl); err != nil {
		t.Fatal(err)
	}
	want := &p4v1.TableEntry{TableId: tFlow, Match: []*p4v1.FieldMatch{exact(1, 7), exact(2, 1)}, Action: act(aFwd, []byte{4}), ControllerMetadata: 9, CounterData: &p4v1.CounterData{PacketCount: 5, ByteCount: 500}}
	t.Run("one entry, canonical, with its counter", func(t *testing.T) {
		got, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: padded.Match, CounterData: &p4v1.CounterData{}}))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("read %d entries, want 1", len(got))
		}
		if diff := cmp.Diff(want, got[0].GetTableEntry(), protocmp.Transform()); diff != "" {
			t.Errorf("entry (-want +got):\n%s", diff)
		}
	})
	counts := []struct {
		name string
		q    *p4v1.TableEntry
		want int
	}{
		{"all tables", &p4v1.TableEntry{}, 12},
		{"one table", &p4v1.TableEntry{TableId: tFlow}, 11},
		{"by priority", &p4v1.TableEntry{TableId: tACL, Priority: 10}, 1},
		{"by wrong priority", &p4v1.TableEntry{TableId: tACL, Priority: 11}, 0},
		{"by controller metadata", &p4v1.TableEntry{TableId: tFlow, ControllerMetadata: 9}, 1},
		{"by action", &p4v1.TableEntry{TableId: tFlow, Action: act(aFwd)}, 11},
		{"default entry", &p4v1.TableEntry{TableId: tFlow, IsDefaultAction: true}, 1},
		{"default entries of all tables", &p4v1.TableEntry{IsDefaultAction: true}, 5},
	}
	for _, tt := range counts {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.readAll(tableEnt(tt.q))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("read %d entries, want %d", len(got), tt.want)
			}
		})
	}
	t.Run("go-client wildcard", func(t *testing.T) {
		got, err := c.ReadTableEntryWildcard(ctx, "ingress.flow")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 11 {
			t.Errorf("read %d, want 11", len(got))
		}
	})
	t.Run("default entry is NoAction, then what was written", func(t *testing.T) {
		got, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: tRoutes, IsDefaultAction: true}))
		if err != nil || len(got) != 1 || got[0].GetTableEntry().GetAction().GetAction().GetActionId() != aNo {
			t.Fatalf("default entry %v, %v", got, err)
		}
		if err := c.ModifyTableEntry(ctx, &p4v1.TableEntry{TableId: tRoutes, IsDefaultAction: true, Action: act(aFwd, []byte{0, 9})}); err != nil {
			t.Fatal(err)
		}
		got, _ = e.readAll(tableEnt(&p4v1.TableEntry{TableId: tRoutes, IsDefaultAction: true}))
		wantDef := &p4v1.TableEntry{TableId: tRoutes, IsDefaultAction: true, Action: act(aFwd, []byte{9})}
		if diff := cmp.Diff(wantDef, got[0].GetTableEntry(), protocmp.Transform()); diff != "" {
			t.Errorf("default (-want +got):\n%s", diff)
		}
		// MODIFY without an action resets it.
		if err := c.ModifyTableEntry(ctx, &p4v1.TableEntry{TableId: tRoutes, IsDefaultAction: true}); err != nil {
			t.Fatal(err)
		}
		got, _ = e.readAll(tableEnt(&p4v1.TableEntry{TableId: tRoutes, IsDefaultAction: true}))
		if got[0].GetTableEntry().GetAction().GetAction().GetActionId() != aNo {
			t.Errorf("reset default is %v", got[0])
		}
	})
	t.Run("direct counters of a whole table", func(t *testing.T) {
		got, err := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{DirectCounterEntry: &p4v1.DirectCounterEntry{TableEntry: &p4v1.TableEntry{TableId: tFlow}}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 11 {
			t.Errorf("read %d direct counters, want 11", len(got))
		}
		err = e.write(1, upd(p4v1.Update_MODIFY, &p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{DirectCounterEntry: &p4v1.DirectCounterEntry{TableEntry: &p4v1.TableEntry{TableId: tFlow, Match: padded.Match}, Data: &p4v1.CounterData{PacketCount: 1}}}}))
		if err != nil {
			t.Fatal(err)
		}
		got, _ = e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{DirectCounterEntry: &p4v1.DirectCounterEntry{TableEntry: &p4v1.TableEntry{TableId: tFlow, Match: padded.Match}}}})
		if len(got) != 1 || got[0].GetDirectCounterEntry().GetData().GetPacketCount() != 1 {
			t.Errorf("direct counter after write: %v", got)
		}
	})
	t.Run("read of an unknown table", func(t *testing.T) {
		_, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: 0x02000077}))
		if status.Code(err) != codes.NotFound {
			t.Errorf("got %v, want NOT_FOUND", err)
		}
	})
	t.Run("modify keeps the action when none is given", func(t *testing.T) {
		if err := c.ModifyTableEntry(ctx, &p4v1.TableEntry{TableId: tFlow, Match: padded.Match, ControllerMetadata: 10}); err != nil {
			t.Fatal(err)
		}
		got, _ := e.readAll(tableEnt(&p4v1.TableEntry{TableId: tFlow, Match: padded.Match}))
		if a := got[0].GetTableEntry().GetAction().GetAction(); a.GetActionId() != aFwd || got[0].GetTableEntry().GetControllerMetadata() != 10 {
			t.Errorf("after modify: %v", got[0])
		}
	})
}

func TestExterns(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	ctx := context.Background()
	mod := p4v1.Update_MODIFY
	t.Run("counters", func(t *testing.T) {
		if err := c.ModifyCounterEntry(ctx, "ingress.c", 3, &p4v1.CounterData{PacketCount: 4, ByteCount: 40}); err != nil {
			t.Fatal(err)
		}
		got, err := c.ReadCounterEntry(ctx, "ingress.c", 3)
		if err != nil || got.GetPacketCount() != 4 {
			t.Fatalf("counter %v, %v", got, err)
		}
		all, err := c.ReadCounterEntryWildcard(ctx, "ingress.c")
		if err != nil || len(all) != 16 {
			t.Fatalf("wildcard read %d counters, %v", len(all), err)
		}
		ents, _ := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{}}})
		if len(ents) != 16 {
			t.Errorf("all counters: %d", len(ents))
		}
	})
	t.Run("meters", func(t *testing.T) {
		cfg := &p4v1.MeterConfig{Cir: 100, Cburst: 10, Pir: 200, Pburst: 20}
		if err := e.write(1, upd(mod, &p4v1.Entity{Entity: &p4v1.Entity_MeterEntry{MeterEntry: &p4v1.MeterEntry{MeterId: mM, Index: &p4v1.Index{Index: 2}, Config: cfg}}})); err != nil {
			t.Fatal(err)
		}
		got, err := c.ReadMeterEntry(ctx, "ingress.m", 2)
		if err != nil || !proto.Equal(got, cfg) {
			t.Errorf("meter %v, %v", got, err)
		}
		bad := &p4v1.MeterConfig{Cir: 300, Pir: 200}
		if code := codesOf(t, 1, e.write(1, upd(mod, &p4v1.Entity{Entity: &p4v1.Entity_MeterEntry{MeterEntry: &p4v1.MeterEntry{MeterId: mM, Index: &p4v1.Index{Index: 2}, Config: bad}}})))[0]; code != codes.InvalidArgument {
			t.Errorf("cir > pir: %v", code)
		}
	})
	t.Run("registers", func(t *testing.T) {
		if err := e.write(1, upd(mod, &p4v1.Entity{Entity: &p4v1.Entity_RegisterEntry{RegisterEntry: &p4v1.RegisterEntry{RegisterId: rR, Index: &p4v1.Index{Index: 1}, Data: &p4v1.P4Data{Data: &p4v1.P4Data_Bitstring{Bitstring: []byte{0, 0, 1, 2}}}}}})); err != nil {
			t.Fatal(err)
		}
		got, err := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_RegisterEntry{RegisterEntry: &p4v1.RegisterEntry{RegisterId: rR}}})
		if err != nil || len(got) != 4 {
			t.Fatalf("registers %d, %v", len(got), err)
		}
		if b := got[1].GetRegisterEntry().GetData().GetBitstring(); string(b) != "\x01\x02" {
			t.Errorf("register 1 = %x, want 0102", b)
		}
		if code := codesOf(t, 1, e.write(1, upd(mod, &p4v1.Entity{Entity: &p4v1.Entity_RegisterEntry{RegisterEntry: &p4v1.RegisterEntry{RegisterId: rR, Index: &p4v1.Index{Index: 1}, Data: &p4v1.P4Data{Data: &p4v1.P4Data_Bitstring{Bitstring: []byte{1, 0, 0, 0, 0}}}}}})))[0]; code != codes.OutOfRange {
			t.Errorf("too wide register value: %v", code)
		}
	})
	t.Run("multicast groups and clone sessions", func(t *testing.T) {
		for _, id := range []uint32{1, 2, 3} {
			if err := c.InsertMulticastGroup(ctx, id, []uint32{1, 2}); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.InsertMulticastGroup(ctx, 1, []uint32{1}); status.Code(err) != codes.Unknown {
			t.Errorf("duplicate group: %v", err)
		}
		if err := c.InsertCloneSession(ctx, 5, []uint32{3}, client.CloneSessionOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteMulticastGroup(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteMulticastGroup(ctx, 2); status.Code(err) != codes.Unknown {
			t.Errorf("delete missing group: %v", err)
		}
		groups, _ := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_PacketReplicationEngineEntry{PacketReplicationEngineEntry: &p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_MulticastGroupEntry{MulticastGroupEntry: &p4v1.MulticastGroupEntry{}}}}})
		sessions, _ := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_PacketReplicationEngineEntry{PacketReplicationEngineEntry: &p4v1.PacketReplicationEngineEntry{Type: &p4v1.PacketReplicationEngineEntry_CloneSessionEntry{CloneSessionEntry: &p4v1.CloneSessionEntry{}}}}})
		if len(groups) != 2 || len(sessions) != 1 {
			t.Errorf("read %d groups and %d sessions, want 2 and 1", len(groups), len(sessions))
		}
	})
	t.Run("value sets", func(t *testing.T) {
		vs := &p4v1.ValueSetEntry{ValueSetId: vPVS, Members: []*p4v1.ValueSetMember{{Match: []*p4v1.FieldMatch{exact(1, 0, 8)}}, {Match: []*p4v1.FieldMatch{exact(1, 0x86, 0xdd)}}}}
		if err := e.write(1, upd(mod, &p4v1.Entity{Entity: &p4v1.Entity_ValueSetEntry{ValueSetEntry: vs}})); err != nil {
			t.Fatal(err)
		}
		got, err := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_ValueSetEntry{ValueSetEntry: &p4v1.ValueSetEntry{ValueSetId: vPVS}}})
		if err != nil || len(got) != 1 || len(got[0].GetValueSetEntry().GetMembers()) != 2 {
			t.Fatalf("value set %v, %v", got, err)
		}
		if v := got[0].GetValueSetEntry().GetMembers()[0].GetMatch()[0].GetExact().GetValue(); string(v) != "\x08" {
			t.Errorf("member 0 = %x, want canonical 08", v)
		}
	})
}

func TestActionProfiles(t *testing.T) {
	e := newEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	const tECMP, apID = 0x02000005, 0x11000001
	member := func(id uint32, port byte) *p4v1.Entity {
		return &p4v1.Entity{Entity: &p4v1.Entity_ActionProfileMember{ActionProfileMember: &p4v1.ActionProfileMember{
			ActionProfileId: apID, MemberId: id, Action: &p4v1.Action{ActionId: aFwd, Params: []*p4v1.Action_Param{{ParamId: 1, Value: []byte{port}}}}}}}
	}
	group := func(id uint32, maxSize int32, members ...uint32) *p4v1.Entity {
		g := &p4v1.ActionProfileGroup{ActionProfileId: apID, GroupId: id, MaxSize: maxSize}
		for _, m := range members {
			g.Members = append(g.Members, &p4v1.ActionProfileGroup_Member{MemberId: m, Weight: 1})
		}
		return &p4v1.Entity{Entity: &p4v1.Entity_ActionProfileGroup{ActionProfileGroup: g}}
	}
	entry := func(dst byte, ta *p4v1.TableAction) *p4v1.Entity {
		return tableEnt(&p4v1.TableEntry{TableId: tECMP, Match: []*p4v1.FieldMatch{exact(1, dst)}, Action: ta})
	}
	byGroup := func(id uint32) *p4v1.TableAction {
		return &p4v1.TableAction{Type: &p4v1.TableAction_ActionProfileGroupId{ActionProfileGroupId: id}}
	}
	byMember := func(id uint32) *p4v1.TableAction {
		return &p4v1.TableAction{Type: &p4v1.TableAction_ActionProfileMemberId{ActionProfileMemberId: id}}
	}
	ins, mod, del := p4v1.Update_INSERT, p4v1.Update_MODIFY, p4v1.Update_DELETE
	steps := []struct {
		name string
		u    *p4v1.Update
		want codes.Code
	}{
		{"member 1", upd(ins, member(1, 1)), codes.OK},
		{"member 2", upd(ins, member(2, 2)), codes.OK},
		{"member 1 again", upd(ins, member(1, 3)), codes.AlreadyExists},
		{"modify missing member", upd(mod, member(9, 3)), codes.NotFound},
		{"group of 1 and 2", upd(ins, group(10, 4, 1, 2)), codes.OK},
		{"group with a missing member", upd(ins, group(11, 4, 1, 7)), codes.NotFound},
		{"group above max_group_size", upd(ins, group(12, 5, 1)), codes.InvalidArgument},
		{"group max_size changed", upd(mod, group(10, 3, 1)), codes.InvalidArgument},
		{"entry on the group", upd(ins, entry(1, byGroup(10))), codes.OK},
		{"entry on a member", upd(ins, entry(2, byMember(2))), codes.OK},
		{"entry on a missing member", upd(ins, entry(3, byMember(99))), codes.NotFound},
		{"entry with a direct action", upd(ins, entry(4, act(aFwd, []byte{1}))), codes.InvalidArgument},
		{"one-shot", upd(ins, entry(5, &p4v1.TableAction{Type: &p4v1.TableAction_ActionProfileActionSet{ActionProfileActionSet: &p4v1.ActionProfileActionSet{}}})), codes.Unimplemented},
		{"delete a member in a group", upd(del, member(1, 0)), codes.FailedPrecondition},
		{"delete a group in use", upd(del, group(10, 0)), codes.FailedPrecondition},
		{"delete the entry", upd(del, entry(1, nil)), codes.OK},
		{"delete the group", upd(del, group(10, 0)), codes.OK},
		{"delete member 1", upd(del, member(1, 0)), codes.OK},
	}
	for _, st := range steps {
		if got := codesOf(t, 1, e.write(1, st.u))[0]; got != st.want {
			t.Errorf("%s: got %v, want %v", st.name, got, st.want)
		}
	}
	got, err := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_ActionProfileMember{ActionProfileMember: &p4v1.ActionProfileMember{}}},
		&p4v1.Entity{Entity: &p4v1.Entity_ActionProfileGroup{ActionProfileGroup: &p4v1.ActionProfileGroup{ActionProfileId: apID}}})
	if err != nil || len(got) != 1 || got[0].GetActionProfileMember().GetMemberId() != 2 {
		t.Errorf("members and groups left: %v, %v", got, err)
	}
}
