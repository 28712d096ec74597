package controller

import (
	"context"
	"errors"
	"sync"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"

	"github.com/vcn-flowcache/vcn-flowcache/controller/cache"
	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

// missQueue holds the flows waiting for flow info: queued, or in flight to
// the NIS. A key is in it at most once, so a burst of digests for one flow
// costs one resolution. It is bounded: beyond max, digests are dropped
// (the packets themselves went to the NIS; the flow digests again later).
type missQueue struct {
	mu      sync.Mutex
	max     int
	pending map[vcn.FlowKey]time.Time // first digest's arrival
	queue   []vcn.FlowKey
	notify  chan struct{}
}

func newMissQueue(max int) *missQueue {
	return &missQueue{max: max, pending: map[vcn.FlowKey]time.Time{}, notify: make(chan struct{}, 1)}
}

// add queues k; it reports false when k is already pending or the queue is
// full (full tells which).
func (q *missQueue) add(k vcn.FlowKey, now time.Time) (added, full bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.pending[k]; ok {
		return false, false
	}
	if len(q.pending) >= q.max {
		return false, true
	}
	q.pending[k] = now
	q.queue = append(q.queue, k)
	select {
	case q.notify <- struct{}{}:
	default:
	}
	return true, false
}

// take removes up to n keys from the queue; they stay pending until done.
func (q *missQueue) take(n int) []vcn.FlowKey {
	q.mu.Lock()
	defer q.mu.Unlock()
	n = min(n, len(q.queue))
	out := append([]vcn.FlowKey(nil), q.queue[:n]...)
	q.queue = q.queue[n:]
	if len(q.queue) > 0 {
		select {
		case q.notify <- struct{}{}:
		default:
		}
	}
	return out
}

// done releases keys and returns when each was first digested.
func (q *missQueue) done(keys []vcn.FlowKey) []time.Time {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]time.Time, len(keys))
	for i, k := range keys {
		out[i] = q.pending[k]
		delete(q.pending, k)
	}
	return out
}

func (q *missQueue) depth() (queued, inflight int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.queue), len(q.pending) - len(q.queue)
}

func (a *Agent) handleDigest(ctx context.Context, dl *p4v1.DigestList) {
	// Ack first: the switch suppresses duplicates of unacked digests, and
	// our own queue de-duplicates from here on.
	if err := a.sw.Send(ctx, &p4v1.StreamMessageRequest{Update: &p4v1.StreamMessageRequest_DigestAck{
		DigestAck: &p4v1.DigestListAck{DigestId: dl.GetDigestId(), ListId: dl.GetListId()}}}); err != nil {
		a.log.Warn("digest ack failed", "err", err)
	}
	if dl.GetDigestId() != a.sch.DigestID() {
		return
	}
	now := time.Now()
	for _, d := range dl.GetData() {
		dg, err := a.sch.DecodeDigest(d)
		if err != nil {
			a.stats.digestErrors.Inc()
			a.log.Warn("bad digest", "err", err)
			continue
		}
		if dg.Reason == schema.ReasonStale {
			a.stats.staleDigests.Inc()
		} else {
			a.stats.missDigests.Inc()
		}
		if _, full := a.misses.add(dg.Key, now); full {
			a.stats.digestsDropped.Inc()
		}
	}
}

// missLoop resolves queued misses in batches, one batch at a time: a single
// writer keeps slot assignment and the cache record simple and ordered.
func (a *Agent) missLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.misses.notify:
		}
		select {
		case <-a.Ready():
		case <-ctx.Done():
			return
		}
		if q, _ := a.misses.depth(); q < a.cfg.BatchSize {
			select {
			case <-time.After(a.cfg.BatchDelay):
			case <-ctx.Done():
				return
			}
		}
		keys := a.misses.take(a.cfg.BatchSize)
		if len(keys) == 0 {
			continue
		}
		a.resolveAndInstall(ctx, keys)
		started := a.misses.done(keys)
		now := time.Now()
		for _, t := range started {
			a.stats.installLatency.Observe(now.Sub(t).Seconds())
		}
	}
}

