package exec

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/extern"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

type tableKind uint8

const (
	keyless tableKind = iota
	exactTable
	lpmTable
	ternaryTable
)

// table is a table's runtime: its engine and default entry.
type table struct {
	ir       *ir.Table
	prog     *ir.Program
	kind     tableKind
	schema   *match.Schema
	offs     []int
	sizes    []int
	lpmField int
	exact    *match.Exact[*entry]
	lpm      *match.LPM[*entry]
	tern     *match.Ternary[*entry]
	def      atomic.Pointer[entry]
	initial  *entry
	allowed  map[int]ir.ActionRef
	mu       sync.Mutex // serializes this table's writers (modify keeps stats)
}

// entry is an installed entry or default action: immutable but for its
// stats, which a Modify carries over.
type entry struct {
	action      int
	args        []uint64 // the parameters' arena words
	params      [][]byte // canonical bytes, for read-back
	match       []match.FieldMatch
	priority    int32
	idleTimeout int64
	stats       *entryStats
	// indirect entries of action profile tables run member or group ref.
	indirect Indirect
	ref      uint32
}

// entryStats are an entry's direct counter, direct meter and last-hit time
// (nanoseconds, for idle timeouts).
type entryStats struct {
	ctr     extern.CounterCell
	meter   extern.MeterCell
	lastHit atomic.Int64
}

func newTable(p *Pipeline, idx int, t *ir.Table) (*table, error) {
	tb := &table{ir: t, prog: p.prog, lpmField: -1, allowed: map[int]ir.ActionRef{}}
	for _, r := range t.Actions {
		tb.allowed[r.Action] = r
	}
	if len(t.Keys) > 0 {
		var fields []match.Field
		lpms, other := 0, false
		for i, k := range t.Keys {
			fields = append(fields, match.Field{Kind: k.Kind, Bits: k.Width})
			switch k.Kind {
			case match.KindLPM:
				lpms++
				tb.lpmField = i
			case match.KindExact:
			default:
				other = true
			}
		}
		s, err := match.NewSchema(fields...)
		if err != nil {
			return nil, err
		}
		tb.schema = s
		for i := range t.Keys {
			tb.offs = append(tb.offs, s.Offset(i))
			tb.sizes = append(tb.sizes, s.Size(i))
		}
		switch {
		case other || lpms > 1:
			tb.kind, tb.tern = ternaryTable, match.NewTernary[*entry](s)
		case lpms == 1:
			tb.kind = lpmTable
			if tb.lpm, err = match.NewLPM[*entry](s); err != nil {
				return nil, err
			}
		default:
			tb.kind = exactTable
			if tb.exact, err = match.NewExact[*entry](s); err != nil {
				return nil, err
			}
		}
	}
	def, err := tb.newEntry(t.Default.Action, t.Default.Args, true)
	if err != nil {
		return nil, fmt.Errorf("default action: %w", err)
	}
	tb.initial = def
	tb.def.Store(def)
	for i, ce := range t.Entries {
		e, err := tb.newEntry(ce.Action.Action, ce.Action.Args, false)
		if err == nil {
			e.match, e.priority = ce.Match, ce.Priority
			err = tb.insert(e)
		}
		if err != nil {
			return nil, fmt.Errorf("constant entry %d: %w", i, err)
		}
	}
	return tb, nil
}

// newEntry validates an action call for this table and decodes its
// arguments.
func (t *table) newEntry(action int, params [][]byte, isDefault bool) (*entry, error) {
	if action < 0 || action >= len(t.prog.Actions) {
		return nil, fmt.Errorf("%w: action %d", ErrInvalid, action)
	}
	ref, ok := t.allowed[action]
	if !ok {
		// An action with bound arguments has its own IR action per
		// table, with the P4Info id of the action it binds.
		for i, r := range t.allowed {
			if id := t.prog.Actions[i].ID; id != 0 && id == t.prog.Actions[action].ID {
				action, ref, ok = i, r, true
				break
			}
		}
	}
	act := t.prog.Actions[action]
	if !ok && len(t.ir.Actions) > 0 {
		return nil, fmt.Errorf("%w: action %q is not an action of table %q", ErrInvalid, act.Name, t.ir.Name)
	}
	if isDefault && ref.TableOnly {
		return nil, fmt.Errorf("%w: action %q is @tableonly", ErrInvalid, act.Name)
	}
	if !isDefault && ref.DefaultOnly {
		return nil, fmt.Errorf("%w: action %q is @defaultonly", ErrInvalid, act.Name)
	}
	if len(params) != len(act.Params) {
		return nil, fmt.Errorf("%w: action %q takes %d parameters, got %d", ErrInvalid, act.Name, len(act.Params), len(params))
	}
	// The entry and its stats share one allocation: a hit touches both.
	ea := &struct {
		entry
		st entryStats
	}{}
	e := &ea.entry
	e.action, e.args, e.stats = action, make([]uint64, act.ArgWords), &ea.st
	for i, p := range act.Params {
		v, err := fit(params[i], p.Width)
		if err != nil {
			return nil, fmt.Errorf("parameter %q: %w", p.Name, err)
		}
		e.params = append(e.params, v)
		ir.PutBytes(e.args[int(p.Slot-act.Params[0].Slot):], v, p.Width)
	}
	return e, nil
}

