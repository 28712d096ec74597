package slowpath

import (
	"context"
	"encoding/hex"
	"flag"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

var update = flag.Bool("update", false, "rewrite testdata/packets from the test cases")

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
	ap   = netip.MustParseAddrPort

	macA = vcn.MAC{2, 0, 0, 0, 0, 1}
	macB = vcn.MAC{2, 0, 0, 0, 0, 2}
	macR = vcn.MAC{2, 0, 0, 0, 0, 0xfe} // the virtual router
	tor1 = ap("192.168.0.1:4789")
	tor2 = ap("192.168.0.2:4789")
	gw   = ap("192.0.2.1:4789")
	nis  = ap("10.255.0.1:4789")
)

// fixture: VCN v (VNI 100) with VNICs a (10.0.1.2 behind tor1) and b
// (10.0.1.3 behind tor2); egress TCP anywhere, ingress TCP 22 from the VCN;
// the route table sends the VCN locally and everything else to a gateway.
func fixture() *config.Snapshot {
	b := config.Empty().Edit()
	b.SetVCNs([]vcn.VCN{{ID: "v", VNI: 100, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}})
	b.SetSubnets([]vcn.Subnet{{ID: "s", VCNID: "v", CIDR: pfx("10.0.1.0/24"), RouteTableID: "rt"}})
	b.SetVNICs([]vcn.VNIC{
		{ID: "a", SubnetID: "s", Num: 1, IP: addr("10.0.1.2"), MAC: macA, Attach: vcn.Attachment{ToR: "tor1"}},
		{ID: "b", SubnetID: "s", Num: 2, IP: addr("10.0.1.3"), MAC: macB, Attach: vcn.Attachment{ToR: "tor2"}},
	})
	rules := []vcn.SecurityRule{{Direction: vcn.Egress, Protocol: vcn.ProtoTCP, CIDR: pfx("0.0.0.0/0"), Stateless: true},
		{Direction: vcn.Ingress, Protocol: vcn.ProtoTCP, CIDR: pfx("10.0.0.0/16"), DstPort: vcn.PortRange{Lo: 22, Hi: 22}}}
	for _, id := range []string{"a", "b"} {
		b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.PolicyPart(id), Version: 1},
			Policy: &vcn.Policy{VNICID: id, Rules: rules}})
	}
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.RoutePart("rt"), Version: 1}, Route: &vcn.RouteTable{
		ID: "rt", VCNID: "v", Rules: []vcn.RouteRule{
			{Dest: pfx("10.0.0.0/16"), Target: vcn.RouteTarget{Kind: vcn.TargetLocal}},
			{Dest: pfx("0.0.0.0/0"), Target: vcn.RouteTarget{Kind: vcn.TargetGateway, Substrate: gw.Addr()}},
		}}})
	for _, m := range []vcn.Mapping{
		{VCNID: "v", OverlayIP: addr("10.0.1.2"), Substrate: tor1.Addr(), VNI: 100},
		{VCNID: "v", OverlayIP: addr("10.0.1.3"), Substrate: tor2.Addr(), VNI: 100},
	} {
		m := m
		b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.MappingPart("v", m.OverlayIP.String()), Version: 1}, Mapping: &m})
	}
	s, _ := b.Snapshot()
	return s
}

// frame builds an inner Ethernet/IPv4/TCP frame.
func frame(t testing.TB, src, dst vcn.MAC, sip, dip string, sport, dport uint16) []byte {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr(src[:]), DstMAC: net.HardwareAddr(dst[:]), EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: net.ParseIP(sip).To4(), DstIP: net.ParseIP(dip).To4()}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(sport), DstPort: layers.TCPPort(dport), SYN: true, Window: 1024}
	tcp.SetNetworkLayerForChecksum(ip)
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		eth, ip, tcp, gopacket.Payload("hello")); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// vxlan prepends a VXLAN header written out byte by byte, independently
// of the code under test.
func vxlan(vni uint32, mark Mark, inner []byte) []byte {
	h := []byte{0x08, 0, 0, byte(mark), byte(vni >> 16), byte(vni >> 8), byte(vni), 0}
	return append(h, inner...)
}

type packetCase struct {
	name    string
	from    netip.AddrPort
	in      []byte
	want    Verdict
	wantTo  netip.AddrPort
	wantOut []byte
}

