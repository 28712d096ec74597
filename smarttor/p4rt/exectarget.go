package p4rt

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/grpc/codes"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// CompileFunc turns a device config bundle into a program for the
// interpreter and the P4Info the front-end generates for it. The target
// checks that P4Info against the one the client sent.
type CompileFunc func(b *Bundle) (*ir.Program, *p4configv1.P4Info, error)

// ExecTarget is the Target of the smarttor interpreter: it adapts an
// exec.Switch. Frames the pipeline sends to the CPU port become packet-ins;
// every other output goes to the out function given to NewExecTarget.
// Ports feed received frames through Process.
type ExecTarget struct {
	sw      *exec.Switch
	compile CompileFunc
	cpuPort uint32
	out     func(port uint32, frame []byte)
	handler atomic.Pointer[handlerRef]
	// mu serialises PRE bookkeeping (the server writes one at a time;
	// this keeps the adapter safe on its own).
	mu sync.Mutex
}

type handlerRef struct{ h Handler }

// DefaultCPUPort is BMv2's usual --cpu-port for v1model programs.
const DefaultCPUPort = 510

// NewExecTarget returns the Target for sw. compile builds programs from
// device configs; frames to cpuPort go to the controller, the others to
// out (which must copy what it keeps).
func NewExecTarget(sw *exec.Switch, compile CompileFunc, cpuPort uint32, out func(port uint32, frame []byte)) *ExecTarget {
	t := &ExecTarget{sw: sw, compile: compile, cpuPort: cpuPort, out: out}
	sw.SetDigestSink(t)
	return t
}

// Process runs a frame received on port through the pipeline.
func (t *ExecTarget) Process(port uint32, frame []byte) { t.sw.Process(port, frame, t.emit) }

func (t *ExecTarget) emit(port uint32, frame []byte) {
	if port == t.cpuPort {
		if r := t.handler.Load(); r != nil && r.h != nil {
			r.h.PacketIn(append([]byte(nil), frame...))
		}
		return
	}
	if t.out != nil {
		t.out(port, frame)
	}
}

// Digest implements exec.DigestSink.
func (t *ExecTarget) Digest(m *exec.DigestMessage) {
	r := t.handler.Load()
	if r == nil || r.h == nil {
		return
	}
	fields := make([][]byte, len(m.Fields))
	for i, f := range m.Fields {
		fields[i] = append([]byte(nil), f...)
	}
	r.h.Digest(m.ID, fields)
}

// SetHandler implements Target.
func (t *ExecTarget) SetHandler(h Handler) { t.handler.Store(&handlerRef{h}) }

// Prepare implements Target: it compiles the bundle and compares P4Infos.
func (t *ExecTarget) Prepare(info *p4configv1.P4Info, cfg []byte) (Pipeline, error) {
	b, err := DecodeDeviceConfig(cfg)
	if err != nil {
		return nil, err
	}
	prog, gen, err := t.compile(b)
	if err != nil {
		return nil, err
	}
	if err := SamePipelineInfo(info, gen); err != nil {
		return nil, err
	}
	return prog, nil
}

// Commit implements Target: the new program starts with empty tables and
// an empty packet replication engine.
func (t *ExecTarget) Commit(p Pipeline) error {
	prog, ok := p.(*ir.Program)
	if !ok {
		return fmt.Errorf("not a prepared program: %T", p)
	}
	if err := t.sw.SetProgram(prog); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var groups, sessions []uint32
	t.sw.MulticastGroups(func(id uint32, _ []exec.Replica) { groups = append(groups, id) })
	t.sw.CloneSessions(func(id uint32, _ exec.CloneSession) { sessions = append(sessions, id) })
	for _, id := range groups {
		t.sw.WriteMulticastGroup(exec.Delete, id, nil)
	}
	for _, id := range sessions {
		t.sw.WriteCloneSession(exec.Delete, id, exec.CloneSession{})
	}
	return nil
}

// execErr maps the interpreter's errors to status codes.
func execErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, match.ErrExists):
		return Errorf(codes.AlreadyExists, "%v", err)
	case errors.Is(err, match.ErrNotFound):
		return Errorf(codes.NotFound, "%v", err)
	case errors.Is(err, match.ErrPriorityTie):
		return Errorf(codes.InvalidArgument, "%v", err)
	case errors.Is(err, exec.ErrUnknownID):
		return Errorf(codes.NotFound, "%v", err)
	case errors.Is(err, exec.ErrConstDefault):
		return Errorf(codes.PermissionDenied, "%v", err)
	case errors.Is(err, exec.ErrInvalid), errors.Is(err, match.ErrInvalid):
		return Errorf(codes.InvalidArgument, "%v", err)
	case errors.Is(err, exec.ErrNoPipeline):
		return Errorf(codes.FailedPrecondition, "%v", err)
	}
	return Errorf(codes.Internal, "%v", err)
}

func execKey(table uint32, k *Key) *exec.TableEntry {
	return &exec.TableEntry{Table: table, Match: k.Match, Priority: k.Priority}
}

