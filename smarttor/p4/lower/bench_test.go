package lower_test

import (
	"encoding/binary"
	"syscall"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSmartTorP4 runs p4src/smarttor.p4 on the flow-cache hit path:
// host frames of 1024 flows (among 100k cached flows, each with a version
// check) encapsulated to the substrate. ns/op is the time per packet.
func BenchmarkSmartTorP4(b *testing.B) {
	tg, _ := smartTor(b)
	tg.insert("SmartTorIngress.policy_check.versions", []match.FieldMatch{exact(u32(5)...)}, "SmartTorIngress.policy_check.set_current_version", u32(1))
	zero := u32(0)
	var frames [][]byte
	payload := make([]byte, 64)
	for i := 0; i < 100000; i++ {
		dst := binary.BigEndian.AppendUint32(nil, 0x0b000000|uint32(i))
		key := []match.FieldMatch{exact(u32(7)...), exact(0), exact(vnicIP...), exact(dst...), exact(17), exact(u16(1000)...), exact(u16(2000)...)}
		tg.insert("SmartTorIngress.flow_cache", key, "SmartTorIngress.fc_encap", substrate, vni, u32(5), u32(1), zero, zero, zero, zero)
		if i%97 == 0 && len(frames) < 1024 {
			frames = append(frames, cat(eth(routerMAC, mac(1), 0x0800), ipv4Header(vnicIP, dst, 64, 17, 8+len(payload)),
				udp(1000, 2000, len(payload)), payload))
		}
	}
	w := tg.s.NewWorker()
	sent := 0
	out := func(port uint32, _ []byte) {
		if port == 9 {
			sent++
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		w.Process(1, frames[i%len(frames)], out)
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if sent != b.N {
		b.Fatalf("sent %d of %d", sent, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkt/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/pkt")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "pkt/cpu-s")
}
