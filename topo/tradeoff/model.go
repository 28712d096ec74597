package tradeoff

import (
	"slices"
	"time"
)

// entry is one modelled flow-cache entry. It sits on two intrusive lists:
// by installation (the eviction order of the controller: oldest first) and
// by last hit (for the switch's idle timeout).
type entry struct {
	key       uint32
	vers      [3]uint64 // versions of res.parts
	installed time.Duration
	lastHit   time.Duration
	fifo      link
	lru       link
}

type link struct{ prev, next *entry }

// list is a doubly linked list of entries through one of their links.
type list struct {
	head, tail *entry
	at         func(*entry) *link
}

func (l *list) pushBack(e *entry) {
	n := l.at(e)
	n.prev, n.next = l.tail, nil
	if l.tail != nil {
		l.at(l.tail).next = e
	} else {
		l.head = e
	}
	l.tail = e
}

func (l *list) remove(e *entry) {
	n := l.at(e)
	if n.prev != nil {
		l.at(n.prev).next = n.next
	} else {
		l.head = n.next
	}
	if n.next != nil {
		l.at(n.next).prev = n.prev
	} else {
		l.tail = n.prev
	}
	n.prev, n.next = nil, nil
}

type timedKey struct {
	at  time.Duration
	key uint32
}

type timedPart struct {
	at      time.Duration
	part    int32
	version uint64
}

// sim is the flow cache of one ToR under one strategy, table size and
// version-check setting.
type sim struct {
	st       *study
	strategy Strategy
	capacity int
	check    bool
	notice   time.Duration // change → controller knows
	rewrite  bool          // rewrite dependents (push, active) rather than delete them
	resolve  time.Duration // extra delay before rewriting (active fetches from the NIS)

	table    []*entry // by key id
	n        int
	fifo     list
	lru      list
	sw       []uint64 // the switch's version table, by part id
	pending  map[uint32]bool
	installs []timedKey // FIFO: constant latency keeps it ordered
	notices  []timedPart
	cleanups []timedPart // sorted by time
	free     []*entry
	// invalidated marks keys whose entry a clean-up deleted, until their
	// next miss: that miss is one the change caused.
	invalidated []bool

	pt Point
}

func newSim(st *study, s Strategy, capacity int, check bool) *sim {
	m := &sim{st: st, strategy: s, capacity: capacity, check: check, pending: map[uint32]bool{}}
	m.fifo.at = func(e *entry) *link { return &e.fifo }
	m.lru.at = func(e *entry) *link { return &e.lru }
	p := st.params
	switch s {
	case NISPush:
		m.notice, m.rewrite = p.NISNotice, true
	case NISNotify:
		m.notice = p.NISNotice
	case ToRPassive:
		m.notice = p.ToRNotice
	case ToRActive:
		m.notice, m.rewrite, m.resolve = p.ToRNotice, true, p.ResolveRTT
	}
	m.pt = Point{Design: string(s), Strategy: s, TableSize: capacity, Entries: capacity, VersionCheck: check}
	return m
}

// advance runs everything due up to now: installs, notices, clean-ups (in
// time order) and idle expiry.
func (m *sim) advance(now time.Duration) {
	for {
		next, which := now+1, -1
		if len(m.installs) > 0 && m.installs[0].at < next {
			next, which = m.installs[0].at, 0
		}
		if len(m.notices) > 0 && m.notices[0].at < next {
			next, which = m.notices[0].at, 1
		}
		if len(m.cleanups) > 0 && m.cleanups[0].at < next {
			next, which = m.cleanups[0].at, 2
		}
		if which < 0 {
			break
		}
		m.expire(next)
		switch which {
		case 0:
			tk := m.installs[0]
			m.installs = m.installs[1:]
			delete(m.pending, tk.key)
			m.install(tk.key, tk.at)
		case 1:
			tp := m.notices[0]
			m.notices = m.notices[1:]
			m.noticed(tp)
		case 2:
			tp := m.cleanups[0]
			m.cleanups = m.cleanups[1:]
			m.cleanup(tp)
		}
	}
	m.expire(now)
}

// expire deletes entries idle for the idle timeout by now (the switch's
// idle notification and the controller's delete, taken as immediate).
func (m *sim) expire(now time.Duration) {
	idle := m.st.params.IdleTimeout
	if idle <= 0 {
		return
	}
	for e := m.lru.head; e != nil && e.lastHit+idle <= now; e = m.lru.head {
		m.drop(e)
		m.pt.IdleDeletes++
	}
}

func (m *sim) drop(e *entry) {
	m.fifo.remove(e)
	m.lru.remove(e)
	m.table[e.key] = nil
	m.n--
	m.free = append(m.free, e)
}

