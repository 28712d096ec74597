package controller

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/controller/schema/schematest"
	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

// fakeWorld is the configuration the fake NIS and control plane serve.
type fakeWorld struct {
	mu       sync.Mutex
	nisDown  bool
	versions vcn.VersionVector
	resolves int
	subs     chan *nisv1.Invalidation
	watchers []chan *controlplanev1.WatchResponse
}

// notify sends a watch event to every watcher, as the control plane does.
func (w *fakeWorld) notify(ev *controlplanev1.WatchResponse) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.watchers {
		c <- ev
	}
}

func (w *fakeWorld) watcherCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.watchers)
}

var (
	polPart = vcn.PolicyPart("vnic-1")
	mapPart = vcn.MappingPart("vcn-1", "10.0.0.3")
	rtPart  = vcn.RoutePart("rt-1")
)

func (w *fakeWorld) info(k vcn.FlowKey) vcn.FlowInfo {
	w.mu.Lock()
	defer w.mu.Unlock()
	return vcn.FlowInfo{Key: k, Action: vcn.ActionEncap, Substrate: netip.MustParseAddr("192.0.2.2"), VNI: 100,
		Versions: vcn.FlowVersions{
			Policy:  vcn.PartVersion{Part: polPart, Version: w.versions[polPart]},
			Mapping: vcn.PartVersion{Part: mapPart, Version: w.versions[mapPart]},
			Route:   vcn.PartVersion{Part: rtPart, Version: w.versions[rtPart]}}}
}

func (w *fakeWorld) bump(p vcn.PartID) uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.versions.Bump(p)
}

type fakeNIS struct {
	nisv1.UnimplementedNISServer
	w *fakeWorld
}

func (n fakeNIS) ResolveFlows(_ context.Context, req *nisv1.ResolveFlowsRequest) (*nisv1.ResolveFlowsResponse, error) {
	n.w.mu.Lock()
	n.w.resolves++
	down := n.w.nisDown
	n.w.mu.Unlock()
	if down {
		return nil, status.Error(codes.Unavailable, "NIS down")
	}
	resp := &nisv1.ResolveFlowsResponse{}
	for _, pk := range req.Keys {
		k, _ := convert.FlowKeyFromProto(pk)
		resp.Flows = append(resp.Flows, convert.FlowInfoToProto(n.w.info(k)))
		resp.Errors = append(resp.Errors, "")
	}
	return resp, nil
}

func (n fakeNIS) Release(context.Context, *nisv1.ReleaseRequest) (*nisv1.ReleaseResponse, error) {
	return &nisv1.ReleaseResponse{}, nil
}

func (n fakeNIS) Subscribe(_ *nisv1.SubscribeRequest, s nisv1.NIS_SubscribeServer) error {
	for {
		select {
		case inv := <-n.w.subs:
			if err := s.Send(inv); err != nil {
				return err
			}
		case <-s.Context().Done():
			return nil
		}
	}
}

type fakeCP struct {
	controlplanev1.UnimplementedControlPlaneServer
	w *fakeWorld
}

func (c fakeCP) List(_ context.Context, req *controlplanev1.ListRequest) (*controlplanev1.ListResponse, error) {
	resp := &controlplanev1.ListResponse{}
	switch req.Kind {
	case controlplanev1.ObjectKind_OBJECT_KIND_VCN:
		o, _ := convert.ObjectToProto(vcn.VCN{ID: "vcn-1", VNI: 100, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}})
		resp.Objects = append(resp.Objects, o)
	case controlplanev1.ObjectKind_OBJECT_KIND_SUBNET:
		o, _ := convert.ObjectToProto(vcn.Subnet{ID: "sn-1", VCNID: "vcn-1", CIDR: netip.MustParsePrefix("10.0.0.0/24")})
		resp.Objects = append(resp.Objects, o)
	case controlplanev1.ObjectKind_OBJECT_KIND_VNIC:
		mac, _ := vcn.ParseMAC("02:00:00:00:00:01")
		o, _ := convert.ObjectToProto(vcn.VNIC{ID: "vnic-1", SubnetID: "sn-1", Num: 1, IP: netip.MustParseAddr("10.0.0.2"), MAC: mac,
			Attach: vcn.Attachment{ToR: "tor1", Port: 1}})
		resp.Objects = append(resp.Objects, o)
	}
	return resp, nil
}

