package nisvc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/mirror"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/resolve"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/shard"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/track"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// ErrNotOwner is returned for a flow of a VNIC that another replica owns.
var ErrNotOwner = errors.New("vnic owned by another replica")

// Options configure a Service.
type Options struct {
	// ReplicaID names this replica in the Membership.
	ReplicaID string
	// Membership lists the replicas; nil for a lone replica owning every
	// VNIC.
	Membership shard.Membership
	// Mirror tunes the mirror (its OnChange is the service's own).
	Mirror mirror.Options
	// Track tunes the subscriptions' queues.
	Track track.Options
	// Logf logs (default: discard).
	Logf func(format string, args ...any)
}

// Service is one NIS replica.
type Service struct {
	opts    Options
	mirror  *mirror.Mirror // nil for NewLocal
	local   atomic.Pointer[config.Snapshot]
	ready   chan struct{}
	readyMu sync.Once
	tracker *track.Tracker
	shard   *shard.Shard
}

// New returns a replica that mirrors the control plane cp. Call Run.
func New(cp mirror.ControlPlane, opts Options) *Service {
	s := newService(opts)
	mo := opts.Mirror
	mo.OnChange = s.changed
	if mo.Logf == nil {
		mo.Logf = s.opts.Logf
	}
	s.mirror = mirror.New(cp, mo)
	return s
}

// NewLocal returns a replica whose configuration is given by Publish
// instead of a control plane: for tests and for embedding.
func NewLocal(opts Options) *Service {
	s := newService(opts)
	s.local.Store(config.Empty())
	return s
}

func newService(opts Options) *Service {
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	s := &Service{opts: opts, ready: make(chan struct{}), shard: shard.NewShard(opts.ReplicaID)}
	s.tracker = track.New(func(tor string, k vcn.FlowKey) (vcn.FlowInfo, error) {
		return s.resolve(s.Snapshot(), tor, k)
	}, opts.Track)
	return s
}

// Run runs the mirror (if any) and follows the membership until ctx is
// done.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	if s.opts.Membership != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.shard.Follow(ctx, s.opts.Membership, func(_, _ *shard.Ring) { s.rebalance() })
		}()
	}
	var err error
	if s.mirror != nil {
		err = s.mirror.Run(ctx)
	} else {
		<-ctx.Done()
		err = ctx.Err()
	}
	wg.Wait()
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Snapshot returns the current configuration snapshot.
func (s *Service) Snapshot() *config.Snapshot {
	if s.mirror != nil {
		return s.mirror.Snapshot()
	}
	return s.local.Load()
}

// Ready is closed once the service has a complete configuration: after
// the mirror's first synchronisation, or the first Publish.
func (s *Service) Ready() <-chan struct{} {
	if s.mirror != nil {
		return s.mirror.Synced()
	}
	return s.ready
}

// Publish installs a new snapshot of a NewLocal service and invalidates
// what ch affects.
func (s *Service) Publish(snap *config.Snapshot, ch config.Change) {
	s.local.Store(snap)
	s.readyMu.Do(func() { close(s.ready) })
	s.changed(snap, ch)
}

func (s *Service) changed(_ *config.Snapshot, ch config.Change) { s.tracker.Invalidate(ch) }

// rebalance tells ToRs to drop the flows of VNICs this replica lost.
func (s *Service) rebalance() {
	var lost []uint32
	for _, n := range s.tracker.VNICs() {
		if !s.shard.Owns(n) {
			lost = append(lost, n)
		}
	}
	if len(lost) > 0 {
		s.tracker.Invalidate(config.Change{VNICs: lost})
	}
}

// Shard returns the replica's ownership view.
func (s *Service) Shard() *shard.Shard { return s.shard }

// Tracker returns the replica's flow tracker.
func (s *Service) Tracker() *track.Tracker { return s.tracker }

// MirrorStats returns the mirror's counters (zero for NewLocal).
func (s *Service) MirrorStats() mirror.Stats {
	if s.mirror == nil {
		return mirror.Stats{}
	}
	return s.mirror.Stats()
}

func (s *Service) resolve(snap *config.Snapshot, tor string, k vcn.FlowKey) (vcn.FlowInfo, error) {
	if !s.shard.Owns(k.VNIC) {
		o, _ := s.shard.Owner(k.VNIC)
		return vcn.FlowInfo{}, fmt.Errorf("%w: vnic %d belongs to replica %q at %q", ErrNotOwner, k.VNIC, o.ID, o.Addr)
	}
	return resolve.Flow(snap, tor, k)
}

// ResolveFlows resolves a batch of flow keys against one snapshot; errs[i]
// is set when keys[i] could not be resolved. When tor is not empty the
// resolved flows are recorded as held by tor.
func (s *Service) ResolveFlows(tor string, keys []vcn.FlowKey) (infos []vcn.FlowInfo, errs []error) {
	snap := s.Snapshot()
	infos, errs = make([]vcn.FlowInfo, len(keys)), make([]error, len(keys))
	for i, k := range keys {
		infos[i], errs[i] = s.resolve(snap, tor, k)
	}
	if tor == "" {
		return infos, errs
	}
	s.tracker.RecordResolved(tor, infos, errs)
	if cur := s.Snapshot(); cur != snap {
		s.tracker.Invalidate(raced(snap, cur, infos, errs))
	}
	return infos, errs
}

// raced returns what changed between old and cur for the resolved flows
// (errs[i] nil): the parts they were resolved at that cur has newer, and
// their VNICs whose objects were replaced.
func raced(old, cur *config.Snapshot, flows []vcn.FlowInfo, errs []error) config.Change {
	var ch config.Change
	seenPart := map[vcn.PartID]bool{}
	seenVNIC := map[uint32]bool{}
	for i, fi := range flows {
		if errs[i] != nil {
			continue
		}
		for _, pv := range fi.Versions.Parts() {
			if nv := cur.Version(pv.Part); nv.Version > pv.Version && !seenPart[pv.Part] {
				seenPart[pv.Part] = true
				ch.Parts = append(ch.Parts, nv)
			}
		}
		n := fi.Key.VNIC
		a, _ := old.VNICByNum(n)
		b, _ := cur.VNICByNum(n)
		if a != b && !seenVNIC[n] {
			seenVNIC[n] = true
			ch.VNICs = append(ch.VNICs, n)
		}
	}
	return ch
}

// Release forgets that tor holds the flows.
func (s *Service) Release(tor string, keys []vcn.FlowKey) { s.tracker.Release(tor, keys) }

// Subscribe opens tor's invalidation stream; close it when done. Flows
// tor holds that went stale while it was not subscribed are queued at once.
func (s *Service) Subscribe(tor string, mode track.Mode) *track.Subscription {
	sub := s.tracker.Subscribe(tor, mode)
	snap := s.Snapshot()
	s.tracker.Revalidate(tor, func(p vcn.PartID) uint64 { return snap.Version(p).Version })
	return sub
}
