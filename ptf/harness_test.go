package ptf

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/antoninbas/p4runtime-go-client/pkg/client"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"github.com/sirupsen/logrus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/vcn-flowcache/vcn-flowcache/p4src"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/device"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4rt"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// The test topology, as ptf/python/README.md describes it: port 1 is a
// host port with VNIC 7 (untagged), port 2 the substrate port towards the
// spine, port 3 a second host port (VNIC 8 untagged, VNIC 9 on VLAN 10).
// Port 9 is the barrier port: an ARP request for our VTEP sent there comes
// back there, and since one pipeline goroutine takes frames in arrival
// order, its reply proves every frame sent before it has been processed.
const (
	hostPort      = 1
	substratePort = 2
	hostPort2     = 3
	barrierPort   = 9
)

// Names of smarttor.p4's objects.
const (
	tTorConfig    = "SmartTorIngress.tor_config"
	tHostVNIC     = "SmartTorIngress.host_vnic"
	tVNICOverlay  = "SmartTorIngress.vnic_by_overlay"
	tFlowCache    = "SmartTorIngress.flow_cache"
	tVNICDelivery = "SmartTorIngress.vnic_delivery"
	tUnderlay     = "SmartTorIngress.underlay_route"
	statsCounter  = "SmartTorIngress.stats"
	flowDigest    = "flow_digest_t"
)

// Counter indices (p4src/include/metadata.p4).
const (
	statHitEgress       = 0
	statHitIngress      = 1
	statMiss            = 2
	statStale           = 3
	statNISReturn       = 4
	statTransit         = 5
	statHairpin         = 6
	statToCPU           = 7
	statARPReply        = 8
	statDropParser      = 16
	statDropCsum        = 17
	statDropSpoof       = 18
	statDropDeny        = 19
	statDropTTL         = 20
	statDropNoVNIC      = 21
	statDropNoRoute     = 22
	statDropUnsupported = 23
	statDropUnknownSrc  = 26
	statDropNotForUs    = 27
	statBadReturn       = 25
	statUnknownSrc      = 26
	dirEgress           = 0
	dirIngress          = 1
	reasonMiss          = 1
	reasonStale         = 2
	markPuntEgress      = 0x01
	markPuntIngress     = 0x02
	markNISReturn       = 0x80
	slot                = 1
)

// Addresses of the topology.
var (
	routerMAC = mustMAC("02:00:00:00:01:00")
	spineMAC  = mustMAC("02:00:00:00:02:00")
	vtep      = netip.MustParseAddr("192.0.2.1")
	peerVTEP  = netip.MustParseAddr("192.0.2.2")
	nisAddr   = netip.MustParseAddr("192.0.2.100")

	vni       = uint32(100)
	vnicMAC   = mustMAC("02:00:00:00:00:07")
	vnicIP    = netip.MustParseAddr("10.0.0.7")
	vnic2MAC  = mustMAC("02:00:00:00:00:08")
	vnic2IP   = netip.MustParseAddr("10.0.0.8")
	vnic3MAC  = mustMAC("02:00:00:00:00:09")
	vnic3IP   = netip.MustParseAddr("10.0.0.9")
	remoteIP  = netip.MustParseAddr("10.0.1.9")
	remoteMAC = mustMAC("02:00:00:00:00:99")
)

const (
	vnic      = 7
	vnic2     = 8
	vnic3     = 9
	vlan3     = 10
	waitLimit = 10 * time.Second // generous deadline for asynchronous events
)

func mustMAC(s string) net.HardwareAddr {
	m, err := net.ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return m
}

// Encoders of P4Runtime values at their P4Info widths.
func u(v uint64, width int) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b[8-width:]
}
func u8(v uint64) []byte                { return u(v, 1) }
func u16(v uint64) []byte               { return u(v, 2) }
func u24(v uint64) []byte               { return u(v, 3) }
func u32(v uint64) []byte               { return u(v, 4) }
func ip(a netip.Addr) []byte            { b := a.As4(); return b[:] }
func macB(m net.HardwareAddr) []byte    { return append([]byte(nil), m...) }
func exact(b []byte) *client.ExactMatch { return &client.ExactMatch{Value: b} }

