package controlplane

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Watch streams the version bumps committed after revision from (0: after
// now), one api.WatchEvent per revision, in store order. The first event
// has no bumps and gives the revision the watch starts after; if from has
// been compacted it is the only event and has Compacted set (resynchronise
// and watch again from its Revision). The channel is closed when ctx is
// done or the store fails; a watcher resumes from the last Revision it saw.
//
// Bumps come from the store's history, so none is lost or reordered across
// reconnects. Content, when asked for, is the content of the bumped
// version, which the mirror remembers for the last 100k bumps; for older
// revisions it is the part's current content, with the version it is at.
func (c *ControlPlane) Watch(ctx context.Context, from int64, includeContent bool) (<-chan api.WatchEvent, error) {
	if from < 0 {
		return nil, fieldErr("watch", "from_revision", "%d is negative", from)
	}
	if from == 0 {
		rev, err := c.st.Revision(ctx)
		if err != nil {
			return nil, fmt.Errorf("controlplane: %w", err)
		}
		from = rev
	}
	out := make(chan api.WatchEvent, 16)
	if err := c.st.Available(ctx, from); errors.Is(err, store.ErrCompacted) {
		rev, err := c.st.Revision(ctx)
		if err != nil {
			return nil, fmt.Errorf("controlplane: %w", err)
		}
		out <- api.WatchEvent{Revision: rev, Compacted: true}
		close(out)
		return out, nil
	} else if err != nil {
		return nil, fmt.Errorf("controlplane: %w", err)
	}
	out <- api.WatchEvent{Revision: from}
	ctx, cancel := context.WithCancel(ctx)
	batches := c.st.Watch(ctx, versionsPrefix, from+1)
	go func() {
		defer close(out)
		defer cancel()
		for b := range batches {
			if errors.Is(b.Err, store.ErrCompacted) {
				// Compacted between the check and the watch.
				select {
				case out <- api.WatchEvent{Revision: b.Revision, Compacted: true}:
				case <-ctx.Done():
				}
				return
			}
			if b.Err != nil {
				if ctx.Err() == nil {
					c.log.Debug("controlplane: watch ended", "err", b.Err)
				}
				return
			}
			for _, ev := range c.events(ctx, b, includeContent) {
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// events groups a batch of version changes into one event per revision.
func (c *ControlPlane) events(ctx context.Context, b store.Batch, includeContent bool) []api.WatchEvent {
	var out []api.WatchEvent
	for _, e := range b.Events {
		if e.Delete || !strings.HasPrefix(e.Key, versionsPrefix) {
			continue // versions are never deleted by the control plane
		}
		p, err := vcn.ParsePartID(e.Key[len(versionsPrefix):])
		if err != nil {
			continue
		}
		v, err := strconv.ParseUint(string(e.Value), 10, 64)
		if err != nil {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Revision != e.ModRevision {
			out = append(out, api.WatchEvent{Revision: e.ModRevision})
		}
		last := &out[len(out)-1]
		last.Bumps = append(last.Bumps, vcn.PartContent{PartVersion: vcn.PartVersion{Part: p, Version: v}})
	}
	for i := range out {
		slices.SortFunc(out[i].Bumps, func(a, b vcn.PartContent) int { return vcn.ComparePartIDs(a.Part, b.Part) })
	}
	if !includeContent || len(out) == 0 {
		return out
	}
	rev := out[len(out)-1].Revision
	if err := c.waitFor(ctx, func(s *state) bool { return s.rev >= rev }); err != nil {
		return out
	}
	defer c.mu.RUnlock()
	for i := range out {
		for j, pc := range out[i].Bumps {
			if h, ok := c.s.hist.content(out[i].Revision, pc.Part); ok && h.Version == pc.Version {
				out[i].Bumps[j] = h
			} else {
				// Too old to be remembered: the current content.
				out[i].Bumps[j] = c.s.content(pc.Part)
			}
		}
	}
	return out
}

// Compact discards the store's history before revision rev (0: the
// current revision); watches from older revisions then get Compacted.
func (c *ControlPlane) Compact(ctx context.Context, rev int64) error {
	if rev == 0 {
		r, err := c.st.Revision(ctx)
		if err != nil {
			return err
		}
		rev = r
	}
	return c.st.Compact(ctx, rev)
}

// Revision returns the revision the control plane's mirror has reached.
func (c *ControlPlane) Revision() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.s.rev
}
