package nisvc

import (
	"context"
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/shard"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/track"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// egressKeys returns one egress flow key per VNIC of c.
func egressKeys(c configgen.Config) map[string][]vcn.FlowKey {
	out := map[string][]vcn.FlowKey{}
	for _, n := range c.VNICs {
		out[n.Attach.ToR] = append(out[n.Attach.ToR], vcn.FlowKey{VNIC: n.Num, Dir: vcn.Egress, Src: n.IP,
			Dst: c.VNICs[0].IP, Proto: vcn.ProtoUDP, SrcPort: 7, DstPort: 53})
	}
	return out
}

// owners resolves every key at every replica and returns which replica
// answered each VNIC; exactly one must.
func owners(t *testing.T, reps map[string]*Service, keys map[string][]vcn.FlowKey) map[uint32]string {
	t.Helper()
	own := map[uint32]string{}
	for id, svc := range reps {
		for tor, ks := range keys {
			_, errs := svc.ResolveFlows(tor, ks)
			for i, err := range errs {
				switch {
				case err == nil:
					if prev, ok := own[ks[i].VNIC]; ok {
						t.Fatalf("vnic %d resolved by %s and %s", ks[i].VNIC, prev, id)
					}
					own[ks[i].VNIC] = id
				case !errors.Is(err, ErrNotOwner):
					t.Fatalf("%s: %v", id, err)
				}
			}
		}
	}
	return own
}

func TestReplicas(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(3)), configgen.Params{VCNs: 2, SubnetsPerVCN: 2, VNICs: 60, ToRs: 2,
		SecurityLists: 2, RulesPerList: 2, ListsPerSubnet: 1})
	snap := c.Snapshot(1)
	mem := shard.NewMemory(shard.Member{ID: "r1"}, shard.Member{ID: "r2"}, shard.Member{ID: "r3"})
	reps := map[string]*Service{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, id := range []string{"r1", "r2", "r3"} {
		svc := NewLocal(Options{ReplicaID: id, Membership: mem})
		svc.Publish(snap, config.Change{})
		go svc.Run(ctx)
		reps[id] = svc
	}
	waitFor(t, "replicas see 3 members", func() bool {
		for _, s := range reps {
			if len(s.Shard().Ring().Members()) != 3 {
				return false
			}
		}
		return true
	})
	keys := egressKeys(c)
	own := owners(t, reps, keys)
	if len(own) != len(c.VNICs) {
		t.Fatalf("%d of %d VNICs resolved", len(own), len(c.VNICs))
	}
	count := map[string]int{}
	for _, id := range own {
		count[id]++
	}
	if len(count) != 3 {
		t.Errorf("ownership %v: want all three replicas used", count)
	}

	// r3 fails: its VNICs move to r1 and r2, nobody else's move.
	mem.Leave("r3")
	delete(reps, "r3")
	waitFor(t, "replicas see 2 members", func() bool {
		return len(reps["r1"].Shard().Ring().Members()) == 2 && len(reps["r2"].Shard().Ring().Members()) == 2
	})
	after := owners(t, reps, keys)
	for n, id := range own {
		if id != "r3" && after[n] != id {
			t.Errorf("vnic %d moved from live replica %s to %s", n, id, after[n])
		}
		if id == "r3" && after[n] == "" {
			t.Errorf("vnic %d of failed r3 has no owner", n)
		}
	}

	// r4 joins: r1 and r2 give some VNICs away and tell the ToRs, through
	// their subscriptions, to drop (re-resolve elsewhere) those flows.
	subs := map[string]*track.Subscription{}
	for _, id := range []string{"r1", "r2"} {
		for tor := range keys {
			s := reps[id].Subscribe(tor, track.Notify)
			defer s.Close()
			subs[id+"/"+tor] = s
		}
	}
	mem.Join(shard.Member{ID: "r4"})
	gone := map[uint32]bool{}
	waitFor(t, "r1 and r2 see r4", func() bool {
		return len(reps["r1"].Shard().Ring().Members()) == 3 && len(reps["r2"].Shard().Ring().Members()) == 3
	})
	wantGone := map[uint32]bool{}
	for n, o := range after {
		if !reps[o].Shard().Owns(n) {
			wantGone[n] = true
		}
	}
	if len(wantGone) == 0 {
		t.Fatal("r4 took no VNICs")
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(gone) < len(wantGone) && time.Now().Before(deadline) {
		for _, s := range subs {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			inv, err := s.Next(ctx)
			cancel()
			if err == nil {
				for _, k := range inv.Removed {
					gone[k.VNIC] = true
				}
			}
		}
	}
	if diff := cmp.Diff(wantGone, gone); diff != "" {
		t.Errorf("removed flows' VNICs (-want +got):\n%s", diff)
	}
}

func TestRaced(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(4)), configgen.Small)
	old := c.Snapshot(1)
	n := c.VNICs[0]
	k := vcn.FlowKey{VNIC: n.Num, Dir: vcn.Ingress, Src: c.VNICs[1].IP, Dst: n.IP, Proto: vcn.ProtoICMP}
	svc := NewLocal(Options{})
	svc.Publish(old, config.Change{})
	infos, errs := svc.ResolveFlows("", []vcn.FlowKey{k})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	// A bump and a move published between resolution and recording.
	b := old.Edit()
	pp := vcn.PolicyPart(n.ID)
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: pp, Version: 99}, Policy: &vcn.Policy{VNICID: n.ID}})
	moved := append([]vcn.VNIC(nil), c.VNICs...)
	moved[0].Attach.ToR = "elsewhere"
	b.SetVNICs(moved)
	cur, _ := b.Snapshot()
	got := raced(old, cur, infos, errs)
	want := config.Change{Parts: []vcn.PartVersion{{Part: pp, Version: 99}}, VNICs: []uint32{n.Num}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("raced (-want +got):\n%s", diff)
	}
	if got := raced(old, old, infos, errs); !got.Empty() {
		t.Errorf("raced with no change = %+v", got)
	}
}