func packetCases(t testing.TB) []packetCase {
	ab22 := frame(t, macA, macR, "10.0.1.2", "10.0.1.3", 40000, 22)
	ab80 := frame(t, macA, macR, "10.0.1.2", "10.0.1.3", 40000, 80)
	aOut := frame(t, macA, macR, "10.0.1.2", "8.8.8.8", 40000, 443)
	spoof := frame(t, macB, macR, "10.0.1.2", "10.0.1.3", 40000, 22)
	v6 := func() []byte {
		eth := &layers.Ethernet{SrcMAC: net.HardwareAddr(macA[:]), DstMAC: net.HardwareAddr(macR[:]), EthernetType: layers.EthernetTypeIPv6}
		ip := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolNoNextHeader, SrcIP: net.ParseIP("fd00::1"), DstIP: net.ParseIP("fd00::2")}
		buf := gopacket.NewSerializeBuffer()
		gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, eth, ip)
		return buf.Bytes()
	}()
	return []packetCase{
		{"egress_local", tor1, vxlan(100, MarkPuntEgress, ab22), VerdictForward, tor2, vxlan(100, MarkNone, ab22)},
		{"egress_unmarked", tor1, vxlan(100, MarkNone, ab22), VerdictForward, tor2, vxlan(100, MarkNone, ab22)},
		{"egress_gateway", tor1, vxlan(100, MarkPuntEgress, aOut), VerdictForward, gw, vxlan(100, MarkNone, aOut)},
		{"ingress_return", tor2, vxlan(100, MarkPuntIngress, ab22), VerdictReturn, tor2, vxlan(100, MarkReturn, ab22)},
		{"ingress_unmarked", tor2, vxlan(100, MarkNone, ab22), VerdictReturn, tor2, vxlan(100, MarkReturn, ab22)},
		{"ingress_denied", tor2, vxlan(100, MarkPuntIngress, ab80), VerdictDeny, netip.AddrPort{}, nil},
		{"egress_spoofed_mac", tor1, vxlan(100, MarkPuntEgress, spoof), VerdictUnknown, netip.AddrPort{}, nil},
		{"unknown_vni", tor1, vxlan(999, MarkPuntEgress, ab22), VerdictUnknown, netip.AddrPort{}, nil},
		{"nis_returned", tor1, vxlan(100, MarkReturn, ab22), VerdictUnsupported, netip.AddrPort{}, nil},
		{"inner_ipv6", tor1, vxlan(100, MarkPuntEgress, v6), VerdictUnsupported, netip.AddrPort{}, nil},
		{"truncated_tcp", tor1, vxlan(100, MarkPuntEgress, ab22[:14+20+8]), VerdictMalformed, netip.AddrPort{}, nil},
		{"short_vxlan", tor1, []byte{0x08, 0, 0}, VerdictMalformed, netip.AddrPort{}, nil},
		{"no_i_flag", tor1, append([]byte{0, 0, 0, 0, 0, 0, 100, 0}, ab22...), VerdictMalformed, netip.AddrPort{}, nil},
		{"no_inner_frame", tor1, vxlan(100, MarkPuntEgress, nil), VerdictMalformed, netip.AddrPort{}, nil},
	}
}

