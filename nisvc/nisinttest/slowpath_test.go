package nisinttest

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/vcn-flowcache/vcn-flowcache/nisvc/slowpath"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// frame builds the inner Ethernet/IPv4 frame of flow k's first packet.
func frame(t *testing.T, src, dst vcn.VNIC, k vcn.FlowKey) []byte {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr(src.MAC[:]), DstMAC: net.HardwareAddr(dst.MAC[:]), EthernetType: layers.EthernetTypeIPv4}
	ipl := &layers.IPv4{Version: 4, TTL: 64, SrcIP: k.Src.AsSlice(), DstIP: k.Dst.AsSlice()}
	var l4 gopacket.SerializableLayer
	switch k.Proto {
	case vcn.ProtoTCP:
		ipl.Protocol = layers.IPProtocolTCP
		tcp := &layers.TCP{SrcPort: layers.TCPPort(k.SrcPort), DstPort: layers.TCPPort(k.DstPort), SYN: true, Window: 1024}
		tcp.SetNetworkLayerForChecksum(ipl)
		l4 = tcp
	default:
		ipl.Protocol = layers.IPProtocolUDP
		udp := &layers.UDP{SrcPort: layers.UDPPort(k.SrcPort), DstPort: layers.UDPPort(k.DstPort)}
		udp.SetNetworkLayerForChecksum(ipl)
		l4 = udp
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ipl, l4); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSlowPath sends first packets the way a ToR punts them (VXLAN over
// the in-memory substrate) to the slow path of the NIS mirroring the
// control plane, before and after configuration changes: each packet is
// handled under the configuration the NIS had when it arrived.
func TestSlowPath(t *testing.T) {
	e := newEnv(t)
	e.createFixture()
	sub := slowpath.NewMemNetwork()
	nisAddr := netip.MustParseAddrPort("192.168.255.254:4789")
	conn, err := sub.Listen(nisAddr)
	if err != nil {
		t.Fatal(err)
	}
	proc := slowpath.New(e.svc.Snapshot, conn)
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	go proc.Run(ctx, 1)
	listen := func(a string) *slowpath.MemConn {
		c, err := sub.Listen(netip.MustParseAddrPort(a))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	tor1, tor2 := listen("192.168.0.1:4789"), listen("192.168.0.2:4789")
	gw1, gw2 := listen("192.0.2.1:4789"), listen("192.0.2.2:4789")

	send := func(from *slowpath.MemConn, mark slowpath.Mark, inner []byte) {
		t.Helper()
		pkt, err := slowpath.Encap(gopacket.NewSerializeBuffer(), vcn1.VNI, mark, inner)
		if err != nil {
			t.Fatal(err)
		}
		if err := from.WriteTo(pkt, nisAddr); err != nil {
			t.Fatal(err)
		}
	}
	expect := func(at *slowpath.MemConn, mark slowpath.Mark, k vcn.FlowKey) {
		t.Helper()
		got := make(chan slowpath.Packet, 1)
		go func() {
			b := make([]byte, 2048)
			n, _, err := at.ReadFrom(b)
			if err != nil {
				return
			}
			p, _ := slowpath.Parse(b[:n])
			got <- p
		}()
		select {
		case p := <-got:
			if p.Mark != mark || p.Src != k.Src || p.Dst != k.Dst || p.DstPort != k.DstPort {
				t.Errorf("at %v: %+v, want %v with mark %v", at.LocalAddr(), p, k, mark)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("nothing at %v for %v", at.LocalAddr(), k)
		}
	}
	waitDenied := func(n uint64) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); proc.Stats().Denied < n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("slow path: %+v, want %d denied", proc.Stats(), n)
			}
		}
	}

	in := frame(t, vnic2, vnic1, flowIn1)
	out := frame(t, vnic1, vnic1, flowOut1) // the gateway's MAC does not matter
	// Allowed in: returned to vnic-1's ToR. Out to the Internet: to rt-1's
	// gateway.
	send(tor2, slowpath.MarkPuntIngress, in)
	expect(tor1, slowpath.MarkReturn, flowIn1)
	send(tor1, slowpath.MarkPuntEgress, out)
	expect(gw1, slowpath.MarkNone, flowOut1)

	// The security list stops letting TCP 80 in: the same packet is dropped.
	l := slWeb
	l.Rules = append([]vcn.SecurityRule(nil), l.Rules...)
	l.Rules[0].DstPort = vcn.PortRange{Lo: 443, Hi: 443}
	pol := e.svc.Snapshot().Version(vcn.PolicyPart("vnic-1"))
	e.update(l)
	e.waitVersion(pol.Part, pol.Version+1)
	send(tor2, slowpath.MarkPuntIngress, in)
	waitDenied(1)

	// The subnet switches route tables: the Internet goes to rt-2's gateway.
	sn := sn1
	sn.RouteTableID = "rt-2"
	rev := e.update(sn)
	e.waitRev(rev)
	send(tor1, slowpath.MarkPuntEgress, out)
	expect(gw2, slowpath.MarkNone, flowOut1)
	if st := proc.Stats(); st.Returned != 1 || st.Forwarded != 2 || st.Denied != 1 || st.Unknown+st.Malformed != 0 {
		t.Errorf("slow path stats %+v", st)
	}
}