func init() {
	// The client logs stream errors with logrus; they are expected when
	// a test tears its switch down.
	logrus.SetOutput(io.Discard)
}

// tswitch is one switch under test: a device on in-memory ports, served on
// a loopback listener, with a p4runtime-go-client controller that is
// primary, pushed the pipeline and enabled the flow digest.
type tswitch struct {
	t    testing.TB
	dev  *device.Device
	ends map[uint32]end
	c    *client.Client
	ctx  context.Context

	// injected counts the frames sent into the switch's ports.
	injected uint64

	digests   chan *p4v1.DigestList
	idle      chan *p4v1.IdleTimeoutNotification
	packetIns chan *p4v1.PacketIn
}

// end is the test's side of a switch port: a ports.MemEnd, or an
// AF_PACKET socket on the other end of a veth (netns_test.go).
type end interface {
	Inject(frame []byte) error
	Read(ctx context.Context) ([]byte, error)
	Drain() [][]byte
}

// testPorts are the ports of the topology.
var testPorts = []uint32{hostPort, substratePort, hostPort2, barrierPort}

// newSwitch starts a switch on in-memory ports and pushes smarttor.p4 to
// it. It does not install entries: see configure.
func newSwitch(t testing.TB) *tswitch {
	t.Helper()
	return startSwitch(t, func(dev *device.Device) map[uint32]end {
		ends := map[uint32]end{}
		for _, n := range testPorts {
			p, e := ports.NewMemPort(n, fmt.Sprintf("p%d", n))
			if err := dev.AddPort(p); err != nil {
				t.Fatal(err)
			}
			ends[n] = e
		}
		return ends
	})
}

// startSwitch starts a device whose ports addPorts adds (returning the
// test's ends of them), serves it on a loopback listener and connects a
// controller to it.
func startSwitch(t testing.TB, addPorts func(*device.Device) map[uint32]end) *tswitch {
	t.Helper()
	// No deadline on the switch's context (a fuzz run lasts as long as
	// it is told); waits take waitLimit each.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dev, err := device.New(device.Options{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		P4RT:   []p4rt.Option{p4rt.WithIdleScanInterval(20 * time.Millisecond)},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &tswitch{t: t, dev: dev, ctx: ctx,
		digests:   make(chan *p4v1.DigestList, 64),
		idle:      make(chan *p4v1.IdleTimeoutNotification, 64),
		packetIns: make(chan *p4v1.PacketIn, 64),
	}
	s.ends = addPorts(dev)
	if err := dev.Start(); err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go dev.Serve(lis)
	t.Cleanup(func() { dev.Close() })
	s.connect(lis.Addr().String())
	return s
}

// connect dials the switch, becomes primary with election id 1, pushes the
// pipeline and enables the flow digest (one digest per list, at once).
func (s *tswitch) connect(addr string) {
	t := s.t
	t.Helper()
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	s.c = client.NewClient(p4v1.NewP4RuntimeClient(cc), 0, &p4v1.Uint128{High: 0, Low: 1})
	stop := make(chan struct{})
	arb := make(chan bool, 4)
	msgs := make(chan *p4v1.StreamMessageResponse, 1024)
	go s.c.Run(stop, arb, msgs)
	go s.dispatch(msgs, stop)
	// Cleanups run last-in first-out: stop the stream, then close the
	// connection, then (registered earlier) the device.
	t.Cleanup(func() { cc.Close() })
	t.Cleanup(func() { close(stop) })
	select {
	case ok := <-arb:
		if !ok {
			t.Fatal("arbitration: not primary")
		}
	case <-time.After(waitLimit):
		t.Fatal("arbitration: no answer")
	}
	if _, err := s.c.SetFwdPipeFromBytes(s.ctx, p4src.DeviceConfig, p4src.P4InfoText, 1); err != nil {
		t.Fatalf("SetForwardingPipelineConfig: %v", err)
	}
	if err := s.c.EnableDigest(s.ctx, flowDigest, &p4v1.DigestEntry_Config{MaxListSize: 1}); err != nil {
		t.Fatalf("enable digest: %v", err)
	}
}

