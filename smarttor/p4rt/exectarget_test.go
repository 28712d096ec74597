package p4rt

import (
	"context"
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	"github.com/google/go-cmp/cmp"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir/irtest"
)

// infoFromIR writes the P4Info of a hand-built IR program, standing in for
// the front-end until the lowering from P4 source exists.
func infoFromIR(p *ir.Program) *p4configv1.P4Info {
	info := &p4configv1.P4Info{PkgInfo: &p4configv1.PkgInfo{Arch: "v1model"}}
	kinds := map[match.Kind]p4configv1.MatchField_MatchType{match.KindExact: p4configv1.MatchField_EXACT, match.KindLPM: p4configv1.MatchField_LPM,
		match.KindTernary: p4configv1.MatchField_TERNARY, match.KindRange: p4configv1.MatchField_RANGE, match.KindOptional: p4configv1.MatchField_OPTIONAL}
	for _, a := range p.Actions {
		pa := &p4configv1.Action{Preamble: &p4configv1.Preamble{Id: a.ID, Name: a.Name, Alias: a.Name}}
		for i, prm := range a.Params {
			pa.Params = append(pa.Params, &p4configv1.Action_Param{Id: uint32(i + 1), Name: prm.Name, Bitwidth: int32(prm.Width)})
		}
		info.Actions = append(info.Actions, pa)
	}
	for _, t := range p.Tables {
		pt := &p4configv1.Table{Preamble: &p4configv1.Preamble{Id: t.ID, Name: t.Name, Alias: t.Name}, Size: int64(t.Size)}
		for i, k := range t.Keys {
			pt.MatchFields = append(pt.MatchFields, &p4configv1.MatchField{Id: uint32(i + 1), Name: k.Name, Bitwidth: int32(k.Width),
				Match: &p4configv1.MatchField_MatchType_{MatchType: kinds[k.Kind]}})
		}
		for _, r := range t.Actions {
			ref := &p4configv1.ActionRef{Id: p.Actions[r.Action].ID}
			if r.DefaultOnly {
				ref.Scope = p4configv1.ActionRef_DEFAULT_ONLY
			}
			if r.TableOnly {
				ref.Scope = p4configv1.ActionRef_TABLE_ONLY
			}
			pt.ActionRefs = append(pt.ActionRefs, ref)
		}
		if t.DirectCounter >= 0 {
			pt.DirectResourceIds = append(pt.DirectResourceIds, p.Counters[t.DirectCounter].ID)
		}
		if t.DirectMeter >= 0 {
			pt.DirectResourceIds = append(pt.DirectResourceIds, p.Meters[t.DirectMeter].ID)
		}
		if t.SupportTimeout {
			pt.IdleTimeoutBehavior = p4configv1.Table_NOTIFY_CONTROL
		}
		if t.ConstDefault {
			pt.ConstDefaultActionId = p.Actions[t.Default.Action].ID
		}
		info.Tables = append(info.Tables, pt)
	}
	for _, c := range p.Counters {
		pre := &p4configv1.Preamble{Id: c.ID, Name: c.Name, Alias: c.Name}
		spec := &p4configv1.CounterSpec{Unit: p4configv1.CounterSpec_BOTH}
		if c.Table >= 0 {
			info.DirectCounters = append(info.DirectCounters, &p4configv1.DirectCounter{Preamble: pre, Spec: spec, DirectTableId: p.Tables[c.Table].ID})
		} else {
			info.Counters = append(info.Counters, &p4configv1.Counter{Preamble: pre, Spec: spec, Size: int64(c.Size)})
		}
	}
	for _, r := range p.Registers {
		info.Registers = append(info.Registers, &p4configv1.Register{Preamble: &p4configv1.Preamble{Id: r.ID, Name: r.Name, Alias: r.Name}, Size: int32(r.Size),
			TypeSpec: &p4configv1.P4DataTypeSpec{TypeSpec: &p4configv1.P4DataTypeSpec_Bitstring{Bitstring: &p4configv1.P4BitstringLikeTypeSpec{
				TypeSpec: &p4configv1.P4BitstringLikeTypeSpec_Bit{Bit: &p4configv1.P4BitTypeSpec{Bitwidth: int32(r.Width)}}}}}})
	}
	return info
}

// execEnv runs the server in front of the real interpreter with the
// hand-built L3 router.
type execEnv struct {
	*env
	l3  *irtest.L3
	tgt *ExecTarget
	mu  sync.Mutex
	out map[uint32][][]byte
}

func newExecEnv(t testing.TB) *execEnv {
	t.Helper()
	l3, err := irtest.BuildL3()
	if err != nil {
		t.Fatal(err)
	}
	info := infoFromIR(l3.Prog)
	x := &execEnv{l3: l3, out: map[uint32][][]byte{}}
	compile := func(b *Bundle) (*ir.Program, *p4configv1.P4Info, error) { return l3.Prog, info, nil }
	x.tgt = NewExecTarget(exec.New(), compile, DefaultCPUPort, func(port uint32, frame []byte) {
		x.mu.Lock()
		defer x.mu.Unlock()
		x.out[port] = append(x.out[port], append([]byte(nil), frame...))
	})
	x.env = startEnv(t, x.tgt, info)
	return x
}