// resolveAndInstall asks the NIS for the flows' info and installs it.
func (a *Agent) resolveAndInstall(ctx context.Context, keys []vcn.FlowKey) {
	if err := a.resolveInstall(ctx, keys); err != nil {
		a.stats.nisErrors.Inc()
		a.log.Warn("NIS resolution failed; misses keep going to the NIS", "err", err, "flows", len(keys))
	}
}

// resolveInstall resolves flows at the NIS and installs (or rewrites)
// them; flows that no longer resolve, and existing entries whose fresh info
// is already behind the switch's versions, are deleted.
//
// The NIS records a ToR's flows when it resolves them and forgets them on
// Release. A flow deleted (and released) while its resolution was in
// flight may have been forgotten after it was recorded, and would then
// never be invalidated by the NIS-side strategies; such flows are resolved
// once more, which records them again.
func (a *Agent) resolveInstall(ctx context.Context, keys []vcn.FlowKey) error {
	for attempt := 0; len(keys) > 0 && attempt < 3; attempt++ {
		start := a.beginResolve()
		infos, gone, err := a.resolve(ctx, keys)
		if err != nil {
			a.endResolve(nil, start)
			return err
		}
		skipped, err := a.install(ctx, infos)
		if err != nil {
			a.log.Warn("install failed", "err", err)
		}
		a.deleteFlows(ctx, append(gone, a.present(skipped)...))
		keys = a.endResolve(keys, start)
	}
	return nil
}

// present keeps the keys the switch holds an entry for.
func (a *Agent) present(keys []vcn.FlowKey) []vcn.FlowKey {
	var out []vcn.FlowKey
	for _, k := range keys {
		if _, ok := a.cache.Lookup(k); ok {
			out = append(out, k)
		}
	}
	return out
}

func (a *Agent) beginResolve() uint64 {
	a.relMu.Lock()
	defer a.relMu.Unlock()
	a.inflight++
	return a.relEpoch
}

// endResolve returns the keys released since start.
func (a *Agent) endResolve(keys []vcn.FlowKey, start uint64) []vcn.FlowKey {
	a.relMu.Lock()
	defer a.relMu.Unlock()
	var again []vcn.FlowKey
	for _, k := range keys {
		if a.released[k] > start {
			again = append(again, k)
		}
	}
	if a.inflight--; a.inflight == 0 {
		clear(a.released)
	}
	return again
}

func (a *Agent) noteReleased(keys []vcn.FlowKey) {
	a.relMu.Lock()
	defer a.relMu.Unlock()
	if a.inflight == 0 {
		return
	}
	a.relEpoch++
	for _, k := range keys {
		a.released[k] = a.relEpoch
	}
}

