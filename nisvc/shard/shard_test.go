package shard

import (
	"context"
	"fmt"
	"testing"
)

func members(ids ...string) []Member {
	var out []Member
	for _, id := range ids {
		out = append(out, Member{ID: id, Addr: id + ":50052"})
	}
	return out
}

func TestRingBalanceAndMinimalMoves(t *testing.T) {
	const vnics = 30000
	r3 := NewRing(members("a", "b", "c"))
	count := map[string]int{}
	for n := uint32(1); n <= vnics; n++ {
		o, _ := r3.Owner(n)
		count[o.ID]++
	}
	for id, c := range count {
		if c < vnics/3*8/10 || c > vnics/3*12/10 {
			t.Errorf("member %s owns %d of %d VNICs: unbalanced", id, c, vnics)
		}
	}
	// b fails: only b's VNICs move, and they spread over a and c.
	r2 := NewRing(members("c", "a"))
	moved := map[string]int{}
	for n := uint32(1); n <= vnics; n++ {
		before, _ := r3.Owner(n)
		after, _ := r2.Owner(n)
		if before.ID != "b" && before.ID != after.ID {
			t.Fatalf("vnic %d moved from %s to %s though %s is alive", n, before.ID, after.ID, before.ID)
		}
		if before.ID == "b" {
			moved[after.ID]++
		}
	}
	if moved["a"] == 0 || moved["c"] == 0 {
		t.Errorf("b's VNICs went to %v, want both a and c", moved)
	}
	if _, ok := NewRing(nil).Owner(1); ok {
		t.Error("empty ring has an owner")
	}
	if got := NewRing(members("x", "x", "y")).Members(); len(got) != 2 {
		t.Errorf("duplicates kept: %v", got)
	}
}

func TestShardFollowsMembership(t *testing.T) {
	mem := NewMemory(members("a", "b")...)
	shards := map[string]*Shard{"a": NewShard("a"), "b": NewShard("b")}
	if !shards["a"].Owns(7) || !shards["b"].Owns(7) {
		t.Fatal("a shard without members must own everything")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan string, 16)
	for id, s := range shards {
		go s.Follow(ctx, mem, func(old, cur *Ring) { changes <- fmt.Sprintf("%s:%d", id, len(cur.Members())) })
	}
	<-changes
	<-changes
	for n := uint32(1); n <= 1000; n++ {
		if shards["a"].Owns(n) == shards["b"].Owns(n) {
			t.Fatalf("vnic %d: a owns %v, b owns %v; want exactly one", n, shards["a"].Owns(n), shards["b"].Owns(n))
		}
	}
	mem.Leave("a")
	for i := 0; i < 2; i++ {
		<-changes
	}
	for n := uint32(1); n <= 1000; n++ {
		if !shards["b"].Owns(n) || shards["a"].Owns(n) {
			t.Fatalf("after a left: vnic %d not moved to b", n)
		}
	}
	mem.Join(Member{ID: "c"})
	if got := len(mem.Members()); got != 2 {
		t.Errorf("after join: %d members, want 2", got)
	}
}