// dispatch sorts stream messages by kind.
func (s *tswitch) dispatch(msgs <-chan *p4v1.StreamMessageResponse, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case m := <-msgs:
			// Never block the stream: a test that does not read a kind
			// (or a fuzz run) would stall it. Overflow is dropped.
			switch u := m.GetUpdate().(type) {
			case *p4v1.StreamMessageResponse_Digest:
				trySend(s.digests, u.Digest)
			case *p4v1.StreamMessageResponse_IdleTimeoutNotification:
				trySend(s.idle, u.IdleTimeoutNotification)
			case *p4v1.StreamMessageResponse_Packet:
				trySend(s.packetIns, u.Packet)
			}
		}
	}
}

func trySend[T any](c chan T, v T) {
	select {
	case c <- v:
	default:
	}
}

// configure installs the ToR's static state (python's SmartTorTest.setUp):
// tor_config, the underlay route to the substrate, VNIC 7 on port 1, its
// overlay address and delivery, and version 1 in slot 1 of every kind.
func (s *tswitch) configure() {
	s.t.Helper()
	s.setDefault(tTorConfig, "SmartTorIngress.set_tor_config", ip(vtep), macB(routerMAC), ip(nisAddr))
	s.insert("SmartTorIngress.port_role", map[string]client.MatchInterface{"ingress_port": exact(u16(substratePort))},
		"SmartTorIngress.set_substrate_port", nil)
	s.route(netip.MustParsePrefix("192.0.2.0/24"), substratePort, spineMAC)
	s.placeVNIC(vnic, hostPort, 0, vnicMAC, vnicIP)
	for _, kind := range []string{"policy", "mapping", "route"} {
		s.version(kind, slot, 1, p4v1.Update_INSERT)
	}
}

// placeVNIC installs host_vnic, vnic_by_overlay and vnic_delivery for a VNIC.
func (s *tswitch) placeVNIC(n uint64, port, vlan uint64, mac net.HardwareAddr, addr netip.Addr) {
	s.t.Helper()
	s.insert(tHostVNIC, map[string]client.MatchInterface{"ingress_port": exact(u16(port)), "vlan_id": exact(u16(vlan))},
		"SmartTorIngress.set_host_vnic", nil, u32(n), u24(uint64(vni)), macB(mac), ip(addr))
	s.insert(tVNICOverlay, map[string]client.MatchInterface{"vni": exact(u24(uint64(vni))), "overlay_ip": exact(ip(addr))},
		"SmartTorIngress.set_local_vnic", nil, u32(n))
	s.insert(tVNICDelivery, map[string]client.MatchInterface{"vnic": exact(u32(n))},
		"SmartTorIngress.deliver_to_port", nil, u16(port), u16(vlan), macB(mac))
}

func (s *tswitch) route(p netip.Prefix, port uint64, dmac net.HardwareAddr) {
	s.t.Helper()
	s.insert(tUnderlay, map[string]client.MatchInterface{"dst_addr": &client.LpmMatch{Value: ip(p.Addr()), PLen: int32(p.Bits())}},
		"SmartTorIngress.set_next_hop", nil, u16(port), macB(dmac))
}

// version writes the current version of slot in <kind>_check.versions.
func (s *tswitch) version(kind string, slotID, v uint64, op p4v1.Update_Type) {
	s.t.Helper()
	e := s.c.NewTableEntry("SmartTorIngress."+kind+"_check.versions",
		map[string]client.MatchInterface{"slot": exact(u32(slotID))},
		s.c.NewTableActionDirect("SmartTorIngress."+kind+"_check.set_current_version", [][]byte{u32(v)}), nil)
	s.write(op, e)
}

// flowKey is a flow_cache match.
type flowKey struct {
	vnic         uint64
	dir          uint64
	src, dst     netip.Addr
	proto        uint64
	sport, dport uint64
}

