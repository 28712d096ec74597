package p4rt

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	"github.com/google/go-cmp/cmp"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
)

// smartTorEnv serves the project's P4 program (p4src/smarttor.p4),
// compiled from a bundle by the real front-end and lowering and run by the
// interpreter.
func smartTorEnv(t testing.TB) *smartTor {
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
	e := &smartTor{}
	e.tgt = NewExecTarget(exec.New(), SmartTorCompiler(nil), DefaultCPUPort, func(port uint32, frame []byte) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.out = append(e.out, sent{port, append([]byte(nil), frame...)})
	})
	e.env = startEnv(t, e.tgt, p.P4Info)
	e.bundle = cfg
	return e
}

type sent struct {
	port  uint32
	frame []byte
}

// smartTor is the server in front of smarttor.p4 and what the switch sent.
type smartTor struct {
	*env
	tgt *ExecTarget
	mu  sync.Mutex
	out []sent
}

// send runs frame in on port and returns what came out.
func (e *smartTor) send(port uint32, frame []byte) []sent {
	e.mu.Lock()
	e.out = nil
	e.mu.Unlock()
	e.tgt.Process(port, frame)
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.out
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

func cat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

func be16(v uint16) []byte { return []byte{byte(v >> 8), byte(v)} }

func macAddr(last byte) []byte { return []byte{2, 0, 0, 0, 0, last} }

func ipv4Hdr(src, dst []byte, ttl, proto byte, payloadLen int) []byte {
	h := make([]byte, 20)
	h[0] = 0x45
	binary.BigEndian.PutUint16(h[2:], uint16(20+payloadLen))
	h[8], h[9] = ttl, proto
	copy(h[12:], src)
	copy(h[16:], dst)
	binary.BigEndian.PutUint16(h[10:], ipv4Checksum(h))
	return h
}

// TestSmartTorFlowCache drives smarttor.p4 end to end through P4Runtime as
// the controller will: configure it, see a miss as a digest, install the
// flow, see the hit and its counter, and send a packet-out.
func TestSmartTorFlowCache(t *testing.T) {
	e := smartTorEnv(t)
	c := e.controller(1)
	e.setPipeline(c)
	ctx := context.Background()
	vtep, nis, substrate := []byte{192, 0, 2, 1}, []byte{192, 0, 2, 100}, []byte{192, 0, 2, 50}
	routerMAC, vnicIP, peerIP, vni := macAddr(0xfe), []byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, []byte{0x12, 0x34}
	ex := func(v []byte) *client.ExactMatch { return &client.ExactMatch{Value: canonical(v)} }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.ModifyTableEntry(ctx, &p4v1.TableEntry{TableId: c.NewTableEntry("SmartTorIngress.tor_config", nil, nil, nil).TableId, IsDefaultAction: true,
		Action: c.NewTableActionDirect("SmartTorIngress.set_tor_config", [][]byte{vtep, routerMAC, nis})}))
	must(c.InsertTableEntry(ctx, c.NewTableEntry("SmartTorIngress.host_vnic", map[string]client.MatchInterface{"ingress_port": ex([]byte{1}), "vlan_id": ex([]byte{0})},
		c.NewTableActionDirect("SmartTorIngress.set_host_vnic", [][]byte{{7}, vni, macAddr(1), vnicIP}), nil)))
	must(c.InsertTableEntry(ctx, c.NewTableEntry("SmartTorIngress.vnic_by_overlay", map[string]client.MatchInterface{"vni": ex(vni), "overlay_ip": ex(vnicIP)},
		c.NewTableActionDirect("SmartTorIngress.set_local_vnic", [][]byte{{7}}), nil)))
	must(c.InsertTableEntry(ctx, c.NewTableEntry("SmartTorIngress.underlay_route", map[string]client.MatchInterface{"dst_addr": &client.LpmMatch{Value: []byte{192, 0, 2, 0}, PLen: 24}},
		c.NewTableActionDirect("SmartTorIngress.set_next_hop", [][]byte{{9}, macAddr(0x99)}), nil)))
	must(c.EnableDigest(ctx, "flow_digest_t", &p4v1.DigestEntry_Config{MaxListSize: 1, AckTimeoutNs: int64(time.Second)}))

	payload := []byte("hi")
	host := cat(macAddr(0xfe), macAddr(1), be16(0x0800), ipv4Hdr(vnicIP, peerIP, 64, 17, 8+len(payload)), be16(1000), be16(2000), be16(10), be16(0), payload)
	out := e.send(1, host)
	if len(out) != 1 || out[0].port != 9 {
		t.Fatalf("miss: sent %v, want one frame to the NIS on port 9", out)
	}
	d := c.next(t).GetDigest()
	if d == nil || len(d.GetData()) != 1 {
		t.Fatalf("miss: no digest list: %v", d)
	}
	members := d.GetData()[0].GetStruct().GetMembers()
	if len(members) != 8 || string(members[2].GetBitstring()) != string(vnicIP) || string(members[7].GetBitstring()) != "\x01" {
		t.Errorf("digest %v", d.GetData()[0])
	}
	must(c.AckDigestList(ctx, d))

	// Install the flow and its policy version; the next packet hits.
	key := map[string]client.MatchInterface{"vnic": ex([]byte{7}), "direction": ex([]byte{0}), "src_addr": ex(vnicIP), "dst_addr": ex(peerIP),
		"protocol": ex([]byte{17}), "src_port": ex(be16(1000)), "dst_port": ex(be16(2000))}
	zero := []byte{0}
	flow := c.NewTableEntry("SmartTorIngress.flow_cache", key, c.NewTableActionDirect("SmartTorIngress.fc_encap", [][]byte{substrate, vni, {5}, {1}, zero, zero, zero, zero}), nil)
	must(c.InsertTableEntry(ctx, flow))
	must(c.InsertTableEntry(ctx, c.NewTableEntry("SmartTorIngress.policy_check.versions", map[string]client.MatchInterface{"slot": ex([]byte{5})},
		c.NewTableActionDirect("SmartTorIngress.policy_check.set_current_version", [][]byte{{1}}), nil)))
	out = e.send(1, host)
	if len(out) != 1 || out[0].port != 9 || string(out[0].frame[30:34]) != string(substrate) {
		t.Fatalf("hit: sent %v, want the frame encapsulated to %v", out, substrate)
	}
	got, err := e.readAll(&p4v1.Entity{Entity: &p4v1.Entity_DirectCounterEntry{DirectCounterEntry: &p4v1.DirectCounterEntry{TableEntry: flow}}})
	if err != nil || len(got) != 1 || got[0].GetDirectCounterEntry().GetData().GetPacketCount() != 1 {
		t.Errorf("flow counter after a hit: %v, %v", got, err)
	}

	// Packet-out: egress_port 3 in the packet_out header.
	e.mu.Lock()
	e.out = nil
	e.mu.Unlock()
	must(c.SendPacketOut(ctx, &p4v1.PacketOut{Payload: host, Metadata: []*p4v1.PacketMetadata{{MetadataId: 1, Value: []byte{3}}, {MetadataId: 2, Value: []byte{0}}}}))
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		e.mu.Lock()
		n := len(e.out)
		e.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.out) != 1 || e.out[0].port != 3 || string(e.out[0].frame) != string(host) {
		t.Errorf("packet-out: sent %v, want the payload on port 3", e.out)
	}
}