func (c fakeCP) CompareVersions(_ context.Context, req *controlplanev1.CompareVersionsRequest) (*controlplanev1.CompareVersionsResponse, error) {
	held, _ := convert.VectorFromProto(req.Held)
	c.w.mu.Lock()
	defer c.w.mu.Unlock()
	resp := &controlplanev1.CompareVersionsResponse{}
	for _, pv := range held.Stale(c.w.versions) {
		resp.Stale = append(resp.Stale, &typesv1.PartContent{Part: convert.PartVersionToProto(pv)})
	}
	return resp, nil
}

func (c fakeCP) Watch(_ *controlplanev1.WatchRequest, s controlplanev1.ControlPlane_WatchServer) error {
	ch := make(chan *controlplanev1.WatchResponse, 8)
	c.w.mu.Lock()
	c.w.watchers = append(c.w.watchers, ch)
	c.w.mu.Unlock()
	for {
		select {
		case ev := <-ch:
			if err := s.Send(ev); err != nil {
				return err
			}
		case <-s.Context().Done():
			return nil
		}
	}
}

type harness struct {
	t     *testing.T
	stop  func()
	sw    *fakeSwitch
	w     *fakeWorld
	agent *Agent
	sch   *schema.Schema
}

func newHarness(t *testing.T, s Strategy, sw *fakeSwitch) *harness {
	t.Helper()
	sch, err := schema.New(schematest.Info(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	w := &fakeWorld{versions: vcn.VersionVector{polPart: 1, mapPart: 1, rtPart: 1},
		subs: make(chan *nisv1.Invalidation, 8)}
	nis, cp := serve(t, fakeNIS{w: w}, fakeCP{w: w})
	if sw == nil {
		sw = newFakeSwitch()
	}
	a, err := New(Config{ToR: "tor1", Strategy: s, VTEP: netip.MustParseAddr("192.0.2.1"), NISAddr: netip.MustParseAddr("192.0.2.100"),
		PollInterval: time.Hour}, sch, sw, nis, cp)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Run(ctx); close(done) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return &harness{t: t, stop: stop, sw: sw, w: w, agent: a, sch: sch}
}

func (h *harness) ready(fresh bool) {
	h.t.Helper()
	h.sw.events <- switchconn.Event{Kind: switchconn.Ready, Fresh: fresh}
	select {
	case <-h.agent.Ready():
	case <-time.After(10 * time.Second):
		h.t.Fatal("agent never became ready")
	}
}

func flowKey(port uint16) vcn.FlowKey {
	return vcn.FlowKey{VNIC: 1, Src: netip.MustParseAddr("10.0.0.2"), Dst: netip.MustParseAddr("10.0.0.3"), Proto: 6, SrcPort: port, DstPort: 80}
}

func digestData(k vcn.FlowKey) *p4v1.P4Data {
	b := func(v ...byte) *p4v1.P4Data { return &p4v1.P4Data{Data: &p4v1.P4Data_Bitstring{Bitstring: v}} }
	s, d := k.Src.As4(), k.Dst.As4()
	return &p4v1.P4Data{Data: &p4v1.P4Data_Struct{Struct: &p4v1.P4StructLike{Members: []*p4v1.P4Data{
		b(byte(k.VNIC)), b(byte(k.Dir)), b(s[:]...), b(d[:]...), b(k.Proto), b(byte(k.SrcPort>>8), byte(k.SrcPort)),
		b(byte(k.DstPort>>8), byte(k.DstPort)), b(1)}}}}
}

func (h *harness) digest(keys ...vcn.FlowKey) {
	dl := &p4v1.DigestList{DigestId: h.sch.DigestID(), ListId: 7}
	for _, k := range keys {
		dl.Data = append(dl.Data, digestData(k))
	}
	h.sw.events <- switchconn.Event{Kind: switchconn.Message, Msg: &p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Digest{Digest: dl}}}
}

// eventually polls cond until it holds.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// forwards reports whether the fake switch would forward flow k on the
// fast path: an entry exists and every slot it names holds its version.
func (h *harness) forwards(k vcn.FlowKey) bool {
	te, err := h.sch.FlowKeyEntry(k)
	if err != nil {
		h.t.Fatal(err)
	}
	h.sw.mu.Lock()
	e, ok := h.sw.tables[te.TableId][matchKey(te)]
	h.sw.mu.Unlock()
	if !ok {
		return false
	}
	fe, err := h.sch.DecodeFlowEntry(e)
	if err != nil {
		h.t.Fatal(err)
	}
	tables := []string{schema.TablePolicyVersions, schema.TableMappingVersion, schema.TableRouteVersions}
	slots := []uint32{fe.Slots.Policy, fe.Slots.Mapping, fe.Slots.Route}
	kinds := []vcn.PartKind{vcn.PartPolicy, vcn.PartMapping, vcn.PartRoute}
	for i, slot := range slots {
		if slot == 0 {
			continue
		}
		ve, _ := h.sch.VersionEntry(kinds[i], slot, 0)
		h.sw.mu.Lock()
		cur, ok := h.sw.tables[h.sch.TableID(tables[i])][matchKey(ve)]
		h.sw.mu.Unlock()
		if !ok {
			return false
		}
		v := cur.GetAction().GetAction().GetParams()[0].GetValue()
		var got uint32
		for _, c := range v {
			got = got<<8 | uint32(c)
		}
		if got != fe.Versions[i] {
			return false
		}
	}
	return true
}

func TestMissInstallsOnceAndForwards(t *testing.T) {
	h := newHarness(t, NISNotify, nil)
	h.ready(true)
	if n := len(h.sw.entries(h.sch.TableID(schema.TableHostVNIC))); n != 1 {
		t.Fatalf("%d host_vnic entries, want 1", n)
	}
	h.digest(flowKey(1), flowKey(2), flowKey(1))
	h.digest(flowKey(2))
	h.eventually("two flows forwarding", func() bool { return h.forwards(flowKey(1)) && h.forwards(flowKey(2)) })
	h.w.mu.Lock()
	resolves := h.w.resolves
	h.w.mu.Unlock()
	if resolves > 2 {
		t.Errorf("%d NIS resolutions for 2 flows", resolves)
	}
	if n := len(h.sw.entries(h.sch.TableID(schema.TablePolicyVersions))); n != 1 {
		t.Errorf("%d policy version entries, want 1 shared", n)
	}
	h.sw.mu.Lock()
	acks := 0
	for _, m := range h.sw.sent {
		if m.GetDigestAck() != nil {
			acks++
		}
	}
	h.sw.mu.Unlock()
	if acks != 2 {
		t.Errorf("%d digest acks, want 2", acks)
	}
}

func TestStrategies(t *testing.T) {
	tests := []struct {
		strategy Strategy
		// notify makes the harness announce the bump the way the strategy
		// learns about it.
		rewrites bool
	}{
		{NISNotify, false}, {NISPush, true}, {ToRPassive, false}, {ToRActive, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.strategy), func(t *testing.T) {
			h := newHarness(t, tt.strategy, nil)
			h.ready(true)
			h.digest(flowKey(1), flowKey(2))
			h.eventually("flows installed", func() bool { return h.forwards(flowKey(1)) && h.forwards(flowKey(2)) })

			v := h.w.bump(mapPart)
			switch tt.strategy {
			case NISNotify:
				h.w.subs <- &nisv1.Invalidation{Stale: []*typesv1.PartVersion{convert.PartVersionToProto(vcn.PartVersion{Part: mapPart, Version: v})}}
			case NISPush:
				h.w.subs <- &nisv1.Invalidation{Stale: []*typesv1.PartVersion{convert.PartVersionToProto(vcn.PartVersion{Part: mapPart, Version: v})},
					Updated: []*typesv1.FlowInfo{convert.FlowInfoToProto(h.w.info(flowKey(1))), convert.FlowInfoToProto(h.w.info(flowKey(2)))}}
			default:
				h.eventually("both watches (static state and strategy)", func() bool { return h.w.watcherCount() == 2 })
				h.w.notify(&controlplanev1.WatchResponse{Revision: 2})
			}
			if tt.rewrites {
				h.eventually("entries rewritten at the new version", func() bool {
					e, ok := h.agent.Cache().Lookup(flowKey(1))
					return ok && e.Info.Versions.Mapping.Version == v && h.forwards(flowKey(1)) && h.forwards(flowKey(2))
				})
			} else {
				h.eventually("entries deleted", func() bool { return h.agent.Cache().Len() == 0 })
				if h.forwards(flowKey(1)) {
					t.Error("flow still forwards after its mapping was bumped")
				}
			}
		})
	}
}

