package ports

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

var netnsSeq atomic.Int32

// vethNetns creates a network namespace holding a veth pair a<->b, both up
// with IPv6 off (no stray router solicitations), and removes it all when
// the test ends. Where namespaces cannot be created (a container without
// CAP_SYS_ADMIN), it makes the pair in the current namespace under unique
// names and returns ns "". It skips the test unless run as root.
func vethNetns(tb testing.TB) (ns, a, b string) {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skip("AF_PACKET tests need root (CAP_NET_ADMIN to create a netns and veth pair, CAP_NET_RAW for the sockets); run as root to include them")
	}
	seq := netnsSeq.Add(1)
	ns = fmt.Sprintf("stports-%d-%d", os.Getpid(), seq)
	a, b = "veth-a", "veth-b"
	var out []byte
	err := errors.New("PORTS_TEST_NO_NETNS is set")
	if os.Getenv("PORTS_TEST_NO_NETNS") == "" { // set it to test the fallback
		out, err = exec.Command("ip", "netns", "add", ns).CombinedOutput()
	}
	if err != nil {
		tb.Logf("ip netns add: %v: %s; using the current namespace", err, bytes.TrimSpace(out))
		ns = ""
		a, b = fmt.Sprintf("st%da%d", os.Getpid()%100000, seq), fmt.Sprintf("st%db%d", os.Getpid()%100000, seq)
	} else {
		tb.Cleanup(func() {
			if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
				tb.Errorf("ip netns del %s: %v\n%s", ns, err, out)
			}
		})
		ipIn(tb, ns, "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.all.disable_ipv6=1")
	}
	ipIn(tb, ns, "link", "add", a, "type", "veth", "peer", "name", b)
	if ns == "" {
		tb.Cleanup(func() { exec.Command("ip", "link", "del", a).Run() })
		for _, dev := range []string{a, b} {
			exec.Command("sysctl", "-q", "-w", "net.ipv6.conf."+dev+".disable_ipv6=1").Run()
		}
	}
	ipIn(tb, ns, "link", "set", a, "up")
	ipIn(tb, ns, "link", "set", b, "up")
	// The carrier, and with it the transmit queue (noop, dropping all,
	// until then), comes up asynchronously; frames sent before are lost.
	deadline := time.Now().Add(5 * time.Second)
	for _, dev := range []string{a, b} {
		for {
			out := ipIn(tb, ns, "link", "show", "dev", dev)
			if strings.Contains(out, "state UP") && !strings.Contains(out, "qdisc noop") {
				break
			}
			if time.Now().After(deadline) {
				tb.Fatalf("%s not up after 5s:\n%s", dev, out)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	return ns, a, b
}

// ipIn runs ip with args in namespace ns ("" for the current one) and
// returns its output, failing the test on error.
func ipIn(tb testing.TB, ns string, args ...string) string {
	tb.Helper()
	if ns != "" && args[0] != "netns" {
		args = append([]string{"-n", ns}, args...)
	}
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// testFrames filters the frames of this test (EtherType 0x88b5, possibly
// behind one VLAN tag) out of whatever else the kernel sends.
func isTestFrame(f []byte) bool {
	if len(f) < 14 {
		return false
	}
	et := binary.BigEndian.Uint16(f[12:])
	if et == 0x8100 && len(f) >= 18 {
		et = binary.BigEndian.Uint16(f[16:])
	}
	return et == 0x88b5
}

// collector is a Handler that keeps copies of test frames.
type collector struct {
	mu  sync.Mutex
	got [][]byte
	ch  chan struct{}
}

func newCollector() *collector { return &collector{ch: make(chan struct{}, 1024)} }

func (c *collector) handle(_ uint32, f []byte) bool {
	if isTestFrame(f) {
		c.mu.Lock()
		c.got = append(c.got, append([]byte(nil), f...))
		c.mu.Unlock()
		c.ch <- struct{}{}
	}
	return true
}

func (c *collector) wait(tb testing.TB, n int) [][]byte {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range n {
		select {
		case <-c.ch:
		case <-ctx.Done():
			c.mu.Lock()
			tb.Fatalf("timed out waiting for %d frames; got %d:\n%x", n, len(c.got), c.got)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.got
}

func openPair(t *testing.T) (*AFPacketPort, *AFPacketPort, string) {
	t.Helper()
	ns, a, b := vethNetns(t)
	pa, err := OpenAFPacket(1, a, InNetns(ns), WithStatusPoll(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pa.Close() })
	pb, err := OpenAFPacket(2, b, InNetns(ns), WithStatusPoll(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pb.Close() })
	waitUp(t, pa, pb)
	return pa, pb, ns
}

// waitUp waits until the ports are up: a new veth's carrier, and with it
// its transmit queue, comes up asynchronously (linkwatch), and frames sent
// before are dropped.
func waitUp(tb testing.TB, ps ...*AFPacketPort) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for _, p := range ps {
		for p.OperStatus() != OperUp {
			if time.Now().After(deadline) {
				tb.Fatalf("%s still %v after 5s", p.Name(), p.OperStatus())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

func TestAFPacketBothWays(t *testing.T) {
	pa, pb, _ := openPair(t)
	ca, cb := newCollector(), newCollector()
	if err := pa.Start(ca.handle); err != nil {
		t.Fatal(err)
	}
	if err := pb.Start(cb.handle); err != nil {
		t.Fatal(err)
	}
	tagged := frame(macB, 7)
	tagged = append(tagged[:12:12], append([]byte{0x81, 0x00, 0x20, 0x2a}, tagged[12:]...)...) // PCP 1, VID 42

	toB := [][]byte{frame(macB, 1), frame(broadcast, 2), tagged}
	for _, f := range toB {
		if err := pa.Send(f); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(toB, cb.wait(t, len(toB))); diff != "" {
		t.Errorf("b received (-want +got):\n%s", diff)
	}
	toA := [][]byte{frame(macA, 3)}
	if err := pb.Send(toA[0]); err != nil {
		t.Fatal(err)
	}
	// a sees b's frame, and never its own three.
	if diff := cmp.Diff(toA, ca.wait(t, 1)); diff != "" {
		t.Errorf("a received (-want +got):\n%s", diff)
	}
	if got := pa.Counters().OutPkts.Load(); got != 3 {
		t.Errorf("a out-pkts = %d, want 3", got)
	}
	if got := pb.Counters().InBroadcastPkts.Load(); got < 1 {
		t.Errorf("b in-broadcast-pkts = %d, want >= 1", got)
	}
}

func TestAFPacketOperStatus(t *testing.T) {
	pa, pb, ns := openPair(t)
	if pa.OperStatus() != OperUp {
		t.Fatalf("a is %v at start, want UP", pa.OperStatus())
	}
	s, _ := NewSet()
	if err := s.Add(pa); err != nil {
		t.Fatal(err)
	}
	events := make(chan Event, 8)
	defer s.Watch(func(e Event) { events <- e })()

	ipIn(t, ns, "link", "set", pb.Name(), "down")
	select {
	case e := <-events:
		if e.Port != 1 || e.Oper != OperDown {
			t.Errorf("event %+v, want port 1 DOWN", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no oper-status event after the peer went down")
	}
}

func TestOpenAFPacketErrors(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("AF_PACKET tests need root")
	}
	if _, err := OpenAFPacket(1, "no-such-if0"); err == nil {
		t.Error("opening a missing interface succeeded")
	}
	if _, err := OpenAFPacket(1, "lo", InNetns("no-such-netns-x")); err == nil {
		t.Error("opening in a missing netns succeeded")
	}
}

// TestAFPacketVLANOffload sends an untagged frame through a VLAN device on
// top of b: the 802.1Q tag travels beside the frame (skb vlan_tci, the
// hardware-offload path) and a must put it back inline.
func TestAFPacketVLANOffload(t *testing.T) {
	pa, pb, ns := openPair(t)
	vdev := pb.Name() + ".42"
	vargs := []string{"link", "add", "link", pb.Name(), "name", vdev, "type", "vlan", "id", "42"}
	if ns != "" {
		vargs = append([]string{"-n", ns}, vargs...)
	}
	if out, err := exec.Command("ip", vargs...).CombinedOutput(); err != nil {
		if strings.Contains(string(out), "Unknown device type") {
			t.Skip("kernel has no 8021q support; TestRestoreVLAN covers the tag fix-up")
		}
		t.Fatalf("ip link add vlan: %v\n%s", err, out)
	}
	ipIn(t, ns, "link", "set", vdev, "up")
	pv, err := OpenAFPacket(3, vdev, InNetns(ns), WithStatusPoll(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer pv.Close()
	waitUp(t, pv)
	ca := newCollector()
	if err := pa.Start(ca.handle); err != nil {
		t.Fatal(err)
	}
	if err := pv.Send(frame(macA, 4)); err != nil {
		t.Fatal(err)
	}
	want := frame(macA, 4)
	want = append(want[:12:12], append([]byte{0x81, 0x00, 0x00, 0x2a}, want[12:]...)...)
	if diff := cmp.Diff([][]byte{want}, ca.wait(t, 1)); diff != "" {
		t.Errorf("a received (-want +got):\n%s", diff)
	}
}

func TestRestoreVLAN(t *testing.T) {
	f := frame(macA, 4)
	auxMsg := func(status uint32, tci, tpid uint16) []byte {
		aux := unix.TpacketAuxdata{Status: status, Vlan_tci: tci, Vlan_tpid: tpid}
		b := make([]byte, unix.CmsgSpace(int(unsafe.Sizeof(aux))))
		h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
		h.Level, h.Type = unix.SOL_PACKET, unix.PACKET_AUXDATA
		h.SetLen(unix.CmsgLen(int(unsafe.Sizeof(aux))))
		*(*unix.TpacketAuxdata)(unsafe.Pointer(&b[unix.CmsgSpace(0)])) = aux
		return b
	}
	tagged := func(tpid0, tpid1, tci0, tci1 byte) []byte {
		return append(append(append([]byte{}, f[:12]...), tpid0, tpid1, tci0, tci1), f[12:]...)
	}
	tests := []struct {
		name string
		ctl  []byte
		want []byte
	}{
		{"no control message", nil, f},
		{"no tag", auxMsg(0, 0, 0), f},
		{"tag", auxMsg(unix.TP_STATUS_VLAN_VALID, 0x202a, 0), tagged(0x81, 0, 0x20, 0x2a)},
		{"tag with tpid", auxMsg(unix.TP_STATUS_VLAN_VALID|unix.TP_STATUS_VLAN_TPID_VALID, 7, 0x88a8), tagged(0x88, 0xa8, 0, 7)},
		{"truncated control message", auxMsg(unix.TP_STATUS_VLAN_VALID, 1, 0)[:unix.SizeofCmsghdr+2], f},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]byte, vlanRoom+len(f))
			copy(buf[vlanRoom:], f)
			start := restoreVLAN(buf, tt.ctl, len(f))
			if diff := cmp.Diff(tt.want, buf[start:]); diff != "" {
				t.Errorf("frame (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAFPacketBurstAndOversize sends a burst (several frames per recvmmsg)
// and a frame longer than the receiver's maximum, which is counted, not
// delivered.
func TestAFPacketBurstAndOversize(t *testing.T) {
	ns, a, b := vethNetns(t)
	pa, err := OpenAFPacket(1, a, InNetns(ns))
	if err != nil {
		t.Fatal(err)
	}
	defer pa.Close()
	pb, err := OpenAFPacket(2, b, InNetns(ns), WithMaxFrame(100), WithBatch(4))
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	big := append(frame(macB, 0xff), make([]byte, 100)...)
	if err := pa.Send(big); err != nil {
		t.Fatal(err)
	}
	var want [][]byte
	for i := range 50 {
		f := frame(macB, byte(i))
		want = append(want, f)
		if err := pa.Send(f); err != nil {
			t.Fatal(err)
		}
	}
	cb := newCollector()
	if err := pb.Start(cb.handle); err != nil { // after the burst: it waits queued
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, cb.wait(t, len(want))); diff != "" {
		t.Errorf("b received (-want +got):\n%s", diff)
	}
	if got := pb.Counters().InErrors.Load(); got != 1 {
		t.Errorf("in-errors = %d, want 1 (the oversize frame)", got)
	}
}

func TestOpenAFPacketBadOptions(t *testing.T) {
	if _, err := OpenAFPacket(1, "lo", WithBatch(0)); err == nil {
		t.Error("batch 0 accepted")
	}
	if _, err := OpenAFPacket(1, "lo", WithMaxFrame(10)); err == nil {
		t.Error("max frame 10 accepted")
	}
}

func TestOpenInterfaces(t *testing.T) {
	ns, a, b := vethNetns(t)
	s, _ := NewSet()
	defer s.Close()
	var flags InterfaceFlags
	for _, v := range []string{"1@" + a, "2@" + b} {
		if err := flags.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := OpenInterfaces(s, flags, InNetns(ns)); err != nil {
		t.Fatal(err)
	}
	if got := len(s.Ports()); got != 2 {
		t.Fatalf("set has %d ports, want 2", got)
	}
	bad := append(InterfaceFlags{{Port: 3, Name: a}}, InterfaceFlag{Port: 4, Name: "no-such-if0"})
	s2, _ := NewSet()
	if err := OpenInterfaces(s2, bad, InNetns(ns)); err == nil {
		t.Fatal("opening a missing interface succeeded")
	}
	if got := len(s2.Ports()); got != 0 {
		t.Errorf("after a failure the set has %d ports, want 0", got)
	}
}