// resolve asks the NIS for flow info. Flows it cannot resolve (unknown or
// deleted VNIC) come back in gone.
func (a *Agent) resolve(ctx context.Context, keys []vcn.FlowKey) (infos []vcn.FlowInfo, gone []vcn.FlowKey, err error) {
	req := &nisv1.ResolveFlowsRequest{Tor: a.cfg.ToR, Keys: make([]*typesv1.FlowKey, len(keys))}
	for i, k := range keys {
		req.Keys[i] = convert.FlowKeyToProto(k)
	}
	a.stats.nisRequests.Inc()
	resp, err := a.nis.ResolveFlows(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	for i, f := range resp.GetFlows() {
		if i < len(resp.GetErrors()) && resp.GetErrors()[i] != "" {
			gone = append(gone, keys[i])
			continue
		}
		info, err := convert.FlowInfoFromProto(f)
		if err != nil {
			a.log.Warn("bad flow info from the NIS", "key", keys[i], "err", err)
			gone = append(gone, keys[i])
			continue
		}
		infos = append(infos, info)
	}
	return infos, gone, nil
}

// install writes flow entries: room first (evicting the oldest), then the
// version entries the flows need, then the flows. It returns the flows it
// skipped because their info is older than what the switch holds.
func (a *Agent) install(ctx context.Context, infos []vcn.FlowInfo) ([]vcn.FlowKey, error) {
	if len(infos) == 0 {
		return nil, nil
	}
	a.wmu.Lock()
	defer a.wmu.Unlock()
	if over := len(infos) - a.cache.Room(); over > 0 {
		victims := a.cache.Oldest(over)
		a.stats.evictions.Add(float64(len(victims)))
		a.deleteFlowsLocked(ctx, victims)
	}
	plan := a.cache.PlanInstall(infos)
	if len(plan.Versions) > 0 {
		if _, err := a.writeVersions(ctx, plan.Versions); err != nil {
			a.cache.Abort(plan)
			return nil, err
		}
	}
	ups := make([]*p4v1.Update, 0, len(plan.Flows))
	for _, fw := range plan.Flows {
		te, err := a.sch.FlowEntry(fw.Info, fw.Slots, a.cfg.IdleTimeout.Nanoseconds())
		if err != nil {
			a.cache.Abort(plan)
			return nil, err
		}
		ups = append(ups, update(fw.Modify, te))
	}
	failedIdx, err := a.writeFallback(ctx, ups)
	if err != nil {
		a.cache.Abort(plan)
		return nil, err
	}
	failed := map[vcn.FlowKey]bool{}
	for i := range failedIdx {
		failed[plan.Flows[i].Info.Key] = true
	}
	a.cache.Commit(plan, failed, time.Now())
	a.stats.flowWrites.Add(float64(len(ups)))
	a.stats.installs.Add(float64(len(ups) - len(failed)))
	a.stats.entries.Set(float64(a.cache.Len()))
	return plan.Skipped, nil
}

// deleteUpdate deletes the entry te names: its table and match (and
// priority); a DELETE carries no action.
func deleteUpdate(te *p4v1.TableEntry) *p4v1.Update {
	return &p4v1.Update{Type: p4v1.Update_DELETE, Entity: &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{
		TableEntry: &p4v1.TableEntry{TableId: te.GetTableId(), Match: te.GetMatch(), Priority: te.GetPriority(), IsDefaultAction: te.GetIsDefaultAction()}}}}
}

func update(modify bool, te *p4v1.TableEntry) *p4v1.Update {
	t := p4v1.Update_INSERT
	if modify {
		t = p4v1.Update_MODIFY
	}
	return &p4v1.Update{Type: t, Entity: &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: te}}}
}

func (a *Agent) writeVersions(ctx context.Context, vws []cache.VersionWrite) (map[int]bool, error) {
	ups := make([]*p4v1.Update, 0, len(vws))
	for _, vw := range vws {
		te, err := a.sch.VersionEntry(vw.Part.Kind, vw.Slot, vw.Version)
		if err != nil {
			return nil, err
		}
		ups = append(ups, update(!vw.Insert, te))
	}
	a.stats.versionWrites.Add(float64(len(ups)))
	failed, err := a.writeFallback(ctx, ups)
	if err == nil && len(failed) > 0 {
		err = errors.New("version writes failed")
	}
	return failed, err
}

