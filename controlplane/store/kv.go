package store

import (
	"context"
	"errors"
	"fmt"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// KV is a key with its value and the revision of its last change.
type KV struct {
	Key         string
	Value       []byte
	ModRevision int64
}

// Revision returns the store's current revision.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	resp, err := s.kv.Get(ctx, "\x00", clientv3.WithCountOnly())
	if err != nil {
		return 0, fmt.Errorf("store: revision: %w", err)
	}
	return resp.Header.Revision, nil
}

// Load returns every key under prefix, sorted, and the revision they were
// read at.
func (s *Store) Load(ctx context.Context, prefix string) ([]KV, int64, error) {
	resp, err := s.kv.Get(ctx, prefix, clientv3.WithPrefix())
	if err != nil {
		return nil, 0, fmt.Errorf("store: load %q: %w", prefix, err)
	}
	out := make([]KV, len(resp.Kvs))
	for i, kv := range resp.Kvs {
		out[i] = KV{Key: string(kv.Key), Value: kv.Value, ModRevision: kv.ModRevision}
	}
	return out, resp.Header.Revision, nil
}

// Op is one write of a transaction: put Value at Key, or delete Key.
type Op struct {
	Key    string
	Value  []byte
	Delete bool
}

// Commit applies ops atomically if key guard still has mod revision
// guardRev (0: the key does not exist). It returns the revision of the
// commit, or, with ok false, the store's revision when the compare failed.
func (s *Store) Commit(ctx context.Context, guard string, guardRev int64, ops []Op) (rev int64, ok bool, err error) {
	thens := make([]clientv3.Op, len(ops))
	for i, op := range ops {
		if op.Delete {
			thens[i] = clientv3.OpDelete(op.Key)
		} else {
			thens[i] = clientv3.OpPut(op.Key, string(op.Value))
		}
	}
	resp, err := s.kv.Txn(ctx).
		If(clientv3.Compare(clientv3.ModRevision(guard), "=", guardRev)).
		Then(thens...).
		Commit()
	if err != nil {
		return 0, false, fmt.Errorf("store: commit: %w", err)
	}
	return resp.Header.Revision, resp.Succeeded, nil
}

// Compact discards history before rev; watching from an older revision
// then fails with ErrCompacted.
func (s *Store) Compact(ctx context.Context, rev int64) error {
	if _, err := s.kv.Compact(ctx, rev, clientv3.WithCompactPhysical()); err != nil {
		if errors.Is(err, rpctypes.ErrCompacted) {
			return nil
		}
		return fmt.Errorf("store: compact at %d: %w", rev, err)
	}
	return nil
}

// Available reports whether history from revision rev on is still kept:
// an error wrapping ErrCompacted if rev has been compacted away.
func (s *Store) Available(ctx context.Context, rev int64) error {
	_, err := s.kv.Get(ctx, "\x00", clientv3.WithRev(rev), clientv3.WithCountOnly())
	switch {
	case err == nil, errors.Is(err, rpctypes.ErrFutureRev):
		return nil
	case errors.Is(err, rpctypes.ErrCompacted):
		return fmt.Errorf("store: revision %d: %w", rev, ErrCompacted)
	}
	return fmt.Errorf("store: revision %d: %w", rev, err)
}
