package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Membership. A member (a NIS replica) registers itself with Register: one
// key, prefix+ID, holding its address, attached to an etcd lease that the
// Registration keeps alive. A member that stops (crash, partition, Close
// of its Store) stops renewing; etcd deletes its key when the lease's TTL
// runs out, and every follower sees the delete. Close of a Registration
// revokes the lease, so a clean shutdown leaves at once. Follow lists the
// keys under the prefix and watches them, so each follower holds the same
// member list once the watches have delivered the same revisions.

// DefaultMemberTTL is the lease TTL of a registration: how long a dead
// member stays listed. etcd rounds TTLs up to whole seconds and to its
// minimum (1.5 × election timeout, 2 s with embedded defaults).
const DefaultMemberTTL = 2 * time.Second

// Member is one registered member.
type Member struct {
	ID   string // unique id, the key's suffix
	Addr string // the key's value
}

// Registration keeps one member's key alive. Close it to leave.
type Registration struct {
	s      *Store
	key    string
	addr   string
	ttl    int64
	cancel context.CancelFunc
	done   chan struct{}

	mu    sync.Mutex
	lease clientv3.LeaseID
}

// Register puts prefix+m.ID with value m.Addr under a lease of ttl (0:
// DefaultMemberTTL) and keeps the lease alive until Close. If the lease is
// lost anyway (expired during a partition longer than ttl, revoked by an
// operator), it registers again under a new lease as soon as it can.
// prefix is relative to the store's namespace, like every key.
func (s *Store) Register(ctx context.Context, prefix string, m Member, ttl time.Duration) (*Registration, error) {
	if m.ID == "" || strings.Contains(m.ID, "/") {
		return nil, fmt.Errorf("store: register %q: member id must be non-empty and contain no '/'", m.ID)
	}
	if ttl <= 0 {
		ttl = DefaultMemberTTL
	}
	r := &Registration{s: s, key: prefix + m.ID, addr: m.Addr, ttl: int64(math.Ceil(ttl.Seconds())), done: make(chan struct{})}
	if err := r.grant(ctx); err != nil {
		return nil, err
	}
	loop, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go r.run(loop)
	return r, nil
}

// grant takes a new lease and puts the key under it.
func (r *Registration) grant(ctx context.Context) error {
	l, err := r.s.cli.Grant(ctx, r.ttl)
	if err != nil {
		return fmt.Errorf("store: register %q: grant lease: %w", r.key, err)
	}
	if _, err := r.s.kv.Put(ctx, r.key, r.addr, clientv3.WithLease(l.ID)); err != nil {
		r.s.cli.Revoke(context.WithoutCancel(ctx), l.ID)
		return fmt.Errorf("store: register %q: %w", r.key, err)
	}
	r.mu.Lock()
	r.lease = l.ID
	r.mu.Unlock()
	return nil
}

// run keeps the lease alive, and registers again when it is lost.
func (r *Registration) run(ctx context.Context) {
	defer close(r.done)
	retry := time.Duration(r.ttl) * time.Second / 4
	for ctx.Err() == nil {
		r.mu.Lock()
		id := r.lease
		r.mu.Unlock()
		ch, err := r.s.cli.KeepAlive(ctx, id)
		if err == nil {
			for range ch { // drain the renewals until the lease is lost
			}
		}
		// Lost: register again at once, then every retry until it works.
		for ctx.Err() == nil && r.grant(ctx) != nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(retry):
			}
		}
	}
}

// Lease returns the id of the current lease, for tests and diagnostics.
func (r *Registration) Lease() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int64(r.lease)
}

// Close stops renewing and revokes the lease, so that the member leaves at
// once rather than after its TTL.
func (r *Registration) Close() error {
	r.cancel()
	<-r.done
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := r.s.cli.Revoke(ctx, clientv3.LeaseID(r.Lease())); err != nil {
		return fmt.Errorf("store: leave %q: %w", r.key, err)
	}
	return nil
}

// Members lists the members registered under prefix, sorted by ID.
func (s *Store) Members(ctx context.Context, prefix string) ([]Member, int64, error) {
	kvs, rev, err := s.Load(ctx, prefix)
	if err != nil {
		return nil, 0, err
	}
	ms := make([]Member, 0, len(kvs))
	for _, kv := range kvs {
		ms = append(ms, Member{ID: kv.Key[len(prefix):], Addr: string(kv.Value)})
	}
	return ms, rev, nil
}

// MemberList follows the members registered under a prefix. Its methods
// are safe for concurrent use.
type MemberList struct {
	s      *Store
	prefix string
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	members  []Member
	watchers map[chan []Member]struct{}
}

// Follow lists the members under prefix and keeps the list current until
// Close: a watch applies every change, and a broken watch (compaction, a
// lost leader) makes it list again.
func (s *Store) Follow(ctx context.Context, prefix string) (*MemberList, error) {
	ms, rev, err := s.Members(ctx, prefix)
	if err != nil {
		return nil, err
	}
	loop, cancel := context.WithCancel(context.Background())
	l := &MemberList{s: s, prefix: prefix, cancel: cancel, done: make(chan struct{}), members: ms,
		watchers: map[chan []Member]struct{}{}}
	go l.run(loop, rev)
	return l, nil
}

func (l *MemberList) run(ctx context.Context, rev int64) {
	defer close(l.done)
	for ctx.Err() == nil {
		for b := range l.s.Watch(ctx, l.prefix, rev+1) {
			if b.Err != nil {
				break
			}
			rev = max(rev, b.Revision)
			if len(b.Events) > 0 {
				l.apply(b.Events)
			}
		}
		for ctx.Err() == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
			ms, r, err := l.s.Members(ctx, l.prefix)
			if err == nil {
				rev = r
				l.set(ms)
				break
			}
		}
	}
}

func (l *MemberList) apply(evs []Event) {
	l.mu.Lock()
	ms := slices.Clone(l.members)
	l.mu.Unlock()
	for _, ev := range evs {
		id := ev.Key[len(l.prefix):]
		ms = slices.DeleteFunc(ms, func(m Member) bool { return m.ID == id })
		if !ev.Delete {
			ms = append(ms, Member{ID: id, Addr: string(ev.Value)})
		}
	}
	slices.SortFunc(ms, func(a, b Member) int { return strings.Compare(a.ID, b.ID) })
	l.set(ms)
}

// set replaces the list and tells the watchers (only the newest list is
// kept for a slow one).
func (l *MemberList) set(ms []Member) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.members = ms
	for ch := range l.watchers {
		select {
		case <-ch:
		default:
		}
		ch <- slices.Clone(ms)
	}
}

// Members returns the current members, sorted by ID.
func (l *MemberList) Members() []Member {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.members)
}

// Watch returns a channel that receives the current members at once and
// then after every change; a slow reader gets only the newest list. It is
// closed when ctx is done or the list is closed.
func (l *MemberList) Watch(ctx context.Context) <-chan []Member {
	ch := make(chan []Member, 1)
	l.mu.Lock()
	ch <- slices.Clone(l.members)
	l.watchers[ch] = struct{}{}
	l.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-l.done:
		}
		l.mu.Lock()
		delete(l.watchers, ch)
		close(ch)
		l.mu.Unlock()
	}()
	return ch
}

// Close stops following.
func (l *MemberList) Close() error {
	l.cancel()
	<-l.done
	return nil
}
