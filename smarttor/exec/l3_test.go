package exec_test

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir/irtest"
)

type frameOut struct {
	Port  uint32
	Frame []byte
}

// run processes one frame and collects the output.
func run(t *testing.T, s *exec.Switch, port uint32, frame []byte) []frameOut {
	t.Helper()
	var got []frameOut
	s.Process(port, frame, func(p uint32, f []byte) {
		got = append(got, frameOut{p, append([]byte(nil), f...)})
	})
	return got
}

func mac(last byte) []byte { return []byte{0x02, 0, 0, 0, 0, last} }

func ip4(a, b, c, d byte) []byte { return []byte{a, b, c, d} }

func csum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}

// ipv4Frame builds Ethernet/IPv4 with a correct header checksum and a
// payload.
func ipv4Frame(dmac, smac, src, dst []byte, ttl byte, payload string) []byte {
	f := append(append(append([]byte(nil), dmac...), smac...), 0x08, 0x00)
	h := make([]byte, 20)
	h[0] = 0x45
	binary.BigEndian.PutUint16(h[2:], uint16(20+len(payload)))
	binary.BigEndian.PutUint16(h[4:], 0x1234)
	h[6] = 0x40 // DF
	h[8] = ttl
	h[9] = 17
	copy(h[12:], src)
	copy(h[16:], dst)
	binary.BigEndian.PutUint16(h[10:], csum(h))
	return append(append(f, h...), payload...)
}

type l3Fixture struct {
	s  *exec.Switch
	l3 *irtest.L3
}

func newL3(t testing.TB) *l3Fixture {
	t.Helper()
	l3, err := irtest.BuildL3()
	if err != nil {
		t.Fatal(err)
	}
	s := exec.New(exec.WithClock(func() int64 { return 1000 }))
	if err := s.SetProgram(l3.Prog); err != nil {
		t.Fatal(err)
	}
	return &l3Fixture{s: s, l3: l3}
}

