package exec

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// Update is one write of a batch.
type Update struct {
	Op    WriteOp
	Entry *TableEntry
}

// WriteBatch performs the updates in order and returns one error per
// update (nil for success); a failed update does not stop the others, as
// in a P4Runtime batch. Consecutive updates of one table are applied to
// its match engine under one write lock (match's Apply), which is what
// makes a batch of flow-cache writes cheaper than single writes.
func (s *Switch) WriteBatch(updates []Update) []error {
	errs := make([]error, len(updates))
	p, err := s.pipeline()
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	for i := 0; i < len(updates); {
		j := i + 1
		for j < len(updates) && updates[j].Entry != nil && updates[i].Entry != nil && updates[j].Entry.Table == updates[i].Entry.Table {
			j++
		}
		p.writeRun(updates[i:j], errs[i:j], s.clock())
		i = j
	}
	return errs
}

// writeRun applies updates of one table.
func (p *Pipeline) writeRun(updates []Update, errs []error, now int64) {
	if updates[0].Entry == nil {
		errs[0] = fmt.Errorf("%w: nil entry", ErrInvalid)
		for i := 1; i < len(updates); i++ {
			errs[i] = errs[0]
		}
		return
	}
	t, err := p.table(updates[0].Entry.Table)
	if err == nil && t.ir.ConstEntries {
		err = fmt.Errorf("%w: table %q", ErrConstEntries, t.ir.Name)
	}
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// Prepare every entry outside the engine's lock; idx maps engine
	// updates back to the batch.
	var idx []int
	var ex []match.ExactUpdate[*entry]
	var lp []match.LPMUpdate[*entry]
	var te []match.TernaryUpdate[*entry]
	size := t.len()
	for i, u := range updates {
		e := u.Entry
		ms, err := t.canonical(e.Match)
		if err != nil {
			errs[i] = err
			continue
		}
		var ne *entry
		if u.Op != Delete {
			ne, err = p.newTableEntry(t, e)
			if err != nil {
				errs[i] = err
				continue
			}
			ne.match, ne.priority, ne.idleTimeout = ms, e.Priority, e.IdleTimeout
			ne.stats.lastHit.Store(now)
		}
		switch u.Op {
		case Insert:
			if t.ir.Size > 0 && size >= t.ir.Size {
				errs[i] = fmt.Errorf("%w: table %q holds %d entries", ErrTableFull, t.ir.Name, t.ir.Size)
				continue
			}
			size++
		case Modify:
			old, _, err := t.find(ms, e.Priority)
			if err != nil {
				errs[i] = err
				continue
			}
			ne.stats = old.stats
		case Delete:
			if _, _, err := t.find(ms, e.Priority); err != nil {
				errs[i] = err
				continue
			}
			size--
		default:
			errs[i] = fmt.Errorf("%w: write op %d", ErrInvalid, u.Op)
			continue
		}
		op := map[WriteOp]match.Op{Insert: match.OpInsert, Modify: match.OpModify, Delete: match.OpDelete}[u.Op]
		idx = append(idx, i)
		switch t.kind {
		case exactTable:
			key, _ := t.engineKey(ms)
			ex = append(ex, match.ExactUpdate[*entry]{Op: op, Key: key, Value: ne})
		case lpmTable:
			key, plen := t.engineKey(ms)
			lp = append(lp, match.LPMUpdate[*entry]{Op: op, Key: key, PrefixLen: plen, Value: ne})
		default:
			te = append(te, match.TernaryUpdate[*entry]{Op: op, Entry: match.Entry{Fields: ms, Priority: e.Priority}, Value: ne})
		}
	}
	if len(idx) == 0 {
		return
	}
	var res []error
	switch t.kind {
	case exactTable:
		res = t.exact.Apply(ex)
	case lpmTable:
		res = t.lpm.Apply(lp)
	default:
		res = t.tern.Apply(te)
	}
	for k, err := range res {
		errs[idx[k]] = err
	}
}
