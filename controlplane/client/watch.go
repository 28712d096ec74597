package client

import (
	"context"
	"fmt"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	cpv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Watch streams the version bumps committed after revision from (0: after
// now), as controlplane.ControlPlane.Watch does, across reconnects: when
// the stream breaks it dials again and resumes from the last revision it
// delivered, so no bump is lost, repeated or reordered. The first event
// (no bumps) gives the starting revision. An event with Compacted set means
// bumps were lost: resynchronise with CompareVersions; the watch goes on
// from that event's Revision. The channel is closed when ctx is done or on
// an error retrying cannot cure (invalid argument, permission).
func (c *Client) Watch(ctx context.Context, from int64, includeContent bool) (<-chan api.WatchEvent, error) {
	if from < 0 {
		return nil, &vcn.FieldError{Object: "watch", Field: "from_revision", Msg: fmt.Sprintf("%d is negative", from)}
	}
	out := make(chan api.WatchEvent, 16)
	go func() {
		defer close(out)
		last, started := from, false
		const minWait, maxWait = 50 * time.Millisecond, 5 * time.Second
		wait := minWait
		for ctx.Err() == nil {
			err := c.watchOnce(ctx, &last, &started, includeContent, out, func() { wait = minWait })
			if ctx.Err() != nil || permanent(err) {
				return
			}
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return
			}
			wait = min(2*wait, maxWait)
		}
	}()
	return out, nil
}

// watchOnce runs one Watch stream, delivering events and advancing *last.
func (c *Client) watchOnce(ctx context.Context, last *int64, started *bool, includeContent bool, out chan<- api.WatchEvent, healthy func()) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.rpc.Watch(ctx, &cpv1.WatchRequest{FromRevision: *last, IncludeContent: includeContent})
	if err != nil {
		return err
	}
	for {
		resp, err := stream.Recv()
		if err != nil {
			return err
		}
		healthy()
		bumps, err := contents(resp.GetBumps())
		if err != nil {
			return err
		}
		ev := api.WatchEvent{Revision: resp.GetRevision(), Bumps: bumps, Compacted: resp.GetCompacted()}
		if len(ev.Bumps) == 0 && !ev.Compacted && *started {
			// The start event of a resumed stream: already told.
			continue
		}
		*started = true
		select {
		case out <- ev:
		case <-ctx.Done():
			return ctx.Err()
		}
		*last = ev.Revision
	}
}
