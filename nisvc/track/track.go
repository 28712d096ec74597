// Package track records which smart ToR holds which flows, and through
// them which configuration parts, and turns configuration changes into
// invalidations streamed to the ToRs' subscribed controllers.
//
// Tracking. Record (called when the NIS answers ResolveFlows) stores, per
// ToR, each flow's FlowVersions, indexed by part and by VNIC; Release
// forgets flows. Invalidate (called with each config.Change the mirror
// publishes) finds the flows that depend on a bumped part at an older
// version, and the flows of VNICs whose objects changed (a move, a subnet
// switching route table), and queues them to every subscription of the
// ToRs holding them.
//
// Modes. A PUSH subscriber receives Invalidation{Stale, Updated, Removed}:
// the affected flows are re-resolved (through the ResolveFunc, against the
// newest snapshot, at the time the invalidation is taken off the queue) and
// sent as Updated, or as Removed when they no longer resolve at that ToR
// (VNIC deleted or moved away, or now owned by another replica); tracking
// follows (updated flows are re-recorded, removed ones forgotten). A NOTIFY
// subscriber receives Stale (and Removed, so that it can delete entries the
// normal miss path would never refresh); its tracked versions are left
// as they are until the controller resolves again.
//
// Reconnects. Invalidations for a ToR with no subscription are not kept;
// Revalidate (called when a ToR subscribes) queues the ToR's flows that are
// stale against the current versions, so a controller that reconnects
// misses nothing its tracked flows depend on.
//
// Back-pressure. A subscription's queue is not a FIFO of messages but a
// coalescing set: the stale parts (highest version wins) and the affected
// flow keys. Invalidate only merges into the set under the subscription's
// own short lock and signals without blocking, so a slow subscriber never
// blocks the mirror or other subscribers, and repeated bumps of the same
// part cost nothing more. The set is bounded: past MaxPending keys it
// collapses into "every flow of this ToR is affected", resolved when the
// subscriber catches up (drop-and-resync, bounded by what the ToR holds).
// Each Invalidation carries at most MaxBatch flows; the rest stays queued.
//
// It may import package vcn and nisvc/config only.
package track

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Mode is how a subscriber wants to hear of invalidations.
type Mode uint8

// Subscription modes.
const (
	Notify Mode = 0 // stale parts (and removed flows)
	Push   Mode = 1 // stale parts, fresh flow info, removed flows
)

// Invalidation is one message to a subscriber.
type Invalidation struct {
	Stale   []vcn.PartVersion
	Updated []vcn.FlowInfo
	Removed []vcn.FlowKey
}

// Empty reports whether inv says nothing.
func (inv Invalidation) Empty() bool {
	return len(inv.Stale) == 0 && len(inv.Updated) == 0 && len(inv.Removed) == 0
}

// ResolveFunc resolves a flow for a ToR against the newest configuration;
// an error means the ToR can no longer hold the flow.
type ResolveFunc func(tor string, k vcn.FlowKey) (vcn.FlowInfo, error)

// Options tune a Tracker; zero values take the defaults.
type Options struct {
	// MaxPending bounds a subscription's queued flow keys (default 65536).
	MaxPending int
	// MaxBatch bounds the flows of one Invalidation (default 4096).
	MaxBatch int
}

type ref struct {
	tor string
	key vcn.FlowKey
}

// Tracker records flows per ToR and dispatches invalidations. It is safe
// for concurrent use.
type Tracker struct {
	resolve ResolveFunc
	opts    Options

	mu     sync.Mutex
	flows  map[string]map[vcn.FlowKey]vcn.FlowVersions
	byPart map[vcn.PartID]map[ref]struct{}
	byVNIC map[uint32]map[ref]struct{}
	subs   map[string][]*Subscription
}

// New returns an empty tracker that re-resolves flows with resolve.
func New(resolve ResolveFunc, opts Options) *Tracker {
	if opts.MaxPending <= 0 {
		opts.MaxPending = 1 << 16
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 4096
	}
	return &Tracker{resolve: resolve, opts: opts, flows: map[string]map[vcn.FlowKey]vcn.FlowVersions{},
		byPart: map[vcn.PartID]map[ref]struct{}{}, byVNIC: map[uint32]map[ref]struct{}{},
		subs: map[string][]*Subscription{}}
}

func addIndex[K comparable](m map[K]map[ref]struct{}, k K, r ref) {
	s := m[k]
	if s == nil {
		s = map[ref]struct{}{}
		m[k] = s
	}
	s[r] = struct{}{}
}

func delIndex[K comparable](m map[K]map[ref]struct{}, k K, r ref) {
	if s := m[k]; s != nil {
		delete(s, r)
		if len(s) == 0 {
			delete(m, k)
		}
	}
}

// Record notes that tor holds the flows, built from the given versions.
func (t *Tracker) Record(tor string, infos []vcn.FlowInfo) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, fi := range infos {
		t.recordLocked(tor, fi)
	}
}