func (f *l3Fixture) host(t testing.TB, dst []byte, port byte, dmac []byte) {
	t.Helper()
	p := f.l3.Prog
	err := f.s.InsertEntry(&exec.TableEntry{Table: p.Tables[f.l3.Hosts].ID,
		Match:  []match.FieldMatch{{Value: dst}},
		Action: p.Actions[f.l3.SetNhop].ID, Params: [][]byte{{port}, dmac, mac(0xaa)}})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *l3Fixture) route(t testing.TB, dst []byte, plen int, port byte, dmac []byte) {
	t.Helper()
	p := f.l3.Prog
	err := f.s.InsertEntry(&exec.TableEntry{Table: p.Tables[f.l3.Routes].ID,
		Match:  []match.FieldMatch{{Value: dst, PrefixLen: plen}},
		Action: p.Actions[f.l3.SetNhop].ID, Params: [][]byte{{port}, dmac, mac(0xaa)}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestL3Forwarding(t *testing.T) {
	f := newL3(t)
	f.host(t, ip4(10, 0, 0, 1), 1, mac(1))
	f.route(t, ip4(10, 1, 0, 0), 16, 2, mac(2))
	f.route(t, ip4(10, 0, 0, 0), 8, 3, mac(3))
	src := ip4(192, 168, 0, 9)
	in := func(dst []byte, ttl byte) []byte { return ipv4Frame(mac(0xee), mac(0x99), src, dst, ttl, "hello") }
	out := func(dmac []byte, dst []byte, ttl byte) []byte {
		return ipv4Frame(dmac, mac(0xaa), src, dst, ttl, "hello")
	}
	short := in(ip4(10, 0, 0, 1), 64)[:14+12]
	badsum := in(ip4(10, 0, 0, 1), 64)
	badsum[14+10] ^= 0xff
	arp := append(append(append([]byte(nil), mac(0xff)...), mac(0x99)...), 0x08, 0x06, 1, 2, 3)
	tests := []struct {
		name string
		in   []byte
		want []frameOut
	}{
		{"exact host", in(ip4(10, 0, 0, 1), 64), []frameOut{{1, out(mac(1), ip4(10, 0, 0, 1), 63)}}},
		{"longest prefix", in(ip4(10, 1, 2, 3), 10), []frameOut{{2, out(mac(2), ip4(10, 1, 2, 3), 9)}}},
		{"shorter prefix", in(ip4(10, 2, 2, 3), 2), []frameOut{{3, out(mac(3), ip4(10, 2, 2, 3), 1)}}},
		{"no route", in(ip4(11, 0, 0, 1), 64), nil},
		{"not IPv4", arp, nil},
		{"parser error", short, nil},
		{"bad checksum", badsum, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, f.s, 5, tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
	stats := f.l3.Prog.Counters[f.l3.Stats].ID
	for _, c := range []struct {
		index uint64
		want  exec.CounterData
	}{
		{irtest.StatParser, exec.CounterData{Packets: 1, Bytes: uint64(len(short))}},
		{irtest.StatChecksum, exec.CounterData{Packets: 1, Bytes: uint64(len(badsum))}},
		{irtest.StatForwarded, exec.CounterData{Packets: 4, Bytes: 4 * uint64(len(badsum))}},
	} {
		got, err := f.s.ReadCounter(stats, c.index)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("stats[%d] = %+v, want %+v", c.index, got, c.want)
		}
	}
	st := f.s.Stats()
	if st.Received != 7 || st.Sent != 3 || st.Dropped != 4 || st.ParserErrors != 1 {
		t.Errorf("Stats() = %+v", st)
	}
}

func TestL3DirectCounterAndReadBack(t *testing.T) {
	f := newL3(t)
	f.route(t, ip4(10, 1, 0, 0), 16, 2, mac(2))
	frame := ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(10, 1, 0, 7), 9, "x")
	for i := 0; i < 3; i++ {
		run(t, f.s, 1, frame)
	}
	p := f.l3.Prog
	routes := p.Tables[f.l3.Routes].ID
	var got []*exec.TableEntry
	if err := f.s.ReadEntries(routes, func(e *exec.TableEntry) bool { got = append(got, e); return true }); err != nil {
		t.Fatal(err)
	}
	want := []*exec.TableEntry{{Table: routes, Match: []match.FieldMatch{{Value: ip4(10, 1, 0, 0), PrefixLen: 16}},
		Action: p.Actions[f.l3.SetNhop].ID, Params: [][]byte{{0, 2}, mac(2), mac(0xaa)},
		Counter: exec.CounterData{Packets: 3, Bytes: 3 * uint64(len(frame))}, LastHit: 1000}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadEntries (-want +got):\n%s", diff)
	}
	// Modify keeps the counter; the new action applies.
	e := *want[0]
	e.Params = [][]byte{{4}, mac(4), mac(0xaa)}
	if err := f.s.ModifyEntry(&e); err != nil {
		t.Fatal(err)
	}
	out := run(t, f.s, 1, frame)
	if len(out) != 1 || out[0].Port != 4 {
		t.Errorf("after modify: %v", out)
	}
	r, err := f.s.ReadEntry(&exec.TableEntry{Table: routes, Match: e.Match})
	if err != nil {
		t.Fatal(err)
	}
	if r.Counter.Packets != 4 {
		t.Errorf("counter after modify = %+v, want 4 packets", r.Counter)
	}
	if err := f.s.SetDirectCounter(&e, exec.CounterData{}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DeleteEntry(&e); err != nil {
		t.Fatal(err)
	}
	if out := run(t, f.s, 1, frame); len(out) != 0 {
		t.Errorf("after delete: %v", out)
	}
	if err := f.s.DeleteEntry(&e); err == nil {
		t.Error("second delete succeeded")
	}
}

func TestTableAPIErrors(t *testing.T) {
	f := newL3(t)
	p := f.l3.Prog
	hosts, routes := p.Tables[f.l3.Hosts].ID, p.Tables[f.l3.Routes].ID
	nhop := p.Actions[f.l3.SetNhop].ID
	params := [][]byte{{1}, mac(1), mac(2)}
	tests := []struct {
		name string
		e    exec.TableEntry
		want string
	}{
		{"unknown table", exec.TableEntry{Table: 99, Action: nhop, Params: params}, "unknown id"},
		{"unknown action", exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: ip4(1, 2, 3, 4)}}, Action: 99}, "unknown id"},
		{"missing param", exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: ip4(1, 2, 3, 4)}}, Action: nhop, Params: params[:2]}, "takes 3 parameters"},
		{"param too wide", exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: ip4(1, 2, 3, 4)}}, Action: nhop, Params: [][]byte{{2, 0}, mac(1), mac(2)}}, "does not fit in 9 bits"},
		{"key too wide", exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: []byte{1, 1, 2, 3, 4}}}, Action: nhop, Params: params}, "does not fit in 32 bits"},
		{"wildcard exact", exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Wildcard: true}}, Action: nhop, Params: params}, "cannot be omitted"},
		{"bad prefix", exec.TableEntry{Table: routes, Match: []match.FieldMatch{{Value: ip4(1, 2, 3, 4), PrefixLen: 33}}, Action: nhop, Params: params}, "prefix length 33"},
		{"key count", exec.TableEntry{Table: routes, Action: nhop, Params: params}, "0 match fields for 1 keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.s.InsertEntry(&tt.e)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("InsertEntry() = %v, want %q", err, tt.want)
			}
		})
	}
	// Canonical bytes and zero-padded bytes name the same entry.
	e := exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: []byte{1}}}, Action: nhop, Params: params}
	if err := f.s.InsertEntry(&e); err != nil {
		t.Fatal(err)
	}
	e.Match = []match.FieldMatch{{Value: []byte{0, 0, 0, 1}}}
	if err := f.s.InsertEntry(&e); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("duplicate insert = %v", err)
	}
	if n, _ := f.s.EntryCount(hosts); n != 1 {
		t.Errorf("EntryCount = %d", n)
	}
	// Default entries.
	if err := f.s.SetDefaultEntry(routes, nhop, [][]byte{{9}, mac(9), mac(8)}); err != nil {
		t.Fatal(err)
	}
	frame := ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(99, 0, 0, 1), 9, "")
	if out := run(t, f.s, 1, frame); len(out) != 1 || out[0].Port != 9 {
		t.Errorf("default action output %v, want port 9", out)
	}
	d, err := f.s.DefaultEntry(routes)
	if err != nil || d.Action != nhop {
		t.Errorf("DefaultEntry = %+v, %v", d, err)
	}
	if err := f.s.ResetDefaultEntry(routes); err != nil {
		t.Fatal(err)
	}
	if out := run(t, f.s, 1, frame); len(out) != 0 {
		t.Errorf("after reset: %v", out)
	}
}

