package track

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// world is a fake configuration for the tracker: every flow of VNIC n
// depends on policy "pN" and on route "rt"; gone VNICs no longer resolve.
type world struct {
	mu   sync.Mutex
	ver  vcn.VersionVector
	gone map[uint32]bool
}

func newWorld() *world { return &world{ver: vcn.VersionVector{}, gone: map[uint32]bool{}} }

var pols = func() []vcn.PartID {
	out := make([]vcn.PartID, 10001)
	for i := range out {
		out[i] = vcn.PolicyPart(fmt.Sprintf("p%d", i))
	}
	return out
}()

func pol(n uint32) vcn.PartID {
	if int(n) < len(pols) {
		return pols[n]
	}
	return vcn.PolicyPart(fmt.Sprintf("p%d", n))
}

var route = vcn.RoutePart("rt")

func (w *world) resolve(_ string, k vcn.FlowKey) (vcn.FlowInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.gone[k.VNIC] {
		return vcn.FlowInfo{}, errors.New("gone")
	}
	return vcn.FlowInfo{Key: k, Action: vcn.ActionEncap, Versions: vcn.FlowVersions{
		Policy: vcn.PartVersion{Part: pol(k.VNIC), Version: w.ver[pol(k.VNIC)]},
		Route:  vcn.PartVersion{Part: route, Version: w.ver[route]}}}, nil
}

// bump raises parts and returns the change the mirror would report.
func (w *world) bump(parts ...vcn.PartID) config.Change {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ch config.Change
	for _, p := range parts {
		ch.Parts = append(ch.Parts, vcn.PartVersion{Part: p, Version: w.ver.Bump(p)})
	}
	return ch
}

func key(n uint32, port uint16) vcn.FlowKey {
	return vcn.FlowKey{VNIC: n, Dir: vcn.Egress, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.0.2"),
		Proto: vcn.ProtoTCP, SrcPort: port, DstPort: 80}
}

// hold resolves and records keys for tor.
func hold(t *testing.T, tr *Tracker, w *world, tor string, keys ...vcn.FlowKey) {
	t.Helper()
	for _, k := range keys {
		fi, err := w.resolve(tor, k)
		if err != nil {
			t.Fatal(err)
		}
		tr.Record(tor, []vcn.FlowInfo{fi})
	}
}

func next(t *testing.T, s *Subscription) Invalidation {
	t.Helper()
	inv, err := s.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sortInv(&inv)
	return inv
}

func sortInv(inv *Invalidation) {
	cmpKey := func(a, b vcn.FlowKey) int {
		return int(a.VNIC)*70000 + int(a.SrcPort) - int(b.VNIC)*70000 - int(b.SrcPort)
	}
	slices.SortFunc(inv.Removed, cmpKey)
	slices.SortFunc(inv.Updated, func(a, b vcn.FlowInfo) int { return cmpKey(a.Key, b.Key) })
}

// pending reports whether s has something queued, without waiting.
func pending(s *Subscription) bool { return len(s.signal) > 0 }

var addrCmp = cmp.Comparer(func(a, b netip.Addr) bool { return a == b })

