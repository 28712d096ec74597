package match

import (
	"sort"
)

// tupleSpace indexes ternary entries for Lookup by tuple space search: the
// entries are grouped by mask (range fields count as wildcards), each group
// is a hash map from the masked value to the entries with that value,
// highest priority first, and the groups are ordered by the highest priority
// they hold. A look-up probes the groups in that order and stops as soon as
// a group cannot beat the best match found: with few distinct masks (the
// usual ACL) it costs a few hash probes, not a scan of every entry.
type tupleSpace[V any] struct {
	groups []*tupleGroup[V] // by maxPrio, highest first
	byMask map[string]*tupleGroup[V]
}

type tupleGroup[V any] struct {
	mask    []byte
	m       map[string][]*ternaryEntry[V] // by masked value; highest priority first
	n       int
	maxPrio int32
}

func newTupleSpace[V any]() tupleSpace[V] {
	return tupleSpace[V]{byMask: make(map[string]*tupleGroup[V])}
}

func (ts *tupleSpace[V]) add(e *ternaryEntry[V]) {
	g := ts.byMask[string(e.mask)]
	if g == nil {
		g = &tupleGroup[V]{mask: e.mask, m: make(map[string][]*ternaryEntry[V]), maxPrio: e.priority}
		ts.byMask[string(e.mask)] = g
		ts.groups = append(ts.groups, g)
	}
	list := g.m[string(e.value)]
	i := sort.Search(len(list), func(i int) bool { return list[i].priority < e.priority })
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = e
	g.m[string(e.value)] = list
	g.n++
	if e.priority > g.maxPrio {
		g.maxPrio = e.priority
	}
	ts.sort()
}

func (ts *tupleSpace[V]) remove(e *ternaryEntry[V]) {
	g := ts.byMask[string(e.mask)]
	if g == nil {
		return
	}
	list := removePtr(g.m[string(e.value)], e)
	if len(list) == 0 {
		delete(g.m, string(e.value))
	} else {
		g.m[string(e.value)] = list
	}
	g.n--
	if g.n == 0 {
		delete(ts.byMask, string(e.mask))
		ts.groups = removePtr(ts.groups, g)
		return
	}
	if e.priority == g.maxPrio {
		first := true
		for _, l := range g.m {
			if first || l[0].priority > g.maxPrio {
				g.maxPrio, first = l[0].priority, false
			}
		}
		ts.sort()
	}
}

func (ts *tupleSpace[V]) sort() {
	sort.SliceStable(ts.groups, func(i, j int) bool { return ts.groups[i].maxPrio > ts.groups[j].maxPrio })
}

// lookup returns the highest-priority entry matching key, nil if none. buf
// is scratch space of len(key).
func (ts *tupleSpace[V]) lookup(key, buf []byte) *ternaryEntry[V] {
	var best *ternaryEntry[V]
	for _, g := range ts.groups {
		if best != nil && g.maxPrio <= best.priority {
			break // overlapping entries never share a priority
		}
		for i := range buf {
			buf[i] = key[i] & g.mask[i]
		}
		for _, e := range g.m[string(buf)] {
			if best != nil && e.priority <= best.priority {
				break
			}
			if e.rangesMatch(key) {
				best = e
				break
			}
		}
	}
	return best
}