// fit returns v as exactly ceil(width/8) big-endian bytes, or an error if
// it does not fit in width bits.
func fit(v []byte, width int) ([]byte, error) {
	size := (width + 7) / 8
	for len(v) > size {
		if v[0] != 0 {
			return nil, fmt.Errorf("%w: value %#x does not fit in %d bits", ErrInvalid, v, width)
		}
		v = v[1:]
	}
	out := make([]byte, size)
	copy(out[size-len(v):], v)
	if r := width % 8; r != 0 && out[0]>>r != 0 {
		return nil, fmt.Errorf("%w: value %#x does not fit in %d bits", ErrInvalid, v, width)
	}
	return out, nil
}

// canonical checks an entry's match against the key and returns it with
// every value fitted to its field.
func (t *table) canonical(ms []match.FieldMatch) ([]match.FieldMatch, error) {
	if t.kind == keyless {
		return nil, fmt.Errorf("%w: table %q has no key: only its default entry can be set", ErrInvalid, t.ir.Name)
	}
	if len(ms) != len(t.ir.Keys) {
		return nil, fmt.Errorf("%w: %d match fields for %d keys of table %q", ErrInvalid, len(ms), len(t.ir.Keys), t.ir.Name)
	}
	out := make([]match.FieldMatch, len(ms))
	for i, m := range ms {
		k := t.ir.Keys[i]
		var err error
		c := match.FieldMatch{PrefixLen: m.PrefixLen, Wildcard: m.Wildcard}
		if m.Wildcard {
			if k.Kind == match.KindExact {
				return nil, fmt.Errorf("%w: key %q is exact and cannot be omitted", ErrInvalid, k.Name)
			}
			out[i] = c
			continue
		}
		if c.Value, err = fit(m.Value, k.Width); err != nil {
			return nil, fmt.Errorf("key %q: %w", k.Name, err)
		}
		switch k.Kind {
		case match.KindTernary:
			if c.Mask, err = fit(m.Mask, k.Width); err != nil {
				return nil, fmt.Errorf("key %q mask: %w", k.Name, err)
			}
		case match.KindRange:
			if c.High, err = fit(m.High, k.Width); err != nil {
				return nil, fmt.Errorf("key %q high: %w", k.Name, err)
			}
		case match.KindLPM:
			if m.PrefixLen < 0 || m.PrefixLen > k.Width {
				return nil, fmt.Errorf("%w: key %q prefix length %d", ErrInvalid, k.Name, m.PrefixLen)
			}
		}
		out[i] = c
	}
	return out, nil
}

// engineKey returns the key bytes and prefix length of an exact or LPM
// entry.
func (t *table) engineKey(ms []match.FieldMatch) ([]byte, int) {
	key := make([]byte, t.schema.KeyLen())
	plen := 0
	for i, m := range ms {
		copy(key[t.offs[i]:], m.Value)
		if i == t.lpmField {
			plen = m.PrefixLen
			if m.Wildcard {
				plen = 0
			}
		}
	}
	return key, plen
}

func (t *table) insert(e *entry) error {
	ms, err := t.canonical(e.match)
	if err != nil {
		return err
	}
	e.match = ms
	switch t.kind {
	case exactTable:
		key, _ := t.engineKey(ms)
		return t.exact.Insert(key, e)
	case lpmTable:
		key, plen := t.engineKey(ms)
		return t.lpm.Insert(key, plen, e)
	default:
		return t.tern.Insert(match.Entry{Fields: ms, Priority: e.priority}, e)
	}
}

