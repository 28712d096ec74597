// Package mirror keeps the NIS's copy of the VCN configuration in step with
// the control plane and publishes it as immutable config.Snapshots.
//
// Synchronisation. A session starts with a resync: CompareVersions with the
// mirror's version vector (include_new, include_content) returns every part
// the mirror is behind on, with content (at start the vector is empty, so
// that is every part); then every object kind that is not a part (VCNs,
// subnets, VNICs, security lists) is Listed. CompareVersions goes first so
// that any object change after its revision is also seen by the Watch that
// follows, which starts from that revision with include_content. Each watch
// event's parts are applied if newer than the mirror's (vcn.VersionVector
// order); a bump without content is fetched with CompareVersions.
//
// Objects. Watch carries parts only, but VNIC, subnet and VCN objects change
// too (a VNIC moves to another ToR, a subnet gets a route table). A part bump
// implies which objects may have changed with it, and the kinds it implies
// are Listed again before the new snapshot is published, so that parts and
// objects are swapped in together:
//
//	policy bump  → VNICs, subnets, security lists (VNIC created or deleted,
//	               security lists of a subnet or NSGs of a VNIC changed);
//	               security lists only when the bump came without its
//	               content, since a policy's content is what resolution
//	               uses (the lists are its fallback) and re-Listing every
//	               rule of the deployment per policy bump dominated the
//	               bump → NIS latency (160 ms of 10k VNICs × 100 rules)
//	mapping bump → VNICs and VCNs (VNIC created, deleted or moved; VNI)
//	route bump   → subnets (a subnet's route table)
//
// Object changes that bump no part (a VCN renamed) are caught by the
// periodic full resync (Options.ResyncInterval). Events that arrive together
// are coalesced into one snapshot and one List per implied kind.
//
// Failures. A compacted watch, a broken stream or a failed call ends the
// session; the next one resyncs with CompareVersions (only the stale parts
// travel) and Lists again. Sessions restart with exponential backoff, so the
// mirror survives a control-plane restart; the last snapshot keeps being
// served meanwhile.
//
// Concurrency. One writer goroutine (Run) builds snapshots; readers call
// Snapshot, an atomic pointer load, and never lock. OnChange is called by the
// writer after each publication with what changed.
//
// It may import package vcn, nisvc/config, proto/convert and the generated
// controlplane and types protobuf packages.
package mirror

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// ControlPlane is the part of the control plane's gRPC API the mirror uses;
// controlplanev1.ControlPlaneClient implements it.
type ControlPlane interface {
	List(ctx context.Context, in *controlplanev1.ListRequest, opts ...grpc.CallOption) (*controlplanev1.ListResponse, error)
	CompareVersions(ctx context.Context, in *controlplanev1.CompareVersionsRequest, opts ...grpc.CallOption) (*controlplanev1.CompareVersionsResponse, error)
	Watch(ctx context.Context, in *controlplanev1.WatchRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[controlplanev1.WatchResponse], error)
}

// Options tune a Mirror; zero values take the defaults.
type Options struct {
	// ResyncInterval is the period of the full resync (default 30s).
	ResyncInterval time.Duration
	// MinBackoff and MaxBackoff bound the delay between sessions
	// (defaults 50ms and 5s).
	MinBackoff, MaxBackoff time.Duration
	// OnChange is called by the writer goroutine after each new snapshot
	// is published, with what it changed. It must not block for long.
	OnChange func(*config.Snapshot, config.Change)
	// Logf logs session failures (default: discard).
	Logf func(format string, args ...any)
}

// Mirror is a synchronised copy of the configuration.
type Mirror struct {
	cp   ControlPlane
	opts Options
	cur  atomic.Pointer[config.Snapshot]

	syncedOnce sync.Once
	synced     chan struct{}

	resyncs, events atomic.Uint64
}