// startProgram compiles the P4 program at path into a bundle, starts a
// server on the interpreter and has controller 1 push it.
func startProgram(t *testing.T, path string) (*env, *ctl) {
	t.Helper()
	b, p, err := NewBundle(path, nil)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	cfg, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	tgt := NewExecTarget(exec.New(), SmartTorCompiler(nil), DefaultCPUPort, nil)
	e := startEnv(t, tgt, p.P4Info)
	e.bundle = cfg
	c := e.controller(1)
	e.setPipeline(c)
	return e, c
}

func TestConstEntriesAreRead(t *testing.T) {
	e, c := startProgram(t, "testdata/const.p4")
	got, err := e.readAll(tableEnt(&p4v1.TableEntry{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("read %d entries, want the 3 const entries: %v", len(got), got)
	}
	byType, err := c.ReadTableEntryWildcard(context.Background(), "I.by_type")
	if err != nil || len(byType) != 2 {
		t.Fatalf("by_type: %v, %v", byType, err)
	}
	// They can be read one by one, and not changed.
	one := &p4v1.TableEntry{TableId: byType[0].TableId, Match: []*p4v1.FieldMatch{exact(1, 0x08, 0x00)}}
	if got, err := e.readAll(tableEnt(one)); err != nil || len(got) != 1 || got[0].GetTableEntry().GetAction().GetAction().GetParams()[0].GetValue()[0] != 1 {
		t.Errorf("read 0x0800: %v, %v", got, err)
	}
	one.Action = c.NewTableActionDirect("I.drop", nil)
	if code := codesOf(t, 1, e.write(1, upd(p4v1.Update_DELETE, tableEnt(one))))[0]; code != codes.PermissionDenied {
		t.Errorf("delete of a const entry: %v, want PERMISSION_DENIED", code)
	}
}

// TestConstEntryPriorities reads const entries with @priority: their
// priorities are what simple_switch_grpc reports (MaxInt32 minus the BMv2
// priority p4c gives them: N for @priority(N), else the entry's place).
func TestConstEntryPriorities(t *testing.T) {
	e, _ := startProgram(t, "testdata/const_priority.p4")
	got, err := e.readAll(tableEnt(&p4v1.TableEntry{}))
	if err != nil {
		t.Fatal(err)
	}
	const max = 1<<31 - 1
	want := map[byte]int32{1: max - 3, 2: max - 2, 3: max - 1, 4: max - 9}
	gotPrio := map[byte]int32{}
	for _, ent := range got {
		te := ent.GetTableEntry()
		gotPrio[te.GetAction().GetAction().GetParams()[0].GetValue()[0]] = te.GetPriority()
	}
	if diff := cmp.Diff(want, gotPrio); diff != "" {
		t.Errorf("priorities by action argument (-want +got):\n%s", diff)
	}
}