// RecordResolved is Record of the infos whose errs entry is nil: a
// resolved batch as it comes.
func (t *Tracker) RecordResolved(tor string, infos []vcn.FlowInfo, errs []error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, fi := range infos {
		if errs[i] == nil {
			t.recordLocked(tor, fi)
		}
	}
}

func (t *Tracker) recordLocked(tor string, fi vcn.FlowInfo) {
	m := t.flows[tor]
	if m == nil {
		m = map[vcn.FlowKey]vcn.FlowVersions{}
		t.flows[tor] = m
	}
	r := ref{tor, fi.Key}
	old, ok := m[fi.Key]
	if ok && old.Policy.Part == fi.Versions.Policy.Part && old.Mapping.Part == fi.Versions.Mapping.Part &&
		old.Route.Part == fi.Versions.Route.Part {
		m[fi.Key] = fi.Versions // same parts: the indexes stand
		return
	}
	if ok {
		for _, pv := range old.Parts() {
			delIndex(t.byPart, pv.Part, r)
		}
	}
	m[fi.Key] = fi.Versions
	for _, pv := range fi.Versions.Parts() {
		addIndex(t.byPart, pv.Part, r)
	}
	addIndex(t.byVNIC, fi.Key.VNIC, r)
}

// Release forgets that tor holds the flows.
func (t *Tracker) Release(tor string, keys []vcn.FlowKey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.releaseLocked(tor, k)
	}
}

func (t *Tracker) releaseLocked(tor string, k vcn.FlowKey) {
	m := t.flows[tor]
	old, ok := m[k]
	if !ok {
		return
	}
	r := ref{tor, k}
	for _, pv := range old.Parts() {
		delIndex(t.byPart, pv.Part, r)
	}
	delIndex(t.byVNIC, k.VNIC, r)
	delete(m, k)
	if len(m) == 0 {
		delete(t.flows, tor)
	}
}

// Holds returns the versions tor holds flow k at.
func (t *Tracker) Holds(tor string, k vcn.FlowKey) (vcn.FlowVersions, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fv, ok := t.flows[tor][k]
	return fv, ok
}

// Len returns how many flows are tracked over all ToRs.
func (t *Tracker) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, m := range t.flows {
		n += len(m)
	}
	return n
}

// Invalidate queues the flows ch affects to the subscriptions of the ToRs
// that hold them. It does not block on subscribers.
func (t *Tracker) Invalidate(ch config.Change) {
	type pending struct {
		stale map[vcn.PartID]uint64
		keys  []vcn.FlowKey
	}
	per := map[string]*pending{}
	get := func(tor string) *pending {
		p := per[tor]
		if p == nil {
			p = &pending{stale: map[vcn.PartID]uint64{}}
			per[tor] = p
		}
		return p
	}
	t.mu.Lock()
	for _, pv := range ch.Parts {
		for r := range t.byPart[pv.Part] {
			if !olderThan(t.flows[r.tor][r.key], pv) {
				continue
			}
			p := get(r.tor)
			p.stale[pv.Part] = pv.Version
			p.keys = append(p.keys, r.key)
		}
	}
	for _, n := range ch.VNICs {
		for r := range t.byVNIC[n] {
			p := get(r.tor)
			p.keys = append(p.keys, r.key)
		}
	}
	var targets []*Subscription
	var work []*pending
	for tor, p := range per {
		for _, s := range t.subs[tor] {
			targets = append(targets, s)
			work = append(work, p)
		}
	}
	t.mu.Unlock()
	for i, s := range targets {
		s.add(work[i].stale, work[i].keys)
	}
}

// olderThan reports whether fv depends on pv.Part at a version below
// pv.Version.
func olderThan(fv vcn.FlowVersions, pv vcn.PartVersion) bool {
	for _, x := range [...]vcn.PartVersion{fv.Policy, fv.Mapping, fv.Route} {
		if x.Part == pv.Part && x.Version < pv.Version {
			return true
		}
	}
	return false
}

// Subscribe opens a subscription to the invalidations of tor's flows.
// Close it when done.
func (t *Tracker) Subscribe(tor string, mode Mode) *Subscription {
	s := &Subscription{t: t, tor: tor, mode: mode, stale: map[vcn.PartID]uint64{}, keys: map[vcn.FlowKey]struct{}{},
		signal: make(chan struct{}, 1), closed: make(chan struct{})}
	t.mu.Lock()
	t.subs[tor] = append(t.subs[tor], s)
	t.mu.Unlock()
	return s
}

// Subscribers returns how many subscriptions tor has.
func (t *Tracker) Subscribers(tor string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.subs[tor])
}

// ErrClosed is returned by Next after Close.
var ErrClosed = errors.New("subscription closed")

