package exec_test

import (
	"encoding/binary"
	"math/rand"
	"syscall"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// benchL3 returns the L3 router with 100k exact hosts (10.x.y.z) and 10k
// routes (prefixes /16 to /24 inside 20.0.0.0/8, plus a default /8), and
// frames that hit each table half of the time.
func benchL3(b *testing.B) (*l3Fixture, [][]byte) {
	f := newL3(b)
	p := f.l3.Prog
	rng := rand.New(rand.NewSource(1))
	hosts := p.Tables[f.l3.Hosts].ID
	routes := p.Tables[f.l3.Routes].ID
	nhop := p.Actions[f.l3.SetNhop].ID
	var hostIPs, routeIPs [][]byte
	for i := 0; i < 100000; i++ {
		ip := make([]byte, 4)
		binary.BigEndian.PutUint32(ip, 10<<24|uint32(i))
		if err := f.s.InsertEntry(&exec.TableEntry{Table: hosts, Match: []match.FieldMatch{{Value: ip}},
			Action: nhop, Params: [][]byte{{byte(i % 64)}, mac(byte(i)), mac(0xaa)}}); err != nil {
			b.Fatal(err)
		}
		hostIPs = append(hostIPs, ip)
	}
	f.route(b, ip4(20, 0, 0, 0), 8, 1, mac(1))
	for n := 0; n < 10000; {
		plen := 16 + rng.Intn(9)
		v := 20<<24 | rng.Uint32()&0x00ffffff
		v &^= (1<<(32-plen) - 1)
		ip := make([]byte, 4)
		binary.BigEndian.PutUint32(ip, v)
		err := f.s.InsertEntry(&exec.TableEntry{Table: routes, Match: []match.FieldMatch{{Value: ip, PrefixLen: plen}},
			Action: nhop, Params: [][]byte{{byte(n % 64)}, mac(byte(n)), mac(0xaa)}})
		if err != nil {
			continue // duplicate prefix
		}
		n++
		host := make([]byte, 4)
		binary.BigEndian.PutUint32(host, v|rng.Uint32()&(1<<(32-plen)-1))
		routeIPs = append(routeIPs, host)
	}
	var frames [][]byte
	for i := 0; i < 1024; i++ {
		dst := hostIPs[rng.Intn(len(hostIPs))]
		if i%2 == 1 {
			dst = routeIPs[rng.Intn(len(routeIPs))]
		}
		frames = append(frames, ipv4Frame(mac(1), mac(2), ip4(192, 168, 1, 1), dst, 64, "0123456789abcdef0123456789abcdef"))
	}
	return f, frames
}

// BenchmarkL3 forwards packets through the L3 router (100k exact hosts,
// 10k LPM routes) on one worker: ns/op is the time per packet.
func BenchmarkL3(b *testing.B) {
	f, frames := benchL3(b)
	w := f.s.NewWorker()
	sent := 0
	out := func(uint32, []byte) { sent++ }
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		w.Process(1, frames[i&1023], out)
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if sent != b.N {
		b.Fatalf("sent %d of %d", sent, b.N)
	}
	reportRates(b, cpu)
}

// BenchmarkL3Parallel is BenchmarkL3 through Switch.Process on every
// GOMAXPROCS goroutine.
func BenchmarkL3Parallel(b *testing.B) {
	f, frames := benchL3(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		out := func(uint32, []byte) {}
		for pb.Next() {
			f.s.Process(1, frames[i&1023], out)
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkt/s")
}

// cpuTime returns the CPU time (user and system) the process has used:
// on a machine shared with other work, CPU time per packet is the figure
// that says what a core can do, where wall time says how busy the
// machine was.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports wall-clock packets/s and CPU ns per packet and the
// packets/s per core that implies.
func reportRates(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkt/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/pkt")
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "pkt/cpu-s")
	}
}
