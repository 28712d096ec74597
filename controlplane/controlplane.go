package controlplane

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// ControlPlane is the VCN control plane over a store. Its methods are safe
// for concurrent use, and several ControlPlanes (in one process or many)
// may share one etcd cluster: the store serialises their changes.
//
// Design. The ControlPlane keeps an in-memory mirror of the store (every
// object and version, with indexes), written only by its sync loop, which
// applies the store's watch stream revision by revision. A change is
// computed against the mirror, then committed in one etcd transaction that
// puts the object and every version it bumps, guarded by the mod revision
// of one key (meta/config) that every change rewrites: if another writer
// committed in between, the transaction fails, the change waits for the
// mirror to catch up and is computed again. So a change and its bumps are
// atomic and no bump is ever lost, whoever writes. Changes from one
// ControlPlane are serialised by a mutex so they do not race each other.
// Reads first learn the guard's current mod revision from etcd and wait
// for the mirror to reach it, so they see every committed change.
type ControlPlane struct {
	st   *store.Store
	log  *slog.Logger
	stop context.CancelFunc
	done chan struct{}

	writeMu sync.Mutex // serialises this instance's changes

	mu      sync.RWMutex // guards s, changed and err
	s       *state
	changed chan struct{} // closed and replaced whenever s advances
	err     error         // the sync loop's fatal error
}

type options struct {
	log *slog.Logger
}

// Option configures New.
type Option func(*options)

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// New loads the configuration from st and starts following it. Close
// stops it; st stays open (the caller owns it).
func New(ctx context.Context, st *store.Store, opts ...Option) (*ControlPlane, error) {
	o := options{log: slog.Default()}
	for _, opt := range opts {
		opt(&o)
	}
	s, err := load(ctx, st)
	if err != nil {
		return nil, err
	}
	loopCtx, stop := context.WithCancel(context.Background())
	c := &ControlPlane{st: st, log: o.log, stop: stop, done: make(chan struct{}), s: s, changed: make(chan struct{})}
	go c.sync(loopCtx)
	return c, nil
}

// Close stops following the store.
func (c *ControlPlane) Close() error {
	c.stop()
	<-c.done
	return nil
}

func load(ctx context.Context, st *store.Store) (*state, error) {
	kvs, rev, err := st.Load(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("controlplane: load: %w", err)
	}
	s := newState()
	s.rev = rev
	// Keys come sorted: objects/subnet before objects/vnic, which the VNIC
	// indexes need.
	for _, kv := range kvs {
		if err := s.applyKV(kv.Key, kv.Value, false, kv.ModRevision); err != nil {
			return nil, fmt.Errorf("controlplane: load: %w", err)
		}
	}
	return s, nil
}

// sync is the mirror's only writer: it applies the store's changes after
// the mirror's revision, and reloads everything if the watch breaks.
func (c *ControlPlane) sync(ctx context.Context) {
	defer close(c.done)
	for ctx.Err() == nil {
		c.mu.RLock()
		from := c.s.rev + 1
		c.mu.RUnlock()
		for b := range c.st.Watch(ctx, "", from) {
			if b.Err != nil {
				if ctx.Err() == nil {
					c.log.Warn("controlplane: store watch failed; reloading", "err", b.Err)
				}
				break
			}
			if err := c.apply(b); err != nil {
				c.log.Error("controlplane: bad store contents; reloading", "err", err)
				break
			}
		}
		if ctx.Err() != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
		s, err := load(ctx, c.st)
		if err != nil {
			c.log.Warn("controlplane: reload failed", "err", err)
			continue
		}
		c.mu.Lock()
		c.s = s
		c.advanced()
		c.mu.Unlock()
	}
}