// writeFallback writes updates; an INSERT that finds the entry already
// there is retried as a MODIFY and a MODIFY that finds nothing as an
// INSERT (the switch's state can be ahead of or behind our record after a
// lost connection). It returns the indices of the updates that still
// failed; err is set when the outcome is unknown.
func (a *Agent) writeFallback(ctx context.Context, ups []*p4v1.Update) (map[int]bool, error) {
	err := a.sw.Write(ctx, ups)
	var werr *switchconn.WriteError
	if err == nil {
		return nil, nil
	}
	if !errors.As(err, &werr) {
		return nil, err
	}
	var retry []*p4v1.Update
	var idx []int
	failed := map[int]bool{}
	for _, ue := range werr.Updates {
		u := ups[ue.Index]
		switch {
		case ue.Code == codes.AlreadyExists && u.Type == p4v1.Update_INSERT:
			retry = append(retry, &p4v1.Update{Type: p4v1.Update_MODIFY, Entity: u.Entity})
			idx = append(idx, ue.Index)
		case ue.Code == codes.NotFound && u.Type == p4v1.Update_MODIFY:
			retry = append(retry, &p4v1.Update{Type: p4v1.Update_INSERT, Entity: u.Entity})
			idx = append(idx, ue.Index)
		case ue.Code == codes.NotFound && u.Type == p4v1.Update_DELETE:
			// already gone: what we wanted
		default:
			a.stats.writeErrors.Inc()
			a.log.Warn("write failed", "code", ue.Code, "msg", ue.Msg)
			failed[ue.Index] = true
		}
	}
	if len(retry) == 0 {
		return failed, nil
	}
	err = a.sw.Write(ctx, retry)
	if err != nil && !errors.As(err, &werr) {
		return nil, err
	}
	if werr != nil && err != nil {
		for _, ue := range werr.Updates {
			a.stats.writeErrors.Inc()
			failed[idx[ue.Index]] = true
		}
	}
	return failed, nil
}

// deleteFlows removes flows from the switch, then version entries no flow
// uses any more, and tells the NIS the ToR no longer holds them.
func (a *Agent) deleteFlows(ctx context.Context, keys []vcn.FlowKey) {
	if len(keys) == 0 {
		return
	}
	a.wmu.Lock()
	defer a.wmu.Unlock()
	a.deleteFlowsLocked(ctx, keys)
}

func (a *Agent) deleteFlowsLocked(ctx context.Context, keys []vcn.FlowKey) {
	if len(keys) == 0 {
		return
	}
	if err := a.deleteFlowEntries(ctx, keys); err != nil {
		a.log.Warn("delete failed", "err", err, "flows", len(keys))
		return
	}
	a.stats.deletes.Add(float64(len(keys)))
	freed := a.cache.Remove(keys)
	if len(freed) > 0 {
		vups := make([]*p4v1.Update, 0, len(freed))
		for _, vw := range freed {
			if te, err := a.sch.VersionEntry(vw.Part.Kind, vw.Slot, vw.Version); err == nil {
				vups = append(vups, deleteUpdate(te))
			}
		}
		if _, err := a.writeFallback(ctx, vups); err != nil {
			a.log.Warn("version entry delete failed", "err", err)
		}
	}
	a.stats.entries.Set(float64(a.cache.Len()))
	req := &nisv1.ReleaseRequest{Tor: a.cfg.ToR, Keys: make([]*typesv1.FlowKey, len(keys))}
	for i, k := range keys {
		req.Keys[i] = convert.FlowKeyToProto(k)
	}
	if _, err := a.nis.Release(ctx, req); err != nil {
		a.log.Debug("NIS release failed", "err", err)
	}
	// Noted once the NIS has applied it: a resolution that began before
	// this point may have been recorded before the release and forgotten.
	a.noteReleased(keys)
}

// deleteFlowEntries deletes flow_cache entries from the switch only; an
// entry already gone counts as deleted.
func (a *Agent) deleteFlowEntries(ctx context.Context, keys []vcn.FlowKey) error {
	ups := make([]*p4v1.Update, 0, len(keys))
	for _, k := range keys {
		if te, err := a.sch.FlowKeyEntry(k); err == nil {
			ups = append(ups, deleteUpdate(te))
		}
	}
	_, err := a.writeFallback(ctx, ups)
	return err
}

func (a *Agent) handleIdle(ctx context.Context, n *p4v1.IdleTimeoutNotification) {
	var keys []vcn.FlowKey
	for _, te := range n.GetTableEntry() {
		if k, err := a.sch.DecodeFlowKey(te); err == nil {
			keys = append(keys, k)
		}
	}
	a.stats.idleDeletes.Add(float64(len(keys)))
	a.deleteFlows(ctx, keys)
}
