package p4rt

import (
	"sync"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
)

// digestEngine batches digests into DigestLists and suppresses duplicates
// the way BMv2 does: a digest whose value is in a list not yet acknowledged
// (or in the list being built) is dropped, until the ack arrives or
// ack_timeout_ns passes. ack_timeout_ns 0 means no suppression once a list
// is sent. A list is sent when it holds max_list_size digests (0: no size
// limit) or max_timeout_ns after its first digest (0: at once).
type digestEngine struct {
	s  *Server
	mu sync.Mutex
	// pipe is the pipeline the configs belong to.
	pipe   *pipeline
	states map[uint32]*digestState
	closed bool
	stop   chan struct{}
	wg     sync.WaitGroup
}

type digestState struct {
	id      uint32
	cfg     *p4v1.DigestEntry_Config
	info    *digestInfo
	nextID  uint64
	cur     []*p4v1.P4Data
	curKeys []string
	timer   *time.Timer
	// suppressed holds the values in the list being built and in lists
	// awaiting an ack.
	suppressed map[string]struct{}
	unacked    map[uint64]*sentList
}

type sentList struct {
	keys []string
	sent time.Time
}

func newDigestEngine(s *Server) *digestEngine {
	e := &digestEngine{s: s, states: map[uint32]*digestState{}, stop: make(chan struct{})}
	e.wg.Add(1)
	go e.ackLoop()
	return e
}

func (e *digestEngine) close() {
	e.mu.Lock()
	if !e.closed {
		e.closed = true
		close(e.stop)
		for _, d := range e.states {
			if d.timer != nil {
				d.timer.Stop()
			}
		}
	}
	e.mu.Unlock()
	e.wg.Wait()
}

// reset forgets every config: a new pipeline starts with digests off.
func (e *digestEngine) reset(p *pipeline) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, d := range e.states {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
	e.pipe = p
	e.states = map[uint32]*digestState{}
}

// write handles a DigestEntry update (called under the server lock).
func (e *digestEngine) write(p *pipeline, de *p4v1.DigestEntry, op p4v1.Update_Type) error {
	info, ok := p.digests[de.GetDigestId()]
	if !ok {
		return Errorf(codes.NotFound, "unknown digest %d", de.GetDigestId())
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	d, exists := e.states[de.GetDigestId()]
	if err := existence(op, exists, "digest config", de.GetDigestId()); err != nil {
		return err
	}
	if op == p4v1.Update_DELETE {
		if d.timer != nil {
			d.timer.Stop()
		}
		delete(e.states, de.GetDigestId())
		return nil
	}
	cfg := de.GetConfig()
	if cfg == nil {
		return Errorf(codes.InvalidArgument, "digest entry without a config")
	}
	if cfg.GetMaxTimeoutNs() < 0 || cfg.GetMaxListSize() < 0 || cfg.GetAckTimeoutNs() < 0 {
		return Errorf(codes.InvalidArgument, "negative digest config value")
	}
	if d == nil {
		d = &digestState{id: de.GetDigestId(), info: info, nextID: 1, suppressed: map[string]struct{}{}, unacked: map[uint64]*sentList{}}
		e.states[d.id] = d
	}
	d.cfg = cfg
	return nil
}

// read returns the configured digests, all of them for id 0.
func (e *digestEngine) read(id uint32) []*p4v1.DigestEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*p4v1.DigestEntry
	for _, d := range e.states {
		if id == 0 || d.id == id {
			out = append(out, &p4v1.DigestEntry{DigestId: d.id, Config: d.cfg})
		}
	}
	return out
}

// add takes a digest from the target.
func (e *digestEngine) add(id uint32, fields [][]byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.states[id]
	if d == nil || e.closed {
		return
	}
	n := 0
	for _, f := range fields {
		n += len(f) + 1
	}
	kb := make([]byte, 0, n)
	members := make([]*p4v1.P4Data, len(fields))
	for i, f := range fields {
		c := canonical(f)
		kb = append(kb, byte(len(c)))
		kb = append(kb, c...)
		members[i] = &p4v1.P4Data{Data: &p4v1.P4Data_Bitstring{Bitstring: append([]byte(nil), c...)}}
	}
	key := string(kb)
	if _, dup := d.suppressed[key]; dup {
		return
	}
	d.suppressed[key] = struct{}{}
	var data *p4v1.P4Data
	switch {
	case d.info.kind == 1:
		data = &p4v1.P4Data{Data: &p4v1.P4Data_Struct{Struct: &p4v1.P4StructLike{Members: members}}}
	case d.info.kind == 2:
		data = &p4v1.P4Data{Data: &p4v1.P4Data_Tuple{Tuple: &p4v1.P4StructLike{Members: members}}}
	case len(members) == 1:
		data = members[0]
	default:
		data = &p4v1.P4Data{Data: &p4v1.P4Data_Struct{Struct: &p4v1.P4StructLike{Members: members}}}
	}
	d.cur = append(d.cur, data)
	d.curKeys = append(d.curKeys, key)
	max := int(d.cfg.GetMaxListSize())
	switch {
	case max > 0 && len(d.cur) >= max, d.cfg.GetMaxTimeoutNs() == 0:
		e.flushLocked(d)
	case len(d.cur) == 1:
		d.timer = time.AfterFunc(time.Duration(d.cfg.GetMaxTimeoutNs()), func() {
			e.mu.Lock()
			defer e.mu.Unlock()
			if e.states[d.id] == d && len(d.cur) > 0 {
				e.flushLocked(d)
			}
		})
	}
}

// flushLocked sends the list being built.
func (e *digestEngine) flushLocked(d *digestState) {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	list := &p4v1.DigestList{DigestId: d.id, ListId: d.nextID, Data: d.cur, Timestamp: time.Now().UnixNano()}
	if d.cfg.GetAckTimeoutNs() > 0 {
		d.unacked[d.nextID] = &sentList{keys: d.curKeys, sent: time.Now()}
	} else {
		for _, k := range d.curKeys {
			delete(d.suppressed, k)
		}
	}
	d.nextID++
	d.cur, d.curKeys = nil, nil
	e.s.broadcast(&p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Digest{Digest: list}})
}

// ack releases the values of an acknowledged list.
func (e *digestEngine) ack(id uint32, listID uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.states[id]
	if d == nil {
		return
	}
	if l := d.unacked[listID]; l != nil {
		for _, k := range l.keys {
			delete(d.suppressed, k)
		}
		delete(d.unacked, listID)
	}
}

// ackLoop expires unacknowledged lists after ack_timeout_ns.
func (e *digestEngine) ackLoop() {
	defer e.wg.Done()
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case now := <-t.C:
			e.mu.Lock()
			for _, d := range e.states {
				to := time.Duration(d.cfg.GetAckTimeoutNs())
				for id, l := range d.unacked {
					if now.Sub(l.sent) >= to {
						for _, k := range l.keys {
							delete(d.suppressed, k)
						}
						delete(d.unacked, id)
					}
				}
			}
			e.mu.Unlock()
		}
	}
}