func (k flowKey) match() map[string]client.MatchInterface {
	return map[string]client.MatchInterface{
		"vnic": exact(u32(k.vnic)), "direction": exact(u8(k.dir)),
		"src_addr": exact(ip(k.src)), "dst_addr": exact(ip(k.dst)),
		"protocol": exact(u8(k.proto)), "src_port": exact(u16(k.sport)), "dst_port": exact(u16(k.dport)),
	}
}

// versions are the six version parameters of a flow-cache action: slot 1
// of each kind at the given versions.
func versions(policy, mapping, route uint64) [][]byte {
	return [][]byte{u32(slot), u32(policy), u32(slot), u32(mapping), u32(slot), u32(route)}
}

// Outbound and inbound flows of VNIC 7 with the remote peer (TCP 40000 → 80).
var (
	outFlow = flowKey{vnic, dirEgress, vnicIP, remoteIP, 6, 40000, 80}
	inFlow  = flowKey{vnic, dirIngress, remoteIP, vnicIP, 6, 80, 40000}
)

func (s *tswitch) encapEntry(k flowKey, substrate netip.Addr, opts *client.TableEntryOptions) *p4v1.TableEntry {
	s.t.Helper()
	return s.insert(tFlowCache, k.match(), "SmartTorIngress.fc_encap", opts,
		append([][]byte{ip(substrate), u24(uint64(vni))}, versions(1, 1, 1)...)...)
}

func (s *tswitch) deliverEntry(k flowKey, to uint64) *p4v1.TableEntry {
	s.t.Helper()
	return s.insert(tFlowCache, k.match(), "SmartTorIngress.fc_deliver", nil,
		append([][]byte{u32(to)}, versions(1, 1, 1)...)...)
}

func (s *tswitch) insert(table string, match map[string]client.MatchInterface, action string, opts *client.TableEntryOptions, params ...[]byte) *p4v1.TableEntry {
	s.t.Helper()
	e := s.c.NewTableEntry(table, match, s.c.NewTableActionDirect(action, params), opts)
	s.write(p4v1.Update_INSERT, e)
	return e
}

func (s *tswitch) setDefault(table, action string, params ...[]byte) {
	s.t.Helper()
	s.write(p4v1.Update_MODIFY, s.c.NewTableEntry(table, nil, s.c.NewTableActionDirect(action, params), nil))
}

func (s *tswitch) write(op p4v1.Update_Type, e *p4v1.TableEntry) {
	s.t.Helper()
	if e.TableId == 0 || (op != p4v1.Update_DELETE && e.GetAction().GetAction().GetActionId() == 0) {
		// The client resolves unknown names to id 0 silently.
		s.t.Fatalf("entry names not in the P4Info: %v", e)
	}
	err := s.c.WriteUpdate(s.ctx, &p4v1.Update{Type: op, Entity: &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: e}}})
	if err != nil {
		s.t.Fatalf("%v %s: %v", op, e, err)
	}
}

// counter reads one index of the stats counter over P4Runtime.
func (s *tswitch) counter(index int64) int64 {
	s.t.Helper()
	d, err := s.c.ReadCounterEntry(s.ctx, statsCounter, index)
	if err != nil {
		s.t.Fatalf("read %s[%d]: %v", statsCounter, index, err)
	}
	return d.GetPacketCount()
}

// wantCounter fails unless stats[index] holds want packets.
func (s *tswitch) wantCounter(index int64, want int64) {
	s.t.Helper()
	if got := s.counter(index); got != want {
		s.t.Errorf("%s[%d] = %d packets, want %d", statsCounter, index, got, want)
	}
}

// send injects frame on port.
func (s *tswitch) send(port uint32, frame []byte) {
	s.t.Helper()
	if err := s.ends[port].Inject(frame); err != nil {
		s.t.Fatalf("send on port %d: %v", port, err)
	}
	s.injected++
}

// expected is a packet expected on a port; mask, if set, has the bits to
// compare (PTF's Mask: a zero bit is "don't care").
type expected struct {
	port  uint32
	frame []byte
	mask  []byte
}

