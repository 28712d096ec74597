// Package shard spreads VNICs over NIS replicas by rendezvous (highest
// random weight) hashing over a member list.
//
// Every replica mirrors the whole configuration, but each VNIC has one
// owner: the replica that answers ResolveFlows for its flows and tracks and
// invalidates them. Rendezvous hashing moves only the failed or departed
// replica's VNICs when the member list changes (each VNIC goes to the
// member with the next-highest score), and every party that knows the
// member list computes the same owner without coordination — a controller
// can use Ring.Owner to pick its replica.
//
// The member list comes from a Membership: Memory here, for tests and the
// embedded lab; an etcd-backed implementation (leases, a key per replica)
// belongs to the control-plane side and only has to satisfy the interface.
//
// It imports nothing of this project.
package shard

import (
	"context"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Member is one NIS replica.
type Member struct {
	ID   string // unique replica id
	Addr string // its gRPC address, for clients
}

// Membership is a live member list.
type Membership interface {
	// Members returns the current members.
	Members() []Member
	// Watch returns a channel that receives the current member list at
	// once and then after every change (only the newest list is kept for
	// a slow reader). It is closed when ctx is done.
	Watch(ctx context.Context) <-chan []Member
}

// Ring assigns VNICs to members. It is immutable.
type Ring struct {
	members []Member
	seeds   []uint64
}

// NewRing returns the ring of the given members (duplicates by ID are
// dropped, order does not matter).
func NewRing(members []Member) *Ring {
	ms := slices.Clone(members)
	slices.SortFunc(ms, func(a, b Member) int { return strings.Compare(a.ID, b.ID) })
	ms = slices.CompactFunc(ms, func(a, b Member) bool { return a.ID == b.ID })
	r := &Ring{members: ms, seeds: make([]uint64, len(ms))}
	for i, m := range ms {
		h := fnv.New64a()
		h.Write([]byte(m.ID))
		r.seeds[i] = h.Sum64()
	}
	return r
}

// Members returns the ring's members, sorted by ID.
func (r *Ring) Members() []Member { return slices.Clone(r.members) }

// mix is the splitmix64 finaliser: a cheap, well-distributed 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Owner returns the member that owns VNIC num; ok is false for an empty
// ring.
func (r *Ring) Owner(num uint32) (m Member, ok bool) {
	best, bestScore := -1, uint64(0)
	for i, seed := range r.seeds {
		s := mix(seed ^ mix(uint64(num)+0x9e3779b97f4a7c15))
		if best < 0 || s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return Member{}, false
	}
	return r.members[best], true
}

// Memory is an in-memory Membership, safe for concurrent use.
type Memory struct {
	mu       sync.Mutex
	members  []Member
	watchers map[chan []Member]struct{}
}

// NewMemory returns a membership holding members.
func NewMemory(members ...Member) *Memory {
	return &Memory{members: slices.Clone(members), watchers: map[chan []Member]struct{}{}}
}

// Members implements Membership.
func (m *Memory) Members() []Member {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.members)
}

// Watch implements Membership.
func (m *Memory) Watch(ctx context.Context) <-chan []Member {
	ch := make(chan []Member, 1)
	m.mu.Lock()
	ch <- slices.Clone(m.members)
	m.watchers[ch] = struct{}{}
	m.mu.Unlock()
	go func() {
		<-ctx.Done()
		m.mu.Lock()
		delete(m.watchers, ch)
		close(ch)
		m.mu.Unlock()
	}()
	return ch
}

// Set replaces the member list.
func (m *Memory) Set(members ...Member) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.members = slices.Clone(members)
	for ch := range m.watchers {
		select { // keep only the newest list
		case <-ch:
		default:
		}
		ch <- slices.Clone(m.members)
	}
}

// Join adds (or replaces) a member.
func (m *Memory) Join(mem Member) {
	ms := slices.DeleteFunc(m.Members(), func(x Member) bool { return x.ID == mem.ID })
	m.Set(append(ms, mem)...)
}

// Leave removes a member (a replica failing or shutting down).
func (m *Memory) Leave(id string) {
	m.Set(slices.DeleteFunc(m.Members(), func(x Member) bool { return x.ID == id })...)
}

// Shard is one replica's view of ownership. The zero of its ring (no
// membership, or an empty member list) owns everything: a lone replica
// serves every VNIC.
type Shard struct {
	self string
	ring atomic.Pointer[Ring]
}

// NewShard returns the shard of replica self, initially owning everything.
func NewShard(self string) *Shard {
	s := &Shard{self: self}
	s.ring.Store(NewRing(nil))
	return s
}

// Self returns the replica's id.
func (s *Shard) Self() string { return s.self }

// Ring returns the current ring.
func (s *Shard) Ring() *Ring { return s.ring.Load() }

// Owns reports whether this replica owns VNIC num.
func (s *Shard) Owns(num uint32) bool {
	o, ok := s.ring.Load().Owner(num)
	return !ok || o.ID == s.self
}

// Owner returns the owner of VNIC num; ok is false when the ring is empty
// (this replica then owns it).
func (s *Shard) Owner(num uint32) (Member, bool) { return s.ring.Load().Owner(num) }

// Follow keeps the shard's ring in step with m until ctx is done, calling
// changed (if not nil) after each swap with the old and new rings.
func (s *Shard) Follow(ctx context.Context, m Membership, changed func(old, cur *Ring)) {
	for members := range m.Watch(ctx) {
		cur := NewRing(members)
		old := s.ring.Swap(cur)
		if changed != nil {
			changed(old, cur)
		}
	}
}
