package lower_test

import (
	"encoding/binary"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// target is a switch running a lowered program, with look-ups by name
// for the test's table writes.
type target struct {
	t testing.TB
	s *exec.Switch
	p *ir.Program
}

func newTarget(t testing.TB, path string) *target {
	t.Helper()
	p, _ := load(t, path)
	s := exec.New(exec.WithClock(func() int64 { return 42 }))
	if err := s.SetProgram(p); err != nil {
		t.Fatal(err)
	}
	return &target{t: t, s: s, p: p}
}

func (tg *target) table(name string) uint32 {
	for _, t := range tg.p.Tables {
		if t.Name == name {
			return t.ID
		}
	}
	tg.t.Fatalf("no table %q", name)
	return 0
}

func (tg *target) action(name string) uint32 {
	for _, a := range tg.p.Actions {
		if a.Name == name {
			return a.ID
		}
	}
	tg.t.Fatalf("no action %q", name)
	return 0
}

func (tg *target) insert(table string, m []match.FieldMatch, action string, params ...[]byte) {
	tg.t.Helper()
	if err := tg.s.InsertEntry(&exec.TableEntry{Table: tg.table(table), Match: m, Action: tg.action(action), Params: params}); err != nil {
		tg.t.Fatalf("insert into %s: %v", table, err)
	}
}

func (tg *target) setDefault(table, action string, params ...[]byte) {
	tg.t.Helper()
	if err := tg.s.SetDefaultEntry(tg.table(table), tg.action(action), params); err != nil {
		tg.t.Fatalf("default of %s: %v", table, err)
	}
}

type out struct {
	Port  uint32
	Frame []byte
}

func (tg *target) send(port uint32, frame []byte) []out {
	var got []out
	tg.s.Process(port, frame, func(p uint32, f []byte) { got = append(got, out{p, append([]byte(nil), f...)}) })
	return got
}

func exact(v ...byte) match.FieldMatch { return match.FieldMatch{Value: v} }

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

func mac(last byte) []byte { return []byte{2, 0, 0, 0, 0, last} }

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

func ipv4Header(src, dst []byte, ttl, proto byte, payloadLen int) []byte {
	h := make([]byte, 20)
	h[0] = 0x45
	binary.BigEndian.PutUint16(h[2:], uint16(20+payloadLen))
	h[8], h[9] = ttl, proto
	copy(h[12:], src)
	copy(h[16:], dst)
	binary.BigEndian.PutUint16(h[10:], csum(h))
	return h
}

func eth(dst, src []byte, typ uint16) []byte {
	return binary.BigEndian.AppendUint16(append(append([]byte(nil), dst...), src...), typ)
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func TestBasicP4(t *testing.T) {
	tg := newTarget(t, "../syntax/testdata/programs/basic.p4")
	tg.insert("MyIngress.ipv4_lpm", []match.FieldMatch{{Value: []byte{10, 0, 0, 0}, PrefixLen: 8}},
		"MyIngress.ipv4_forward", mac(9), []byte{0, 3})
	payload := []byte("data")
	in := cat(eth(mac(1), mac(2), 0x0800), ipv4Header([]byte{1, 2, 3, 4}, []byte{10, 1, 1, 1}, 64, 6, len(payload)), payload)
	want := []out{{3, cat(eth(mac(9), mac(1), 0x0800), ipv4Header([]byte{1, 2, 3, 4}, []byte{10, 1, 1, 1}, 63, 6, len(payload)), payload)}}
	if diff := cmp.Diff(want, tg.send(1, in)); diff != "" {
		t.Errorf("forwarded (-want +got):\n%s", diff)
	}
	ttl1 := cat(eth(mac(1), mac(2), 0x0800), ipv4Header([]byte{1, 2, 3, 4}, []byte{10, 1, 1, 1}, 1, 6, 0))
	if got := tg.send(1, ttl1); len(got) != 0 {
		t.Errorf("TTL 1 forwarded: %v", got)
	}
	miss := cat(eth(mac(1), mac(2), 0x0800), ipv4Header([]byte{1, 2, 3, 4}, []byte{11, 1, 1, 1}, 9, 6, 0))
	if got := tg.send(1, miss); len(got) != 0 {
		t.Errorf("miss forwarded: %v", got)
	}
}

func TestTunnelP4HeaderStack(t *testing.T) {
	tg := newTarget(t, "../syntax/testdata/programs/tunnel.p4")
	label := func(l uint32, bos, ttl byte) []byte { return u32(l<<12 | uint32(bos)<<8 | uint32(ttl)) }
	dst := []byte{10, 1, 2, 3}
	ip := ipv4Header([]byte{1, 1, 1, 1}, dst, 64, 6, 0)
	fwd := func(top uint32, valid byte, action string, params ...[]byte) {
		tg.insert("TunnelIngress.fwd", []match.FieldMatch{{Value: u32(top)}, {Value: []byte{10, 0, 0, 0}, PrefixLen: 8}, {Value: []byte{valid}}},
			"TunnelIngress."+action, params...)
	}
	fwd(0, 0, "push", u32(100), u16(2))
	fwd(100, 1, "pop", u16(3))
	fwd(200, 1, "swap", u32(201), u16(4))
	tests := []struct {
		name string
		in   []byte
		want []out
	}{
		{"push onto IPv4", cat(eth(mac(1), mac(2), 0x0800), ip), []out{{2, cat(eth(mac(1), mac(2), 0x8847), label(100, 1, 64), ip)}}},
		{"pop the last label", cat(eth(mac(1), mac(2), 0x8847), label(100, 1, 7), ip), []out{{3, cat(eth(mac(1), mac(2), 0x0800), ip)}}},
		{"swap the top label", cat(eth(mac(1), mac(2), 0x8847), label(200, 0, 10), label(300, 1, 5), ip),
			[]out{{4, cat(eth(mac(1), mac(2), 0x8847), label(201, 0, 9), label(300, 1, 5), ip)}}},
		{"too many labels", cat(eth(mac(1), mac(2), 0x8847), label(1, 0, 1), label(2, 0, 1), label(3, 0, 1), label(4, 0, 1), label(5, 1, 1), ip), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tg.send(1, tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnionP4(t *testing.T) {
	tg := newTarget(t, "../syntax/testdata/programs/union.p4")
	v4 := func(ttl byte) []byte {
		h := make([]byte, 20)
		h[0], h[8] = 0x45, ttl
		return h
	}
	v6 := func(hops byte) []byte {
		h := make([]byte, 40)
		h[0], h[7] = 0x60, hops
		return h
	}
	e4, e6 := eth(mac(1), mac(2), 0x0800), eth(mac(1), mac(2), 0x86dd)
	tests := []struct {
		name string
		in   []byte
		want []out
	}{
		{"IPv4 member", cat(e4, v4(5), []byte("p")), []out{{1, cat(e4, v4(4), []byte("p"))}}},
		{"IPv6 member", cat(e6, v6(3), []byte("p")), []out{{1, cat(e6, v6(2), []byte("p"))}}},
		// Both members invalidated: the union is not emitted, and the
		// program's egress_spec = 0 overrides its mark_to_drop, as on BMv2.
		{"expired", cat(e4, v4(0), []byte("p")), []out{{0, cat(e4, []byte("p"))}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tg.send(1, tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestVarbitP4(t *testing.T) {
	tg := newTarget(t, "testdata/varbit.p4")
	e := eth(mac(1), mac(2), 0x1234)
	tests := []struct {
		name string
		in   []byte
		want []out
	}{
		{"3-byte value", cat(e, []byte{9, 3, 0xab, 0xcd, 0xef}, []byte("zz")), []out{{1, cat(e, []byte{10, 3, 0xab, 0xcd, 0xef}, []byte("zz"))}}},
		{"empty value", cat(e, []byte{9, 0}, []byte("zz")), []out{{1, cat(e, []byte{10, 0}, []byte("zz"))}}},
		{"8-byte value", cat(e, []byte{1, 8, 1, 2, 3, 4, 5, 6, 7, 8}), []out{{1, cat(e, []byte{1, 8, 1, 2, 3, 4, 5, 6, 7, 8})}}},
		{"too long for the varbit", cat(e, []byte{9, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9}), []out{{2, cat(e, []byte{9, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9})}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tg.send(1, tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetersP4ActionSelector(t *testing.T) {
	tg := newTarget(t, "../syntax/testdata/programs/meters.p4")
	var sel uint32
	for _, ap := range tg.p.ActionProfiles {
		if ap.Name == "MIngress.ecmp_selector" {
			sel = ap.ID
		}
	}
	nhop := tg.action("MIngress.set_nhop")
	for m := uint32(1); m <= 3; m++ {
		if err := tg.s.WriteProfileMember(exec.Insert, sel, m, nhop, [][]byte{u16(uint16(m))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tg.s.WriteProfileGroup(exec.Insert, sel, 7, []uint32{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := tg.s.InsertEntry(&exec.TableEntry{Table: tg.table("MIngress.ecmp"),
		Match: []match.FieldMatch{{Value: []byte{10, 0, 0, 0}, PrefixLen: 8}}, Indirect: exec.GroupRef, Ref: 7}); err != nil {
		t.Fatal(err)
	}
	ports := map[uint32]int{}
	for i := 0; i < 64; i++ {
		src := []byte{192, 168, byte(i), byte(i * 7)}
		frame := cat(eth(mac(1), mac(2), 0x0800), ipv4Header(src, []byte{10, 1, 1, 1}, 64, 6, 0))
		got := tg.send(1, frame)
		if len(got) != 1 {
			t.Fatalf("src %v: %d frames", src, len(got))
		}
		want := uint32(crc16(cat(src, []byte{6}))&0xf%3) + 1
		if got[0].Port != want {
			t.Errorf("src %v: port %d, want %d", src, got[0].Port, want)
		}
		ports[got[0].Port]++
	}
	if len(ports) != 3 {
		t.Errorf("ports used: %v", ports)
	}
	// A group still referenced by a member cannot lose it; read-back.
	if err := tg.s.WriteProfileMember(exec.Delete, sel, 2, 0, nil); err == nil {
		t.Error("deleted a member of a group")
	}
	members, groups, err := tg.s.ReadProfile(sel)
	if err != nil || len(members) != 3 || len(groups[7]) != 3 {
		t.Errorf("ReadProfile = %v, %v, %v", members, groups, err)
	}
}