func (t *table) find(ms []match.FieldMatch, prio int32) (*entry, []match.FieldMatch, error) {
	ms, err := t.canonical(ms)
	if err != nil {
		return nil, nil, err
	}
	var e *entry
	var ok bool
	switch t.kind {
	case exactTable:
		key, _ := t.engineKey(ms)
		e, ok = t.exact.Lookup(key)
	case lpmTable:
		key, plen := t.engineKey(ms)
		e, ok = t.lpm.Find(key, plen)
	default:
		e, ok = t.tern.Find(match.Entry{Fields: ms, Priority: prio})
	}
	if !ok {
		return nil, ms, fmt.Errorf("%w: in table %q", match.ErrNotFound, t.ir.Name)
	}
	return e, ms, nil
}

func (t *table) modify(e *entry) error {
	old, ms, err := t.find(e.match, e.priority)
	if err != nil {
		return err
	}
	e.match, e.stats = ms, old.stats
	switch t.kind {
	case exactTable:
		key, _ := t.engineKey(ms)
		return t.exact.Modify(key, e)
	case lpmTable:
		key, plen := t.engineKey(ms)
		return t.lpm.Modify(key, plen, e)
	default:
		return t.tern.Modify(match.Entry{Fields: ms, Priority: e.priority}, e)
	}
}

func (t *table) delete(ms []match.FieldMatch, prio int32) error {
	ms, err := t.canonical(ms)
	if err != nil {
		return err
	}
	switch t.kind {
	case exactTable:
		key, _ := t.engineKey(ms)
		return t.exact.Delete(key)
	case lpmTable:
		key, plen := t.engineKey(ms)
		return t.lpm.Delete(key, plen)
	default:
		return t.tern.Delete(match.Entry{Fields: ms, Priority: prio})
	}
}

func (t *table) rangeEntries(f func(e *entry) bool) {
	switch t.kind {
	case exactTable:
		t.exact.Range(func(_ []byte, e *entry) bool { return f(e) })
	case lpmTable:
		t.lpm.Range(func(_ []byte, _ int, e *entry) bool { return f(e) })
	case ternaryTable:
		t.tern.Range(func(_ match.Entry, e *entry) bool { return f(e) })
	}
}

func (t *table) len() int {
	switch t.kind {
	case exactTable:
		return t.exact.Len()
	case lpmTable:
		return t.lpm.Len()
	case ternaryTable:
		return t.tern.Len()
	}
	return 0
}

func (t *table) clear() {
	switch t.kind {
	case exactTable:
		t.exact.Clear()
	case lpmTable:
		t.lpm.Clear()
	case ternaryTable:
		t.tern.Clear()
	}
}

// apply runs a table: key, look-up, result slots, direct resources, and
// the action.
func (w *Worker) apply(t *table) int {
	a := w.arena
	var e *entry
	hit := false
	if t.kind != keyless {
		key := w.key
		if n := t.schema.KeyLen(); n > len(key) {
			w.key = make([]byte, n)
			key = w.key
		}
		key = key[:t.schema.KeyLen()]
		for i := range t.ir.Keys {
			k := &t.ir.Keys[i]
			off, n := t.offs[i], t.sizes[i]
			if k.Width <= 64 {
				v := a[k.Slot]
				for j := n - 1; j >= 0; j-- {
					key[off+j] = byte(v)
					v >>= 8
				}
			} else {
				ir.AppendBytes(key[off:off], a[k.Slot:int(k.Slot)+ir.Words(k.Width)], k.Width)
			}
		}
		switch t.kind {
		case exactTable:
			e, hit = t.exact.Lookup(key)
		case lpmTable:
			e, hit = t.lpm.Lookup(key)
		case ternaryTable:
			e, hit = t.tern.Lookup(key)
		}
	}
	if hit {
		a[t.ir.HitSlot] = 1
		if t.ir.DirectCounter >= 0 {
			e.stats.ctr.Count(w.ingressLen)
		}
		if t.ir.SupportTimeout {
			e.stats.lastHit.Store(w.nowNanos())
		}
	} else {
		e = t.def.Load()
	}
	if e.indirect != NoIndirect {
		if m := w.resolve(t, e); m != nil {
			e = m
		} else {
			e = t.def.Load()
		}
	}
	act := t.prog.Actions[e.action]
	a[t.ir.ActionRunSlot] = uint64(e.action)
	if w.trace != nil {
		res := "miss"
		if hit {
			res = "hit"
		}
		w.tracef("table %s: %s, action %s", t.ir.Name, res, act.Name)
	}
	if act.ArgWords > 0 {
		copy(a[act.Params[0].Slot:], e.args)
	}
	w.running = e
	ctl := w.run(act.Code)
	w.running = nil
	return ctl
}
