package p4rt

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
)

// smartTorEnv serves the project's P4 program (p4src/smarttor.p4),
// compiled from a bundle by the real front-end and lowering and run by the
// interpreter.
func smartTorEnv(t testing.TB) *env {
	t.Helper()
	root := "../../p4src"
	var b Bundle
	for _, name := range []string{"smarttor.p4", "include/headers.p4", "include/metadata.p4"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Skipf("p4src not available: %v", err)
		}
		b.Files = append(b.Files, BundleFile{Name: name, Data: data})
	}
	cfg, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	p, err := compile.Load(filepath.Join(root, "smarttor.p4"), nil)
	if err != nil {
		t.Fatalf("front-end: %v", err)
	}
	tgt := NewExecTarget(exec.New(), SmartTorCompiler(nil), DefaultCPUPort, func(uint32, []byte) {})
	e := startEnv(t, tgt, p.P4Info)
	e.bundle = cfg
	return e
}

func u32(v uint32) []byte {
	return canonical([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// flowKey is a flow_cache match for flow i.
func flowKey(i int) map[string]client.MatchInterface {
	return map[string]client.MatchInterface{
		"vnic": &client.ExactMatch{Value: u32(uint32(i%64 + 1))}, "direction": &client.ExactMatch{Value: []byte{0}},
		"src_addr": &client.ExactMatch{Value: u32(0x0a000000 | uint32(i))}, "dst_addr": &client.ExactMatch{Value: u32(0x0a800001)},
		"protocol": &client.ExactMatch{Value: []byte{6}}, "src_port": &client.ExactMatch{Value: u32(uint32(1024 + i%60000))},
		"dst_port": &client.ExactMatch{Value: []byte{80}},
	}
}

func TestSmartTorProgram(t *testing.T) {
	e := smartTorEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	ctx := context.Background()
	encap := c.NewTableActionDirect("SmartTorIngress.fc_encap", [][]byte{u32(0xc0a80001), {0x10}, {1}, {1}, {2}, {1}, {3}, {1}})
	te := c.NewTableEntry("SmartTorIngress.flow_cache", flowKey(1), encap, &client.TableEntryOptions{IdleTimeout: 10 * time.Second})
	if err := c.InsertTableEntry(ctx, te); err != nil {
		t.Fatalf("insert flow: %v", err)
	}
	got, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: te.TableId, CounterData: &p4v1.CounterData{}, TimeSinceLastHit: &p4v1.TableEntry_IdleTimeout{}}))
	if err != nil || len(got) != 1 {
		t.Fatalf("read flows: %v, %v", got, err)
	}
	r := got[0].GetTableEntry()
	if r.GetIdleTimeoutNs() != int64(10*time.Second) || r.GetCounterData() == nil || r.GetTimeSinceLastHit() == nil || len(r.GetMatch()) != 7 {
		t.Errorf("read back %v", r)
	}
	// The default action of flow_cache is const.
	err = c.ModifyTableEntry(ctx, &p4v1.TableEntry{TableId: te.TableId, IsDefaultAction: true, Action: c.NewTableActionDirect("SmartTorIngress.fc_miss", nil)})
	if got := codesOf(t, 1, err)[0]; got != codes.PermissionDenied {
		t.Errorf("modify const default: %v, want PERMISSION_DENIED", got)
	}
	def, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: te.TableId, IsDefaultAction: true}))
	if err != nil || len(def) != 1 || def[0].GetTableEntry().GetAction().GetAction().GetActionId() == 0 {
		t.Errorf("default entry %v, %v", def, err)
	}
	if err := c.DeleteTableEntry(ctx, te); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTableEntry(ctx, te); status.Code(err) != codes.Unknown {
		t.Errorf("second delete: %v", err)
	}
}

// BenchmarkWrite100kSmartTor inserts 100k flow-cache entries (7 exact
// fields, fc_encap with 8 parameters, idle timeout) into smarttor.p4 run
// by the interpreter: the controller's workload.
func BenchmarkWrite100kSmartTor(b *testing.B) {
	e := smartTorEnv(b)
	c := e.controller(1)
	e.setPipeline(c)
	encap := c.NewTableActionDirect("SmartTorIngress.fc_encap", [][]byte{u32(0xc0a80001), {0x10}, {1}, {1}, {2}, {1}, {3}, {1}})
	mk := func(op p4v1.Update_Type) [][]*p4v1.Update {
		var out [][]*p4v1.Update
		for i := 0; i < benchEntries; i += 10000 {
			var ups []*p4v1.Update
			for j := i; j < i+10000; j++ {
				te := c.NewTableEntry("SmartTorIngress.flow_cache", flowKey(j), encap, &client.TableEntryOptions{IdleTimeout: time.Minute})
				ups = append(ups, upd(op, tableEnt(te)))
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
			if err := e.write(1, ups...); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		cpu += cpuTime() - c0
		b.StopTimer()
		for _, ups := range del {
			if err := e.write(1, ups...); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(benchEntries*b.N)/elapsed.Seconds(), "entries/s")
	b.ReportMetric(float64(benchEntries*b.N)/cpu.Seconds(), "entries/cpu-s")
}