// apply applies one watch batch (whole revisions) to the mirror, and
// remembers the content of the parts each revision bumped.
func (c *ControlPlane) apply(b store.Batch) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	evs := b.Events
	for i := 0; i < len(evs); {
		rev := evs[i].ModRevision
		var bumped []vcn.PartID
		for ; i < len(evs) && evs[i].ModRevision == rev; i++ {
			ev := evs[i]
			if err := c.s.applyKV(ev.Key, ev.Value, ev.Delete, ev.ModRevision); err != nil {
				return err
			}
			if !ev.Delete && strings.HasPrefix(ev.Key, versionsPrefix) {
				if p, err := vcn.ParsePartID(ev.Key[len(versionsPrefix):]); err == nil {
					bumped = append(bumped, p)
				}
			}
		}
		if len(bumped) > 0 {
			cs := make([]vcn.PartContent, len(bumped))
			for j, p := range bumped {
				cs[j] = c.s.content(p)
			}
			c.s.hist.add(rev, cs)
		}
		c.s.rev = max(c.s.rev, rev)
	}
	if len(evs) == 0 {
		// A progress notification: the watch is synced up to b.Revision.
		c.s.rev = max(c.s.rev, b.Revision)
	}
	c.advanced()
	return nil
}

// advanced wakes waiters; c.mu must be held.
func (c *ControlPlane) advanced() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// waitFor waits until cond holds on the mirror, and returns with c.mu
// read-locked when it does.
func (c *ControlPlane) waitFor(ctx context.Context, cond func(*state) bool) error {
	for {
		c.mu.RLock()
		if cond(c.s) {
			return nil
		}
		ch := c.changed
		c.mu.RUnlock()
		select {
		case <-ch:
		case <-c.done:
			return errors.New("controlplane: closed")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// current waits until the mirror holds every change committed so far, and
// returns with c.mu read-locked.
func (c *ControlPlane) current(ctx context.Context) error {
	kvs, _, err := c.st.Load(ctx, guardKey)
	if err != nil {
		return fmt.Errorf("controlplane: %w", err)
	}
	var guard int64
	for _, kv := range kvs {
		if kv.Key == guardKey {
			guard = kv.ModRevision
		}
	}
	return c.waitFor(ctx, func(s *state) bool { return s.guardRev >= guard })
}

// mutate computes a change against the mirror and commits it, again and
// again until no other writer got in between.
func (c *ControlPlane) mutate(ctx context.Context, plan func(*state) (*change, error)) (api.Change, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	// No need to sync with etcd first: a change planned against a stale
	// mirror fails the guard's compare and is planned again. A refusal
	// (invalid, not found, ...) is only final once the mirror is current:
	// another control plane may have just created what was missing.
	c.mu.RLock()
	synced := false
	for {
		// c.mu is read-locked here.
		ch, err := plan(c.s)
		if err != nil && !synced {
			c.mu.RUnlock()
			if err := c.current(ctx); err != nil {
				return api.Change{}, err
			}
			synced = true
			continue
		}
		if err != nil {
			c.mu.RUnlock()
			return api.Change{}, err
		}
		ops, bumped, err := c.s.ops(ch)
		guard := c.s.guardRev
		c.mu.RUnlock()
		if err != nil {
			return api.Change{}, err
		}
		rev, ok, err := c.st.Commit(ctx, guardKey, guard, ops)
		if err != nil {
			return api.Change{}, fmt.Errorf("controlplane: %w", err)
		}
		if ok {
			// Read your writes: the mirror holds the change on return.
			if err := c.waitFor(ctx, func(s *state) bool { return s.rev >= rev }); err != nil {
				return api.Change{}, err
			}
			c.mu.RUnlock()
			return api.Change{Bumped: bumped, Revision: rev}, nil
		}
		// Another writer committed: wait for its change and plan again.
		if err := c.waitFor(ctx, func(s *state) bool { return s.guardRev != guard }); err != nil {
			return api.Change{}, err
		}
	}
}

// Create stores a new object (a vcn.VCN, vcn.Subnet, vcn.VNIC,
// vcn.SecurityList, vcn.RouteTable or vcn.Mapping). It fails with a
// *vcn.FieldError if the object is invalid or refers to missing objects,
// and with api.ErrAlreadyExists if its ID is taken.
func (c *ControlPlane) Create(ctx context.Context, obj any) (api.Change, error) {
	return c.mutate(ctx, func(s *state) (*change, error) { return s.planCreate(obj) })
}

// Update replaces an existing object; api.ErrNotFound if there is none.
// It bumps the parts whose content the edit changes.
func (c *ControlPlane) Update(ctx context.Context, obj any) (api.Change, error) {
	return c.mutate(ctx, func(s *state) (*change, error) { return s.planUpdate(obj) })
}

// Delete removes an object; api.ErrInUse if others still refer to it,
// api.ErrNotFound if there is none.
func (c *ControlPlane) Delete(ctx context.Context, r api.Ref) (api.Change, error) {
	return c.mutate(ctx, func(s *state) (*change, error) { return s.planDelete(r) })
}

// Get returns the object r names, or api.ErrNotFound.
func (c *ControlPlane) Get(ctx context.Context, r api.Ref) (any, error) {
	if err := c.current(ctx); err != nil {
		return nil, err
	}
	defer c.mu.RUnlock()
	o, ok := c.s.lookup(r)
	if !ok {
		return nil, fmt.Errorf("%s: %w", r, api.ErrNotFound)
	}
	return o, nil
}

// List returns the objects f selects, sorted by ID, and the revision they
// were read at.
func (c *ControlPlane) List(ctx context.Context, f api.ListFilter) ([]any, int64, error) {
	if !f.Kind.Valid() {
		return nil, 0, fieldErr("list", "kind", "must be set")
	}
	if err := c.current(ctx); err != nil {
		return nil, 0, err
	}
	defer c.mu.RUnlock()
	s := c.s
	var out []any
	add := func(vcnID string, o any) {
		if f.VCNID == "" || f.VCNID == vcnID {
			out = append(out, o)
		}
	}
	if f.ToR != "" && f.Kind != api.KindVNIC {
		return nil, 0, fieldErr("list", "tor", "only VNICs can be listed by ToR")
	}
	switch f.Kind {
	case api.KindVCN:
		for _, o := range sortedValues(s.vcns) {
			add(o.ID, o)
		}
	case api.KindSubnet:
		for _, o := range sortedValues(s.subnets) {
			add(o.VCNID, o)
		}
	case api.KindVNIC:
		for _, o := range sortedValues(s.vnics) {
			if f.ToR == "" || o.Attach.ToR == f.ToR {
				add(s.vnicVCN(o), o)
			}
		}
	case api.KindSecurityList:
		for _, o := range sortedValues(s.lists) {
			add(o.VCNID, o)
		}
	case api.KindRouteTable:
		for _, o := range sortedValues(s.routes) {
			add(o.VCNID, o)
		}
	case api.KindMapping:
		for _, o := range sortedValues(s.mappings) {
			add(o.VCNID, o)
		}
	}
	return out, s.rev, nil
}

// Versions returns the current versions of the given parts (of every
// part, deleted ones included, if none is given) and the revision.
func (c *ControlPlane) Versions(ctx context.Context, parts ...vcn.PartID) (vcn.VersionVector, int64, error) {
	if err := c.current(ctx); err != nil {
		return nil, 0, err
	}
	defer c.mu.RUnlock()
	if len(parts) == 0 {
		return c.s.versions.Clone(), c.s.rev, nil
	}
	v := make(vcn.VersionVector, len(parts))
	for _, p := range parts {
		v[p] = c.s.versions[p]
	}
	return v, c.s.rev, nil
}

// CompareVersions compares a holder's vector with the current versions and
// returns, sorted by part, the parts it holds that are stale
// (vcn.VersionVector.Stale) or, with includeNew, every part it is behind
// on, including parts it lacks (vcn.VersionVector.Behind); with
// includeContent each carries its current content.
func (c *ControlPlane) CompareVersions(ctx context.Context, held vcn.VersionVector, includeNew, includeContent bool) ([]vcn.PartContent, int64, error) {
	if err := c.current(ctx); err != nil {
		return nil, 0, err
	}
	defer c.mu.RUnlock()
	var pvs []vcn.PartVersion
	if includeNew {
		pvs = held.Behind(c.s.versions)
	} else {
		pvs = held.Stale(c.s.versions)
	}
	out := make([]vcn.PartContent, len(pvs))
	for i, pv := range pvs {
		if includeContent {
			out[i] = c.s.content(pv.Part)
		} else {
			out[i] = vcn.PartContent{PartVersion: pv}
		}
	}
	return out, c.s.rev, nil
}
