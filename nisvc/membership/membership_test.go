package membership_test

import (
	"context"
	"errors"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/membership"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/shard"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/track"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// replica is one NIS replica of the test, with its own etcd client so
// that closing the client is a crash (no lease revocation).
type replica struct {
	id  string
	st  *store.Store
	m   *membership.Etcd
	svc *nisvc.Service
}

func startReplica(t *testing.T, ctx context.Context, eps []string, id string, snap *config.Snapshot) *replica {
	t.Helper()
	st, err := store.Dial(ctx, eps, store.WithPrefix(membership.Namespace))
	if err != nil {
		t.Fatal(err)
	}
	m, err := membership.Join(ctx, st, shard.Member{ID: id, Addr: id + ":50052"}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	svc := nisvc.NewLocal(nisvc.Options{ReplicaID: id, Membership: m})
	svc.Publish(snap, config.Change{})
	go svc.Run(ctx)
	t.Cleanup(func() { m.Close(); st.Close() })
	return &replica{id: id, st: st, m: m, svc: svc}
}

// converge waits until every replica's ring lists exactly the ids, then
// returns each VNIC's owner, checking that exactly one replica owns it.
func converge(t *testing.T, rs []*replica, nums []uint32) map[uint32]string {
	t.Helper()
	want := make([]string, len(rs))
	for i, r := range rs {
		want[i] = r.id
	}
	slices.Sort(want)
	deadline := time.Now().Add(30 * time.Second)
	for _, r := range rs {
		for {
			var got []string
			for _, m := range r.svc.Shard().Ring().Members() {
				got = append(got, m.ID)
			}
			if slices.Equal(got, want) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %s sees members %v, want %v", r.id, got, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	owner := map[uint32]string{}
	for _, n := range nums {
		var owners []string
		for _, r := range rs {
			if r.svc.Shard().Owns(n) {
				owners = append(owners, r.id)
			}
		}
		if len(owners) != 1 {
			t.Fatalf("vnic %d owned by %v, want exactly one of %v", n, owners, want)
		}
		owner[n] = owners[0]
	}
	return owner
}

func ingress(c configgen.Config, i int) vcn.FlowKey {
	n, peer := c.VNICs[i], c.VNICs[(i+1)%len(c.VNICs)]
	return vcn.FlowKey{VNIC: n.Num, Dir: vcn.Ingress, Src: peer.IP, Dst: n.IP, Proto: vcn.ProtoUDP, SrcPort: 1, DstPort: 2}
}

// TestReplicasShareVNICs runs three replicas on one etcd: every VNIC has
// exactly one owner in every view; a crashed replica's VNICs move to the
// others once its lease expires, and nobody else's move; a replica that
// joins takes VNICs, whose flows the old owner tells their ToRs to remove.
func TestReplicasShareVNICs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv, err := store.Open(ctx, t.TempDir(), store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() }) // after the replicas' clean-ups
	c := configgen.Generate(rand.New(rand.NewSource(3)), configgen.Params{VCNs: 2, SubnetsPerVCN: 3,
		VNICs: 300, ToRs: 4, SecurityLists: 4, RulesPerList: 2, ListsPerSubnet: 1})
	snap := c.Snapshot(1)
	nums := make([]uint32, len(c.VNICs))
	for i, n := range c.VNICs {
		nums[i] = n.Num
	}
	var rs []*replica
	for _, id := range []string{"nis-a", "nis-b", "nis-c"} {
		rs = append(rs, startReplica(t, ctx, srv.Endpoints(), id, snap))
	}
	before := converge(t, rs, nums)
	count := map[string]int{}
	for _, o := range before {
		count[o]++
	}
	for _, r := range rs {
		if count[r.id] == 0 {
			t.Errorf("replica %s owns no vnic of %d", r.id, len(nums))
		}
	}
	// The owner resolves; the others refuse.
	for i := range c.VNICs[:20] {
		k := ingress(c, i)
		for _, r := range rs {
			_, errs := r.svc.ResolveFlows(c.VNICs[i].Attach.ToR, []vcn.FlowKey{k})
			if owns := before[k.VNIC] == r.id; owns != (errs[0] == nil) || !owns && !errors.Is(errs[0], nisvc.ErrNotOwner) {
				t.Errorf("replica %s resolving vnic %d (owner %s): %v", r.id, k.VNIC, before[k.VNIC], errs[0])
			}
		}
	}

	// nis-c crashes: its client disappears without revoking its lease.
	rs[2].st.Close()
	after := converge(t, rs[:2], nums)
	moved := 0
	for _, n := range nums {
		switch {
		case before[n] != "nis-c" && after[n] != before[n]:
			t.Errorf("vnic %d moved from live %s to %s", n, before[n], after[n])
		case before[n] == "nis-c":
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("nis-c owned nothing")
	}

	// nis-a holds one flow of every VNIC it owns, for its ToR, pushed.
	a := rs[0]
	subs := map[string]*track.Subscription{}
	held := map[uint32]vcn.FlowKey{}
	for i, n := range c.VNICs {
		if after[n.Num] != "nis-a" {
			continue
		}
		if subs[n.Attach.ToR] == nil {
			subs[n.Attach.ToR] = a.svc.Subscribe(n.Attach.ToR, track.Push)
			defer subs[n.Attach.ToR].Close()
		}
		k := ingress(c, i)
		if _, errs := a.svc.ResolveFlows(n.Attach.ToR, []vcn.FlowKey{k}); errs[0] != nil {
			t.Fatal(errs[0])
		}
		held[n.Num] = k
	}
	// nis-d joins and takes some of them: their ToRs are told to drop them.
	rs = append(rs[:2], startReplica(t, ctx, srv.Endpoints(), "nis-d", snap))
	joined := converge(t, rs, nums)
	wantRemoved := map[string]int{}
	for n := range held {
		if joined[n] == "nis-d" {
			wantRemoved[c.VNICs[n-1].Attach.ToR]++
		} else if joined[n] != "nis-a" {
			t.Errorf("vnic %d of nis-a moved to %s, not to the new replica", n, joined[n])
		}
	}
	for tor, want := range wantRemoved {
		got := 0
		for got < want {
			nctx, ncancel := context.WithTimeout(ctx, 20*time.Second)
			inv, err := subs[tor].Next(nctx)
			ncancel()
			if err != nil {
				t.Fatalf("%s: %d of %d flows removed: %v", tor, got, want, err)
			}
			for _, k := range inv.Removed {
				if joined[k.VNIC] != "nis-d" {
					t.Errorf("%s: removed flow of vnic %d, still owned by %s", tor, k.VNIC, joined[k.VNIC])
				}
				got++
			}
		}
	}
}