func TestBumpStopsStaleTrafficBeforeCleanup(t *testing.T) {
	h := newHarness(t, NISNotify, nil)
	h.ready(true)
	h.digest(flowKey(1))
	h.eventually("flow installed", func() bool { return h.forwards(flowKey(1)) })
	v := h.w.bump(polPart)
	// Make deletes fail so that only the version write lands.
	vws := h.agent.cache.PlanBump([]vcn.PartVersion{{Part: polPart, Version: v}})
	if len(vws) != 1 {
		t.Fatalf("PlanBump = %v, want one write", vws)
	}
	if _, err := h.agent.writeVersions(context.Background(), vws); err != nil {
		t.Fatal(err)
	}
	if h.forwards(flowKey(1)) {
		t.Error("the entry still forwards after the one version write")
	}
}

func TestReconcileAfterTakeover(t *testing.T) {
	// A first agent installs flows, then "dies"; the configuration
	// changes; a second agent takes over the same switch.
	sw := newFakeSwitch()
	h1 := newHarness(t, NISNotify, sw)
	h1.ready(true)
	h1.digest(flowKey(1), flowKey(2))
	h1.eventually("flows installed", func() bool { return h1.forwards(flowKey(1)) && h1.forwards(flowKey(2)) })

	h1.stop()
	h2 := newHarness(t, NISNotify, sw)
	h2.w.versions[polPart] = 5 // the configuration moved on while nobody watched
	h2.ready(false)
	for _, k := range []vcn.FlowKey{flowKey(1), flowKey(2)} {
		e, ok := h2.agent.Cache().Lookup(k)
		if !ok || e.Info.Versions.Policy.Version != 5 {
			t.Errorf("flow %v after takeover: %+v, %v; want rewritten at policy version 5", k, e, ok)
		}
		if !h2.forwards(k) {
			t.Errorf("flow %v does not forward after reconcile", k)
		}
		if e.Slots.Policy <= 1 {
			t.Errorf("new slot %d reuses an old slot number", e.Slots.Policy)
		}
	}
	if n := len(sw.entries(h2.sch.TableID(schema.TablePolicyVersions))); n != 1 {
		t.Errorf("%d policy version entries after reconcile, want 1 (old ones deleted)", n)
	}
}

