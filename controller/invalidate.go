package controller

import (
	"context"
	"io"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
)

// invalidationLoop runs the strategy in force, restarting it when the
// strategy changes or its stream breaks.
func (a *Agent) invalidationLoop(ctx context.Context) {
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		select {
		case <-a.Ready():
		case <-ctx.Done():
			return
		}
		s := a.Strategy()
		sctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-a.wake:
				cancel()
			case <-sctx.Done():
			}
		}()
		var err error
		switch s {
		case NISPush, NISNotify:
			err = a.runNIS(sctx, s)
		default:
			err = a.runToR(sctx, s)
		}
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil && err != context.Canceled {
			a.log.Warn("invalidation stream broke; retrying", "strategy", s, "err", err, "retry_in", backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(2*backoff, 2*time.Second)
			continue
		}
		backoff = 50 * time.Millisecond
	}
}

// runNIS follows the NIS's invalidation stream for this ToR.
func (a *Agent) runNIS(ctx context.Context, s Strategy) error {
	mode := nisv1.Mode_MODE_NOTIFY
	if s == NISPush {
		mode = nisv1.Mode_MODE_PUSH
	}
	stream, err := a.nis.Subscribe(ctx, &nisv1.SubscribeRequest{Tor: a.cfg.ToR, Mode: mode})
	if err != nil {
		return err
	}
	for {
		inv, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		a.applyInvalidation(ctx, s, inv)
	}
}

func (a *Agent) applyInvalidation(ctx context.Context, s Strategy, inv *nisv1.Invalidation) {
	pvs, err := convert.PartVersionsFromProto(inv.GetStale())
	if err != nil {
		a.log.Warn("bad invalidation from the NIS", "err", err)
		return
	}
	stale := a.bump(ctx, pvs)
	if s == NISNotify {
		a.deleteFlows(ctx, stale)
		return
	}
	handled := map[vcn.FlowKey]bool{}
	var infos []vcn.FlowInfo
	for _, f := range inv.GetUpdated() {
		info, err := convert.FlowInfoFromProto(f)
		if err != nil {
			continue
		}
		if _, ok := a.cache.Lookup(info.Key); !ok {
			continue // not ours any more
		}
		handled[info.Key] = true
		infos = append(infos, info)
	}
	skipped, err := a.install(ctx, infos)
	if err != nil {
		a.log.Warn("rewrite of pushed flows failed", "err", err)
	}
	// Pushed info already behind the switch's versions cannot be
	// installed: delete those entries rather than leave them stale.
	for _, k := range skipped {
		handled[k] = false
	}
	var del []vcn.FlowKey
	for _, k := range inv.GetRemoved() {
		if key, err := convert.FlowKeyFromProto(k); err == nil {
			handled[key] = true
			del = append(del, key)
		}
	}
	// Stale entries the push did not cover are deleted: the next packet
	// refreshes them through the miss path.
	for _, k := range stale {
		if !handled[k] {
			del = append(del, k)
		}
	}
	a.deleteFlows(ctx, del)
}

// bump makes every entry built from an older version of the parts stale,
// with one version write per part held, and returns those entries.
func (a *Agent) bump(ctx context.Context, pvs []vcn.PartVersion) []vcn.FlowKey {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	vws := a.cache.PlanBump(pvs)
	if len(vws) == 0 {
		return nil
	}
	start := time.Now()
	if _, err := a.writeVersions(ctx, vws); err != nil {
		a.log.Error("version write failed: stale entries may still forward", "err", err)
		return nil
	}
	a.stats.bumpLatency.Observe(time.Since(start).Seconds())
	a.stats.bumps.Add(float64(len(vws)))
	stale := a.cache.CommitBump(vws)
	a.stats.staleMarked.Add(float64(len(stale)))
	return stale
}

// runToR sends the ToR's version vector to the control plane whenever the
// control plane reports a change (and every PollInterval), and acts on the
// stale parts it names.
func (a *Agent) runToR(ctx context.Context, s Strategy) error {
	changed := make(chan struct{}, 1)
	errc := make(chan error, 1)
	go func() { errc <- a.watchControlPlane(ctx, changed) }()
	tick := time.NewTicker(a.cfg.PollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			return err
		case <-changed:
		case <-tick.C:
		}
		if err := a.compareAndInvalidate(ctx, s); err != nil {
			a.log.Warn("version comparison failed", "err", err)
		}
	}
}

// watchControlPlane signals changed on every batch of bumps.
func (a *Agent) watchControlPlane(ctx context.Context, changed chan<- struct{}) error {
	stream, err := a.cp.Watch(ctx, &controlplanev1.WatchRequest{})
	if err != nil {
		return err
	}
	for {
		if _, err := stream.Recv(); err != nil {
			return err
		}
		select {
		case changed <- struct{}{}:
		default:
		}
	}
}

// compareAndInvalidate is one round of the ToR-side strategies.
func (a *Agent) compareAndInvalidate(ctx context.Context, s Strategy) error {
	held := a.cache.Held()
	if len(held) == 0 {
		return nil
	}
	resp, err := a.cp.CompareVersions(ctx, &controlplanev1.CompareVersionsRequest{Held: convert.VectorToProto(held)})
	if err != nil {
		return err
	}
	pvs := make([]vcn.PartVersion, 0, len(resp.GetStale()))
	for _, c := range resp.GetStale() {
		pv, err := convert.PartVersionFromProto(c.GetPart())
		if err != nil {
			return err
		}
		pvs = append(pvs, pv)
	}
	stale := a.bump(ctx, pvs)
	if len(stale) == 0 {
		return nil
	}
	if s == ToRPassive {
		a.deleteFlows(ctx, stale)
		return nil
	}
	for start := 0; start < len(stale); start += a.cfg.BatchSize * 16 {
		batch := stale[start:min(start+a.cfg.BatchSize*16, len(stale))]
		if err := a.resolveInstall(ctx, batch); err != nil {
			a.deleteFlows(ctx, batch) // cannot vouch for them: let them miss
		}
	}
	return nil
}

// Invalidate makes the entries of a VNIC, or those depending on a part,
// stale at once and deletes them (torctl invalidate).
func (a *Agent) Invalidate(ctx context.Context, vnic uint32, part vcn.PartID) int {
	var keys []vcn.FlowKey
	if !part.IsZero() {
		keys = a.cache.Dependents(part)
	}
	if vnic != 0 {
		for _, e := range a.cache.Entries(vnic) {
			keys = append(keys, e.Info.Key)
		}
	}
	a.deleteFlows(ctx, keys)
	return len(keys)
}
