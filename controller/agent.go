package controller

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/controller/cache"
	"github.com/vcn-flowcache/vcn-flowcache/controller/schema"
	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
)

// Strategy is an invalidation strategy (docs/ARCHITECTURE.md).
type Strategy string

// The four strategies of the seed patent.
const (
	NISPush    Strategy = "nis-push"
	NISNotify  Strategy = "nis-notify"
	ToRPassive Strategy = "tor-passive"
	ToRActive  Strategy = "tor-active"
)

// ParseStrategy checks a strategy name.
func ParseStrategy(s string) (Strategy, error) {
	switch st := Strategy(s); st {
	case NISPush, NISNotify, ToRPassive, ToRActive:
		return st, nil
	}
	return "", fmt.Errorf("unknown invalidation strategy %q: want nis-push, nis-notify, tor-passive or tor-active", s)
}

// UnderlayRoute is a static route of the substrate network.
type UnderlayRoute struct {
	Prefix  netip.Prefix
	Port    uint32
	NextHop vcn.MAC
}

// Config configures an agent.
type Config struct {
	ToR       string // this ToR's name, as VNIC attachments name it
	Strategy  Strategy
	VTEP      netip.Addr // this ToR's substrate address
	RouterMAC vcn.MAC
	NISAddr   netip.Addr // the NIS's substrate address (slow-path tunnel)
	Underlay  []UnderlayRoute
	// Capacity of the flow cache table (entries); the agent evicts the
	// oldest entries before it would overflow.
	Capacity int
	// IdleTimeout asks the switch to report entries idle this long; they
	// are then deleted. 0 disables it.
	IdleTimeout time.Duration
	// BatchSize and BatchDelay bound how long a miss waits for company
	// before its batch goes to the NIS (defaults 256 and 1 ms).
	BatchSize  int
	BatchDelay time.Duration
	// MaxPending bounds the misses queued or in flight; digests beyond
	// it are dropped and counted (their packets still reach the NIS).
	MaxPending int
	// PollInterval is how often the ToR-side strategies compare versions
	// with the control plane besides reacting to its watch (default 1 s).
	PollInterval time.Duration
	// DigestConfig configures the switch's digest batching.
	DigestMaxTimeout time.Duration
	DigestMaxList    int32
	DigestAckTimeout time.Duration
	Logger           *slog.Logger
}