func TestPushAndNotify(t *testing.T) {
	w := newWorld()
	w.bump(pol(1), pol(2), route)
	tr := New(w.resolve, Options{})
	hold(t, tr, w, "t1", key(1, 1), key(1, 2), key(2, 1))
	hold(t, tr, w, "t2", key(1, 3), key(2, 2))
	push := tr.Subscribe("t1", Push)
	notify := tr.Subscribe("t2", Notify)
	defer push.Close()
	defer notify.Close()

	tr.Invalidate(w.bump(pol(1)))
	stale := []vcn.PartVersion{{Part: pol(1), Version: 2}}
	fi := func(k vcn.FlowKey) vcn.FlowInfo { f, _ := w.resolve("", k); return f }
	want := Invalidation{Stale: stale, Updated: []vcn.FlowInfo{fi(key(1, 1)), fi(key(1, 2))}}
	if diff := cmp.Diff(want, next(t, push), addrCmp); diff != "" {
		t.Errorf("push (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Invalidation{Stale: stale}, next(t, notify), addrCmp); diff != "" {
		t.Errorf("notify (-want +got):\n%s", diff)
	}
	// Push re-recorded the new versions; notify left them.
	if fv, _ := tr.Holds("t1", key(1, 1)); fv.Policy.Version != 2 {
		t.Errorf("t1 holds %v after push, want policy at 2", fv)
	}
	if fv, _ := tr.Holds("t2", key(1, 3)); fv.Policy.Version != 1 {
		t.Errorf("t2 holds %v after notify, want policy at 1", fv)
	}
	// A bump no tracked flow depends on queues nothing.
	tr.Invalidate(w.bump(vcn.PolicyPart("nobody")))
	if pending(push) || pending(notify) {
		t.Error("unrelated bump queued an invalidation")
	}
	// Deletion of VNIC 2: its flows are removed and forgotten.
	w.mu.Lock()
	w.gone[2] = true
	w.mu.Unlock()
	tr.Invalidate(config.Change{VNICs: []uint32{2}})
	if diff := cmp.Diff(Invalidation{Removed: []vcn.FlowKey{key(2, 1)}}, next(t, push), addrCmp); diff != "" {
		t.Errorf("push after delete (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Invalidation{Removed: []vcn.FlowKey{key(2, 2)}}, next(t, notify), addrCmp); diff != "" {
		t.Errorf("notify after delete (-want +got):\n%s", diff)
	}
	if _, ok := tr.Holds("t1", key(2, 1)); ok {
		t.Error("removed flow still tracked")
	}
	if got := tr.Len(); got != 3 {
		t.Errorf("Len = %d, want 3", got)
	}
}

func TestRelease(t *testing.T) {
	w := newWorld()
	tr := New(w.resolve, Options{})
	hold(t, tr, w, "t1", key(1, 1), key(1, 2))
	s := tr.Subscribe("t1", Push)
	defer s.Close()
	tr.Release("t1", []vcn.FlowKey{key(1, 1), key(1, 2), key(9, 9)})
	if tr.Len() != 0 || len(tr.byPart) != 0 || len(tr.byVNIC) != 0 {
		t.Errorf("after Release: %d flows, %d part and %d vnic index entries", tr.Len(), len(tr.byPart), len(tr.byVNIC))
	}
	tr.Invalidate(w.bump(pol(1), route))
	if pending(s) {
		t.Error("released flows still invalidated")
	}
}

func TestCoalescingAndOverflow(t *testing.T) {
	w := newWorld()
	tr := New(w.resolve, Options{MaxPending: 10, MaxBatch: 4})
	var keys []vcn.FlowKey
	for i := uint16(0); i < 20; i++ {
		keys = append(keys, key(uint32(i%5+1), i))
	}
	hold(t, tr, w, "slow", keys...)
	hold(t, tr, w, "fast", key(1, 100))
	slow := tr.Subscribe("slow", Push)
	fast := tr.Subscribe("fast", Notify)
	defer slow.Close()
	defer fast.Close()

	// The slow subscriber never reads while bumps pile up: Invalidate must
	// not block, and the fast one still gets its messages.
	for i := 0; i < 1000; i++ {
		tr.Invalidate(w.bump(route))
		if i%100 == 0 {
			if inv := next(t, fast); len(inv.Stale) != 1 {
				t.Fatalf("fast subscriber got %v", inv)
			}
		}
	}
	if !slow.Overflowed() {
		t.Error("20 pending keys with MaxPending 10 did not overflow")
	}
	// The slow one now drains every flow it holds, in batches of 4, at
	// the newest versions, with the coalesced stale route once.
	var got []vcn.FlowInfo
	var stale []vcn.PartVersion
	for len(got) < len(keys) {
		inv := next(t, slow)
		if len(inv.Updated) > 4 {
			t.Fatalf("batch of %d flows, MaxBatch 4", len(inv.Updated))
		}
		got = append(got, inv.Updated...)
		stale = append(stale, inv.Stale...)
	}
	if diff := cmp.Diff([]vcn.PartVersion{{Part: route, Version: 1000}}, stale); diff != "" {
		t.Errorf("stale (-want +got):\n%s", diff)
	}
	for _, fi := range got {
		if fi.Versions.Route.Version != 1000 {
			t.Errorf("%v pushed at route version %d, want 1000", fi.Key, fi.Versions.Route.Version)
		}
	}
	if pending(slow) {
		t.Error("queue not empty after draining")
	}
}

func TestClose(t *testing.T) {
	tr := New(newWorld().resolve, Options{})
	s := tr.Subscribe("t", Notify)
	if tr.Subscribers("t") != 1 {
		t.Fatal("subscription not registered")
	}
	done := make(chan error)
	go func() { _, err := s.Next(context.Background()); done <- err }()
	s.Close()
	s.Close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Errorf("Next after Close = %v, want %v", err, ErrClosed)
	}
	if tr.Subscribers("t") != 0 {
		t.Error("closed subscription still registered")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s2 := tr.Subscribe("t", Push)
	if _, err := s2.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next with canceled ctx = %v", err)
	}
}

func TestRevalidate(t *testing.T) {
	w := newWorld()
	w.bump(pol(1), route)
	tr := New(w.resolve, Options{})
	hold(t, tr, w, "t1", key(1, 1), key(2, 1))
	tr.Invalidate(w.bump(pol(1))) // nobody subscribed: missed
	s := tr.Subscribe("t1", Notify)
	defer s.Close()
	tr.Revalidate("t1", func(p vcn.PartID) uint64 { w.mu.Lock(); defer w.mu.Unlock(); return w.ver[p] })
	want := Invalidation{Stale: []vcn.PartVersion{{Part: pol(1), Version: 2}}}
	if diff := cmp.Diff(want, next(t, s), addrCmp); diff != "" {
		t.Errorf("revalidate (-want +got):\n%s", diff)
	}
	tr.Revalidate("t1", func(vcn.PartID) uint64 { return 0 })
	if pending(s) {
		t.Error("nothing stale, yet something queued")
	}
}

// TestRemovedReachesEverySubscription: two subscriptions of one ToR (a
// NOTIFY beside a PUSH, or a backup controller) both hear that a flow is
// removed, although the first to take it forgets the flow.
func TestRemovedReachesEverySubscription(t *testing.T) {
	w := newWorld()
	tr := New(w.resolve, Options{})
	hold(t, tr, w, "t1", key(3, 1))
	push := tr.Subscribe("t1", Push)
	notify := tr.Subscribe("t1", Notify)
	defer push.Close()
	defer notify.Close()
	w.mu.Lock()
	w.gone[3] = true
	w.mu.Unlock()
	tr.Invalidate(config.Change{VNICs: []uint32{3}})
	want := Invalidation{Removed: []vcn.FlowKey{key(3, 1)}}
	for _, s := range []*Subscription{push, notify} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		got, err := s.Next(ctx)
		cancel()
		if err != nil {
			t.Fatalf("mode %d: %v", s.mode, err)
		}
		if diff := cmp.Diff(want, got, addrCmp); diff != "" {
			t.Errorf("mode %d (-want +got):\n%s", s.mode, diff)
		}
	}
	if _, ok := tr.Holds("t1", key(3, 1)); ok {
		t.Error("removed flow still tracked")
	}
}
