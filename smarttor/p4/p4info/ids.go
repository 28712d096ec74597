package p4info

import (
	"fmt"
	"sort"
	"strings"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
)

// Prefix is the resource kind of a P4Runtime id: its top 8 bits
// (p4info.proto's P4Ids.Prefix).
type Prefix uint8

// The resource kinds v1model programs use.
const (
	PrefixAction           = Prefix(p4configv1.P4Ids_ACTION)
	PrefixTable            = Prefix(p4configv1.P4Ids_TABLE)
	PrefixValueSet         = Prefix(p4configv1.P4Ids_VALUE_SET)
	PrefixControllerHeader = Prefix(p4configv1.P4Ids_CONTROLLER_HEADER)
	PrefixActionProfile    = Prefix(p4configv1.P4Ids_ACTION_PROFILE)
	PrefixCounter          = Prefix(p4configv1.P4Ids_COUNTER)
	PrefixDirectCounter    = Prefix(p4configv1.P4Ids_DIRECT_COUNTER)
	PrefixMeter            = Prefix(p4configv1.P4Ids_METER)
	PrefixDirectMeter      = Prefix(p4configv1.P4Ids_DIRECT_METER)
	PrefixRegister         = Prefix(p4configv1.P4Ids_REGISTER)
	PrefixDigest           = Prefix(p4configv1.P4Ids_DIGEST)
)

// String returns the P4Ids.Prefix enum name, e.g. "TABLE".
func (p Prefix) String() string {
	return p4configv1.P4Ids_Prefix(p).String()
}

// PrefixOf returns the resource kind encoded in id.
func PrefixOf(id uint32) Prefix { return Prefix(id >> 24) }

// JenkinsHash is Bob Jenkins' one-at-a-time hash of s, the hash p4c uses for
// P4Runtime ids.
func JenkinsHash(s string) uint32 {
	var h uint32
	for i := 0; i < len(s); i++ {
		h += uint32(s[i])
		h += h << 10
		h ^= h >> 6
	}
	h += h << 3
	h ^= h >> 11
	h += h << 15
	return h
}

// symbolTable assigns P4Runtime ids to named symbols the way p4c's
// P4RuntimeSymbolTable does. Use: add every symbol, then assign, then id.
type symbolTable struct {
	kinds    map[Prefix]map[string]uint32 // 0 means not yet assigned
	assigned map[uint32]bool
	suffixes suffixSet
	errs     []error
}

func newSymbolTable() *symbolTable {
	return &symbolTable{
		kinds:    make(map[Prefix]map[string]uint32),
		assigned: make(map[uint32]bool),
		suffixes: suffixSet{names: make(map[string]bool), root: &suffixNode{}},
	}
}

// add records symbol name of kind p with an optional @id (0 when absent).
// A second add of the same kind and name is ignored, as in p4c.
func (t *symbolTable) add(p Prefix, name string, annotatedID uint32) {
	if name == "" {
		t.errs = append(t.errs, fmt.Errorf("%v with an empty name", p))
		return
	}
	syms := t.kinds[p]
	if syms == nil {
		syms = make(map[string]uint32)
		t.kinds[p] = syms
	}
	if _, dup := syms[name]; dup {
		return
	}
	syms[name] = 0
	t.suffixes.add(name)
	if annotatedID == 0 {
		return
	}
	id := annotatedID
	typePrefix := uint32(p) << 24
	if id&0xff000000 != 0 && id&0xff000000 != typePrefix {
		t.errs = append(t.errs, fmt.Errorf("%q: @id %#x has the wrong 8-bit prefix for %v", name, id, p))
		return
	}
	id |= typePrefix
	if t.assigned[id] {
		t.errs = append(t.errs, fmt.Errorf("%q: @id %#x is assigned to multiple declarations", name, id))
		return
	}
	t.assigned[id] = true
	syms[name] = id
}

// assign gives every symbol without an @id its hashed id: names sorted per
// kind, linear probing on the 32-bit hash.
func (t *symbolTable) assign() {
	kinds := make([]Prefix, 0, len(t.kinds))
	for p := range t.kinds {
		kinds = append(kinds, p)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	for _, p := range kinds {
		syms := t.kinds[p]
		var names []string
		for n, id := range syms {
			if id == 0 {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		construct := func(v uint32) uint32 { return uint32(p)<<24 | v&0xffffff }
		for _, n := range names {
			start := JenkinsHash(n)
			v := start
			for t.assigned[construct(v)] {
				v++
				if v == start {
					t.errs = append(t.errs, fmt.Errorf("no available id to represent %q in P4Runtime", n))
					return
				}
			}
			id := construct(v)
			t.assigned[id] = true
			syms[n] = id
		}
	}
}

// id returns the id assigned to the symbol, 0 if there is none.
func (t *symbolTable) id(p Prefix, name string) uint32 { return t.kinds[p][name] }

// alias returns the shortest unique suffix of name among all symbols.
func (t *symbolTable) alias(name string) string { return t.suffixes.shortest(name) }

// suffixSet is a tree of name components read right to left; each node
// counts the names whose suffix passes through it (p4c's P4SymbolSuffixSet).
type suffixSet struct {
	names map[string]bool
	root  *suffixNode
}

type suffixNode struct {
	instances int
	edges     map[string]*suffixNode
}

func (s *suffixSet) add(name string) {
	if s.names[name] {
		return
	}
	s.names[name] = true
	comps := strings.Split(name, ".")
	n := s.root
	for i := len(comps) - 1; i >= 0; i-- {
		if n.edges == nil {
			n.edges = make(map[string]*suffixNode)
		}
		next := n.edges[comps[i]]
		if next == nil {
			next = &suffixNode{}
			n.edges[comps[i]] = next
		}
		next.instances++
		n = next
	}
}

func (s *suffixSet) shortest(name string) string {
	comps := strings.Split(name, ".")
	n := s.root
	need := 0
	for i := len(comps) - 1; i >= 0; i-- {
		next := n.edges[comps[i]]
		if next == nil {
			return name // not in the set; cannot happen for added names
		}
		n = next
		need++
		if n.instances < 2 {
			break
		}
	}
	return strings.Join(comps[len(comps)-need:], ".")
}
