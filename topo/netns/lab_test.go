package netns

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testPrefix keeps the test's namespaces apart from a running make lab.
const testPrefix = "vlt-"

type logWriter struct{ t *testing.T }

func (w logWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// TestLab builds the binaries, brings the lab up, passes traffic between
// hosts on different ToRs and on the same ToR, checks the agents' flow
// caches, brings the lab down and checks nothing is left.
func TestLab(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the network-namespace lab needs root (network namespaces, veths, AF_PACKET); CI runs this test as root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("iproute2 (ip) is not installed")
	}
	if testing.Short() {
		t.Skip("builds every binary; skipped with -short")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator),
		"./cmd/vcn-controlplane", "./cmd/vcnctl", "./cmd/nisvc", "./cmd/smarttor", "./cmd/tor-agent", "./cmd/torctl")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	lab, err := Load(filepath.Join("..", "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lab.Prefix = testPrefix
	state := t.TempDir()
	o := Options{BinDir: bin, P4Dir: filepath.Join("..", "..", "p4src", "build"), StateDir: state, Log: logWriter{t}}
	ctx := context.Background()
	if len(lab.Existing()) > 0 { // a crashed earlier run
		if err := lab.Down(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	var pids []int
	t.Cleanup(func() {
		if t.Failed() {
			dumpLogs(t, state)
		}
		if err := lab.Down(ctx, o); err != nil {
			t.Errorf("Down: %v", err)
		}
		checkGone(t, lab, pids)
	})
	if err := lab.Up(ctx, o); err != nil {
		t.Fatalf("Up: %v", err)
	}
	for _, p := range lab.Procs(state, o.P4Dir) {
		if pid, err := readPid(filepath.Join(state, p.Name+".pid")); err == nil {
			pids = append(pids, pid)
		}
	}

	h := map[string]Host{}
	for _, x := range lab.Hosts {
		h[x.Name] = x
	}
	for _, c := range []struct{ name, from, to string }{
		{"different ToRs", "h1", "h3"},
		{"same ToR", "h1", "h2"},
		{"different ToRs back", "h4", "h2"},
	} {
		t.Run("ping/"+c.name, func(t *testing.T) {
			from, to := lab.HostNS(h[c.from]), h[c.to].IP.String()
			// The first packets of a flow take the NIS path while the
			// agents install entries; then every echo must come back.
			ok := false
			for i := 0; i < 10 && !ok; i++ {
				ok = ping(t, from, to, 1) == nil
			}
			if !ok {
				t.Fatalf("no echo reply from %s to %s in 10 tries", c.from, c.to)
			}
			if err := ping(t, from, to, 3); err != nil {
				t.Fatalf("ping -c 3 from %s to %s: %v", c.from, c.to, err)
			}
		})
	}
	t.Run("tcp", func(t *testing.T) {
		tcpExchange(t, lab.HostNS(h["h1"]), lab.HostNS(h["h4"]), h["h4"].IP.String())
	})
	t.Run("torctl", func(t *testing.T) {
		for i, tor := range lab.ToRs {
			out, err := exec.Command("ip", "netns", "exec", lab.TorNS(), filepath.Join(bin, "torctl"),
				"--agent", lab.AdminAddr(i), "cache", "ls").CombinedOutput()
			if err != nil {
				t.Fatalf("torctl cache ls on %s: %v\n%s", tor.Name, err, out)
			}
			t.Logf("%s:\n%s", tor.Name, out)
			for _, want := range []string{"egress", "ingress", "encap", "deliver"} {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("%s: torctl cache ls shows no %s entry", tor.Name, want)
				}
			}
		}
	})
}

// ping runs ping in ns (or, without ping installed or with VCNLAB_GO_PING
// set, sends ICMP echoes from a socket opened in ns) and fails unless all
// count echoes come back.
func ping(t *testing.T, ns, to string, count int) error {
	t.Helper()
	if _, err := exec.LookPath("ping"); err == nil && os.Getenv("VCNLAB_GO_PING") == "" {
		out, err := exec.Command("ip", "netns", "exec", ns, "ping", "-c", fmt.Sprint(count), "-W", "1", "-i", "0.2", to).CombinedOutput()
		if count > 1 || err == nil {
			t.Logf("ip netns exec %s ping -c %d %s:\n%s", ns, count, to, out)
		}
		if err != nil {
			return fmt.Errorf("%w: %s", err, out)
		}
		return nil
	}
	var c net.PacketConn
	if err := inNS(ns, func() (err error) { c, err = net.ListenPacket("ip4:icmp", "0.0.0.0"); return err }); err != nil {
		return err
	}
	defer c.Close()
	dst := &net.IPAddr{IP: net.ParseIP(to)}
	for seq := 1; seq <= count; seq++ {
		req := []byte{8, 0, 0, 0, 0x12, 0x34, 0, byte(seq), 'v', 'l', 't'}
		binary.BigEndian.PutUint16(req[2:], icmpChecksum(req))
		if _, err := c.WriteTo(req, dst); err != nil {
			return err
		}
		c.SetReadDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 1500)
		for {
			n, from, err := c.ReadFrom(buf)
			if err != nil {
				return fmt.Errorf("echo %d: %w", seq, err)
			}
			if from.String() == to && n >= 8 && buf[0] == 0 && buf[7] == byte(seq) {
				break
			}
		}
	}
	t.Logf("%d ICMP echoes from %s to %s answered", count, ns, to)
	return nil
}

func icmpChecksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return ^uint16(s)
}

