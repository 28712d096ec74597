package mirror

import (
	"context"
	"math/rand"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// load puts every object and part of c into f in one revision.
func load(f *fakeCP, c configgen.Config) {
	var objs []any
	for _, o := range c.VCNs {
		objs = append(objs, o)
	}
	for _, o := range c.Subnets {
		objs = append(objs, o)
	}
	for _, o := range c.VNICs {
		objs = append(objs, o)
	}
	for _, o := range c.SecurityLists {
		objs = append(objs, o)
	}
	f.put(objs, c.Parts)
}

// changes records what OnChange reported.
type changes struct {
	mu    sync.Mutex
	parts map[vcn.PartID]uint64
	vnics map[uint32]bool
}

func (c *changes) record(_ *config.Snapshot, ch config.Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, pv := range ch.Parts {
		c.parts[pv.Part] = pv.Version
	}
	for _, n := range ch.VNICs {
		c.vnics[n] = true
	}
}

func (c *changes) sawVNIC(n uint32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.vnics[n]
}

func (c *changes) sawPart(p vcn.PartID, v uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.parts[p] >= v
}

// waitFor polls cond until it holds; the generous limit only guards
// against a hang, it is not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func startMirror(t *testing.T, f *fakeCP) (*Mirror, *cpServer, *changes) {
	t.Helper()
	srv, client := startFake(t, f)
	ch := &changes{parts: map[vcn.PartID]uint64{}, vnics: map[uint32]bool{}}
	m := New(client, Options{OnChange: ch.record, MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		Logf: t.Logf})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-m.Synced():
	case <-time.After(20 * time.Second):
		t.Fatal("mirror never synced")
	}
	return m, srv, ch
}

func fakeVersions(f *fakeCP) vcn.VersionVector {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := vcn.VersionVector{}
	for p, c := range f.parts {
		v[p] = c.Version
	}
	return v
}

func TestInitialSync(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(1)), configgen.Small)
	f := newFakeCP()
	load(f, c)
	m, _, _ := startMirror(t, f)
	s := m.Snapshot()
	want := config.Counts{VCNs: len(c.VCNs), Subnets: len(c.Subnets), VNICs: len(c.VNICs), SecurityLists: len(c.SecurityLists),
		Policies: len(c.VNICs), Mappings: len(c.Mappings), RouteTables: len(c.RouteTables), Parts: len(c.Parts)}
	if diff := cmp.Diff(want, s.Counts()); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(fakeVersions(f), s.Versions()); diff != "" {
		t.Errorf("Versions (-want +got):\n%s", diff)
	}
	n := c.VNICs[7]
	got, ok := s.VNICByNum(n.Num)
	if !ok || got.ID != n.ID {
		t.Errorf("VNICByNum(%d) = %v, %v; want %s", n.Num, got, ok, n.ID)
	}
}

