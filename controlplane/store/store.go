// Package store is the control plane's persistence on etcd: an embedded
// etcd server (data directory on disk) or a client of an external cluster,
// behind a small key-value API made of exactly what the control plane needs:
// load a prefix at a revision, commit a transaction guarded by one compare
// on a key's mod revision, watch a prefix from a revision, compact; and,
// for the NIS replicas, membership: keys kept alive by a lease (Register)
// and a followed list of them (Follow, see membership.go).
//
// Keys given to and returned by a Store are relative to its namespace
// prefix (default "/vcn/"), so several control planes may share a cluster
// under different prefixes. Revisions are etcd's: they order every change
// and a watch resumes from one.
//
// This is the only package of the project that imports etcd. It imports
// nothing of the project.
package store

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/namespace"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// DefaultPrefix is the namespace under which a Store keeps its keys.
const DefaultPrefix = "/vcn/"

// ErrCompacted is returned (wrapped) when a revision asked for has been
// compacted away.
var ErrCompacted = errors.New("revision compacted")

// Store is a namespaced view of an etcd cluster, possibly one it runs
// itself. Its methods are safe for concurrent use.
type Store struct {
	etcd   *embed.Etcd // nil for an external cluster
	cli    *clientv3.Client
	kv     clientv3.KV
	w      clientv3.Watcher
	prefix string
	eps    []string
}

type config struct {
	prefix    string
	tls       *tls.Config
	noFsync   bool
	maxTxnOps uint
	history   int64
}

// Option configures Open and Dial.
type Option func(*config)

// WithPrefix sets the namespace prefix (default DefaultPrefix).
func WithPrefix(p string) Option { return func(c *config) { c.prefix = p } }

// WithTLS makes Dial use TLS (with a client certificate for mutual TLS).
func WithTLS(t *tls.Config) Option { return func(c *config) { c.tls = t } }

// WithoutFsync makes an embedded etcd skip fsync: faster, and unsafe on
// power loss. For tests and benchmarks only.
func WithoutFsync() Option { return func(c *config) { c.noFsync = true } }

// WithHistory sets how many revisions of history an embedded etcd keeps
// (default DefaultHistory; 0 keeps everything). Watches resume only from
// revisions still kept; older ones get ErrCompacted.
func WithHistory(revisions int64) Option { return func(c *config) { c.history = revisions } }

// DefaultHistory is the history an embedded etcd keeps, in revisions (one
// revision per configuration change).
const DefaultHistory = 100000

// MaxTxnOps is the largest transaction an embedded etcd accepts. A change
// writes every version it bumps in one transaction, so editing a security
// list used by N VNICs needs N+2 operations; an external cluster needs
// --max-txn-ops at least as large as the biggest such change.
const MaxTxnOps = 1 << 20

func newConfig(opts []Option) config {
	c := config{prefix: DefaultPrefix, maxTxnOps: MaxTxnOps, history: DefaultHistory}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Open starts an embedded single-member etcd with its data in dir
// (created if missing) and connects to it. It listens on free loopback
// ports, so several can run in one process. Reopening the same dir finds
// the same data.
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	c := newConfig(opts)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		e, err := startEmbedded(ctx, dir, c)
		if err != nil {
			lastErr = err
			continue
		}
		eps := []string{e.Clients[0].Addr().String()}
		s, err := connect(eps, c)
		if err != nil {
			e.Close()
			return nil, err
		}
		s.etcd = e
		return s, nil
	}
	return nil, fmt.Errorf("store: start embedded etcd in %q: %w", dir, lastErr)
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func startEmbedded(ctx context.Context, dir string, c config) (*embed.Etcd, error) {
	cfg := embed.NewConfig()
	cfg.Name = "vcn-controlplane"
	cfg.Dir = filepath.Join(dir, "etcd")
	client, err := freePort()
	if err != nil {
		return nil, err
	}
	peer, err := freePort()
	if err != nil {
		return nil, err
	}
	cu := url.URL{Scheme: "http", Host: client}
	pu := url.URL{Scheme: "http", Host: peer}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{cu}, []url.URL{cu}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{pu}, []url.URL{pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	cfg.UnsafeNoFsync = c.noFsync
	cfg.MaxTxnOps = c.maxTxnOps
	cfg.MaxRequestBytes = 64 << 20
	cfg.QuotaBackendBytes = 8 << 30
	if c.history > 0 {
		cfg.AutoCompactionMode = embed.CompactorModeRevision
		cfg.AutoCompactionRetention = strconv.FormatInt(c.history, 10)
	}
	// Large changes (a security list used by 10k VNICs) are slow by
	// nature; with a silent logger, formatting "expensive request"
	// warnings would only cost time.
	cfg.WarningApplyDuration = time.Minute
	cfg.WarningUnaryRequestDuration = time.Minute
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
		return e, nil
	case err := <-e.Err():
		e.Close()
		return nil, err
	case <-ctx.Done():
		e.Close()
		return nil, ctx.Err()
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, errors.New("embedded etcd not ready after 60s")
	}
}

// Dial connects to an external etcd cluster.
func Dial(ctx context.Context, endpoints []string, opts ...Option) (*Store, error) {
	if len(endpoints) == 0 {
		return nil, errors.New("store: no etcd endpoints")
	}
	s, err := connect(endpoints, newConfig(opts))
	if err != nil {
		return nil, err
	}
	// Fail early on an unreachable cluster rather than on the first write.
	if _, err := s.Revision(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: reach %v: %w", endpoints, err)
	}
	return s, nil
}

func connect(eps []string, c config) (*Store, error) {
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:          eps,
		DialTimeout:        10 * time.Second,
		TLS:                c.tls,
		Logger:             zap.NewNop(),
		MaxCallSendMsgSize: 64 << 20,
		MaxCallRecvMsgSize: 256 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("store: connect %v: %w", eps, err)
	}
	return &Store{
		cli:    cli,
		kv:     namespace.NewKV(cli.KV, c.prefix),
		w:      namespace.NewWatcher(cli.Watcher, c.prefix),
		prefix: c.prefix,
		eps:    eps,
	}, nil
}

// Endpoints returns the client URLs of the cluster (of the embedded etcd:
// a loopback address), for other Stores to Dial.
func (s *Store) Endpoints() []string { return append([]string(nil), s.eps...) }

// Close disconnects and, for an embedded etcd, stops it.
func (s *Store) Close() error {
	err := s.cli.Close()
	if s.etcd != nil {
		s.etcd.Close()
	}
	return err
}
