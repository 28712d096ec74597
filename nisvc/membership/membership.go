// Package membership keeps the NIS replicas' member list in etcd, for
// nisvc/shard: each replica registers itself under a key with a lease that
// it keeps alive, and follows the keys of all (controlplane/store's
// Register and Follow). A replica that dies stops renewing its lease and
// drops out of every list when the lease's TTL runs out; rendezvous
// hashing then moves only its VNICs to the others. A clean Close leaves at
// once.
//
// It adapts store.Member to shard.Member. It is the one nisvc package that
// imports the control plane's side (controlplane/store, and through it
// etcd), so that only binaries that choose etcd membership link etcd; it
// may import nisvc/shard and controlplane/store only.
package membership

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/shard"
)

// Namespace is the etcd namespace (store.WithPrefix) the NIS keeps its
// member keys in, apart from the control plane's "/vcn/" so that member
// churn never reaches the control plane's watch.
const Namespace = "/vcn-nis/"

// Prefix is the key prefix of the member keys within Namespace.
const Prefix = "members/"

// Etcd is a shard.Membership kept in etcd, with this replica registered in
// it.
type Etcd struct {
	st   *store.Store
	reg  *store.Registration
	list *store.MemberList
	// owned: the store was dialled by Dial and is closed by Close.
	owned bool
}

var _ shard.Membership = (*Etcd)(nil)

// Join registers self under Prefix in st (ttl 0: store.DefaultMemberTTL)
// and follows the member list. st should be namespaced with Namespace; it
// stays the caller's to close, after Close.
func Join(ctx context.Context, st *store.Store, self shard.Member, ttl time.Duration) (*Etcd, error) {
	list, err := st.Follow(ctx, Prefix)
	if err != nil {
		return nil, fmt.Errorf("membership: %w", err)
	}
	reg, err := st.Register(ctx, Prefix, store.Member{ID: self.ID, Addr: self.Addr}, ttl)
	if err != nil {
		list.Close()
		return nil, fmt.Errorf("membership: %w", err)
	}
	return &Etcd{st: st, reg: reg, list: list}, nil
}

// Dial connects to the etcd cluster at endpoints (the control plane's)
// under Namespace and joins; Close also closes the connection.
func Dial(ctx context.Context, endpoints []string, self shard.Member, ttl time.Duration, opts ...store.Option) (*Etcd, error) {
	st, err := store.Dial(ctx, endpoints, append([]store.Option{store.WithPrefix(Namespace)}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("membership: %w", err)
	}
	e, err := Join(ctx, st, self, ttl)
	if err != nil {
		st.Close()
		return nil, err
	}
	e.owned = true
	return e, nil
}

func convert(ms []store.Member) []shard.Member {
	out := make([]shard.Member, len(ms))
	for i, m := range ms {
		out[i] = shard.Member{ID: m.ID, Addr: m.Addr}
	}
	return out
}

// Members implements shard.Membership.
func (e *Etcd) Members() []shard.Member { return convert(e.list.Members()) }

// Watch implements shard.Membership.
func (e *Etcd) Watch(ctx context.Context) <-chan []shard.Member {
	in := e.list.Watch(ctx)
	out := make(chan []shard.Member, 1)
	go func() {
		defer close(out)
		for ms := range in {
			select { // keep only the newest list
			case <-out:
			default:
			}
			out <- convert(ms)
		}
	}()
	return out
}

// Close leaves the member list (revoking the lease) and stops following.
func (e *Etcd) Close() error {
	err := errors.Join(e.reg.Close(), e.list.Close())
	if e.owned {
		err = errors.Join(err, e.st.Close())
	}
	return err
}
