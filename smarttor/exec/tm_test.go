package exec_test

import (
	"errors"

	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir/irtest"
)

// buildTM builds a program for the traffic manager paths:
//
//	ingress: if (instance_type == NORMAL && ether_type == 1) { meta.mark = 7; resubmit_preserving_field_list(1); }
//	         ethernet.src_addr[7:0] = meta.mark; egress_spec = 2;
//	egress:  if (instance_type == NORMAL && ether_type == 2) { clone_preserving_field_list(E2E, 5, 1); }
//	         if (instance_type == EGRESS_CLONE) { ethernet.dst_addr = 0xc1; truncate(8); }
//	         if (ether_type == 3) { mark_to_drop(); }
func buildTM(t *testing.T) *ir.Program {
	b := ir.NewBuilder("tm")
	eth := b.Header("ethernet", irtest.EthernetFields...)
	meta := b.Struct("meta", ir.F("mark", 8))
	mark := b.StructField(meta, "mark")
	typ := b.HeaderField(eth, "ether_type")
	_, st := b.State("start")
	st.Extract(eth)
	st.Accept()
	fl := b.FieldList(1, mark)
	in := b.NewCode("in")
	in.If(in.Bin(ir.OpAnd, in.BinK(ir.OpEq, b.StdField("instance_type"), ir.InstanceNormal), in.BinK(ir.OpEq, typ, 1)), func() {
		in.SetConst(mark, 7)
		in.Resubmit(fl)
	}, nil)
	src := b.HeaderField(eth, "src_addr")
	in.Assign(src, in.Bin(ir.OpOr, in.BinK(ir.OpAnd, src, 0xffffffffff00), in.Cast(mark, 48, false)))
	in.SetConst(b.StdField("egress_spec"), 2)
	eg := b.NewCode("eg")
	eg.If(eg.Bin(ir.OpAnd, eg.BinK(ir.OpEq, b.StdField("instance_type"), ir.InstanceNormal), eg.BinK(ir.OpEq, typ, 2)), func() {
		eg.Clone(ir.CloneE2E, eg.Const(32, 5), fl)
	}, nil)
	eg.If(eg.BinK(ir.OpEq, b.StdField("instance_type"), ir.InstanceEgressClone), func() {
		eg.SetConst(b.HeaderField(eth, "dst_addr"), 0xc1)
		eg.Truncate(eg.Const(32, 8))
	}, nil)
	eg.If(eg.BinK(ir.OpEq, typ, 3), func() { eg.MarkToDrop() }, nil)
	dep := b.NewCode("dep")
	dep.EmitHeader(eth)
	b.SetControls(nil, in, eg, nil, dep)
	p, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTrafficManager(t *testing.T) {
	s := exec.New()
	if err := s.SetProgram(buildTM(t)); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCloneSession(exec.Insert, 5, exec.CloneSession{Replicas: []exec.Replica{{Port: 6, Instance: 3}}}); err != nil {
		t.Fatal(err)
	}
	frame := func(dst, src []byte, typ byte, payload string) []byte {
		return append(append(append(append([]byte(nil), dst...), src...), 0, typ), payload...)
	}
	tests := []struct {
		name string
		in   []byte
		want []frameOut
	}{
		{"plain", frame(mac(1), mac(2), 0, "p"), []frameOut{{2, frame(mac(1), mac(0), 0, "p")}}},
		{"resubmit keeps the field list", frame(mac(1), mac(2), 1, "r"), []frameOut{{2, frame(mac(1), mac(7), 1, "r")}}},
		{"E2E clone of the egress packet, truncated", frame(mac(1), mac(2), 2, "clone me"), []frameOut{
			{2, frame(mac(1), mac(0), 2, "clone me")},
			{6, frame([]byte{0, 0, 0, 0, 0, 0xc1}, mac(0), 2, "clone me")[:8]}}},
		{"mark_to_drop in egress", frame(mac(1), mac(2), 3, ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, run(t, s, 1, tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTableLimits(t *testing.T) {
	b := ir.NewBuilder("limits")
	eth := b.Header("ethernet", irtest.EthernetFields...)
	_, st := b.State("start")
	st.Extract(eth)
	st.Accept()
	a, _ := b.Action("nop")
	key := []ir.KeySpec{{Name: "type", Kind: match.KindExact, Value: b.HeaderField(eth, "ether_type")}}
	small := b.Table(ir.TableSpec{Name: "small", Keys: key, Actions: []ir.ActionRef{{Action: a}}, Default: ir.ActionCall{Action: a}, Size: 1})
	fixed := b.Table(ir.TableSpec{Name: "fixed", Keys: key, Actions: []ir.ActionRef{{Action: a}}, Default: ir.ActionCall{Action: a},
		ConstEntries: true, ConstDefault: true, Entries: []ir.ConstEntry{{Match: []match.FieldMatch{{Value: []byte{8, 0}}}, Action: ir.ActionCall{Action: a}}}})
	p, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := exec.New()
	if err := s.SetProgram(p); err != nil {
		t.Fatal(err)
	}
	entry := func(table int, v byte) *exec.TableEntry {
		return &exec.TableEntry{Table: p.Tables[table].ID, Match: []match.FieldMatch{{Value: []byte{v}}}, Action: p.Actions[a].ID}
	}
	if err := s.InsertEntry(entry(small, 1)); err != nil {
		t.Fatal(err)
	}
	if err := s.InsertEntry(entry(small, 2)); !errors.Is(err, exec.ErrTableFull) {
		t.Errorf("insert into a full table = %v, want ErrTableFull", err)
	}
	if err := s.InsertEntry(entry(fixed, 2)); !errors.Is(err, exec.ErrConstEntries) {
		t.Errorf("insert into a const table = %v, want ErrConstEntries", err)
	}
	if err := s.SetDefaultEntry(p.Tables[fixed].ID, p.Actions[a].ID, nil); !errors.Is(err, exec.ErrConstDefault) {
		t.Errorf("const default change = %v, want ErrConstDefault", err)
	}
	if n, _ := s.EntryCount(p.Tables[fixed].ID); n != 1 {
		t.Errorf("const table has %d entries, want 1", n)
	}
}

func TestMeters(t *testing.T) {
	b := ir.NewBuilder("meters")
	eth := b.Header("ethernet", irtest.EthernetFields...)
	meta := b.Struct("meta", ir.F("c1", 8), ir.F("c2", 8))
	_, st := b.State("start")
	st.Extract(eth)
	st.Accept()
	m := b.Meter("m", 4, false)
	a, ac := b.Action("a")
	key := []ir.KeySpec{{Name: "type", Kind: match.KindExact, Value: b.HeaderField(eth, "ether_type")}}
	tbl := b.Table(ir.TableSpec{Name: "t", Keys: key, Actions: []ir.ActionRef{{Action: a}}, Default: ir.ActionCall{Action: a}})
	dm := b.DirectMeter("dm", false, tbl)
	c1, c2 := b.StructField(meta, "c1"), b.StructField(meta, "c2")
	ac.ReadDirectMeter(dm, c2)
	in := b.NewCode("in")
	in.ExecuteMeter(m, in.Const(32, 0), c1)
	in.Apply(tbl)
	// The colors land in the low bytes of the MAC addresses.
	src, dst := b.HeaderField(eth, "src_addr"), b.HeaderField(eth, "dst_addr")
	in.Assign(src, in.Cast(c1, 48, false))
	in.Assign(dst, in.Cast(c2, 48, false))
	in.SetConst(b.StdField("egress_spec"), 1)
	dep := b.NewCode("dep")
	dep.EmitHeader(eth)
	b.SetControls(nil, in, nil, nil, dep)
	p, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := exec.New(exec.WithClock(func() int64 { return 1 })) // time stands still: no refill
	if err := s.SetProgram(p); err != nil {
		t.Fatal(err)
	}
	cfg := &exec.MeterConfig{CIR: 1, CBurst: 1, PIR: 2, PBurst: 2}
	if err := s.SetMeter(p.Meters[m].ID, 0, cfg); err != nil {
		t.Fatal(err)
	}
	e := &exec.TableEntry{Table: p.Tables[tbl].ID, Match: []match.FieldMatch{{Value: []byte{0x08, 0x00}}}, Action: p.Actions[a].ID}
	if err := s.InsertEntry(e); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDirectMeter(e, cfg); err != nil {
		t.Fatal(err)
	}
	frame := append(make([]byte, 12), 0x08, 0x00)
	var got [][2]byte
	for i := 0; i < 3; i++ {
		out := run(t, s, 1, frame)
		if len(out) != 1 {
			t.Fatalf("packet %d: %v", i, out)
		}
		got = append(got, [2]byte{out[0].Frame[11], out[0].Frame[5]})
	}
	want := [][2]byte{{0, 0}, {1, 1}, {2, 2}} // green, yellow, red from both meters
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("colors (-want +got):\n%s", diff)
	}
	if c, ok, err := s.Meter(p.Meters[m].ID, 0); err != nil || !ok || c != *cfg {
		t.Errorf("Meter() = %+v, %v, %v", c, ok, err)
	}
}
