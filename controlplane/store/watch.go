package store

import (
	"context"
	"fmt"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Event is one change of a key.
type Event struct {
	Key         string
	Value       []byte // nil for a delete
	Delete      bool
	ModRevision int64
}

// Batch is what a watch delivers at once: the events of one or more whole
// revisions, in order. Revision is the store's revision when the batch was
// sent, at least that of the last event. A batch with Err set is the last.
type Batch struct {
	Revision int64
	Events   []Event
	Err      error
}

// Watch streams the changes under prefix from revision from (inclusive;
// 0 for changes after now) until ctx is done or an error occurs. When from
// has been compacted the only batch carries an error wrapping ErrCompacted.
// The channel is closed at the end.
func (s *Store) Watch(ctx context.Context, prefix string, from int64) <-chan Batch {
	out := make(chan Batch, 16)
	opts := []clientv3.OpOption{clientv3.WithPrefix(), clientv3.WithPrevKV(), clientv3.WithProgressNotify()}
	if from > 0 {
		opts = append(opts, clientv3.WithRev(from))
	}
	ctx, cancel := context.WithCancel(clientv3.WithRequireLeader(ctx))
	wch := s.w.Watch(ctx, prefix, opts...)
	go func() {
		defer close(out)
		defer cancel()
		send := func(b Batch) bool {
			select {
			case out <- b:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for resp := range wch {
			if resp.CompactRevision != 0 {
				send(Batch{Revision: resp.Header.Revision, Err: fmt.Errorf("store: watch %q from %d: %w (oldest is %d)", prefix, from, ErrCompacted, resp.CompactRevision)})
				return
			}
			if err := resp.Err(); err != nil {
				send(Batch{Revision: resp.Header.Revision, Err: fmt.Errorf("store: watch %q: %w", prefix, err)})
				return
			}
			b := Batch{Revision: resp.Header.Revision, Events: make([]Event, len(resp.Events))}
			for i, ev := range resp.Events {
				b.Events[i] = Event{
					Key:         string(ev.Kv.Key),
					Value:       ev.Kv.Value,
					Delete:      ev.Type == clientv3.EventTypeDelete,
					ModRevision: ev.Kv.ModRevision,
				}
				if b.Events[i].Delete {
					b.Events[i].Value = nil
				}
			}
			if !send(b) {
				return
			}
		}
		if ctx.Err() == nil {
			send(Batch{Err: fmt.Errorf("store: watch %q: closed", prefix)})
		}
	}()
	return out
}
