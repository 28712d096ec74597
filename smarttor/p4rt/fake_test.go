package p4rt

import (
	"fmt"
	"sync"
	"time"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// fakeTarget is an in-memory Target for this package's tests: it records
// what the server tells it and lets tests play the data plane.
type fakeTarget struct {
	mu       sync.Mutex
	info     *p4configv1.P4Info
	tables   map[uint32]map[string]TableUpdate
	defaults map[uint32]*Action
	counters map[[2]int64]Counts
	direct   map[string]Counts
	hits     map[string]time.Time
	regs     map[[2]int64][]byte
	mcast    map[uint32][]Replica
	clones   map[uint32]CloneSession
	vsets    map[uint32][][]FieldMatch
	outs     [][]byte
	handler  Handler
	// failNext makes the next WriteTable update fail with this code.
	failNext codes.Code
}

func newFakeTarget() *fakeTarget { return &fakeTarget{} }

func (f *fakeTarget) Prepare(info *p4configv1.P4Info, cfg []byte) (Pipeline, error) {
	b, err := DecodeDeviceConfig(cfg)
	if err != nil {
		return nil, err
	}
	// Stand-in for compiling the sources: the bundle's P4Info must equal
	// the one sent.
	var gen p4configv1.P4Info
	if err := proto.Unmarshal(b.P4Info, &gen); err != nil {
		return nil, fmt.Errorf("bundle p4info: %w", err)
	}
	if err := SamePipelineInfo(info, &gen); err != nil {
		return nil, err
	}
	return info, nil
}

func (f *fakeTarget) Commit(p Pipeline) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.info = p.(*p4configv1.P4Info)
	f.tables = map[uint32]map[string]TableUpdate{}
	f.defaults = map[uint32]*Action{}
	f.counters = map[[2]int64]Counts{}
	f.direct = map[string]Counts{}
	f.hits = map[string]time.Time{}
	f.regs = map[[2]int64][]byte{}
	f.mcast = map[uint32][]Replica{}
	f.clones = map[uint32]CloneSession{}
	f.vsets = map[uint32][][]FieldMatch{}
	return nil
}

func dkey(table uint32, k *Key, isDefault bool) string {
	t := string([]byte{byte(table >> 24), byte(table >> 16), byte(table >> 8), byte(table)})
	if isDefault || k == nil {
		return t + "default"
	}
	return t + keyString(k)
}

func (f *fakeTarget) WriteTable(table uint32, ups []TableUpdate) []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.tables[table]
	if t == nil {
		t = map[string]TableUpdate{}
		f.tables[table] = t
	}
	errs := make([]error, len(ups))
	for i, u := range ups {
		if f.failNext != codes.OK {
			errs[i] = Errorf(f.failNext, "injected failure")
			f.failNext = codes.OK
			continue
		}
		k := keyString(u.Key)
		switch u.Op {
		case OpInsert, OpModify:
			t[k] = u
			if u.Counter != nil {
				f.direct[dkey(table, u.Key, false)] = *u.Counter
			}
		case OpDelete:
			delete(t, k)
			delete(f.direct, dkey(table, u.Key, false))
		}
	}
	return errs
}

func (f *fakeTarget) SetDefaultAction(table uint32, a *Action) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.defaults[table] = a
	return nil
}

func (f *fakeTarget) DefaultAction(table uint32) (*Action, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a := f.defaults[table]; a != nil {
		return a, nil
	}
	return &Action{ID: 0x01000003}, nil // NoAction
}

func (f *fakeTarget) DirectCounter(table uint32, k *Key, isDefault bool) (Counts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.direct[dkey(table, k, isDefault)], nil
}

func (f *fakeTarget) SetDirectCounter(table uint32, k *Key, isDefault bool, c Counts) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.direct[dkey(table, k, isDefault)] = c
	return nil
}

func (f *fakeTarget) SetDirectMeter(uint32, *Key, bool, *MeterConfig) error { return nil }

func (f *fakeTarget) LastHit(table uint32, k *Key) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[dkey(table, k, false)], nil
}

// hitAt plays a packet hitting an entry at time at.
func (f *fakeTarget) hitAt(table uint32, k *Key, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[dkey(table, k, false)] = at
}

func (f *fakeTarget) Counter(id uint32, i int64) (Counts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counters[[2]int64{int64(id), i}], nil
}

func (f *fakeTarget) SetCounter(id uint32, i int64, c Counts) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counters[[2]int64{int64(id), i}] = c
	return nil
}

func (f *fakeTarget) SetMeter(uint32, int64, *MeterConfig) error { return nil }

func (f *fakeTarget) Register(id uint32, i int64) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v := f.regs[[2]int64{int64(id), i}]; v != nil {
		return v, nil
	}
	return make([]byte, 4), nil
}

func (f *fakeTarget) SetRegister(id uint32, i int64, v []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.regs[[2]int64{int64(id), i}] = v
	return nil
}

func (f *fakeTarget) SetMulticastGroup(id uint32, rs []Replica) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mcast[id] = rs
	return nil
}

func (f *fakeTarget) DeleteMulticastGroup(id uint32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.mcast, id)
	return nil
}

func (f *fakeTarget) SetCloneSession(s CloneSession) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clones[s.ID] = s
	return nil
}

func (f *fakeTarget) DeleteCloneSession(id uint32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.clones, id)
	return nil
}

func (f *fakeTarget) SetValueSet(id uint32, ms [][]FieldMatch) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.vsets[id] = ms
	return nil
}

func (f *fakeTarget) SetActionProfileMember(uint32, uint32, *Action) error      { return nil }
func (f *fakeTarget) SetActionProfileGroup(uint32, uint32, []GroupMember) error { return nil }

func (f *fakeTarget) PacketOut(frame []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.outs = append(f.outs, frame)
	return nil
}

func (f *fakeTarget) packetOuts() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.outs...)
}

func (f *fakeTarget) SetHandler(h Handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handler = h
}

func (f *fakeTarget) h() Handler {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.handler
}

var _ Target = (*fakeTarget)(nil)