// WriteTable implements Target.
func (t *ExecTarget) WriteTable(table uint32, ups []TableUpdate) []error {
	errs := make([]error, len(ups))
	for i := range ups {
		u := &ups[i]
		e := execKey(table, u.Key)
		var op exec.WriteOp
		switch u.Op {
		case OpInsert:
			op = exec.Insert
		case OpModify:
			op = exec.Modify
		case OpDelete:
			op = exec.Delete
		}
		if u.Op != OpDelete {
			e.IdleTimeout = int64(u.IdleTimeout)
			switch {
			case u.Action != nil:
				e.Action, e.Params = u.Action.ID, u.Action.Params
			case u.GroupID != 0:
				e.Indirect, e.Ref = exec.GroupRef, u.GroupID
			default:
				e.Indirect, e.Ref = exec.MemberRef, u.MemberID
			}
		}
		if err := t.sw.WriteEntry(op, e); err != nil {
			errs[i] = execErr(err)
			continue
		}
		if u.Op == OpDelete {
			continue
		}
		if u.Counter != nil {
			if err := t.sw.SetDirectCounter(e, exec.CounterData{Packets: uint64(u.Counter.Packets), Bytes: uint64(u.Counter.Bytes)}); err != nil {
				errs[i] = execErr(err)
				continue
			}
		}
		if u.Meter != nil {
			if err := t.sw.SetDirectMeter(e, &exec.MeterConfig{CIR: u.Meter.CIR, CBurst: u.Meter.CBurst, PIR: u.Meter.PIR, PBurst: u.Meter.PBurst}); err != nil {
				errs[i] = execErr(err)
			}
		}
	}
	return errs
}

// SetDefaultAction implements Target.
func (t *ExecTarget) SetDefaultAction(table uint32, a *Action) error {
	if a == nil {
		return execErr(t.sw.ResetDefaultEntry(table))
	}
	return execErr(t.sw.SetDefaultEntry(table, a.ID, a.Params))
}

// DefaultAction implements Target.
func (t *ExecTarget) DefaultAction(table uint32) (*Action, error) {
	e, err := t.sw.DefaultEntry(table)
	if err != nil {
		return nil, execErr(err)
	}
	return &Action{ID: e.Action, Params: e.Params}, nil
}

func (t *ExecTarget) entry(table uint32, k *Key, isDefault bool) (*exec.TableEntry, error) {
	if isDefault {
		e, err := t.sw.DefaultEntry(table)
		return e, execErr(err)
	}
	e, err := t.sw.ReadEntry(execKey(table, k))
	return e, execErr(err)
}

// DirectCounter implements Target.
func (t *ExecTarget) DirectCounter(table uint32, k *Key, isDefault bool) (Counts, error) {
	e, err := t.entry(table, k, isDefault)
	if err != nil {
		return Counts{}, err
	}
	return Counts{Packets: int64(e.Counter.Packets), Bytes: int64(e.Counter.Bytes)}, nil
}

// SetDirectCounter implements Target.
func (t *ExecTarget) SetDirectCounter(table uint32, k *Key, isDefault bool, c Counts) error {
	if isDefault {
		return Errorf(codes.Unimplemented, "writing the direct counter of a default entry")
	}
	return execErr(t.sw.SetDirectCounter(execKey(table, k), exec.CounterData{Packets: uint64(c.Packets), Bytes: uint64(c.Bytes)}))
}

// SetDirectMeter implements Target.
func (t *ExecTarget) SetDirectMeter(table uint32, k *Key, isDefault bool, m *MeterConfig) error {
	if isDefault {
		if m == nil {
			return nil
		}
		return Errorf(codes.Unimplemented, "configuring the direct meter of a default entry")
	}
	var cfg *exec.MeterConfig
	if m != nil {
		cfg = &exec.MeterConfig{CIR: m.CIR, CBurst: m.CBurst, PIR: m.PIR, PBurst: m.PBurst}
	}
	return execErr(t.sw.SetDirectMeter(execKey(table, k), cfg))
}

// LastHit implements Target (the switch clock is wall time in ns).
func (t *ExecTarget) LastHit(table uint32, k *Key) (time.Time, error) {
	e, err := t.sw.ReadEntry(execKey(table, k))
	if err != nil {
		return time.Time{}, execErr(err)
	}
	return time.Unix(0, e.LastHit), nil
}

// Counter implements Target.
func (t *ExecTarget) Counter(id uint32, index int64) (Counts, error) {
	c, err := t.sw.ReadCounter(id, uint64(index))
	return Counts{Packets: int64(c.Packets), Bytes: int64(c.Bytes)}, execErr(err)
}

// SetCounter implements Target.
func (t *ExecTarget) SetCounter(id uint32, index int64, c Counts) error {
	return execErr(t.sw.WriteCounter(id, uint64(index), exec.CounterData{Packets: uint64(c.Packets), Bytes: uint64(c.Bytes)}))
}

