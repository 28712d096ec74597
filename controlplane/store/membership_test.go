package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// waitMembers waits until l lists want.
func waitMembers(t *testing.T, l *MemberList, want []Member) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch := l.Watch(ctx)
	var got []Member
	for got = range ch {
		if cmp.Diff(want, got) == "" {
			return
		}
	}
	t.Fatalf("members (-want +got):\n%s", cmp.Diff(want, got))
}

// TestMembership registers three members, each through its own client of
// one embedded etcd: a clean leave removes a member at once, a crashed one
// (its client closed, so its lease is no longer renewed) after its TTL,
// and a revoked lease is replaced by a new registration.
func TestMembership(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	defer s.Close()
	const prefix = "members/nis/"
	list, err := s.Follow(ctx, prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer list.Close()

	clients := make([]*Store, 3)
	regs := make([]*Registration, 3)
	for i, id := range []string{"a", "b", "c"} {
		if clients[i], err = Dial(ctx, s.Endpoints()); err != nil {
			t.Fatal(err)
		}
		defer clients[i].Close()
		if regs[i], err = clients[i].Register(ctx, prefix, Member{ID: id, Addr: "127.0.0.1:" + id}, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	waitMembers(t, list, []Member{{"a", "127.0.0.1:a"}, {"b", "127.0.0.1:b"}, {"c", "127.0.0.1:c"}})
	if _, err := s.Register(ctx, prefix, Member{ID: "x/y"}, 0); err == nil {
		t.Error("Register accepted an id with '/'")
	}

	// A revoked lease (an operator, or a partition longer than the TTL):
	// the registration comes back under a new lease.
	old := regs[0].Lease()
	if _, err := s.cli.Revoke(ctx, leaseID(old)); err != nil {
		t.Fatal(err)
	}
	waitMembers(t, list, []Member{{"a", "127.0.0.1:a"}, {"b", "127.0.0.1:b"}, {"c", "127.0.0.1:c"}})
	for deadline := time.Now().Add(30 * time.Second); regs[0].Lease() == old; {
		if time.Now().After(deadline) {
			t.Fatal("registration not renewed after its lease was revoked")
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitMembers(t, list, []Member{{"a", "127.0.0.1:a"}, {"b", "127.0.0.1:b"}, {"c", "127.0.0.1:c"}})

	// A crash: c's client goes away without revoking.
	clients[2].Close()
	waitMembers(t, list, []Member{{"a", "127.0.0.1:a"}, {"b", "127.0.0.1:b"}})

	// A clean leave.
	if err := regs[1].Close(); err != nil {
		t.Fatal(err)
	}
	waitMembers(t, list, []Member{{"a", "127.0.0.1:a"}})
	if got, _, err := s.Members(ctx, prefix); err != nil || len(got) != 1 {
		t.Errorf("Members = %v, %v; want only a", got, err)
	}
	regs[0].Close()
}

func leaseID(id int64) clientv3.LeaseID { return clientv3.LeaseID(id) }
