package p4rt

import (
	"context"
	"runtime"
	"sync"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/genproto/googleapis/rpc/code"
	rpcstatus "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
)

// pipeState is the P4Runtime-level state of the running pipeline.
type pipeState struct {
	tables    map[uint32]*tableState
	meters    map[uint32]map[int64]*p4v1.MeterConfig
	mcast     map[uint32]*p4v1.MulticastGroupEntry
	clones    map[uint32]*p4v1.CloneSessionEntry
	valueSets map[uint32][]*p4v1.ValueSetMember
	members   map[uint32]map[uint32]*p4v1.ActionProfileMember
	groups    map[uint32]map[uint32]*p4v1.ActionProfileGroup
	// idle lists the entries with a TTL, for the idle-timeout engine.
	idle map[*entry]struct{}
}

type tableState struct {
	id      uint32
	entries map[string]*entry
	// def is the default entry written by the client, nil when it is the
	// program's.
	def *p4v1.TableEntry
}

type entry struct {
	pb    *p4v1.TableEntry
	key   *Key
	table uint32
	ttl   time.Duration
	// since is when the entry was written, the idle baseline before the
	// first hit; notified is when it was last reported idle (unix ns,
	// touched by the idle engine under the read lock).
	since    time.Time
	notified atomicTime
	// next is when the entry can next be idle (zero: now); the idle
	// engine skips it until then.
	next atomicTime
}

func newPipeState(p *pipeline) *pipeState {
	st := &pipeState{tables: map[uint32]*tableState{}, meters: map[uint32]map[int64]*p4v1.MeterConfig{},
		mcast: map[uint32]*p4v1.MulticastGroupEntry{}, clones: map[uint32]*p4v1.CloneSessionEntry{},
		valueSets: map[uint32][]*p4v1.ValueSetMember{}, members: map[uint32]map[uint32]*p4v1.ActionProfileMember{},
		groups: map[uint32]map[uint32]*p4v1.ActionProfileGroup{}, idle: map[*entry]struct{}{}}
	for id := range p.tables {
		st.tables[id] = &tableState{id: id, entries: map[string]*entry{}}
	}
	for _, ap := range p.info.GetActionProfiles() {
		st.members[ap.GetPreamble().GetId()] = map[uint32]*p4v1.ActionProfileMember{}
		st.groups[ap.GetPreamble().GetId()] = map[uint32]*p4v1.ActionProfileGroup{}
	}
	return st
}

// Write applies the updates of a request, in order, continuing on error.
func (s *Server) Write(ctx context.Context, req *p4v1.WriteRequest) (*p4v1.WriteResponse, error) {
	if err := s.checkDevice(req.GetDeviceId()); err != nil {
		return nil, err
	}
	if !s.arb.isPrimary(req.GetRole(), req.GetElectionId()) {
		return nil, status.Errorf(codes.PermissionDenied, "not the primary controller for role %q", req.GetRole())
	}
	if req.GetAtomicity() != p4v1.WriteRequest_CONTINUE_ON_ERROR {
		return nil, status.Errorf(codes.Unimplemented, "atomicity %v is not supported", req.GetAtomicity())
	}
	s.mu.RLock()
	p := s.pipe
	s.mu.RUnlock()
	if p == nil {
		return nil, status.Error(codes.FailedPrecondition, "no forwarding pipeline config set")
	}
	pre := predecode(p, req.GetUpdates())
	s.mu.Lock()
	if s.pipe != p {
		pre = nil // the pipeline changed meanwhile: decode again
	}
	errs := s.applyPredecoded(req.GetUpdates(), pre)
	s.mu.Unlock()
	failed := false
	for _, e := range errs {
		if e != nil {
			failed = true
			break
		}
	}
	if !failed {
		return &p4v1.WriteResponse{}, nil
	}
	return nil, batchError(errs)
}

// batchError builds the spec's error for a failed batch: UNKNOWN with one
// p4.v1.Error per update.
func batchError(errs []error) error {
	st := &rpcstatus.Status{Code: int32(code.Code_UNKNOWN), Message: "write failure"}
	for _, e := range errs {
		pe := &p4v1.Error{CanonicalCode: int32(codeOf(e))}
		if e != nil {
			pe.Message = e.Error()
		}
		a, err := anypb.New(pe)
		if err != nil {
			return status.Errorf(codes.Internal, "packing error details: %v", err)
		}
		st.Details = append(st.Details, a)
	}
	return status.ErrorProto(st)
}

// pendingTable is a run of table updates for one table, sent to the target
// in one call.
type pendingTable struct {
	tableID uint32
	ups     []TableUpdate
	slots   []int              // update index in the request
	decs    []*decodedEntry    // decoded entries
	ops     []p4v1.Update_Type // request ops
	keys    map[string]struct{}
}

// applyLocked applies updates and returns one error per update. Consecutive
// updates to one table are batched; a batch is flushed before an update
// touches a key already in it, so validation always sees the state the
// earlier updates left.
func (s *Server) applyLocked(updates []*p4v1.Update) []error {
	return s.applyPredecoded(updates, nil)
}

// predecoded is the result of decoding one table entry outside the lock.
type predecoded struct {
	d    *decodedEntry
	err  error
	done bool
}

// predecodeMin is the batch size from which table entries are decoded
// outside the server lock, on several cores.
const predecodeMin = 256