func (c *Config) setDefaults() error {
	if c.ToR == "" {
		return errors.New("controller: ToR name is required")
	}
	if _, err := ParseStrategy(string(c.Strategy)); err != nil {
		return fmt.Errorf("controller: %w", err)
	}
	if !c.VTEP.Is4() || !c.NISAddr.Is4() {
		return errors.New("controller: VTEP and NIS addresses must be IPv4")
	}
	if c.Capacity <= 0 {
		c.Capacity = 262144
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 256
	}
	if c.BatchDelay <= 0 {
		c.BatchDelay = time.Millisecond
	}
	if c.MaxPending <= 0 {
		c.MaxPending = 65536
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.DigestMaxTimeout <= 0 {
		c.DigestMaxTimeout = 100 * time.Microsecond
	}
	if c.DigestMaxList <= 0 {
		c.DigestMaxList = 128
	}
	if c.DigestAckTimeout <= 0 {
		c.DigestAckTimeout = 500 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return nil
}

// Switch is what the agent needs of a switch connection;
// *switchconn.Conn implements it.
type Switch interface {
	Events() <-chan switchconn.Event
	Write(ctx context.Context, updates []*p4v1.Update) error
	Read(ctx context.Context, entities []*p4v1.Entity, fn func(*p4v1.Entity) error) error
	Send(ctx context.Context, m *p4v1.StreamMessageRequest) error
}

// Agent is the controller of one smart ToR.
type Agent struct {
	cfg    Config
	sch    *schema.Schema
	sw     Switch
	nis    nisv1.NISClient
	cp     controlplanev1.ControlPlaneClient
	cache  *cache.Cache
	log    *slog.Logger
	stats  *Metrics
	misses *missQueue

	installRate rate

	// wmu is the writer lock: every change of the switch's flow cache and
	// of the record of it (plan, write, commit; delete, remove; bump) runs
	// under it, so a clean-up can never free a slot an install planned
	// with.
	wmu sync.Mutex
	// Releases racing resolutions: a flow released at the NIS while its
	// resolution was in flight may have lost its tracking there; such
	// flows are resolved again (see resolveInstall).
	relMu    sync.Mutex
	relEpoch uint64
	released map[vcn.FlowKey]uint64
	inflight int

	mu       sync.Mutex
	strategy Strategy
	ready    bool
	// readyCh is closed (and replaced) each time the agent becomes ready.
	readyCh chan struct{}
	// vnics are the static VNIC entries programmed, by VNIC ID.
	vnics map[string]programmedVNIC
	// wake tells the invalidation loop that the strategy changed.
	wake chan struct{}
}

// New returns an agent for the switch sw, using the NIS and control plane
// clients given. sch must have been resolved against the P4Info the
// switch runs.
func New(cfg Config, sch *schema.Schema, sw Switch, nis nisv1.NISClient, cp controlplanev1.ControlPlaneClient) (*Agent, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	a := &Agent{cfg: cfg, sch: sch, sw: sw, nis: nis, cp: cp,
		cache: cache.New(cfg.Capacity), log: cfg.Logger.With("tor", cfg.ToR),
		stats: newMetrics(cfg.ToR), strategy: cfg.Strategy, readyCh: make(chan struct{}),
		vnics: map[string]programmedVNIC{}, wake: make(chan struct{}, 1), released: map[vcn.FlowKey]uint64{}}
	a.misses = newMissQueue(cfg.MaxPending)
	return a, nil
}

// Cache is the agent's record of the switch's flow cache.
func (a *Agent) Cache() *cache.Cache { return a.cache }

// Metrics are the agent's counters.
func (a *Agent) Metrics() *Metrics { return a.stats }

// Strategy returns the invalidation strategy in force.
func (a *Agent) Strategy() Strategy {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.strategy
}

// SetStrategy switches the invalidation strategy and returns the previous
// one. Entries stay; only how future bumps are noticed and handled
// changes.
func (a *Agent) SetStrategy(s Strategy) (Strategy, error) {
	if _, err := ParseStrategy(string(s)); err != nil {
		return "", err
	}
	a.mu.Lock()
	prev := a.strategy
	a.strategy = s
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
	return prev, nil
}

// Ready returns a channel closed once the agent serves: primary, pipeline
// in place, static state programmed and cached entries reconciled.
func (a *Agent) Ready() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.readyCh
}

func (a *Agent) setReady(r bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r == a.ready {
		return
	}
	a.ready = r
	if r {
		close(a.readyCh)
	} else {
		a.readyCh = make(chan struct{})
	}
}

func (a *Agent) isReady() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ready
}

// Run serves until ctx ends: switch events, the miss path and the
// invalidation strategy. The switch connection itself is run by the
// caller (switchconn.Conn.Run).
func (a *Agent) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); a.missLoop(ctx) }()
	go func() { defer wg.Done(); a.invalidationLoop(ctx) }()
	go func() { defer wg.Done(); a.staticLoop(ctx) }()
	a.eventLoop(ctx)
	wg.Wait()
	return ctx.Err()
}

func (a *Agent) eventLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-a.sw.Events():
			switch ev.Kind {
			case switchconn.Ready:
				a.setReady(false)
				if err := a.becomePrimary(ctx, ev.Fresh); err != nil {
					a.log.Error("taking over the switch failed", "err", err)
					continue
				}
				a.setReady(true)
				a.log.Info("agent ready: serving the switch", "entries", a.cache.Len(), "strategy", a.Strategy())
			case switchconn.Backup, switchconn.Disconnected:
				a.setReady(false)
			case switchconn.Message:
				a.handleMessage(ctx, ev.Msg)
			}
		}
	}
}

func (a *Agent) handleMessage(ctx context.Context, m *p4v1.StreamMessageResponse) {
	switch u := m.GetUpdate().(type) {
	case *p4v1.StreamMessageResponse_Digest:
		a.handleDigest(ctx, u.Digest)
	case *p4v1.StreamMessageResponse_IdleTimeoutNotification:
		a.handleIdle(ctx, u.IdleTimeoutNotification)
	case *p4v1.StreamMessageResponse_Error:
		a.log.Warn("switch stream error", "err", u.Error.GetMessage())
	}
}
