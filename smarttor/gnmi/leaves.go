package gnmi

import (
	"fmt"
	"strconv"
	"strings"

	gpb "github.com/openconfig/gnmi/proto/gnmi"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// elem is one element of a leaf's path.
type elem struct {
	name string
	key  string // value of the "name" key, for the interface element
}

// A leaf is one value of the openconfig-interfaces tree.
type leaf struct {
	path   []elem
	val    value
	change bool // an ON_CHANGE leaf under TARGET_DEFINED (not a counter)
	config bool // returned by a Get of type CONFIG
}

// id is the leaf's path as a string, a map key for diffs.
func (l *leaf) id() string {
	var b strings.Builder
	for _, e := range l.path {
		b.WriteByte('/')
		b.WriteString(e.name)
		if e.key != "" {
			b.WriteString("[name=")
			b.WriteString(e.key)
			b.WriteByte(']')
		}
	}
	return b.String()
}

// pbPath returns the leaf's absolute path.
func (l *leaf) pbPath() *gpb.Path {
	p := &gpb.Path{Elem: make([]*gpb.PathElem, len(l.path))}
	for i, e := range l.path {
		p.Elem[i] = &gpb.PathElem{Name: e.name}
		if e.key != "" {
			p.Elem[i].Key = map[string]string{"name": e.key}
		}
	}
	return p
}

// value is a leaf value: a uint64 (counters, timeticks), a uint32 or a
// string (names, enumerations).
type value struct {
	kind valueKind
	u    uint64
	s    string
}

type valueKind uint8

const (
	kindString valueKind = iota
	kindUint64
	kindUint32
	kindBool
)

func (v value) String() string {
	switch v.kind {
	case kindString:
		return v.s
	case kindBool:
		return strconv.FormatBool(v.u != 0)
	}
	return strconv.FormatUint(v.u, 10)
}

// typed encodes v as enc asks.
func (v value) typed(enc gpb.Encoding) *gpb.TypedValue {
	switch enc {
	case gpb.Encoding_PROTO:
		switch v.kind {
		case kindString:
			return &gpb.TypedValue{Value: &gpb.TypedValue_StringVal{StringVal: v.s}}
		case kindBool:
			return &gpb.TypedValue{Value: &gpb.TypedValue_BoolVal{BoolVal: v.u != 0}}
		}
		return &gpb.TypedValue{Value: &gpb.TypedValue_UintVal{UintVal: v.u}}
	case gpb.Encoding_JSON_IETF:
		// RFC 7951: 64-bit integers are JSON strings.
		var j string
		switch v.kind {
		case kindString:
			j = strconv.Quote(v.s)
		case kindUint64:
			j = `"` + strconv.FormatUint(v.u, 10) + `"`
		case kindBool:
			j = v.String()
		default:
			j = strconv.FormatUint(v.u, 10)
		}
		return &gpb.TypedValue{Value: &gpb.TypedValue_JsonIetfVal{JsonIetfVal: []byte(j)}}
	default: // JSON
		j := v.String()
		if v.kind == kindString {
			j = strconv.Quote(v.s)
		}
		return &gpb.TypedValue{Value: &gpb.TypedValue_JsonVal{JsonVal: []byte(j)}}
	}
}

// leavesOf returns the tree of the given interfaces, in a fixed order.
func leavesOf(st []ports.Status) []leaf {
	ls := make([]leaf, 0, len(st)*24)
	for _, s := range st {
		ls = interfaceLeaves(ls, s)
	}
	return ls
}

func interfaceLeaves(ls []leaf, s ports.Status) []leaf {
	str := func(v string) value { return value{kind: kindString, s: v} }
	u64 := func(v uint64) value { return value{kind: kindUint64, u: v} }
	add := func(v value, change, config bool, names ...string) {
		p := make([]elem, 0, 2+len(names))
		p = append(p, elem{name: "interfaces"}, elem{name: "interface", key: s.Name})
		for _, n := range names {
			p = append(p, elem{name: n})
		}
		ls = append(ls, leaf{path: p, val: v, change: change, config: config})
	}
	add(str(s.Name), true, true, "name")
	enabled, admin := value{kind: kindBool}, "DOWN"
	if s.Enabled {
		enabled.u, admin = 1, "UP"
	}
	add(str(s.Name), true, true, "config", "name")
	add(enabled, true, true, "config", "enabled")
	add(str(s.Name), true, false, "state", "name")
	add(enabled, true, false, "state", "enabled")
	add(value{kind: kindUint32, u: uint64(s.Number)}, true, false, "state", "ifindex")
	add(str(admin), true, false, "state", "admin-status")
	add(str(s.Oper.String()), true, false, "state", "oper-status")
	var lc uint64
	if !s.LastChange.IsZero() {
		lc = uint64(s.LastChange.UnixNano())
	}
	add(u64(lc), true, false, "state", "last-change")
	c := s.Stats
	for _, ctr := range []struct {
		name string
		v    uint64
	}{
		{"in-octets", c.InOctets}, {"in-pkts", c.InPkts},
		{"in-unicast-pkts", c.InUnicastPkts}, {"in-multicast-pkts", c.InMulticastPkts},
		{"in-broadcast-pkts", c.InBroadcastPkts},
		{"in-discards", c.InDiscards}, {"in-errors", c.InErrors},
		{"out-octets", c.OutOctets}, {"out-pkts", c.OutPkts},
		{"out-unicast-pkts", c.OutUnicastPkts}, {"out-multicast-pkts", c.OutMulticastPkts},
		{"out-broadcast-pkts", c.OutBroadcastPkts},
		{"out-discards", c.OutDiscards}, {"out-errors", c.OutErrors},
	} {
		add(u64(ctr.v), false, false, "state", "counters", ctr.name)
	}
	return ls
}

// schema is the tree of one interface with a wildcard name: a path is
// valid if it matches one of its leaves.
var schema = interfaceLeaves(nil, ports.Status{Name: "*"})

// pattern is a requested path: prefix and path elements joined.
type pattern []*gpb.PathElem

// joinPath validates and joins a prefix and a path.
func joinPath(prefix, p *gpb.Path) (pattern, error) {
	origin := prefix.GetOrigin()
	if o := p.GetOrigin(); o != "" {
		if origin != "" && o != origin {
			return nil, fmt.Errorf("path origin %q differs from prefix origin %q", o, origin)
		}
		origin = o
	}
	if origin != "" && origin != "openconfig" {
		return nil, errOrigin{origin}
	}
	if len(prefix.GetElement()) > 0 || len(p.GetElement()) > 0 {
		return nil, fmt.Errorf("path uses the deprecated element field; use elem")
	}
	var pat pattern
	for _, e := range append(append([]*gpb.PathElem(nil), prefix.GetElem()...), p.GetElem()...) {
		if e.GetName() == "" {
			return nil, fmt.Errorf("path %s: empty element name", pathString(prefix, p))
		}
		if e.GetName() == "..." && len(e.GetKey()) > 0 {
			return nil, fmt.Errorf("path %s: keys on \"...\"", pathString(prefix, p))
		}
		pat = append(pat, e)
	}
	return pat, nil
}

// errOrigin is an unsupported origin.
type errOrigin struct{ origin string }

func (e errOrigin) Error() string {
	return fmt.Sprintf("origin %q not supported; use \"openconfig\" or none", e.origin)
}

func pathString(ps ...*gpb.Path) string {
	var b strings.Builder
	for _, p := range ps {
		for _, e := range p.GetElem() {
			b.WriteByte('/')
			b.WriteString(e.GetName())
			for k, v := range e.GetKey() {
				fmt.Fprintf(&b, "[%s=%s]", k, v)
			}
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// matches reports whether leaf path l is the pattern or under it. In the
// schema, a key value "*" in l stands for any.
func (p pattern) matches(l []elem) bool {
	if len(p) == 0 {
		return true
	}
	if p[0].GetName() == "..." {
		for i := 0; i <= len(l); i++ {
			if p[1:].matches(l[i:]) {
				return true
			}
		}
		return false
	}
	if len(l) == 0 {
		return false
	}
	if n := p[0].GetName(); n != "*" && n != l[0].name {
		return false
	}
	for k, v := range p[0].GetKey() {
		if k != "name" || l[0].key == "" {
			return false
		}
		if v != "*" && l[0].key != "*" && v != l[0].key {
			return false
		}
	}
	return p[1:].matches(l[1:])
}

// inSchema reports whether the pattern names something of the model.
func (p pattern) inSchema() bool {
	for i := range schema {
		if p.matches(schema[i].path) {
			return true
		}
	}
	return false
}