// predecode validates the table entries of a batch against the P4Info
// alone (no state), in parallel, so that the part of a Write that holds
// the server lock is short. Entries of indirect tables are left to
// applyLocked (their validation reads action profile state).
func predecode(p *pipeline, updates []*p4v1.Update) []predecoded {
	if len(updates) < predecodeMin {
		return nil
	}
	out := make([]predecoded, len(updates))
	workers := min(runtime.GOMAXPROCS(0), len(updates)/predecodeMin)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*len(updates)/workers, (w+1)*len(updates)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				u := updates[i]
				te := u.GetEntity().GetTableEntry()
				op := u.GetType()
				if te == nil || te.GetIsDefaultAction() || op < p4v1.Update_INSERT || op > p4v1.Update_DELETE {
					continue
				}
				if ti, ok := p.tables[te.GetTableId()]; ok && ti.profile != 0 {
					continue
				}
				d, err := decodeTableEntry(p, nil, te, op)
				out[i] = predecoded{d: d, err: err, done: true}
			}
		}()
	}
	wg.Wait()
	return out
}

// applyPredecoded is applyLocked with table entries possibly decoded
// already (pre may be nil).
func (s *Server) applyPredecoded(updates []*p4v1.Update, pre []predecoded) []error {
	errs := make([]error, len(updates))
	var pend pendingTable
	flush := func() {
		if len(pend.ups) == 0 {
			return
		}
		s.flushTable(&pend, errs)
		pend.ups, pend.slots, pend.decs, pend.ops = pend.ups[:0], pend.slots[:0], pend.decs[:0], pend.ops[:0]
		clear(pend.keys)
	}
	for i, u := range updates {
		te := u.GetEntity().GetTableEntry()
		if te == nil || te.GetIsDefaultAction() {
			flush()
			errs[i] = s.applyOne(u)
			continue
		}
		op := u.GetType()
		if op < p4v1.Update_INSERT || op > p4v1.Update_DELETE {
			errs[i] = Errorf(codes.InvalidArgument, "update type %v", op)
			continue
		}
		var d *decodedEntry
		var err error
		if pre != nil && pre[i].done {
			d, err = pre[i].d, pre[i].err
		} else {
			d, err = decodeTableEntry(s.pipe, s.state, te, op)
		}
		if err != nil {
			errs[i] = err
			continue
		}
		if te.GetTableId() != pend.tableID {
			flush()
			pend.tableID = te.GetTableId()
		}
		if _, dup := pend.keys[d.keyStr]; dup {
			flush()
		}
		ts := s.state.tables[pend.tableID]
		old := ts.entries[d.keyStr]
		tu := TableUpdate{Key: d.key}
		switch op {
		case p4v1.Update_INSERT:
			if old != nil {
				errs[i] = Errorf(codes.AlreadyExists, "entry already exists")
				continue
			}
			tu.Op = OpInsert
		case p4v1.Update_MODIFY:
			if old == nil {
				errs[i] = Errorf(codes.NotFound, "entry not found")
				continue
			}
			tu.Op = OpModify
			if !d.hasAct {
				// Keep the action; a MODIFY without an action changes only
				// the direct resources and metadata. d.canon may be the
				// request's entry, never a stored one (those have actions).
				d.canon.Action = old.pb.GetAction()
				if dec, err := s.redecodeAction(ts, old); err == nil {
					d.action, d.member, d.group = dec.action, dec.member, dec.group
				}
			}
		case p4v1.Update_DELETE:
			if old == nil {
				errs[i] = Errorf(codes.NotFound, "entry not found")
				continue
			}
			tu.Op = OpDelete
			tu.Key = old.key
		}
		if op != p4v1.Update_DELETE {
			tu.Action, tu.MemberID, tu.GroupID = d.action, d.member, d.group
			tu.Counter = counts(te.GetCounterData())
			tu.Meter = meterConfig(te.GetMeterConfig())
			tu.IdleTimeout = time.Duration(te.GetIdleTimeoutNs())
		}
		if pend.keys == nil {
			pend.keys = map[string]struct{}{}
		}
		pend.keys[d.keyStr] = struct{}{}
		pend.ups = append(pend.ups, tu)
		pend.slots = append(pend.slots, i)
		pend.decs = append(pend.decs, d)
		pend.ops = append(pend.ops, op)
	}
	flush()
	return errs
}

// redecodeAction recovers the target action of a stored entry.
func (s *Server) redecodeAction(ts *tableState, e *entry) (*decodedEntry, error) {
	d := &decodedEntry{}
	_, err := decodeTableAction(s.pipe, s.state, s.pipe.tables[ts.id], e.pb.GetAction(), d, false)
	return d, err
}

// flushTable sends a batch to the target and records what succeeded.
func (s *Server) flushTable(pend *pendingTable, errs []error) {
	res := s.target.WriteTable(pend.tableID, pend.ups)
	ts := s.state.tables[pend.tableID]
	now := time.Now()
	for j, d := range pend.decs {
		i := pend.slots[j]
		if j < len(res) && res[j] != nil {
			errs[i] = res[j]
			continue
		}
		switch pend.ops[j] {
		case p4v1.Update_INSERT, p4v1.Update_MODIFY:
			if old := ts.entries[d.keyStr]; old != nil {
				delete(s.state.idle, old)
			}
			e := &entry{pb: d.canon, key: d.key, table: pend.tableID, ttl: time.Duration(d.canon.GetIdleTimeoutNs()), since: now}
			ts.entries[d.keyStr] = e
			if e.ttl > 0 {
				e.next.store(now.Add(e.ttl))
				s.state.idle[e] = struct{}{}
			}
		case p4v1.Update_DELETE:
			if old := ts.entries[d.keyStr]; old != nil {
				delete(s.state.idle, old)
			}
			delete(ts.entries, d.keyStr)
		}
	}
}