// Subscription is one subscriber's coalescing queue of invalidations.
type Subscription struct {
	t    *Tracker
	tor  string
	mode Mode

	mu       sync.Mutex
	stale    map[vcn.PartID]uint64
	keys     map[vcn.FlowKey]struct{}
	overflow bool // every flow of the ToR is affected
	signal   chan struct{}

	closeOnce sync.Once
	closed    chan struct{}
}

func (s *Subscription) add(stale map[vcn.PartID]uint64, keys []vcn.FlowKey) {
	s.mu.Lock()
	for p, v := range stale {
		if v > s.stale[p] {
			s.stale[p] = v
		}
	}
	if !s.overflow {
		for _, k := range keys {
			s.keys[k] = struct{}{}
		}
		if len(s.keys) > s.t.opts.MaxPending {
			s.overflow = true
			clear(s.keys)
		}
	}
	s.mu.Unlock()
	s.wake()
}

func (s *Subscription) wake() {
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// Overflowed reports whether the queue is collapsed into "all flows".
func (s *Subscription) Overflowed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overflow
}

// Next waits for and returns the next invalidation.
func (s *Subscription) Next(ctx context.Context) (Invalidation, error) {
	for {
		select {
		case <-ctx.Done():
			return Invalidation{}, ctx.Err()
		case <-s.closed:
			return Invalidation{}, ErrClosed
		case <-s.signal:
		}
		if inv := s.take(); !inv.Empty() {
			return inv, nil
		}
	}
}

// take builds an invalidation from the queue.
func (s *Subscription) take() Invalidation {
	var inv Invalidation
	s.mu.Lock()
	for p, v := range s.stale {
		inv.Stale = append(inv.Stale, vcn.PartVersion{Part: p, Version: v})
	}
	clear(s.stale)
	if s.overflow {
		s.overflow = false
		s.t.mu.Lock()
		for k := range s.t.flows[s.tor] {
			s.keys[k] = struct{}{}
		}
		s.t.mu.Unlock()
	}
	keys := make([]vcn.FlowKey, 0, min(len(s.keys), s.t.opts.MaxBatch))
	for k := range s.keys {
		if len(keys) == s.t.opts.MaxBatch {
			break
		}
		keys = append(keys, k)
		delete(s.keys, k)
	}
	more := len(s.keys) > 0
	s.mu.Unlock()
	if more {
		s.wake()
	}
	slices.SortFunc(inv.Stale, func(a, b vcn.PartVersion) int { return vcn.ComparePartIDs(a.Part, b.Part) })

	var updated []vcn.FlowInfo
	for _, k := range keys {
		_, held := s.t.Holds(s.tor, k)
		fi, err := s.t.resolve(s.tor, k)
		switch {
		case err != nil:
			// Even when no longer held: another subscription of the
			// same ToR (a NOTIFY beside a PUSH, a backup controller)
			// may have taken the removal first and forgotten the
			// flow, and this subscriber must hear of it too.
			inv.Removed = append(inv.Removed, k)
		case !held:
			continue // released meanwhile
		case s.mode == Push:
			updated = append(updated, fi)
		}
	}
	inv.Updated = updated
	s.t.mu.Lock()
	for _, k := range inv.Removed {
		s.t.releaseLocked(s.tor, k)
	}
	for _, fi := range updated {
		if _, held := s.t.flows[s.tor][fi.Key]; held {
			s.t.recordLocked(s.tor, fi)
		}
	}
	s.t.mu.Unlock()
	return inv
}

// Close ends the subscription; a pending Next returns ErrClosed.
func (s *Subscription) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.t.mu.Lock()
		defer s.t.mu.Unlock()
		subs := s.t.subs[s.tor]
		if i := slices.Index(subs, s); i >= 0 {
			s.t.subs[s.tor] = slices.Delete(subs, i, i+1)
		}
		if len(s.t.subs[s.tor]) == 0 {
			delete(s.t.subs, s.tor)
		}
	})
}

// VNICs returns the numbers of the VNICs with tracked flows.
func (t *Tracker) VNICs() []uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]uint32, 0, len(t.byVNIC))
	for n := range t.byVNIC {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Revalidate queues to tor's subscriptions every flow tor holds at a part
// version older than current reports: what a subscriber missed while it
// was not subscribed (a controller reconnecting).
func (t *Tracker) Revalidate(tor string, current func(vcn.PartID) uint64) {
	stale := map[vcn.PartID]uint64{}
	var keys []vcn.FlowKey
	t.mu.Lock()
	for k, fv := range t.flows[tor] {
		for _, pv := range fv.Parts() {
			if cv := current(pv.Part); cv > pv.Version {
				stale[pv.Part] = cv
				keys = append(keys, k)
			}
		}
	}
	subs := slices.Clone(t.subs[tor])
	t.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	for _, s := range subs {
		s.add(stale, keys)
	}
}
