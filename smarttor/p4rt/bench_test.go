package p4rt

import (
	"context"
	"syscall"
	"testing"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
)

const benchEntries = 100000

// benchUpdates returns the updates of n exact entries in batches.
func benchUpdates(n, batch int, op p4v1.Update_Type) [][]*p4v1.Update {
	var out [][]*p4v1.Update
	for i := 0; i < n; i += batch {
		var ups []*p4v1.Update
		for j := i; j < i+batch && j < n; j++ {
			ups = append(ups, upd(op, tableEnt(flowEntry(uint32(j), uint16(j%512)))))
		}
		out = append(out, ups)
	}
	return out
}

// BenchmarkWrite100k inserts (then deletes, untimed) 100k exact entries
// in batches of 10k over gRPC on a loopback TCP connection.
func BenchmarkWrite100k(b *testing.B) {
	e := newEnv(b)
	c := e.controller(1)
	e.setPipeline(c)
	ins := benchUpdates(benchEntries, 10000, p4v1.Update_INSERT)
	del := benchUpdates(benchEntries, 10000, p4v1.Update_DELETE)
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

// BenchmarkRead100k reads back 100k entries with one wildcard read.
func BenchmarkRead100k(b *testing.B) {
	e := newEnv(b)
	c := e.controller(1)
	e.setPipeline(c)
	for _, ups := range benchUpdates(benchEntries, 10000, p4v1.Update_INSERT) {
		if err := e.write(1, ups...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		got, err := e.readAll(tableEnt(&p4v1.TableEntry{TableId: tFlow}))
		if err != nil || len(got) != benchEntries {
			b.Fatalf("read %d, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(benchEntries*b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(benchEntries*b.N)/(cpuTime()-c0).Seconds(), "entries/cpu-s")
}

// BenchmarkDigests measures digests delivered to a client per second, in
// lists of up to 100, without suppression (every value distinct).
func BenchmarkDigests(b *testing.B) {
	e := newEnv(b, WithStreamBuffer(1<<16))
	c := e.controller(1)
	e.setPipeline(c)
	cfg := &p4v1.DigestEntry_Config{MaxTimeoutNs: int64(time.Millisecond), MaxListSize: 100}
	if err := c.EnableDigest(context.Background(), "learn_t", cfg); err != nil {
		b.Fatal(err)
	}
	h := e.tgt.h()
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	done := make(chan int)
	go func() {
		n := 0
		for n < b.N {
			m := <-c.msgs
			n += len(m.GetDigest().GetData())
		}
		done <- n
	}()
	for i := 0; i < b.N; i++ {
		mac := []byte{0, 0, byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)}
		h.Digest(dLearn, [][]byte{mac, {1}})
		if i%100 == 99 {
			// Pace the producer so the client stream is not overrun (a
			// switch drops digests the controller cannot take).
			for len(c.msgs) > 500 {
				time.Sleep(time.Microsecond)
			}
		}
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		b.Fatal("digests lost")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "digests/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-c0).Seconds(), "digests/cpu-s")
}

// BenchmarkApply100k measures the server's own work per entry (validation,
// state, the fake target) without gRPC and protobuf decoding.
func BenchmarkApply100k(b *testing.B) {
	e := newEnv(b)
	c := e.controller(1)
	e.setPipeline(c)
	b.ReportAllocs()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ins := benchUpdates(benchEntries, 10000, p4v1.Update_INSERT)
		del := benchUpdates(benchEntries, 10000, p4v1.Update_DELETE)
		b.StartTimer()
		c0 := cpuTime()
		e.srv.mu.Lock()
		for _, ups := range ins {
			for _, err := range e.srv.applyLocked(ups) {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		e.srv.mu.Unlock()
		cpu += cpuTime() - c0
		b.StopTimer()
		e.srv.mu.Lock()
		for _, ups := range del {
			e.srv.applyLocked(ups)
		}
		e.srv.mu.Unlock()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchEntries*b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(benchEntries*b.N)/cpu.Seconds(), "entries/cpu-s")
}

// cpuTime is the process's user+system CPU time. The machine the
// benchmarks run on is shared, so wall-clock rates understate what the
// server does; entries per CPU-second (client and server together, both in
// this process) does not depend on the other load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