// SetMeter implements Target.
func (t *ExecTarget) SetMeter(id uint32, index int64, m *MeterConfig) error {
	var cfg *exec.MeterConfig
	if m != nil {
		cfg = &exec.MeterConfig{CIR: m.CIR, CBurst: m.CBurst, PIR: m.PIR, PBurst: m.PBurst}
	}
	return execErr(t.sw.SetMeter(id, uint64(index), cfg))
}

// Register implements Target.
func (t *ExecTarget) Register(id uint32, index int64) ([]byte, error) {
	v, err := t.sw.ReadRegister(id, uint64(index))
	return v, execErr(err)
}

// SetRegister implements Target.
func (t *ExecTarget) SetRegister(id uint32, index int64, v []byte) error {
	return execErr(t.sw.WriteRegister(id, uint64(index), v))
}

func execReplicas(rs []Replica) []exec.Replica {
	out := make([]exec.Replica, len(rs))
	for i, r := range rs {
		out[i] = exec.Replica{Port: r.Port, Instance: r.Instance}
	}
	return out
}

// SetMulticastGroup implements Target.
func (t *ExecTarget) SetMulticastGroup(id uint32, rs []Replica) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	err := t.sw.WriteMulticastGroup(exec.Modify, id, execReplicas(rs))
	if errors.Is(err, match.ErrNotFound) {
		err = t.sw.WriteMulticastGroup(exec.Insert, id, execReplicas(rs))
	}
	return execErr(err)
}

// DeleteMulticastGroup implements Target.
func (t *ExecTarget) DeleteMulticastGroup(id uint32) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return execErr(t.sw.WriteMulticastGroup(exec.Delete, id, nil))
}

// SetCloneSession implements Target.
func (t *ExecTarget) SetCloneSession(s CloneSession) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	cs := exec.CloneSession{Replicas: execReplicas(s.Replicas), ClassOfService: s.ClassOfService, PacketLengthBytes: s.TruncateBytes}
	err := t.sw.WriteCloneSession(exec.Modify, s.ID, cs)
	if errors.Is(err, match.ErrNotFound) {
		err = t.sw.WriteCloneSession(exec.Insert, s.ID, cs)
	}
	return execErr(err)
}

// DeleteCloneSession implements Target.
func (t *ExecTarget) DeleteCloneSession(id uint32) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return execErr(t.sw.WriteCloneSession(exec.Delete, id, exec.CloneSession{}))
}

// SetValueSet implements Target.
func (t *ExecTarget) SetValueSet(id uint32, members [][]FieldMatch) error {
	ms := make([]exec.ValueSetMember, len(members))
	for i, m := range members {
		ms[i].Match = m
	}
	return execErr(t.sw.SetValueSet(id, ms))
}

// SetActionProfileMember implements Target: the interpreter has no
// action profiles yet.
func (t *ExecTarget) SetActionProfileMember(profile, member uint32, a *Action) error {
	if a == nil {
		return execErr(t.sw.WriteProfileMember(exec.Delete, profile, member, 0, nil))
	}
	err := t.sw.WriteProfileMember(exec.Modify, profile, member, a.ID, a.Params)
	if errors.Is(err, match.ErrNotFound) {
		err = t.sw.WriteProfileMember(exec.Insert, profile, member, a.ID, a.Params)
	}
	return execErr(err)
}

// SetActionProfileGroup implements Target.
// SetActionProfileGroup implements Target. A member of weight w appears w
// times in the group, so the selector's hash picks it w times as often.
func (t *ExecTarget) SetActionProfileGroup(profile, group uint32, members []GroupMember) error {
	if members == nil {
		return execErr(t.sw.WriteProfileGroup(exec.Delete, profile, group, nil))
	}
	ids := make([]uint32, 0, len(members))
	for _, m := range members {
		for w := int32(0); w < max(m.Weight, 1); w++ {
			ids = append(ids, m.MemberID)
		}
	}
	err := t.sw.WriteProfileGroup(exec.Modify, profile, group, ids)
	if errors.Is(err, match.ErrNotFound) {
		err = t.sw.WriteProfileGroup(exec.Insert, profile, group, ids)
	}
	return execErr(err)
}

// PacketOut implements Target: the frame enters the pipeline on the CPU
// port, as in BMv2.
func (t *ExecTarget) PacketOut(frame []byte) error {
	if t.sw.Pipeline() == nil {
		return Errorf(codes.FailedPrecondition, "no pipeline")
	}
	t.Process(t.cpuPort, frame)
	return nil
}

var _ Target = (*ExecTarget)(nil)

// Entries implements EntryLister.
func (t *ExecTarget) Entries(table uint32, f func(k *Key, a *Action)) error {
	return execErr(t.sw.ReadEntries(table, func(e *exec.TableEntry) bool {
		f(&Key{Match: e.Match, Priority: e.Priority}, &Action{ID: e.Action, Params: e.Params})
		return true
	}))
}

var _ EntryLister = (*ExecTarget)(nil)