// tcpExchange listens in serverNS, connects from clientNS and checks a
// message goes through and comes back.
func tcpExchange(t *testing.T, clientNS, serverNS, serverIP string) {
	t.Helper()
	var ln net.Listener
	if err := inNS(serverNS, func() (err error) { ln, err = net.Listen("tcp4", serverIP+":0"); return err }); err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(20 * time.Second))
		io.Copy(c, c)
	}()
	var c net.Conn
	if err := inNS(clientNS, func() (err error) {
		d := net.Dialer{Timeout: 20 * time.Second}
		c, err = d.Dial("tcp4", ln.Addr().String())
		return err
	}); err != nil {
		t.Fatalf("connecting from %s to %s: %v", clientNS, ln.Addr(), err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	msg := []byte("hello across the smart ToRs\n")
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("reading the echo: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Errorf("echo = %q, want %q", got, msg)
	}
	t.Logf("TCP %s -> %s: echoed %d bytes", c.LocalAddr(), c.RemoteAddr(), len(got))
}

func dumpLogs(t *testing.T, state string) {
	logs, _ := filepath.Glob(filepath.Join(state, "*.log"))
	for _, f := range logs {
		b, _ := os.ReadFile(f)
		t.Logf("--- %s\n%s", filepath.Base(f), tail(b, 30))
	}
}

// checkGone fails if a namespace, link or process of the lab remains.
func checkGone(t *testing.T, lab *Lab, pids []int) {
	t.Helper()
	if have := lab.Existing(); len(have) > 0 {
		t.Errorf("namespaces left after Down: %v", have)
	}
	out, _ := exec.Command("ip", "netns", "list").Output()
	if bytes.Contains(out, []byte(testPrefix)) {
		t.Errorf("ip netns list after Down:\n%s", out)
	}
	links, _ := exec.Command("ip", "-o", "link").Output()
	for _, l := range strings.Split(string(links), "\n") {
		for _, name := range []string{"-sub", "-p1", "-p2", "br0", "mgmt", "sub0"} {
			if strings.Contains(l, name) && !strings.Contains(l, "link-netns") {
				t.Errorf("link left in the root namespace: %s", l)
			}
		}
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d still runs after Down", pid)
		}
	}
}