func (x *execEnv) sent(port uint32) [][]byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.out[port]
}

func ipv4Checksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}

// ipv4Frame builds Ethernet/IPv4 with a correct header checksum.
func ipv4Frame(dst []byte, ttl byte) []byte {
	f := []byte{2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00}
	h := make([]byte, 20)
	h[0] = 0x45
	binary.BigEndian.PutUint16(h[2:], 24)
	h[8], h[9] = ttl, 17
	copy(h[12:], []byte{10, 9, 9, 9})
	copy(h[16:], dst)
	binary.BigEndian.PutUint16(h[10:], ipv4Checksum(h))
	return append(append(f, h...), "data"...)
}

func TestExecTarget(t *testing.T) {
	x := newExecEnv(t)
	c := x.controller(1)
	x.setPipeline(c)
	ctx := context.Background()
	nhop := func(port byte) *p4v1.TableAction {
		return c.NewTableActionDirect("set_nhop", [][]byte{{port}, {2, 0, 0, 0, 0, 0x22}, {2, 0, 0, 0, 0, 0x11}})
	}
	host := c.NewTableEntry("hosts", map[string]client.MatchInterface{"hdr.ipv4.dst_addr": &client.ExactMatch{Value: []byte{10, 0, 0, 5}}}, nhop(3), nil)
	if err := c.InsertTableEntry(ctx, host); err != nil {
		t.Fatalf("insert host: %v", err)
	}
	if err := c.InsertTableEntry(ctx, host); status.Code(err) != codes.Unknown {
		t.Errorf("duplicate insert: %v", err)
	}
	route := c.NewTableEntry("routes", map[string]client.MatchInterface{"hdr.ipv4.dst_addr": &client.LpmMatch{Value: []byte{10, 1, 0, 0}, PLen: 16}}, nhop(4), nil)
	if err := c.InsertTableEntry(ctx, route); err != nil {
		t.Fatalf("insert route: %v", err)
	}
	x.tgt.Process(1, ipv4Frame([]byte{10, 0, 0, 5}, 64))
	x.tgt.Process(1, ipv4Frame([]byte{10, 1, 2, 3}, 64))
	x.tgt.Process(1, ipv4Frame([]byte{10, 1, 2, 4}, 64))
	if got := len(x.sent(3)); got != 1 {
		t.Errorf("%d frames to the host port, want 1", got)
	}
	if got := len(x.sent(4)); got != 2 {
		t.Errorf("%d frames to the route port, want 2", got)
	}
	if f := x.sent(3); len(f) == 1 && f[0][0+5] != 0x22 {
		t.Errorf("destination MAC not rewritten: % x", f[0][:6])
	}
	// Read back through P4Runtime: entries, the direct counter of the route.
	routes, err := c.ReadTableEntryWildcard(ctx, "routes")
	if err != nil || len(routes) != 1 {
		t.Fatalf("routes %v, %v", routes, err)
	}
	got, err := x.readAll(&p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{DirectCounterEntry: &p4v1.DirectCounterEntry{TableEntry: &p4v1.TableEntry{TableId: route.TableId}}}})
	if err != nil || len(got) != 1 {
		t.Fatalf("direct counters %v, %v", got, err)
	}
	if n := got[0].GetDirectCounterEntry().GetData().GetPacketCount(); n != 2 {
		t.Errorf("route counter %d packets, want 2", n)
	}
	stats, err := x.readAll(&p4v1.Entity{Entity: &p4v1.Entity_CounterEntry{CounterEntry: &p4v1.CounterEntry{CounterId: x.l3.Prog.Counters[x.l3.Stats].ID, Index: &p4v1.Index{Index: irtest.StatForwarded}}}})
	if err != nil || len(stats) != 1 || stats[0].GetCounterEntry().GetData().GetPacketCount() != 3 {
		t.Errorf("forwarded stat: %v, %v", stats, err)
	}
	// Default entry: the program's drop, then set and read back.
	def, err := x.readAll(tableEnt(&p4v1.TableEntry{TableId: route.TableId, IsDefaultAction: true}))
	if err != nil || len(def) != 1 || def[0].GetTableEntry().GetAction().GetAction().GetActionId() != x.l3.Prog.Actions[x.l3.Drop].ID {
		t.Errorf("default entry %v, %v", def, err)
	}
	if err := c.ModifyTableEntry(ctx, &p4v1.TableEntry{TableId: route.TableId, IsDefaultAction: true, Action: nhop(7)}); err != nil {
		t.Fatal(err)
	}
	x.tgt.Process(1, ipv4Frame([]byte{192, 168, 0, 1}, 64))
	if got := len(x.sent(7)); got != 1 {
		t.Errorf("%d frames by the new default action, want 1", got)
	}
	// Modify and delete reach the interpreter.
	if err := c.ModifyTableEntry(ctx, c.NewTableEntry("hosts", map[string]client.MatchInterface{"hdr.ipv4.dst_addr": &client.ExactMatch{Value: []byte{10, 0, 0, 5}}}, nhop(5), nil)); err != nil {
		t.Fatal(err)
	}
	x.tgt.Process(1, ipv4Frame([]byte{10, 0, 0, 5}, 64))
	if err := c.DeleteTableEntry(ctx, host); err != nil {
		t.Fatal(err)
	}
	x.tgt.Process(1, ipv4Frame([]byte{10, 0, 0, 5}, 64)) // now the default action
	if diff := cmp.Diff([]int{1, 1, 2}, []int{len(x.sent(3)), len(x.sent(5)), len(x.sent(7))}); diff != "" {
		t.Errorf("frames per port 3, 5, 7 (-want +got):\n%s", diff)
	}
	// Multicast groups reach the interpreter's PRE.
	if err := c.InsertMulticastGroup(ctx, 1, []uint32{1, 2}); err != nil {
		t.Fatal(err)
	}
	n := 0
	x.tgt.sw.MulticastGroups(func(uint32, []exec.Replica) { n++ })
	if n != 1 {
		t.Errorf("%d multicast groups in the interpreter", n)
	}
	// A packet-out enters the pipeline on the CPU port (no header in L3).
	if err := c.SendPacketOut(ctx, &p4v1.PacketOut{Payload: ipv4Frame([]byte{10, 1, 9, 9}, 64)}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(x.sent(4)) < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := len(x.sent(4)); got != 3 {
		t.Errorf("packet-out not forwarded: %d frames on port 4, want 3", got)
	}
}