// TestFollows changes the configuration step by step and checks that the
// mirror follows each change through the watch, and through the resync
// paths: compaction, bumps without content, a control-plane restart.
func TestFollows(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(2)), configgen.Small)
	f := newFakeCP()
	load(f, c)
	m, srv, ch := startMirror(t, f)
	n := c.VNICs[3]
	sn := c.Subnets[3%len(c.Subnets)]
	mapPart := vcn.MappingPart(sn.VCNID, n.IP.String())
	steps := []struct {
		name   string
		before func()
		change func()
		check  func(*config.Snapshot) bool
		vnic   uint32 // a VNIC OnChange must report, 0 for none
	}{
		{name: "policy", change: func() {
			f.put(nil, []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(n.ID)},
				Policy: &vcn.Policy{VNICID: n.ID}}})
		}, check: func(s *config.Snapshot) bool { p, ok := s.Policy(n.ID); return ok && len(p.Rules) == 0 }},
		{name: "vnic moves", change: func() {
			moved := n
			moved.Attach.ToR = "elsewhere"
			f.put([]any{moved}, []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: mapPart},
				Mapping: &vcn.Mapping{VCNID: sn.VCNID, OverlayIP: n.IP, Substrate: netip.MustParseAddr("192.168.9.9"), VNI: 5}}})
		}, check: func(s *config.Snapshot) bool {
			v, _ := s.VNICByNum(n.Num)
			a, ok := config.MappingAddr(mapPart)
			mp, ok2 := s.Mapping(a)
			return ok && ok2 && v.Attach.ToR == "elsewhere" && mp.VNI == 5
		}, vnic: n.Num},
		{name: "compacted", before: func() { f.mu.Lock(); f.compactNext = true; f.mu.Unlock(); srv.stop(); srv.start() }, change: func() {
			f.put(nil, []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: vcn.RoutePart("rt0")},
				Route: &vcn.RouteTable{ID: "rt0", VCNID: "vcn0"}}})
		}, check: func(s *config.Snapshot) bool { rt, ok := s.RouteTable("rt0"); return ok && len(rt.Rules) == 0 }},
		{name: "bump without content", before: func() { f.mu.Lock(); f.omitContent = true; f.mu.Unlock() }, change: func() {
			f.put(nil, []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(n.ID)},
				Policy: &vcn.Policy{VNICID: n.ID, Rules: []vcn.SecurityRule{{Direction: vcn.Egress}}}}})
		}, check: func(s *config.Snapshot) bool { p, ok := s.Policy(n.ID); return ok && len(p.Rules) == 1 }},
		{name: "vnic deleted while control plane down", before: func() {
			f.mu.Lock()
			f.omitContent = false
			f.mu.Unlock()
			srv.stop()
		}, change: func() {
			f.deleteObject(c.VNICs[5], vcn.PolicyPart(c.VNICs[5].ID))
			srv.start()
		}, check: func(s *config.Snapshot) bool {
			_, ok := s.VNIC(c.VNICs[5].ID)
			_, okp := s.Policy(c.VNICs[5].ID)
			return !ok && !okp
		}, vnic: c.VNICs[5].Num},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.before != nil {
				st.before()
			}
			st.change()
			waitFor(t, st.name, func() bool { return st.check(m.Snapshot()) })
			want := fakeVersions(f)
			waitFor(t, "versions caught up", func() bool { return m.Snapshot().Versions().Compare(want) == vcn.Equal })
			for p, v := range want {
				if m.Snapshot().Version(p).Version == v && !ch.sawPart(p, v) {
					t.Errorf("OnChange never reported %v@%d", p, v)
				}
			}
			if st.vnic != 0 && !ch.sawVNIC(st.vnic) {
				t.Errorf("OnChange never reported vnic %d", st.vnic)
			}
		})
	}
	if m.Stats().Resyncs < 3 {
		t.Errorf("Resyncs = %d, want ≥ 3 (start, compaction, restart)", m.Stats().Resyncs)
	}
}

// TestPolicyBumpSkipsSecurityLists: a policy bump with its content makes
// the mirror List VNICs and subnets again, not the security lists (the
// content replaces them, and they hold every rule of the deployment).
func TestPolicyBumpSkipsSecurityLists(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(4)), configgen.Small)
	f := newFakeCP()
	load(f, c)
	m, _, _ := startMirror(t, f)
	count := func(k controlplanev1.ObjectKind) int { f.mu.Lock(); defer f.mu.Unlock(); return f.listed[k] }
	sl, vnics := count(controlplanev1.ObjectKind_OBJECT_KIND_SECURITY_LIST), count(controlplanev1.ObjectKind_OBJECT_KIND_VNIC)
	n := c.VNICs[0]
	f.put(nil, []vcn.PartContent{{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(n.ID)}, Policy: &vcn.Policy{VNICID: n.ID}}})
	waitFor(t, "policy", func() bool { p, ok := m.Snapshot().Policy(n.ID); return ok && len(p.Rules) == 0 })
	if got := count(controlplanev1.ObjectKind_OBJECT_KIND_SECURITY_LIST); got != sl {
		t.Errorf("security lists Listed %d times, want %d (none for the bump)", got, sl)
	}
	if got := count(controlplanev1.ObjectKind_OBJECT_KIND_VNIC); got <= vnics {
		t.Errorf("VNICs Listed %d times, want more than %d", got, vnics)
	}
}
