package exec_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir/irtest"
)

type digestSink struct{ got [][][]byte }

func (d *digestSink) Digest(m *exec.DigestMessage) {
	var fs [][]byte
	for _, f := range m.Fields {
		fs = append(fs, append([]byte(nil), f...))
	}
	d.got = append(d.got, fs)
}

func newFeatures(t testing.TB) (*exec.Switch, *irtest.Features) {
	t.Helper()
	x, err := irtest.BuildFeatures()
	if err != nil {
		t.Fatal(err)
	}
	s := exec.New()
	if err := s.SetProgram(x.Prog); err != nil {
		t.Fatal(err)
	}
	return s, x
}

func ipv6Frame(src, dst byte, payload string) []byte {
	f := append(append(append([]byte(nil), mac(1)...), mac(2)...), 0x86, 0xdd)
	h := make([]byte, 40)
	h[0] = 0x60
	h[4], h[5] = 0, byte(len(payload))
	h[6], h[7] = 17, 64
	h[8], h[23] = 0x20, src
	h[24], h[39] = 0x20, dst
	return append(append(f, h...), payload...)
}

func ternary(v, m []byte) match.FieldMatch { return match.FieldMatch{Value: v, Mask: m} }

// aclEntry matches IPv6 destinations ending in last, priority prio.
func aclEntry(s *exec.Switch, x *irtest.Features, last byte, prio int32, action int, params ...[]byte) error {
	dst := make([]byte, 16)
	dst[0], dst[15] = 0x20, last
	mask := bytes.Repeat([]byte{0xff}, 16)
	p := x.Prog
	return s.InsertEntry(&exec.TableEntry{Table: p.Tables[x.ACL].ID, Priority: prio,
		Match:  []match.FieldMatch{ternary([]byte{0x86, 0xdd}, []byte{0xff, 0xff}), ternary(dst, mask)},
		Action: p.Actions[action].ID, Params: params})
}