func TestTrace(t *testing.T) {
	f := newL3(t)
	f.route(t, ip4(10, 0, 0, 0), 8, 3, mac(3))
	var lines []string
	f.s.SetTrace(func(l string) { lines = append(lines, l) })
	run(t, f.s, 1, ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(10, 0, 0, 1), 9, ""))
	f.s.SetTrace(nil)
	want := []string{
		"packet in port 1, 34 bytes, instance_type 0",
		"parser state start",
		"parser state parse_ipv4",
		"table hosts: miss, action drop",
		"table routes: hit, action set_nhop",
		"egress port 3",
		"packet out port 3, 34 bytes",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
}

func TestZeroAllocs(t *testing.T) {
	f := newL3(t)
	f.route(t, ip4(10, 0, 0, 0), 8, 3, mac(3))
	frame := ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(10, 0, 0, 1), 9, "payload")
	n := 0
	out := func(uint32, []byte) { n++ }
	w := f.s.NewWorker()
	w.Process(1, frame, out)
	if a := testing.AllocsPerRun(100, func() { w.Process(1, frame, out) }); a != 0 {
		t.Errorf("Worker.Process: %v allocs per packet, want 0", a)
	}
	if a := testing.AllocsPerRun(100, func() { f.s.Process(1, frame, out) }); a != 0 && !raceEnabled {
		t.Errorf("Switch.Process: %v allocs per packet, want 0", a)
	}
	if n == 0 {
		t.Fatal("nothing forwarded")
	}
}

