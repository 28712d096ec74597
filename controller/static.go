package controller

import (
	"context"
	"fmt"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
)

// programmedVNIC is a local VNIC as the switch's static tables hold it.
type programmedVNIC struct {
	vnic vcn.VNIC
	vni  uint32
}

func (p programmedVNIC) same(o programmedVNIC) bool {
	return p.vni == o.vni && p.vnic.Num == o.vnic.Num && p.vnic.IP == o.vnic.IP &&
		p.vnic.MAC == o.vnic.MAC && p.vnic.Attach == o.vnic.Attach
}

// becomePrimary brings the switch to a serving state: digest
// configuration, static state, and the cached entries reconciled with the
// control plane. fresh says the switch's tables are empty.
func (a *Agent) becomePrimary(ctx context.Context, fresh bool) error {
	a.log.Info("primary for the switch", "fresh_pipeline", fresh)
	digest := &p4v1.Update{Type: p4v1.Update_INSERT, Entity: &p4v1.Entity{Entity: &p4v1.Entity_DigestEntry{DigestEntry: &p4v1.DigestEntry{
		DigestId: a.sch.DigestID(),
		Config: &p4v1.DigestEntry_Config{MaxTimeoutNs: a.cfg.DigestMaxTimeout.Nanoseconds(),
			MaxListSize: a.cfg.DigestMaxList, AckTimeoutNs: a.cfg.DigestAckTimeout.Nanoseconds()},
	}}}}
	if failed, err := a.writeFallback(ctx, []*p4v1.Update{digest}); err != nil || len(failed) > 0 {
		return fmt.Errorf("digest configuration: %v", err)
	}
	tc, err := a.sch.TorConfigEntry(a.cfg.VTEP, a.cfg.RouterMAC, a.cfg.NISAddr)
	if err != nil {
		return err
	}
	ups := []*p4v1.Update{update(true, tc)}
	substrate := map[uint32]bool{}
	for _, r := range a.cfg.Underlay {
		if !substrate[r.Port] {
			substrate[r.Port] = true
			ups = append(ups, update(false, a.sch.SubstratePortEntry(r.Port)))
		}
	}
	for _, r := range a.cfg.Underlay {
		te, err := a.sch.UnderlayRouteEntry(r.Prefix, r.Port, r.NextHop)
		if err != nil {
			return err
		}
		ups = append(ups, update(false, te))
	}
	if failed, err := a.writeFallback(ctx, ups); err != nil || len(failed) > 0 {
		return fmt.Errorf("static state: %d updates failed: %v", len(failed), err)
	}
	a.mu.Lock()
	a.vnics = map[string]programmedVNIC{}
	a.mu.Unlock()
	if err := a.syncVNICs(ctx); err != nil {
		return fmt.Errorf("VNICs: %w", err)
	}
	return a.reconcile(ctx, fresh)
}

// reconcile makes the switch's flow cache match the control plane before
// the agent serves. The agent's record cannot be trusted (a restart, a
// takeover from another controller, a lost connection), so it starts from
// what the switch holds: every version entry is deleted first — from then
// on every cached entry misses, so nothing is forwarded under a stale
// version — then every entry is re-resolved through the NIS and rewritten
// with fresh slots, or deleted if its flow no longer resolves.
func (a *Agent) reconcile(ctx context.Context, fresh bool) error {
	if fresh {
		a.cache.Reset(nil)
		return nil
	}
	start := time.Now()
	var keys []vcn.FlowKey
	var versionDeletes []*p4v1.Update
	// New slots are numbered above every slot an old entry or version
	// entry uses, so that no old entry can match a new version entry.
	floor := map[vcn.PartKind]uint32{}
	raise := func(k vcn.PartKind, slot uint32) {
		if slot >= floor[k] {
			floor[k] = slot + 1
		}
	}
	kinds := map[string]vcn.PartKind{schema.TablePolicyVersions: vcn.PartPolicy,
		schema.TableMappingVersion: vcn.PartMapping, schema.TableRouteVersions: vcn.PartRoute}
	tables := []string{schema.TableFlowCache, schema.TablePolicyVersions, schema.TableMappingVersion, schema.TableRouteVersions}
	for _, t := range tables {
		id := a.sch.TableID(t)
		err := a.sw.Read(ctx, []*p4v1.Entity{{Entity: &p4v1.Entity_TableEntry{TableEntry: &p4v1.TableEntry{TableId: id}}}},
			func(e *p4v1.Entity) error {
				te := e.GetTableEntry()
				if te == nil || te.GetIsDefaultAction() {
					return nil
				}
				if t == schema.TableFlowCache {
					fe, err := a.sch.DecodeFlowEntry(te)
					if err != nil {
						return err
					}
					keys = append(keys, fe.Info.Key)
					raise(vcn.PartPolicy, fe.Slots.Policy)
					raise(vcn.PartMapping, fe.Slots.Mapping)
					raise(vcn.PartRoute, fe.Slots.Route)
					return nil
				}
				if len(te.GetMatch()) == 1 {
					if slot, err := decodeSlot(te.GetMatch()[0].GetExact().GetValue()); err == nil {
						raise(kinds[t], slot)
					}
				}
				versionDeletes = append(versionDeletes, deleteUpdate(te))
				return nil
			})
		if err != nil {
			return fmt.Errorf("read back %s: %w", t, err)
		}
	}
	a.cache.Reset(floor)
	if _, err := a.writeFallback(ctx, versionDeletes); err != nil {
		return fmt.Errorf("clearing version entries: %w", err)
	}
	for start := 0; start < len(keys); start += a.cfg.BatchSize * 16 {
		batch := keys[start:min(start+a.cfg.BatchSize*16, len(keys))]
		infos, gone, err := a.resolve(ctx, batch)
		if err != nil {
			// Without the NIS the entries cannot be vouched for: delete
			// them (their flows keep working through the NIS tunnel).
			gone = batch
			infos = nil
		}
		skipped, err := a.install(ctx, infos)
		if err != nil {
			return err
		}
		// Entries the new record does not hold: delete them from the switch.
		if err := a.deleteFlowEntries(ctx, append(gone, skipped...)); err != nil {
			a.log.Warn("delete failed", "err", err)
		}
	}
	a.log.Info("reconciled the flow cache", "entries", len(keys), "kept", a.cache.Len(), "took", time.Since(start))
	return nil
}