func TestFeatures(t *testing.T) {
	s, x := newFeatures(t)
	p := x.Prog
	sink := &digestSink{}
	s.SetDigestSink(sink)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(aclEntry(s, x, 1, 10, x.Fwd, []byte{3}))
	must(aclEntry(s, x, 2, 10, x.Mcast, []byte{0, 5}))
	must(aclEntry(s, x, 3, 10, x.CloneIt, []byte{0, 0, 0, 9}))
	must(aclEntry(s, x, 4, 10, x.Recirc))
	must(aclEntry(s, x, 5, 10, x.DigestIt))
	// A wildcard on the address with a lower priority: everything IPv6
	// else goes to port 6.
	must(s.InsertEntry(&exec.TableEntry{Table: p.Tables[x.ACL].ID, Priority: 1,
		Match:  []match.FieldMatch{ternary([]byte{0x86, 0xdd}, []byte{0xff, 0xff}), {Wildcard: true}},
		Action: p.Actions[x.Fwd].ID, Params: [][]byte{{6}}}))
	must(s.WriteMulticastGroup(exec.Insert, 5, []exec.Replica{{Port: 1, Instance: 1}, {Port: 2, Instance: 2}}))
	must(s.WriteCloneSession(exec.Insert, 9, exec.CloneSession{Replicas: []exec.Replica{{Port: 8}}, PacketLengthBytes: 20}))

	withSrc := func(f []byte, src []byte) []byte {
		f = slices.Clone(f)
		copy(f[6:12], src)
		return f
	}
	tests := []struct {
		name string
		in   []byte
		want []frameOut
	}{
		{"unicast", ipv6Frame(9, 1, "a"), []frameOut{{3, ipv6Frame(9, 1, "a")}}},
		{"wildcard", ipv6Frame(9, 7, "a"), []frameOut{{6, ipv6Frame(9, 7, "a")}}},
		{"multicast", ipv6Frame(9, 2, "m"), []frameOut{
			{1, withSrc(ipv6Frame(9, 2, "m"), []byte{0, 0, 0, 0, 0, 1})},
			{2, withSrc(ipv6Frame(9, 2, "m"), []byte{0, 0, 0, 0, 0, 2})}}},
		{"clone I2E truncated", ipv6Frame(9, 3, "c"), []frameOut{
			{8, withSrc(ipv6Frame(9, 3, "c"), []byte{0, 0, 0, 0, 0xc1, 0x0e})[:20]},
			{1, ipv6Frame(9, 3, "c")}}},
		{"recirculate", ipv6Frame(9, 4, "r"), []frameOut{{7, ipv6Frame(9, 4, "r")}}},
		{"digest", ipv6Frame(9, 5, "d"), []frameOut{{1, ipv6Frame(9, 5, "d")}}},
		{"not IPv6: default drop", ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(2, 2, 2, 2), 5, ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, s, 4, tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
	wantDigest := [][][]byte{{mac(2), {0, 4}}}
	if diff := cmp.Diff(wantDigest, sink.got); diff != "" {
		t.Errorf("digests (-want +got):\n%s", diff)
	}
	// The register counted every ingress pass on port 4 (the recirculated
	// pass exits before counting).
	v, err := s.ReadRegister(p.Registers[x.Seen].ID, 4)
	must(err)
	if want := []byte{0, 0, 0, byte(len(tests))}; !bytes.Equal(v, want) {
		t.Errorf("seen[4] = %x, want %x", v, want)
	}
	must(s.WriteRegister(p.Registers[x.Seen].ID, 4, []byte{1, 0}))
	v, _ = s.ReadRegister(p.Registers[x.Seen].ID, 4)
	if !bytes.Equal(v, []byte{0, 0, 1, 0}) {
		t.Errorf("seen[4] after write = %x", v)
	}
}

func TestAssertAndLog(t *testing.T) {
	s, x := newFeatures(t)
	var lines []string
	s.SetTrace(func(l string) { lines = append(lines, l) })
	run(t, s, 3, ipv6Frame(7, 7, ""))
	if got := s.Stats().AssertFailures; got != 1 {
		t.Errorf("AssertFailures = %d, want 1", got)
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{"log_msg: loop on port 3", "assert failed at FeaturesIngress+", "table acl: miss, action drop", "drop: egress_spec is the drop port"} {
		if !strings.Contains(all, want) {
			t.Errorf("trace lacks %q:\n%s", want, all)
		}
	}
	_ = x
}

func TestValueSet(t *testing.T) {
	s, x := newFeatures(t)
	p := x.Prog
	id := p.ValueSets[x.ValueSet].ID
	frame := append(append(append([]byte(nil), mac(1)...), mac(2)...), 0x88, 0xb5, 0, 0)
	// The ACL sends ether type 0x88b5 to port 2 only when meta.vs... is
	// not a key; use the trace to see the parser state instead.
	var lines []string
	s.SetTrace(func(l string) { lines = append(lines, l) })
	run(t, s, 1, frame)
	if slices.Contains(lines, "parser state mark") {
		t.Fatalf("value_set matched while empty: %v", lines)
	}
	if err := s.SetValueSet(id, []exec.ValueSetMember{{Match: []match.FieldMatch{{Value: []byte{0x88, 0x00}, Mask: []byte{0xff, 0x00}}}}}); err != nil {
		t.Fatal(err)
	}
	lines = nil
	run(t, s, 1, frame)
	if !slices.Contains(lines, "parser state mark") {
		t.Errorf("value_set did not match: %v", lines)
	}
	got, err := s.ValueSet(id)
	if err != nil || len(got) != 1 {
		t.Errorf("ValueSet() = %v, %v", got, err)
	}
	if err := s.SetValueSet(id, make([]exec.ValueSetMember, 5)); err == nil {
		t.Error("SetValueSet accepted more members than the size")
	}
}

func TestPREErrors(t *testing.T) {
	s := exec.New()
	if err := s.WriteMulticastGroup(exec.Insert, 0, nil); err == nil {
		t.Error("group 0 accepted")
	}
	if err := s.WriteMulticastGroup(exec.Modify, 3, nil); err == nil {
		t.Error("modify of a missing group accepted")
	}
	if err := s.WriteMulticastGroup(exec.Insert, 3, []exec.Replica{{Port: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteMulticastGroup(exec.Insert, 3, nil); err == nil {
		t.Error("duplicate group accepted")
	}
	n := 0
	s.MulticastGroups(func(uint32, []exec.Replica) { n++ })
	if n != 1 {
		t.Errorf("%d groups", n)
	}
	if err := s.WriteMulticastGroup(exec.Delete, 3, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCloneSession(exec.Delete, 3, exec.CloneSession{}); err == nil {
		t.Error("delete of a missing session accepted")
	}
}

func TestNoPipeline(t *testing.T) {
	s := exec.New()
	out := run(t, s, 1, []byte{1, 2, 3})
	if len(out) != 0 || s.Stats().Dropped != 1 {
		t.Errorf("no pipeline: out %v stats %+v", out, s.Stats())
	}
	if err := s.InsertEntry(&exec.TableEntry{}); err == nil {
		t.Error("insert without a pipeline accepted")
	}
}

func TestHashValues(t *testing.T) {
	// hash(crc16) over {src_addr, dst_addr}: check against the CRC-16/ARC
	// of the 12 MAC bytes computed here bit by bit.
	s, x := newFeatures(t)
	_ = s
	data := append(mac(2), mac(1)...)
	var crc uint16
	for _, b := range data {
		crc ^= uint16(b)
		for i := 0; i < 8; i++ {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xa001
			} else {
				crc >>= 1
			}
		}
	}
	// Observe meta.hash through log: not exposed; use a tiny program.
	b := ir.NewBuilder("h")
	eth := b.Header("ethernet", irtest.EthernetFields...)
	_, st := b.State("start")
	st.Extract(eth)
	st.Accept()
	in := b.NewCode("in")
	h := b.Local("h", 16)
	in.Hash(h, ir.HashCRC16, in.Const(16, 0), []ir.Value{b.HeaderField(eth, "src_addr"), b.HeaderField(eth, "dst_addr")}, in.Const(32, 65536))
	in.Assign(b.HeaderField(eth, "ether_type"), h)
	in.SetConst(b.StdField("egress_spec"), 1)
	dep := b.NewCode("dep")
	dep.EmitHeader(eth)
	b.SetControls(nil, in, nil, nil, dep)
	prog, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s2 := exec.New()
	if err := s2.SetProgram(prog); err != nil {
		t.Fatal(err)
	}
	frame := append(append(append([]byte(nil), mac(1)...), mac(2)...), 0, 0)
	out := run(t, s2, 1, frame)
	if len(out) != 1 {
		t.Fatalf("out %v", out)
	}
	if got := uint16(out[0].Frame[12])<<8 | uint16(out[0].Frame[13]); got != crc {
		t.Errorf("crc16 = %#04x, want %#04x", got, crc)
	}
	_ = x
}

func TestRegisterReadModifyWriteConcurrent(t *testing.T) {
	s, x := newFeatures(t)
	frame := ipv6Frame(9, 9, "")
	const goroutines, packets = 4, 500
	done := make(chan bool)
	for g := 0; g < goroutines; g++ {
		go func() {
			for i := 0; i < packets; i++ {
				s.Process(4, frame, func(uint32, []byte) {})
			}
			done <- true
		}()
	}
	for g := 0; g < goroutines; g++ {
		<-done
	}
	v, err := s.ReadRegister(x.Prog.Registers[x.Seen].ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got := int(v[0])<<24 | int(v[1])<<16 | int(v[2])<<8 | int(v[3]); got != goroutines*packets {
		t.Errorf("seen[4] = %d, want %d (lost read-modify-writes)", got, goroutines*packets)
	}
}

// TestSwapUnderTraffic swaps whole pipelines while packets flow and
// writers change tables: every packet runs on one pipeline (the L3
// program drops or forwards; it never crashes or mixes states).
func TestSwapUnderTraffic(t *testing.T) {
	f := newL3(t)
	l3 := f.l3
	frame := ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(10, 0, 0, 1), 9, "x")
	stop := make(chan bool)
	done := make(chan bool)
	go func() {
		for {
			select {
			case <-stop:
				done <- true
				return
			default:
				f.s.Process(1, frame, func(p uint32, _ []byte) {
					if p != 3 {
						t.Errorf("output on port %d", p)
					}
				})
			}
		}
	}()
	for i := 0; i < 50; i++ {
		if err := f.s.SetProgram(l3.Prog); err != nil {
			t.Fatal(err)
		}
		f.route(t, ip4(10, 0, 0, 0), 8, 3, mac(3))
	}
	close(stop)
	<-done
}

// TestHashSkipsInvalidHeaders: the fields of an invalid header are left
// out of a hash's input (BMv2's BufBuilder), those of a valid one kept.
func TestHashSkipsInvalidHeaders(t *testing.T) {
	b := ir.NewBuilder("h")
	a := b.Header("a", ir.FieldSpec{Name: "x", Width: 8}, ir.FieldSpec{Name: "r", Width: 16})
	opt := b.Header("opt", ir.FieldSpec{Name: "o", Width: 8})
	_, st := b.State("start")
	st.Extract(a)
	st.Accept()
	in := b.NewCode("in")
	r := b.HeaderField(a, "r")
	x, o := b.HeaderField(a, "x"), b.HeaderField(opt, "o")
	in.Hash(r, ir.HashIdentity, in.Const(16, 0), []ir.Value{x, o}, in.Const(32, 65536), a.Valid, opt.Valid)
	in.SetConst(b.StdField("egress_spec"), 1)
	dep := b.NewCode("dep")
	dep.EmitHeader(a)
	b.SetControls(nil, in, nil, nil, dep)
	prog, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := exec.New()
	if err := s.SetProgram(prog); err != nil {
		t.Fatal(err)
	}
	out := run(t, s, 1, []byte{0xab, 0, 0})
	// opt is invalid: the input is x alone, identity 0xab.
	if len(out) != 1 || out[0].Frame[1] != 0 || out[0].Frame[2] != 0xab {
		t.Errorf("out %x, want ab 00 ab", out)
	}
}