// barrier waits until every frame sent so far has been through the
// pipeline (see barrierPort): on in-memory ports frames reach the ring as
// they are sent; on real links they are first counted in.
func (s *tswitch) barrier() {
	s.t.Helper()
	// Frames on different real links reach the ring in any order: first
	// wait until the pipeline has taken every frame sent (the count of
	// frames received is bumped as the pipeline starts on one), so the
	// barrier frame queues behind all of them.
	deadline := time.Now().Add(waitLimit)
	for s.dev.Stats().Received < s.injected {
		if time.Now().After(deadline) {
			s.t.Fatalf("barrier: the switch received %d of the %d frames sent", s.dev.Stats().Received, s.injected)
		}
		time.Sleep(100 * time.Microsecond)
	}
	s.send(barrierPort, arpFrame(spineMAC, bcastMAC, 1, spineMAC, peerVTEP, nil, vtep))
	ctx, cancel := context.WithTimeout(s.ctx, waitLimit)
	defer cancel()
	f, err := s.ends[barrierPort].Read(ctx)
	if err != nil {
		s.t.Fatalf("barrier: no ARP reply on port %d: %v", barrierPort, err)
	}
	if len(f) < 42 || binary.BigEndian.Uint16(f[20:22]) != 2 {
		s.t.Fatalf("barrier: port %d sent % x, not an ARP reply", barrierPort, f)
	}
}

// verifyPackets waits for the pipeline to process everything sent, then
// checks that each port received exactly the expected packets, in order,
// and nothing else (PTF's verify_packet + verify_no_other_packets).
func (s *tswitch) verifyPackets(want ...expected) {
	s.t.Helper()
	byPort := map[uint32][]expected{}
	for _, w := range want {
		byPort[w.port] = append(byPort[w.port], w)
	}
	// Wait for as many packets as expected on each port (real links
	// deliver asynchronously), then for the pipeline to have processed
	// everything, then take whatever else arrived.
	got := map[uint32][][]byte{}
	for n, ws := range byPort {
		ctx, cancel := context.WithTimeout(s.ctx, waitLimit)
		for range ws {
			f, err := s.ends[n].Read(ctx)
			if err != nil {
				break
			}
			got[n] = append(got[n], f)
		}
		cancel()
	}
	s.barrier()
	for n, e := range s.ends {
		got[n] = append(got[n], e.Drain()...)
	}
	for n := range s.ends {
		ws, gs := byPort[n], got[n]
		for i := 0; i < len(ws) || i < len(gs); i++ {
			switch {
			case i >= len(gs):
				s.t.Errorf("port %d: missing packet %d:\n%s", n, i, dump(ws[i].frame))
			case i >= len(ws):
				s.t.Errorf("port %d: unexpected packet %d:\n%s", n, i, dump(gs[i]))
			default:
				if d := diffFrame(ws[i].frame, ws[i].mask, gs[i]); d != "" {
					s.t.Errorf("port %d packet %d differs (-want +got):\n%s", n, i, d)
				}
			}
		}
	}
}

// verifyNoPackets is verifyPackets with no packets expected.
func (s *tswitch) verifyNoPackets() { s.t.Helper(); s.verifyPackets() }

// diffFrame compares got with want under mask (nil: every bit) and
// returns "" or a hex dump of both with the differing bytes marked.
func diffFrame(want, mask, got []byte) string {
	same := len(want) == len(got)
	for i := 0; same && i < len(want); i++ {
		m := byte(0xff)
		if mask != nil {
			m = mask[i]
		}
		same = want[i]&m == got[i]&m
	}
	if same {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "length want %d got %d\n", len(want), len(got))
	for off := 0; off < len(want) || off < len(got); off += 16 {
		w, g := slice16(want, off), slice16(got, off)
		marks := make([]byte, 0, 48)
		for i := 0; i < 16 && (off+i < len(want) || off+i < len(got)); i++ {
			m := byte(0xff)
			if mask != nil && off+i < len(mask) {
				m = mask[off+i]
			}
			if off+i >= len(want) || off+i >= len(got) || want[off+i]&m != got[off+i]&m {
				marks = append(marks, "^^ "...)
			} else {
				marks = append(marks, "   "...)
			}
		}
		if strings.TrimSpace(string(marks)) == "" {
			continue // only rows that differ
		}
		fmt.Fprintf(&b, "-%04x %s\n+%04x %s\n      %s\n", off, w, off, g, strings.TrimRight(string(marks), " "))
	}
	return b.String()
}