// staticLoop keeps the local VNICs programmed as the control plane
// changes.
func (a *Agent) staticLoop(ctx context.Context) {
	for ctx.Err() == nil {
		select {
		case <-a.Ready():
		case <-ctx.Done():
			return
		}
		changed := make(chan struct{}, 1)
		wctx, cancel := context.WithCancel(ctx)
		errc := make(chan error, 1)
		go func() { errc <- a.watchControlPlane(wctx, changed) }()
		tick := time.NewTicker(5 * a.cfg.PollInterval)
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-errc:
				break loop
			case <-changed:
			case <-tick.C:
			}
			if !a.isReady() {
				break loop
			}
			if err := a.syncVNICs(ctx); err != nil {
				a.log.Warn("VNIC sync failed", "err", err)
			}
		}
		tick.Stop()
		cancel()
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
		}
	}
}

// syncVNICs programs host_vnic, vnic_by_overlay and vnic_delivery for the
// VNICs attached to this ToR, and removes those that left.
func (a *Agent) syncVNICs(ctx context.Context) error {
	want, err := a.localVNICs(ctx)
	if err != nil {
		return err
	}
	a.mu.Lock()
	have := a.vnics
	a.mu.Unlock()
	var dels, ins []*p4v1.Update
	next := map[string]programmedVNIC{}
	for id, p := range have {
		if w, ok := want[id]; ok && w.same(p) {
			next[id] = p
			continue
		}
		es, err := a.sch.HostVNICEntries(p.vnic, p.vni)
		if err != nil {
			continue
		}
		for _, te := range es {
			dels = append(dels, deleteUpdate(te))
		}
	}
	for id, w := range want {
		if _, ok := next[id]; ok {
			continue
		}
		es, err := a.sch.HostVNICEntries(w.vnic, w.vni)
		if err != nil {
			a.log.Warn("VNIC cannot be programmed", "vnic", id, "err", err)
			continue
		}
		for _, te := range es {
			ins = append(ins, update(false, te))
		}
		next[id] = w
	}
	if _, err := a.writeFallback(ctx, dels); err != nil {
		return err
	}
	failed, err := a.writeFallback(ctx, ins)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d VNIC entries failed", len(failed))
	}
	a.mu.Lock()
	a.vnics = next
	a.mu.Unlock()
	return nil
}

// localVNICs lists the VNICs attached to this ToR with their VCN's VNI.
func (a *Agent) localVNICs(ctx context.Context) (map[string]programmedVNIC, error) {
	list := func(kind controlplanev1.ObjectKind, tor string) ([]any, error) {
		resp, err := a.cp.List(ctx, &controlplanev1.ListRequest{Kind: kind, Tor: tor})
		if err != nil {
			return nil, err
		}
		out := make([]any, 0, len(resp.GetObjects()))
		for _, o := range resp.GetObjects() {
			obj, err := convert.ObjectFromProto(o)
			if err != nil {
				return nil, err
			}
			out = append(out, obj)
		}
		return out, nil
	}
	vnics, err := list(controlplanev1.ObjectKind_OBJECT_KIND_VNIC, a.cfg.ToR)
	if err != nil {
		return nil, err
	}
	subnets, err := list(controlplanev1.ObjectKind_OBJECT_KIND_SUBNET, "")
	if err != nil {
		return nil, err
	}
	vcns, err := list(controlplanev1.ObjectKind_OBJECT_KIND_VCN, "")
	if err != nil {
		return nil, err
	}
	vni := map[string]uint32{}
	for _, o := range vcns {
		v := o.(vcn.VCN)
		vni[v.ID] = v.VNI
	}
	subnetVNI := map[string]uint32{}
	for _, o := range subnets {
		s := o.(vcn.Subnet)
		subnetVNI[s.ID] = vni[s.VCNID]
	}
	out := map[string]programmedVNIC{}
	for _, o := range vnics {
		n := o.(vcn.VNIC)
		if n.Attach.ToR != a.cfg.ToR {
			continue
		}
		out[n.ID] = programmedVNIC{vnic: n, vni: subnetVNI[n.SubnetID]}
	}
	return out, nil
}

func decodeSlot(b []byte) (uint32, error) {
	if len(b) == 0 || len(b) > 4 {
		return 0, fmt.Errorf("slot of %d bytes", len(b))
	}
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v, nil
}