// install writes the entry of key, built from the current versions.
func (m *sim) install(key uint32, now time.Duration) {
	for int(key) >= len(m.table) {
		m.table = append(m.table, nil)
	}
	e := m.table[key]
	if e != nil {
		m.fifo.remove(e)
		m.lru.remove(e)
	} else {
		if m.n >= m.capacity {
			m.drop(m.fifo.head)
			m.pt.Evictions++
		}
		if n := len(m.free); n > 0 {
			e, m.free = m.free[n-1], m.free[:n-1]
			*e = entry{}
		} else {
			e = new(entry)
		}
		e.key = key
		m.table[key] = e
		m.n++
		m.pt.Installs++
	}
	m.stamp(e)
	e.installed, e.lastHit = now, now
	m.fifo.pushBack(e)
	m.lru.pushBack(e)
	m.pt.PeakEntries = max(m.pt.PeakEntries, m.n)
}

// stamp gives e the current versions, as a fresh resolution would.
func (m *sim) stamp(e *entry) {
	res := &m.st.res[e.key]
	for i, p := range res.parts {
		if p >= 0 {
			e.vers[i] = m.st.auth[p]
		}
	}
}

// behind reports whether e was built from a version older than v, the
// reference vector (the switch's version table or the authority).
func (m *sim) behind(e *entry, v []uint64) bool {
	res := &m.st.res[e.key]
	for i, p := range res.parts {
		if p >= 0 && int(p) < len(v) && e.vers[i] < v[p] {
			return true
		}
	}
	return false
}

func (m *sim) dependsBehind(e *entry, part int32, version uint64) bool {
	res := &m.st.res[e.key]
	for i, p := range res.parts {
		if p == part && e.vers[i] < version {
			return true
		}
	}
	return false
}

// change schedules the controller's notice of a bump.
func (m *sim) change(at time.Duration, part int32, version uint64) {
	m.notices = append(m.notices, timedPart{at + m.notice, part, version})
}

// noticed is the controller learning of a bump: one version write, then
// the dependents' clean-up, which takes time in proportion to their number.
func (m *sim) noticed(tp timedPart) {
	for int(tp.part) >= len(m.sw) {
		m.sw = append(m.sw, 0)
	}
	m.sw[tp.part] = max(m.sw[tp.part], tp.version)
	m.pt.VersionWrites++
	deps := 0
	for e := m.fifo.head; e != nil; e = e.fifo.next {
		if m.dependsBehind(e, tp.part, tp.version) {
			deps++
		}
	}
	if deps == 0 {
		return
	}
	delay := m.resolve + time.Duration(float64(deps)/m.st.params.CleanupRate*1e9)
	c := timedPart{tp.at + delay, tp.part, tp.version}
	i, _ := slices.BinarySearchFunc(m.cleanups, c, func(a, b timedPart) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
	m.cleanups = slices.Insert(m.cleanups, i, c)
}

// cleanup rewrites or deletes the entries still behind on a bumped part.
func (m *sim) cleanup(tp timedPart) {
	var deps []*entry
	for e := m.fifo.head; e != nil; e = e.fifo.next {
		if m.dependsBehind(e, tp.part, tp.version) {
			deps = append(deps, e)
		}
	}
	for _, e := range deps {
		if m.rewrite {
			// A MODIFY: new versions and a new installation time (the
			// controller's eviction order), but not a hit: the idle timer
			// keeps running.
			m.stamp(e)
			e.installed = tp.at
			m.fifo.remove(e)
			m.fifo.pushBack(e)
			m.pt.Rewrites++
		} else {
			for int(e.key) >= len(m.invalidated) {
				m.invalidated = append(m.invalidated, false)
			}
			m.invalidated[e.key] = true
			m.drop(e)
			m.pt.Deletes++
		}
	}
}

// packet models one packet of key at now: fast path on a hit with current
// versions, slow path otherwise.
func (m *sim) packet(key uint32, now time.Duration) {
	m.pt.Packets++
	var e *entry
	if int(key) < len(m.table) {
		e = m.table[key]
	}
	if e != nil {
		stale := m.behind(e, m.sw)
		if !(m.check && stale) {
			// Forwarded on the fast path.
			if stale {
				m.pt.StaleForwarded++
			} else if m.behind(e, m.st.auth) {
				m.pt.ForwardedBeforeNotice++
			}
			e.lastHit = now
			m.lru.remove(e)
			m.lru.pushBack(e)
			return
		}
		m.pt.StaleMisses++
	} else {
		m.pt.Misses++
		if int(key) < len(m.invalidated) && m.invalidated[key] {
			m.invalidated[key] = false
			m.pt.RefreshMisses++
		}
	}
	m.pt.SlowPath++
	if !m.pending[key] {
		m.pending[key] = true
		m.installs = append(m.installs, timedKey{now + m.st.params.MissLatency, key})
	}
}