func TestWriteBatch(t *testing.T) {
	f := newL3(t)
	p := f.l3.Prog
	hosts, routes := p.Tables[f.l3.Hosts].ID, p.Tables[f.l3.Routes].ID
	nhop := p.Actions[f.l3.SetNhop].ID
	params := func(port byte) [][]byte { return [][]byte{{port}, mac(port), mac(0xaa)} }
	host := func(last byte, port byte) *exec.TableEntry {
		return &exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: ip4(10, 0, 0, last)}}, Action: nhop, Params: params(port)}
	}
	route := &exec.TableEntry{Table: routes, Match: []match.FieldMatch{{Value: ip4(10, 0, 0, 0), PrefixLen: 8}}, Action: nhop, Params: params(7)}
	errs := f.s.WriteBatch([]exec.Update{
		{exec.Insert, host(1, 1)},
		{exec.Insert, host(2, 2)},
		{exec.Insert, host(1, 3)}, // duplicate
		{exec.Insert, route},
		{exec.Modify, host(2, 4)},
		{exec.Delete, host(9, 0)}, // missing
		{exec.Insert, &exec.TableEntry{Table: 99}},
	})
	var got []string
	for _, err := range errs {
		got = append(got, fmt.Sprint(err != nil))
	}
	if diff := cmp.Diff([]string{"false", "false", "true", "false", "false", "true", "true"}, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s\n%v", diff, errs)
	}
	for _, c := range []struct {
		dst  []byte
		port uint32
	}{{ip4(10, 0, 0, 1), 1}, {ip4(10, 0, 0, 2), 4}, {ip4(10, 0, 0, 3), 7}} {
		out := run(t, f.s, 9, ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), c.dst, 9, ""))
		if len(out) != 1 || out[0].Port != c.port {
			t.Errorf("to %v: %v, want port %d", c.dst, out, c.port)
		}
	}
}

// BenchmarkWriteBatch inserts flow-cache-like exact entries in batches of
// 1000 (then deletes them): entries/s of the table API.
func BenchmarkWriteBatch(b *testing.B) {
	f := newL3(b)
	p := f.l3.Prog
	hosts, nhop := p.Tables[f.l3.Hosts].ID, p.Actions[f.l3.SetNhop].ID
	const batch = 1000
	ins := make([]exec.Update, batch)
	del := make([]exec.Update, batch)
	for i := range ins {
		e := &exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: ip4(10, 1, byte(i>>8), byte(i))}}, Action: nhop,
			Params: [][]byte{{1}, mac(1), mac(2)}}
		ins[i] = exec.Update{Op: exec.Insert, Entry: e}
		del[i] = exec.Update{Op: exec.Delete, Entry: e}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for _, err := range f.s.WriteBatch(ins) {
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		f.s.WriteBatch(del)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "entries/s")
}

func TestIdleTimeout(t *testing.T) {
	b := ir.NewBuilder("idle")
	eth := b.Header("ethernet", irtest.EthernetFields...)
	_, st := b.State("start")
	st.Extract(eth)
	st.Accept()
	a, ac := b.Action("fwd")
	ac.SetConst(b.StdField("egress_spec"), 1)
	tbl := b.Table(ir.TableSpec{Name: "t", Keys: []ir.KeySpec{{Name: "type", Kind: match.KindExact, Value: b.HeaderField(eth, "ether_type")}},
		Actions: []ir.ActionRef{{Action: a}}, Default: ir.ActionCall{Action: a}, SupportTimeout: true})
	in := b.NewCode("in")
	in.Apply(tbl)
	b.SetControls(nil, in, nil, nil, nil)
	p, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	now := int64(1000)
	s := exec.New(exec.WithClock(func() int64 { return now }))
	if err := s.SetProgram(p); err != nil {
		t.Fatal(err)
	}
	id := p.Tables[tbl].ID
	for _, v := range []byte{1, 2} {
		if err := s.InsertEntry(&exec.TableEntry{Table: id, Match: []match.FieldMatch{{Value: []byte{0, v}}}, Action: p.Actions[a].ID, IdleTimeout: 100}); err != nil {
			t.Fatal(err)
		}
	}
	now = 1050
	run(t, s, 1, append(make([]byte, 12), 0, 1)) // entry 1 hit at 1050
	now = 1120
	var idle []byte
	if err := s.IdleEntries(id, now, func(e *exec.TableEntry) { idle = append(idle, e.Match[0].Value[1]) }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]byte{2}, idle); diff != "" {
		t.Errorf("idle entries (-want +got):\n%s", diff)
	}
}