func TestStrategyParsing(t *testing.T) {
	for _, s := range []string{"nis-push", "nis-notify", "tor-passive", "tor-active"} {
		if _, err := ParseStrategy(s); err != nil {
			t.Errorf("ParseStrategy(%q) = %v", s, err)
		}
	}
	if _, err := ParseStrategy("push"); err == nil {
		t.Error("ParseStrategy accepted an unknown strategy")
	}
}

// TestNISOutage: while the NIS is down, cached flows keep forwarding and
// misses are not installed (their packets still go to the NIS tunnel);
// when it is back, new misses install again.
func TestNISOutage(t *testing.T) {
	h := newHarness(t, NISNotify, nil)
	h.ready(true)
	h.digest(flowKey(1))
	h.eventually("flow installed", func() bool { return h.forwards(flowKey(1)) })

	h.w.mu.Lock()
	h.w.nisDown = true
	h.w.mu.Unlock()
	h.digest(flowKey(2))
	h.eventually("the failed resolution counted", func() bool { return counterValue(h.agent.stats.nisErrors) > 0 })
	if !h.forwards(flowKey(1)) {
		t.Error("a cached flow stopped forwarding while the NIS was down")
	}
	if h.forwards(flowKey(2)) {
		t.Error("a flow was installed without the NIS")
	}

	h.w.mu.Lock()
	h.w.nisDown = false
	h.w.mu.Unlock()
	h.digest(flowKey(2))
	h.eventually("the miss installed once the NIS is back", func() bool { return h.forwards(flowKey(2)) })
}
