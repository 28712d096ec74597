package controlplane

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// openStore starts an embedded etcd in dir.
func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(testCtx(t), dir, store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func newCP(t *testing.T, st *store.Store) *ControlPlane {
	t.Helper()
	cp, err := New(testCtx(t), st)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

func createFixture(t *testing.T, cp *ControlPlane) {
	t.Helper()
	for _, o := range fixture() {
		if _, err := cp.Create(testCtx(t), o); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
}

func listAll(t *testing.T, cp *ControlPlane) []any {
	t.Helper()
	var all []any
	for _, k := range api.Kinds {
		objs, _, err := cp.List(testCtx(t), api.ListFilter{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, objs...)
	}
	return all
}

func TestRestart(t *testing.T) {
	ctx := testCtx(t)
	dir := t.TempDir()
	st := openStore(t, dir)
	cp := newCP(t, st)
	createFixture(t, cp)
	l := find[vcn.SecurityList](t, "nsg-a")
	l.Rules = nil
	if _, err := cp.Update(ctx, l); err != nil {
		t.Fatal(err)
	}
	wantObjs := listAll(t, cp)
	wantVers, _, err := cp.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp.Close()
	st.Close()

	st = openStore(t, dir)
	defer st.Close()
	cp = newCP(t, st)
	defer cp.Close()
	if diff := cmp.Diff(wantObjs, listAll(t, cp), cmpNet); diff != "" {
		t.Errorf("objects after restart (-want +got):\n%s", diff)
	}
	gotVers, _, err := cp.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantVers, gotVers); diff != "" {
		t.Errorf("versions after restart (-want +got):\n%s", diff)
	}
	if gotVers[vcn.PolicyPart("vnic-1")] != 2 {
		t.Errorf("policy/vnic-1 at %d, want 2", gotVers[vcn.PolicyPart("vnic-1")])
	}
}

// TestConcurrentWriters runs several control planes on one etcd, each with
// several goroutines editing security lists and mappings, and checks that
// every change bumped what it should: no bump lost.
func TestConcurrentWriters(t *testing.T) {
	ctx := testCtx(t)
	st := openStore(t, t.TempDir())
	defer st.Close()
	first := newCP(t, st)
	defer first.Close()
	createFixture(t, first)
	cps := []*ControlPlane{first}
	for i := 0; i < 2; i++ {
		other, err := store.Dial(ctx, st.Endpoints())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		cps = append(cps, newCP(t, other))
		defer cps[len(cps)-1].Close()
	}
	const perWriter = 8
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i, cp := range cps {
		for g := 0; g < 2; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; n < perWriter; n++ {
					// Each change edits nsg-b with distinct rules (bumps
					// policy/vnic-3) and one mapping (bumps its part).
					l := vcn.SecurityList{ID: "nsg-b", VCNID: "vcn-1", Kind: vcn.NetworkSecurityGroup,
						Rules: []vcn.SecurityRule{rule(fmt.Sprintf("10.%d.%d.0/24", i*2+g, n))}}
					if _, err := cp.Update(ctx, l); err != nil {
						errs <- err
						return
					}
					m := vcn.Mapping{VCNID: "vcn-1", OverlayIP: ip("10.0.1.10"), Substrate: netip.AddrFrom4([4]byte{192, 168, byte(i*2 + g), byte(n)}), VNI: 100}
					if _, err := cp.Update(ctx, m); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	changes := uint64(len(cps) * 2 * perWriter)
	for _, cp := range cps {
		v, _, err := cp.Versions(ctx, vcn.PolicyPart("vnic-3"), vcn.MappingPart("vcn-1", "10.0.1.10"), vcn.PolicyPart("vnic-1"))
		if err != nil {
			t.Fatal(err)
		}
		want := vcn.VersionVector{vcn.PolicyPart("vnic-3"): 1 + changes, vcn.MappingPart("vcn-1", "10.0.1.10"): 2 + changes, vcn.PolicyPart("vnic-1"): 1}
		if diff := cmp.Diff(want, v); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}
	}
}

// collect reads watch events until it has n bumps (or the channel ends).
func collect(t *testing.T, ch <-chan api.WatchEvent, n int) []api.WatchEvent {
	t.Helper()
	var out []api.WatchEvent
	got := 0
	timeout := time.After(30 * time.Second)
	for got < n {
		select {
		case ev, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, ev)
			got += len(ev.Bumps)
		case <-timeout:
			t.Fatalf("watch: %d of %d bumps after 30s", got, n)
		}
	}
	return out
}

func TestWatchResumeAndCompaction(t *testing.T) {
	ctx := testCtx(t)
	st := openStore(t, t.TempDir())
	defer st.Close()
	cp := newCP(t, st)
	defer cp.Close()
	createFixture(t, cp)

	wctx, cancel := context.WithCancel(ctx)
	ch, err := cp.Watch(wctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	start := <-ch
	if len(start.Bumps) != 0 || start.Compacted {
		t.Fatalf("first event %+v, want an empty start", start)
	}
	edit := func(n int) api.Change {
		t.Helper()
		l := vcn.SecurityList{ID: "sl-web", VCNID: "vcn-1", Rules: []vcn.SecurityRule{rule(fmt.Sprintf("10.9.%d.0/24", n))}}
		c, err := cp.Update(ctx, l)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	var want []vcn.PartVersion
	for n := 0; n < 3; n++ {
		want = append(want, edit(n).Bumped...)
	}
	evs := collect(t, ch, len(want))
	cancel()
	last := evs[len(evs)-1].Revision
	// Changes while disconnected, then resume from the last revision seen.
	var missed []vcn.PartVersion
	for n := 3; n < 6; n++ {
		missed = append(missed, edit(n).Bumped...)
	}
	ch, err = cp.Watch(ctx, last, false)
	if err != nil {
		t.Fatal(err)
	}
	if ev := <-ch; ev.Revision != last {
		t.Fatalf("resumed watch starts at %d, want %d", ev.Revision, last)
	}
	evs = append(evs, collect(t, ch, len(missed))...)
	var got []vcn.PartVersion
	prev := int64(0)
	for _, ev := range evs {
		if ev.Revision <= prev {
			t.Errorf("revision %d after %d", ev.Revision, prev)
		}
		prev = ev.Revision
		for _, b := range ev.Bumps {
			got = append(got, b.PartVersion)
			if b.Part.Kind == vcn.PartPolicy && b.Policy == nil && ev.Revision <= last {
				t.Errorf("%v: no content", b.Part)
			}
		}
	}
	if diff := cmp.Diff(append(want, missed...), got); diff != "" {
		t.Errorf("bumps (-want +got):\n%s", diff)
	}

	if err := cp.Compact(ctx, 0); err != nil {
		t.Fatal(err)
	}
	ch, err = cp.Watch(ctx, last, false)
	if err != nil {
		t.Fatal(err)
	}
	ev := <-ch
	if !ev.Compacted || ev.Revision < prev {
		t.Errorf("watch from compacted revision: %+v, want compacted at ≥ %d", ev, prev)
	}
	if _, ok := <-ch; ok {
		t.Errorf("watch goes on after compacted")
	}
}

func TestCompareVersions(t *testing.T) {
	ctx := testCtx(t)
	st := openStore(t, t.TempDir())
	defer st.Close()
	cp := newCP(t, st)
	defer cp.Close()
	createFixture(t, cp)
	held, _, err := cp.Versions(ctx, vcn.PolicyPart("vnic-1"), vcn.RoutePart("rt-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cp.Delete(ctx, api.Ref{Kind: api.KindVNIC, ID: "vnic-1"}); err != nil {
		t.Fatal(err)
	}
	got, _, err := cp.CompareVersions(ctx, held, false, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart("vnic-1"), Version: 2}, Deleted: true}}
	if diff := cmp.Diff(want, got, cmpNet); diff != "" {
		t.Errorf("stale (-want +got):\n%s", diff)
	}
	all, _, err := cp.CompareVersions(ctx, held, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(all); n != 7 { // 3 policies, 3 mappings, 2 routes, less rt-1 held current
		t.Errorf("behind: %d parts, want 7: %v", n, all)
	}
}

// TestCreateAcrossInstances creates an object on one control plane and, at
// once, one that refers to it on another: the second must see the first
// even if its mirror has not caught up yet.
func TestCreateAcrossInstances(t *testing.T) {
	ctx := testCtx(t)
	st := openStore(t, t.TempDir())
	defer st.Close()
	a := newCP(t, st)
	defer a.Close()
	other, err := store.Dial(ctx, st.Endpoints())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	b := newCP(t, other)
	defer b.Close()
	for i := 0; i < 20; i++ {
		v := vcn.VCN{ID: fmt.Sprintf("vcn-%d", i), CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, VNI: uint32(i + 1)}
		if _, err := a.Create(ctx, v); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Create(ctx, vcn.RouteTable{ID: fmt.Sprintf("rt-%d", i), VCNID: v.ID}); err != nil {
			t.Fatalf("on the other instance: %v", err)
		}
	}
}