func slice16(b []byte, off int) string {
	if off >= len(b) {
		return ""
	}
	end := min(off+16, len(b))
	var parts []string
	for _, c := range b[off:end] {
		parts = append(parts, hex.EncodeToString([]byte{c}))
	}
	return strings.Join(parts, " ")
}

func dump(f []byte) string { return hex.Dump(f) }

// flowDigestValue is a decoded flow_digest_t.
type flowDigestValue struct {
	VNIC, Direction  uint64
	Src, Dst         netip.Addr
	Protocol         uint64
	SrcPort, DstPort uint64
	Reason           uint64
}

// waitDigest waits (generously) for the next flow digest, acknowledges it
// and returns its single member.
func (s *tswitch) waitDigest() flowDigestValue {
	s.t.Helper()
	select {
	case l := <-s.digests:
		if err := s.c.AckDigestList(s.ctx, l); err != nil {
			s.t.Errorf("ack digest list: %v", err)
		}
		if len(l.GetData()) != 1 {
			s.t.Fatalf("digest list with %d members, want 1: %v", len(l.GetData()), l)
		}
		return decodeDigest(s.t, l.GetData()[0])
	case <-time.After(waitLimit):
		s.t.Fatalf("no digest within %v", waitLimit)
	}
	return flowDigestValue{}
}

func decodeDigest(t testing.TB, d *p4v1.P4Data) flowDigestValue {
	t.Helper()
	ms := d.GetStruct().GetMembers()
	if len(ms) != 8 {
		t.Fatalf("digest with %d members, want flow_digest_t's 8: %v", len(ms), d)
	}
	v := make([]uint64, len(ms))
	for i, m := range ms {
		b := m.GetBitstring()
		if len(b) == 0 || len(b) > 8 {
			t.Fatalf("digest member %d: bitstring %x", i, b)
		}
		for _, c := range b {
			v[i] = v[i]<<8 | uint64(c)
		}
	}
	a4 := func(x uint64) netip.Addr {
		return netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
	}
	return flowDigestValue{VNIC: v[0], Direction: v[1], Src: a4(v[2]), Dst: a4(v[3]), Protocol: v[4],
		SrcPort: v[5], DstPort: v[6], Reason: v[7]}
}

// digestOf is the digest a punt of k for reason sends.
func digestOf(k flowKey, reason uint64) flowDigestValue {
	return flowDigestValue{VNIC: k.vnic, Direction: k.dir, Src: k.src, Dst: k.dst, Protocol: k.proto,
		SrcPort: k.sport, DstPort: k.dport, Reason: reason}
}

// digestsSent is how many digest() calls the pipeline made, counted
// synchronously in the interpreter (so exact after a barrier).
func (s *tswitch) digestsSent() uint64 { return s.dev.Stats().Digests }

// TestClientAssumptions guards what p4runtime-go-client assumes silently:
// action parameter ids are 1..n in declaration order (it numbers the
// values it is given that way), and every name the tests use resolves.
func TestClientAssumptions(t *testing.T) {
	info, err := p4info.UnmarshalText(p4src.P4InfoText)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range info.GetActions() {
		for i, p := range a.GetParams() {
			if p.GetId() != uint32(i+1) {
				t.Errorf("action %s: parameter %s has id %d at position %d; the client would misnumber it",
					a.GetPreamble().GetName(), p.GetName(), p.GetId(), i+1)
			}
		}
	}
	names := map[string]bool{}
	for _, tb := range info.GetTables() {
		names[tb.GetPreamble().GetName()] = true
	}
	for _, n := range []string{tTorConfig, tHostVNIC, tVNICOverlay, tFlowCache, tVNICDelivery, tUnderlay,
		"SmartTorIngress.policy_check.versions", "SmartTorIngress.mapping_check.versions", "SmartTorIngress.route_check.versions"} {
		if !names[n] {
			t.Errorf("table %s is not in the P4Info", n)
		}
	}
}
