package ptf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/device"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// TestNetns runs three cases on real links: a network namespace with a
// veth pair per port, the device on one end of each through AF_PACKET,
// the test on the other end through AF_PACKET too. It needs root (CI runs
// as root) and iproute2.
func TestNetns(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates a network namespace and veth pairs and opens AF_PACKET sockets (CI runs it as root)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2's ip")
	}
	cases := []struct {
		name string
		run  func(t *testing.T, s *tswitch)
	}{
		{"outbound hit", outboundHit},
		{"inbound hit", inboundHit},
	}
	for _, c := range spoofCases[:2] {
		cases = append(cases, struct {
			name string
			run  func(t *testing.T, s *tswitch)
		}{"anti-spoofing " + c.name, func(t *testing.T, s *tswitch) { antiSpoofing(t, s, c.edit) }})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newNetnsSwitch(t)) })
	}
}

var netnsSeq atomic.Int32

// newNetnsSwitch is newSwitch on veth pairs in a fresh network namespace:
// port N is sw<N> (the device's AF_PACKET port), the test's end is t<N>.
// Everything is removed in t.Cleanup.
func newNetnsSwitch(t *testing.T) *tswitch {
	t.Helper()
	ns := fmt.Sprintf("ptf-%d-%d", os.Getpid(), netnsSeq.Add(1))
	run(t, "ip", "netns", "add", ns)
	t.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
			t.Errorf("ip netns del %s: %v: %s", ns, err, out)
		}
	})
	// No IPv6: the kernel would send router solicitations and MLD reports
	// on the links, packets no test expects.
	run(t, "ip", "netns", "exec", ns, "sysctl", "-q", "-w",
		"net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.all.disable_ipv6=1")
	for _, n := range testPorts {
		sw, te := fmt.Sprintf("sw%d", n), fmt.Sprintf("t%d", n)
		run(t, "ip", "-n", ns, "link", "add", sw, "type", "veth", "peer", "name", te)
		for _, dev := range []string{sw, te} {
			run(t, "ip", "-n", ns, "link", "set", dev, "up")
		}
	}
	waitUp(t, ns)
	return startSwitch(t, func(dev *device.Device) map[uint32]end {
		ends := map[uint32]end{}
		for _, n := range testPorts {
			p, err := ports.OpenAFPacket(n, fmt.Sprintf("sw%d", n), ports.InNetns(ns))
			if err != nil {
				t.Fatal(err)
			}
			if err := dev.AddPort(p); err != nil {
				t.Fatal(err)
			}
			ends[n] = openAFEnd(t, fmt.Sprintf("t%d", n), ns)
		}
		return ends
	})
}

// waitUp waits until every link in ns is up with a real qdisc: the
// carrier, and with it the transmit queue, comes up asynchronously and
// frames sent before are lost.
func waitUp(t *testing.T, ns string) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for _, n := range testPorts {
		for _, dev := range []string{fmt.Sprintf("sw%d", n), fmt.Sprintf("t%d", n)} {
			for {
				out := run(t, "ip", "-n", ns, "link", "show", "dev", dev)
				if strings.Contains(out, "state UP") && !strings.Contains(out, "qdisc noop") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s not up after %v:\n%s", dev, waitLimit, out)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// afEnd is the test's end of a veth: an AF_PACKET port whose received
// frames queue in a channel.
type afEnd struct {
	p  *ports.AFPacketPort
	rx chan []byte
}

func openAFEnd(t *testing.T, ifname, ns string) *afEnd {
	t.Helper()
	p, err := ports.OpenAFPacket(0, ifname, ports.InNetns(ns))
	if err != nil {
		t.Fatal(err)
	}
	e := &afEnd{p: p, rx: make(chan []byte, 256)}
	if err := p.Start(func(_ uint32, frame []byte) bool {
		select {
		case e.rx <- append([]byte(nil), frame...):
			return true
		default:
			return false
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return e
}

func (e *afEnd) Inject(frame []byte) error { return e.p.Send(frame) }

func (e *afEnd) Read(ctx context.Context) ([]byte, error) {
	select {
	case f := <-e.rx:
		return f, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (e *afEnd) Drain() [][]byte {
	var out [][]byte
	for {
		select {
		case f := <-e.rx:
			out = append(out, f)
		default:
			return out
		}
	}
}