// BenchmarkWrite100kExec is BenchmarkWrite100k against the interpreter's
// exact host table.
func BenchmarkWrite100kExec(b *testing.B) {
	x := newExecEnv(b)
	c := x.controller(1)
	x.setPipeline(c)
	table := x.l3.Prog.Tables[x.l3.Hosts].ID
	action := x.l3.Prog.Actions[x.l3.SetNhop].ID
	mk := func(op p4v1.Update_Type) [][]*p4v1.Update {
		var out [][]*p4v1.Update
		for i := 0; i < benchEntries; i += 10000 {
			var ups []*p4v1.Update
			for j := i; j < i+10000; j++ {
				ip := canonical([]byte{10, byte(j >> 16), byte(j >> 8), byte(j)})
				ups = append(ups, upd(op, tableEnt(&p4v1.TableEntry{TableId: table, Match: []*p4v1.FieldMatch{exact(1, ip...)},
					Action: act(action, []byte{3}, []byte{2, 0, 0, 0, 0, 1}, []byte{2, 0, 0, 0, 0, 2})})))
			}
			out = append(out, ups)
		}
		return out
	}
	ins, del := mk(p4v1.Update_INSERT), mk(p4v1.Update_DELETE)
	b.ReportAllocs()
	b.ResetTimer()
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		start, c0 := time.Now(), cpuTime()
		for _, ups := range ins {
			if err := x.write(1, ups...); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - c0
		b.StopTimer()
		for _, ups := range del {
			if err := x.write(1, ups...); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(benchEntries*b.N)/elapsed.Seconds(), "entries/s")
	b.ReportMetric(float64(benchEntries*b.N)/cpu.Seconds(), "entries/cpu-s")
}

// TestExecTargetConcurrent writes, reads and scans idle entries through the
// server while packets run through the interpreter; run with -race.
func TestExecTargetConcurrent(t *testing.T) {
	x := newExecEnv(t)
	c := x.controller(1)
	x.setPipeline(c)
	table := x.l3.Prog.Tables[x.l3.Hosts].ID
	action := x.l3.Prog.Actions[x.l3.SetNhop].ID
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			x.tgt.Process(1, ipv4Frame([]byte{10, 0, byte(i >> 8), byte(i)}, 64))
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			x.srv.scanIdle(time.Now().Add(time.Duration(i) * time.Second))
			x.readAll(tableEnt(&p4v1.TableEntry{TableId: table, CounterData: &p4v1.CounterData{}, TimeSinceLastHit: &p4v1.TableEntry_IdleTimeout{}}))
		}
	}()
	for round := 0; round < 5; round++ {
		var ups []*p4v1.Update
		for i := 0; i < 500; i++ {
			ups = append(ups, upd(p4v1.Update_INSERT, tableEnt(&p4v1.TableEntry{TableId: table,
				Match:  []*p4v1.FieldMatch{exact(1, 10, 0, byte(i>>8), byte(i))},
				Action: act(action, []byte{3}, []byte{2, 0, 0, 0, 0, 1}, []byte{2, 0, 0, 0, 0, 2})})))
		}
		if err := x.write(1, ups...); err != nil {
			st, _ := status.FromError(err)
			for _, d := range st.Details() {
				if pe := d.(*p4v1.Error); pe.GetCanonicalCode() != 0 {
					t.Fatalf("insert round %d: %v", round, pe)
				}
			}
		}
		for _, u := range ups {
			u.Type = p4v1.Update_DELETE
		}
		if err := x.write(1, ups...); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}