// New returns a mirror of cp; it synchronises once Run is called.
func New(cp ControlPlane, opts Options) *Mirror {
	if opts.ResyncInterval <= 0 {
		opts.ResyncInterval = 30 * time.Second
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 50 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(5*time.Second, opts.MinBackoff)
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	m := &Mirror{cp: cp, opts: opts, synced: make(chan struct{})}
	m.cur.Store(config.Empty())
	return m
}

// Snapshot returns the current snapshot. It never blocks.
func (m *Mirror) Snapshot() *config.Snapshot { return m.cur.Load() }

// Synced is closed after the first complete synchronisation.
func (m *Mirror) Synced() <-chan struct{} { return m.synced }

// Stats counts the mirror's work.
type Stats struct {
	Resyncs uint64 // full resynchronisations (CompareVersions + List all)
	Events  uint64 // watch events applied
}

// Stats returns the mirror's counters.
func (m *Mirror) Stats() Stats { return Stats{Resyncs: m.resyncs.Load(), Events: m.events.Load()} }

var errCompacted = errors.New("watch compacted")

// Run synchronises until ctx is done, reconnecting with backoff, and returns
// ctx's error.
func (m *Mirror) Run(ctx context.Context) error {
	backoff := m.opts.MinBackoff
	for {
		progressed, err := m.session(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if progressed {
			backoff = m.opts.MinBackoff
		}
		if !errors.Is(err, errCompacted) {
			m.opts.Logf("nisvc mirror: session ended: %v (retry in %v)", err, backoff)
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		backoff = min(2*backoff, m.opts.MaxBackoff)
	}
}

type watchResult struct {
	resp *controlplanev1.WatchResponse
	err  error
}

// session resyncs and then follows the watch until something fails.
// progressed reports whether the resync succeeded.
func (m *Mirror) session(ctx context.Context) (progressed bool, err error) {
	rev, err := m.resync(ctx)
	if err != nil {
		return false, err
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := m.cp.Watch(wctx, &controlplanev1.WatchRequest{FromRevision: rev, IncludeContent: true})
	if err != nil {
		return true, fmt.Errorf("watch: %w", err)
	}
	events := make(chan watchResult, 64)
	go func() {
		for {
			resp, err := stream.Recv()
			select {
			case events <- watchResult{resp, err}:
			case <-wctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	tick := time.NewTicker(m.opts.ResyncInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return true, ctx.Err()
		case <-tick.C:
			if _, err := m.resync(ctx); err != nil {
				return true, err
			}
		case ev := <-events:
			batch := []watchResult{ev}
		drain:
			for len(batch) < cap(events) {
				select {
				case ev := <-events:
					batch = append(batch, ev)
				default:
					break drain
				}
			}
			if err := m.applyEvents(ctx, batch); err != nil {
				return true, err
			}
		}
	}
}

// kinds is a set of object kinds to List.
type kinds uint8

const (
	kindVCN kinds = 1 << iota
	kindSubnet
	kindVNIC
	kindSecurityList
	allKinds = kindVCN | kindSubnet | kindVNIC | kindSecurityList
)

// implied returns the object kinds a bump of a part of kind k may come
// with (see the package doc).
func implied(k vcn.PartKind) kinds {
	switch k {
	case vcn.PartPolicy:
		return kindVNIC | kindSubnet | kindSecurityList
	case vcn.PartMapping:
		return kindVNIC | kindVCN
	case vcn.PartRoute:
		return kindSubnet
	}
	return allKinds
}

// impliedWithContent is implied for a bump that carries its content: a
// policy's content replaces its security lists for resolution (they are
// only the fallback of a policy without content), so the lists, the
// largest kind (every rule of the deployment), are not Listed again; the
// periodic resync refreshes them.
func impliedWithContent(k vcn.PartKind) kinds {
	if k == vcn.PartPolicy {
		return kindVNIC | kindSubnet
	}
	return implied(k)
}

// applyEvents applies a batch of watch results and publishes one snapshot.
// It returns an error when the session must end (the good prefix of the
// batch is applied first).
func (m *Mirror) applyEvents(ctx context.Context, batch []watchResult) error {
	var (
		contents []vcn.PartContent
		need     kinds
		needCV   bool
		rev      int64
		endErr   error
	)
	for _, ev := range batch {
		if ev.err != nil {
			endErr = fmt.Errorf("watch: %w", ev.err)
			break
		}
		if ev.resp.GetCompacted() {
			endErr = errCompacted
			break
		}
		m.events.Add(1)
		rev = max(rev, ev.resp.GetRevision())
		for _, pb := range ev.resp.GetBumps() {
			c, err := convert.PartContentFromProto(pb)
			if err != nil {
				m.opts.Logf("nisvc mirror: watch event at revision %d: %v", ev.resp.GetRevision(), err)
				needCV = true
				continue
			}
			if !c.Deleted && c.Policy == nil && c.Mapping == nil && c.Route == nil {
				need |= implied(c.Part.Kind)
				needCV = true
				continue
			}
			need |= impliedWithContent(c.Part.Kind)
			contents = append(contents, c)
		}
	}
	if len(contents) > 0 || needCV || need != 0 {
		if needCV {
			cs, r, err := m.fetchParts(ctx, m.Snapshot().Versions())
			if err != nil {
				return err
			}
			contents = append(contents, cs...)
			rev = max(rev, r)
		}
		lists, err := m.list(ctx, need)
		if err != nil {
			return err
		}
		b := m.Snapshot().Edit()
		lists.apply(b)
		for _, c := range contents {
			b.Apply(c)
		}
		b.SetRevision(rev)
		m.publish(b)
	}
	return endErr
}

// resync fetches every stale or new part and Lists every object kind, and
// publishes the result. It returns the revision to watch from.
func (m *Mirror) resync(ctx context.Context) (int64, error) {
	cs, rev, err := m.fetchParts(ctx, m.Snapshot().Versions())
	if err != nil {
		return 0, err
	}
	lists, err := m.list(ctx, allKinds)
	if err != nil {
		return 0, err
	}
	b := m.Snapshot().Edit()
	lists.apply(b)
	for _, c := range cs {
		b.Apply(c)
	}
	b.SetRevision(rev)
	m.publish(b)
	m.resyncs.Add(1)
	m.syncedOnce.Do(func() { close(m.synced) })
	return rev, nil
}

func (m *Mirror) publish(b *config.Builder) {
	s, ch := b.Snapshot()
	m.cur.Store(s)
	if m.opts.OnChange != nil && !ch.Empty() {
		m.opts.OnChange(s, ch)
	}
}

// fetchParts asks for every part newer than held, with content.
func (m *Mirror) fetchParts(ctx context.Context, held vcn.VersionVector) ([]vcn.PartContent, int64, error) {
	resp, err := m.cp.CompareVersions(ctx, &controlplanev1.CompareVersionsRequest{
		Held: convert.VectorToProto(held), IncludeNew: true, IncludeContent: true})
	if err != nil {
		return nil, 0, fmt.Errorf("compare versions: %w", err)
	}
	out := make([]vcn.PartContent, 0, len(resp.GetStale()))
	for i, pb := range resp.GetStale() {
		c, err := convert.PartContentFromProto(pb)
		if err != nil {
			return nil, 0, fmt.Errorf("compare versions: stale[%d]: %w", i, err)
		}
		out = append(out, c)
	}
	return out, resp.GetRevision(), nil
}

// lists holds the objects of the kinds Listed; nil slices for the kinds
// not Listed.
type lists struct {
	got     kinds
	vcns    []vcn.VCN
	subnets []vcn.Subnet
	vnics   []vcn.VNIC
	secl    []vcn.SecurityList
}

func (l *lists) apply(b *config.Builder) {
	if l.got&kindVCN != 0 {
		b.SetVCNs(l.vcns)
	}
	if l.got&kindSubnet != 0 {
		b.SetSubnets(l.subnets)
	}
	if l.got&kindVNIC != 0 {
		b.SetVNICs(l.vnics)
	}
	if l.got&kindSecurityList != 0 {
		b.SetSecurityLists(l.secl)
	}
}

func (m *Mirror) list(ctx context.Context, need kinds) (*lists, error) {
	l := &lists{got: need}
	for _, k := range []struct {
		bit  kinds
		kind controlplanev1.ObjectKind
	}{
		{kindVCN, controlplanev1.ObjectKind_OBJECT_KIND_VCN},
		{kindSubnet, controlplanev1.ObjectKind_OBJECT_KIND_SUBNET},
		{kindVNIC, controlplanev1.ObjectKind_OBJECT_KIND_VNIC},
		{kindSecurityList, controlplanev1.ObjectKind_OBJECT_KIND_SECURITY_LIST},
	} {
		if need&k.bit == 0 {
			continue
		}
		resp, err := m.cp.List(ctx, &controlplanev1.ListRequest{Kind: k.kind})
		if err != nil {
			return nil, fmt.Errorf("list %v: %w", k.kind, err)
		}
		for i, pb := range resp.GetObjects() {
			obj, err := convert.ObjectFromProto(pb)
			if err != nil {
				// One bad object must not stop the mirror: skip it.
				m.opts.Logf("nisvc mirror: list %v: objects[%d]: %v", k.kind, i, err)
				continue
			}
			switch o := obj.(type) {
			case vcn.VCN:
				l.vcns = append(l.vcns, o)
			case vcn.Subnet:
				l.subnets = append(l.subnets, o)
			case vcn.VNIC:
				l.vnics = append(l.vnics, o)
			case vcn.SecurityList:
				l.secl = append(l.secl, o)
			}
		}
	}
	return l, nil
}

// MaxMessage bounds the control-plane responses the mirror accepts. The
// first CompareVersions carries every part with content in one message
// (10k VNICs with 100-rule policies is about 40 MB), far above gRPC's 4 MB
// default; the API has no pagination.
const MaxMessage = 1 << 30

// DialOptions are the gRPC dial options the NIS uses towards the control
// plane: plaintext, messages up to MaxMessage, and a reconnect backoff
// capped at 5s (gRPC's default grows to 120s, far too slow to follow a
// control-plane restart).
func DialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxMessage), grpc.MaxCallSendMsgSize(MaxMessage)),
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 5 * time.Second},
			MinConnectTimeout: 5 * time.Second,
		}),
	}
}
