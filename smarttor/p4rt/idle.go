package p4rt

import (
	"sync/atomic"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
)

// atomicTime is a time stored as unix nanoseconds, 0 for never.
type atomicTime struct{ ns atomic.Int64 }

func (t *atomicTime) load() time.Time {
	ns := t.ns.Load()
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

func (t *atomicTime) store(x time.Time) { t.ns.Store(x.UnixNano()) }

// idleLoop reports entries idle for their TTL. An entry is reported when
// it has not been hit for its TTL, and then again at most once per TTL
// while it stays idle (the spec lets the server re-notify; BMv2 does so
// every 2 s whatever the TTL).
func (s *Server) idleLoop() {
	defer s.done.Done()
	t := time.NewTicker(s.opts.idleInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C:
			s.scanIdle(now)
		}
	}
}

func (s *Server) scanIdle(now time.Time) {
	s.mu.RLock()
	if s.state == nil || len(s.state.idle) == 0 {
		s.mu.RUnlock()
		return
	}
	var idle []*p4v1.TableEntry
	nowNs := now.UnixNano()
	for e := range s.state.idle {
		// Ask the target only when the entry could be idle by now: the
		// scan stays cheap for large tables with long TTLs.
		if next := e.next.ns.Load(); next != 0 && nowNs < next {
			continue
		}
		last, err := s.target.LastHit(e.table, e.key)
		if err != nil {
			continue
		}
		base := e.since
		if last.After(base) {
			base = last
		}
		if now.Sub(base) < e.ttl {
			e.next.store(base.Add(e.ttl))
			continue
		}
		if n := e.notified.load(); n.After(base) && now.Sub(n) < e.ttl {
			continue
		}
		e.notified.store(now)
		e.next.store(now.Add(e.ttl))
		idle = append(idle, e.pb)
	}
	s.mu.RUnlock()
	if len(idle) == 0 {
		return
	}
	s.broadcast(&p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_IdleTimeoutNotification{
		IdleTimeoutNotification: &p4v1.IdleTimeoutNotification{TableEntry: idle, Timestamp: now.UnixNano()}}})
}
