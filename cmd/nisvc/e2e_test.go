package main

import (
	"context"
	"math/rand"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/config/configgen"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/membership"
	"github.com/vcn-flowcache/vcn-flowcache/nisvc/slowpath"
	controlplanev1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	nisv1 "github.com/vcn-flowcache/vcn-flowcache/proto/nis/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// staticCP is a control plane fake serving a fixed configuration; its
// Watch never sends.
type staticCP struct {
	controlplanev1.UnimplementedControlPlaneServer
	c configgen.Config
}

func (f *staticCP) List(_ context.Context, req *controlplanev1.ListRequest) (*controlplanev1.ListResponse, error) {
	var objs []any
	switch req.GetKind() {
	case controlplanev1.ObjectKind_OBJECT_KIND_VCN:
		for _, o := range f.c.VCNs {
			objs = append(objs, o)
		}
	case controlplanev1.ObjectKind_OBJECT_KIND_SUBNET:
		for _, o := range f.c.Subnets {
			objs = append(objs, o)
		}
	case controlplanev1.ObjectKind_OBJECT_KIND_VNIC:
		for _, o := range f.c.VNICs {
			objs = append(objs, o)
		}
	case controlplanev1.ObjectKind_OBJECT_KIND_SECURITY_LIST:
		for _, o := range f.c.SecurityLists {
			objs = append(objs, o)
		}
	}
	resp := &controlplanev1.ListResponse{Revision: 1}
	for _, o := range objs {
		pb, err := convert.ObjectToProto(o)
		if err != nil {
			return nil, err
		}
		resp.Objects = append(resp.Objects, pb)
	}
	return resp, nil
}

func (f *staticCP) CompareVersions(context.Context, *controlplanev1.CompareVersionsRequest) (*controlplanev1.CompareVersionsResponse, error) {
	resp := &controlplanev1.CompareVersionsResponse{Revision: 1}
	for _, p := range f.c.Parts {
		resp.Stale = append(resp.Stale, convert.PartContentToProto(p))
	}
	return resp, nil
}

func (f *staticCP) Watch(_ *controlplanev1.WatchRequest, stream grpc.ServerStreamingServer[controlplanev1.WatchResponse]) error {
	<-stream.Context().Done()
	return nil
}

// TestBinary runs the binary's wiring on loopback: a control plane, the
// NIS API answering ResolveFlows from the mirrored configuration, and the
// VXLAN slow path on a real UDP socket; then stops it.
func TestBinary(t *testing.T) {
	c := configgen.Generate(rand.New(rand.NewSource(1)), configgen.Small)
	// Let VNIC 0 accept anything, and give it no mapping: the NIS then
	// returns its packets to the punt's sender, the test's socket (with a
	// mapping they would go to port 4789 of its VTEP).
	tor, err := slowpath.ListenUDP("127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback UDP: %v", err)
	}
	defer tor.Close()
	n := c.VNICs[0]
	var parts []vcn.PartContent
	for _, p := range c.Parts {
		if m := p.Mapping; m != nil && m.OverlayIP == n.IP {
			continue
		}
		if p.Part == vcn.PolicyPart(n.ID) {
			p.Policy = &vcn.Policy{VNICID: n.ID, Rules: []vcn.SecurityRule{
				{Direction: vcn.Ingress, CIDR: netip.MustParsePrefix("0.0.0.0/0")}}}
		}
		parts = append(parts, p)
	}
	c.Parts = parts
	cpLis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cp := grpc.NewServer()
	controlplanev1.RegisterControlPlaneServer(cp, &staticCP{c: c})
	go cp.Serve(cpLis)
	defer cp.Stop()

	// The member list lives in an embedded etcd, as the control plane's
	// would.
	etcd, err := store.Open(context.Background(), t.TempDir(), store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	defer etcd.Close()
	members, err := store.Dial(context.Background(), etcd.Endpoints(), store.WithPrefix(membership.Namespace))
	if err != nil {
		t.Fatal(err)
	}
	defer members.Close()

	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan [2]string, 1)
	done := make(chan error)
	go func() {
		done <- run(ctx, options{listen: "127.0.0.1:0", cpAddr: cpLis.Addr().String(), vxlan: "127.0.0.1:0",
			replica: "r1", workers: 1, etcd: etcd.Endpoints()},
			func(g, v string) { addrs <- [2]string{g, v} })
	}()
	a := <-addrs
	if ms, _, err := members.Members(ctx, membership.Prefix); err != nil || len(ms) != 1 || ms[0] != (store.Member{ID: "r1", Addr: a[0]}) {
		t.Errorf("member list %v, %v; want r1 at %s", ms, err, a[0])
	}
	conn, err := grpc.NewClient(a[0], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := nisv1.NewNISClient(conn)

	// An ingress flow to VNIC 0 from another VNIC of its VCN.
	var peer vcn.VNIC
	for _, o := range c.VNICs[1:] {
		if o.SubnetID == n.SubnetID {
			peer = o
		}
	}
	key := vcn.FlowKey{VNIC: n.Num, Dir: vcn.Ingress, Src: peer.IP, Dst: n.IP, Proto: vcn.ProtoUDP, SrcPort: 5, DstPort: 7}
	req := &nisv1.ResolveFlowsRequest{Tor: n.Attach.ToR}
	req.Keys = append(req.Keys, convert.FlowKeyToProto(key))
	var resp *nisv1.ResolveFlowsResponse
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err = client.ResolveFlows(ctx, req)
		if status.Code(err) != codes.Unavailable || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond) // not synchronised yet
	}
	if err != nil || resp.GetErrors()[0] != "" {
		t.Fatalf("ResolveFlows: %v %q", err, resp.GetErrors())
	}
	fi, err := convert.FlowInfoFromProto(resp.GetFlows()[0])
	if err != nil {
		t.Fatal(err)
	}

	// The same flow's first packet on the slow path.
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr(peer.MAC[:]), DstMAC: net.HardwareAddr(n.MAC[:]), EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP, SrcIP: peer.IP.AsSlice(), DstIP: n.IP.AsSlice()}
	udp := &layers.UDP{SrcPort: 5, DstPort: 7}
	udp.SetNetworkLayerForChecksum(ip)
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, udp); err != nil {
		t.Fatal(err)
	}
	vcnOf := map[string]uint32{}
	for _, sn := range c.Subnets {
		for _, v := range c.VCNs {
			if v.ID == sn.VCNID {
				vcnOf[sn.ID] = v.VNI
			}
		}
	}
	pkt, err := slowpath.Encap(gopacket.NewSerializeBuffer(), vcnOf[n.SubnetID], slowpath.MarkPuntIngress, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := tor.WriteTo(pkt, netip.MustParseAddrPort(a[1])); err != nil {
		t.Fatal(err)
	}
	if fi.Action != vcn.ActionDeliver || fi.DeliverVNIC != n.Num {
		t.Errorf("ResolveFlows = %+v, want deliver to vnic %d", fi, n.Num)
	}
	got := make([]byte, 2048)
	m, from, err := tor.ReadFrom(got)
	if err != nil {
		t.Fatal(err)
	}
	p, err := slowpath.Parse(got[:m])
	if err != nil || p.Mark != slowpath.MarkReturn || p.Dst != n.IP || from.String() != a[1] {
		t.Errorf("returned packet %+v from %v, %v; want NIS-returned to %v from %v", p, from, err, n.IP, a[1])
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run = %v", err)
	}
	// A clean stop leaves the member list at once.
	if ms, _, err := members.Members(context.Background(), membership.Prefix); err != nil || len(ms) != 0 {
		t.Errorf("member list after stop: %v, %v; want empty", ms, err)
	}
}