func TestProcess(t *testing.T) {
	s := fixture()
	p := New(func() *config.Snapshot { return s }, nil)
	w := p.NewWorker()
	cases := packetCases(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, out, to := w.Process(tc.in, tc.from)
			if v != tc.want || to != tc.wantTo {
				t.Fatalf("Process = %v to %v, want %v to %v", v, to, tc.want, tc.wantTo)
			}
			if diff := cmp.Diff(tc.wantOut, out); diff != "" {
				t.Errorf("output bytes (-want +got):\n%s", diff)
			}
		})
	}
	st := p.Stats()
	if st.Received != uint64(len(cases)) || st.Forwarded != 3 || st.Returned != 2 || st.Denied != 1 || st.Malformed != 4 {
		t.Errorf("Stats = %+v", st)
	}
	if *update {
		dir := filepath.Join("testdata", "packets")
		os.MkdirAll(dir, 0o755)
		for _, tc := range cases {
			if err := os.WriteFile(filepath.Join(dir, tc.name+".hex"), []byte(hex.EncodeToString(tc.in)+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRunOverMemNetwork sends packets from two ToRs through a processor
// running on an in-memory substrate and checks what each ToR receives.
func TestRunOverMemNetwork(t *testing.T) {
	s := fixture()
	mn := NewMemNetwork()
	nisConn, _ := mn.Listen(nis)
	t1, _ := mn.Listen(tor1)
	t2, _ := mn.Listen(tor2)
	p := New(func() *config.Snapshot { return s }, nisConn)
	var mu sync.Mutex
	var events []Event
	p.Observe(func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx, 2) }()

	ab22 := frame(t, macA, macR, "10.0.1.2", "10.0.1.3", 40000, 22)
	t1.WriteTo(vxlan(100, MarkPuntEgress, ab22), nis)                                                 // forwarded to tor2
	t1.WriteTo([]byte("garbage"), nis)                                                                // dropped
	t2.WriteTo(vxlan(100, MarkPuntIngress, frame(t, macA, macR, "10.0.1.2", "10.0.1.3", 1, 80)), nis) // denied
	t2.WriteTo(vxlan(100, MarkPuntIngress, ab22), nis)                                                // returned to tor2

	got := map[string]bool{}
	for i := 0; i < 2; i++ {
		buf := make([]byte, 2048)
		n, from, err := t2.ReadFrom(buf)
		if err != nil || from != nis {
			t.Fatalf("tor2 read: %v from %v", err, from)
		}
		got[hex.EncodeToString(buf[:n])] = true
	}
	want := map[string]bool{hex.EncodeToString(vxlan(100, MarkNone, ab22)): true, hex.EncodeToString(vxlan(100, MarkReturn, ab22)): true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tor2 received (-want +got):\n%s", diff)
	}
	for p.Stats().Received < 4 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if st := p.Stats(); st.Malformed != 1 || st.Denied != 1 {
		t.Errorf("Stats = %+v", st)
	}
	mu.Lock()
	defer mu.Unlock()
	denied := 0
	for _, e := range events {
		if e.Verdict == VerdictDeny {
			denied++
			want := vcn.FlowKey{VNIC: 2, Dir: vcn.Ingress, Src: addr("10.0.1.2"), Dst: addr("10.0.1.3"), Proto: vcn.ProtoTCP, SrcPort: 1, DstPort: 80}
			if e.Key != want || e.From != tor2 {
				t.Errorf("denied event = %+v, want key %v from %v", e, want, tor2)
			}
		}
	}
	if len(events) != 4 || denied != 1 {
		t.Errorf("observed %d events (%d denied), want 4 (1)", len(events), denied)
	}
}

func TestUDPConn(t *testing.T) {
	a, err := ListenUDP("127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback UDP: %v", err)
	}
	defer a.Close()
	b, err := ListenUDP("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := a.WriteTo([]byte("vxlan"), b.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, from, err := b.ReadFrom(buf)
	if err != nil || string(buf[:n]) != "vxlan" || from != a.LocalAddr() {
		t.Errorf("ReadFrom = %q from %v, %v; want \"vxlan\" from %v", buf[:n], from, err, a.LocalAddr())
	}
	if _, err := ListenUDP("nonsense:address:x"); err == nil {
		t.Error("ListenUDP of a bad address succeeded")
	}
}

func TestVerdictNames(t *testing.T) {
	for v := Verdict(0); v <= numVerdicts; v++ {
		if v.String() == "" {
			t.Errorf("verdict %d has no name", v)
		}
	}
}

// FuzzParse feeds arbitrary bytes to the parser and the whole slow path:
// nothing may panic, and anything forwarded must be a well-formed VXLAN
// payload that parses again.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "packets", "*.hex"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		pkt, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		f.Add(pkt)
	}
	s := fixture()
	w := New(func() *config.Snapshot { return s }, nil).NewWorker()
	f.Fuzz(func(t *testing.T, b []byte) {
		Parse(b)
		for _, from := range []netip.AddrPort{tor1, tor2} {
			v, out, _ := w.Process(b, from)
			if v == VerdictForward || v == VerdictReturn {
				if _, err := Parse(out); err != nil {
					t.Fatalf("%v output does not parse: %v", v, err)
				}
			}
		}
	})
}

// TestRunOverUDP runs the processor on a real loopback UDP socket: a punt
// whose destination VNIC maps to the sender is returned to it.
func TestRunOverUDP(t *testing.T) {
	tor, err := ListenUDP("127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback UDP: %v", err)
	}
	defer tor.Close()
	nisConn, err := ListenUDP("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Without a mapping for VNIC b the return goes to the punt's sender,
	// the fake ToR's socket (with one, it would go to port 4789 of b's VTEP).
	b := fixture().Edit()
	b.Apply(vcn.PartContent{PartVersion: vcn.PartVersion{Part: vcn.MappingPart("v", "10.0.1.3"), Version: 2}, Deleted: true})
	s, _ := b.Snapshot()
	p := New(func() *config.Snapshot { return s }, nisConn)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx, 1) }()

	ab22 := frame(t, macA, macR, "10.0.1.2", "10.0.1.3", 40000, 22)
	if err := tor.WriteTo(vxlan(100, MarkPuntIngress, ab22), nisConn.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2048)
	n, from, err := tor.ReadFrom(buf)
	if err != nil || from != nisConn.LocalAddr() {
		t.Fatalf("ReadFrom: %v from %v", err, from)
	}
	if diff := cmp.Diff(vxlan(100, MarkReturn, ab22), buf[:n]); diff != "" {
		t.Errorf("returned packet (-want +got):\n%s", diff)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}
