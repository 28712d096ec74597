package gnmi

import (
	"errors"
	"io"
	"time"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// targetDefinedSample is the SAMPLE interval of counters under a
// TARGET_DEFINED subscription without a sample_interval.
const targetDefinedSample = 10 * time.Second

// leafFilter selects leaves of a TARGET_DEFINED subscription's halves.
type leafFilter uint8

const (
	allLeaves     leafFilter = iota
	changeLeaves             // names, statuses: sent ON_CHANGE
	counterLeaves            // counters: SAMPLEd
)

func (f leafFilter) keep(l *leaf) bool {
	switch f {
	case changeLeaves:
		return l.change
	case counterLeaves:
		return !l.change
	}
	return true
}

// sub is one compiled subscription with what it last sent.
type sub struct {
	pat       pattern
	filter    leafFilter
	mode      gpb.SubscriptionMode // ON_CHANGE or SAMPLE once compiled
	interval  time.Duration        // SAMPLE
	heartbeat time.Duration
	suppress  bool

	next, nextBeat time.Time
	last           map[string]sent
}

type sent struct {
	val  string
	path *gpb.Path
}

// compileSubs validates a subscription list and expands TARGET_DEFINED.
func (s *Server) compileSubs(sl *gpb.SubscriptionList) ([]*sub, error) {
	if len(sl.GetSubscription()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "subscription list has no subscriptions")
	}
	var subs []*sub
	for _, x := range sl.GetSubscription() {
		pat, err := compile(sl.GetPrefix(), x.GetPath())
		if err != nil {
			return nil, err
		}
		iv := time.Duration(x.GetSampleInterval())
		if iv != 0 && iv < s.minSample {
			return nil, status.Errorf(codes.InvalidArgument, "sample_interval %v is below the minimum %v", iv, s.minSample)
		}
		hb := time.Duration(x.GetHeartbeatInterval())
		if hb != 0 && hb < s.minSample {
			return nil, status.Errorf(codes.InvalidArgument, "heartbeat_interval %v is below the minimum %v", hb, s.minSample)
		}
		base := sub{pat: pat, heartbeat: hb, suppress: x.GetSuppressRedundant(), last: map[string]sent{}}
		switch x.GetMode() {
		case gpb.SubscriptionMode_ON_CHANGE:
			b := base
			b.mode = gpb.SubscriptionMode_ON_CHANGE
			subs = append(subs, &b)
		case gpb.SubscriptionMode_SAMPLE:
			b := base
			b.mode, b.interval = gpb.SubscriptionMode_SAMPLE, max(iv, s.minSample)
			subs = append(subs, &b)
		case gpb.SubscriptionMode_TARGET_DEFINED:
			c, smp := base, base
			c.last, smp.last = map[string]sent{}, map[string]sent{}
			c.mode, c.filter = gpb.SubscriptionMode_ON_CHANGE, changeLeaves
			if iv == 0 {
				iv = max(targetDefinedSample, s.minSample)
			}
			smp.mode, smp.filter, smp.interval = gpb.SubscriptionMode_SAMPLE, counterLeaves, iv
			subs = append(subs, &c, &smp)
		default:
			return nil, status.Errorf(codes.InvalidArgument, "subscription mode %v not supported", x.GetMode())
		}
	}
	return subs, nil
}

// batch gathers one notification's updates and deletes, each path once.
type batch struct {
	enc  gpb.Encoding
	seen map[string]bool
	n    *gpb.Notification
}

func newBatch(enc gpb.Encoding, prefix *gpb.Path, ts int64) *batch {
	return &batch{enc: enc, seen: map[string]bool{}, n: &gpb.Notification{Timestamp: ts, Prefix: notificationPrefix(prefix)}}
}

// collect adds sb's leaves to b: all of them if all is set, otherwise
// those whose value changed since sb last sent them, and deletes for
// leaves that went away.
func (b *batch) collect(sb *sub, ls []leaf, all bool) {
	present := make(map[string]bool, len(sb.last))
	for i := range ls {
		l := &ls[i]
		if !sb.filter.keep(l) || !sb.pat.matches(l.path) {
			continue
		}
		id, v := l.id(), l.val.String()
		present[id] = true
		old, had := sb.last[id]
		if !all && had && old.val == v {
			continue
		}
		p := l.pbPath()
		sb.last[id] = sent{val: v, path: p}
		if !b.seen[id] {
			b.seen[id] = true
			b.n.Update = append(b.n.Update, &gpb.Update{Path: p, Val: l.val.typed(b.enc)})
		}
	}
	for id, old := range sb.last {
		if !present[id] {
			delete(sb.last, id)
			if !b.seen[id] {
				b.seen[id] = true
				b.n.Delete = append(b.n.Delete, old.path)
			}
		}
	}
}

func (b *batch) empty() bool { return len(b.n.Update) == 0 && len(b.n.Delete) == 0 }

// Subscribe implements gNMI Subscribe.
func (s *Server) Subscribe(stream gpb.GNMI_SubscribeServer) error {
	req, err := stream.Recv()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	sl := req.GetSubscribe()
	if sl == nil {
		return status.Error(codes.InvalidArgument, "first message must be a subscription list")
	}
	if err := checkEncoding(sl.GetEncoding()); err != nil {
		return err
	}
	subs, err := s.compileSubs(sl)
	if err != nil {
		return err
	}
	switch sl.GetMode() {
	case gpb.SubscriptionList_ONCE:
		return s.sendAll(stream, sl, subs, sl.GetUpdatesOnly())
	case gpb.SubscriptionList_POLL:
		return s.poll(stream, sl, subs)
	case gpb.SubscriptionList_STREAM:
		return s.stream(stream, sl, subs)
	}
	return status.Errorf(codes.InvalidArgument, "subscription list mode %v not supported", sl.GetMode())
}

// sendAll sends every subscribed leaf (unless updates_only) and a sync
// response.
func (s *Server) sendAll(stream gpb.GNMI_SubscribeServer, sl *gpb.SubscriptionList, subs []*sub, updatesOnly bool) error {
	b := newBatch(sl.GetEncoding(), sl.GetPrefix(), s.now().UnixNano())
	ls := leavesOf(s.src.Statuses())
	for _, sb := range subs {
		b.collect(sb, ls, true)
	}
	if !updatesOnly && !b.empty() {
		if err := stream.Send(&gpb.SubscribeResponse{Response: &gpb.SubscribeResponse_Update{Update: b.n}}); err != nil {
			return err
		}
	}
	return stream.Send(&gpb.SubscribeResponse{Response: &gpb.SubscribeResponse_SyncResponse{SyncResponse: true}})
}

func (s *Server) poll(stream gpb.GNMI_SubscribeServer, sl *gpb.SubscriptionList, subs []*sub) error {
	if err := s.sendAll(stream, sl, subs, sl.GetUpdatesOnly()); err != nil {
		return err
	}
	for {
		req, err := stream.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if req.GetPoll() == nil {
			return status.Error(codes.InvalidArgument, "a POLL subscription takes only poll messages after the subscription list")
		}
		// Polls always carry the values, updates_only or not.
		if err := s.sendAll(stream, sl, subs, false); err != nil {
			return err
		}
	}
}

func (s *Server) stream(stream gpb.GNMI_SubscribeServer, sl *gpb.SubscriptionList, subs []*sub) error {
	ctx := stream.Context()
	recvErr := make(chan error, 1)
	go func() {
		for {
			req, err := stream.Recv()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					recvErr <- err
				}
				return // half-close: keep streaming
			}
			if req.GetPoll() != nil {
				recvErr <- status.Error(codes.InvalidArgument, "poll on a STREAM subscription")
			} else {
				recvErr <- status.Error(codes.InvalidArgument, "a second subscription list on one stream")
			}
			return
		}
	}()
	kick := make(chan struct{}, 1)
	cancel := s.src.Watch(func(ports.Event) {
		select {
		case kick <- struct{}{}:
		default:
		}
	})
	defer cancel()

	send := func(b *batch) error {
		if b.empty() {
			return nil
		}
		return stream.Send(&gpb.SubscribeResponse{Response: &gpb.SubscribeResponse_Update{Update: b.n}})
	}

	// Initial values, then sync.
	start := time.Now()
	for _, sb := range subs {
		sb.next = start.Add(sb.interval)
		if sb.heartbeat > 0 {
			sb.nextBeat = start.Add(sb.heartbeat)
		}
	}
	if err := s.sendAll(stream, sl, subs, sl.GetUpdatesOnly()); err != nil {
		return err
	}
	recheck := start.Add(s.changeRecheck)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wake := recheck
		for _, sb := range subs {
			if sb.mode == gpb.SubscriptionMode_SAMPLE && sb.next.Before(wake) {
				wake = sb.next
			}
			if sb.heartbeat > 0 && sb.nextBeat.Before(wake) {
				wake = sb.nextBeat
			}
		}
		timer.Reset(time.Until(wake))
		changed := false
		select {
		case <-ctx.Done():
			return nil
		case err := <-recvErr:
			return err
		case <-kick:
			changed = true
		case <-timer.C:
		}
		now := time.Now()
		if !now.Before(recheck) {
			changed = true
			recheck = now.Add(s.changeRecheck)
		}
		ls := leavesOf(s.src.Statuses())
		b := newBatch(sl.GetEncoding(), sl.GetPrefix(), s.now().UnixNano())
		for _, sb := range subs {
			beat := sb.heartbeat > 0 && !now.Before(sb.nextBeat)
			if beat {
				sb.nextBeat = now.Add(sb.heartbeat)
			}
			switch {
			case sb.mode == gpb.SubscriptionMode_SAMPLE && !now.Before(sb.next):
				for !now.Before(sb.next) {
					sb.next = sb.next.Add(sb.interval)
				}
				b.collect(sb, ls, !sb.suppress || beat)
			case sb.mode == gpb.SubscriptionMode_ON_CHANGE && (changed || beat):
				b.collect(sb, ls, beat)
			}
		}
		if err := send(b); err != nil {
			return err
		}
	}
}
