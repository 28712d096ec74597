package device

import (
	"context"
	"net"
	"testing"
	"time"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// TestDeviceRunsSmartTorP4 starts a device with the committed build of
// p4src/smarttor.p4 on in-memory ports and checks that the pipeline runs:
// an unconfigured ToR drops and counts, and P4Runtime answers on a real
// loopback listener.
func TestDeviceRunsSmartTorP4(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	p1, host := ports.NewMemPort(1, "p1")
	p2, sub := ports.NewMemPort(2, "p2")
	for _, p := range []ports.Port{p1, p2} {
		if err := d.AddPort(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := d.LoadPipeline(ctx, "../../p4src/build"); err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go d.Serve(lis)
	cc, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	resp, err := p4v1.NewP4RuntimeClient(cc).GetForwardingPipelineConfig(ctx, &p4v1.GetForwardingPipelineConfigRequest{
		ResponseType: p4v1.GetForwardingPipelineConfigRequest_P4INFO_AND_COOKIE})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(resp.GetConfig().GetP4Info().GetTables()); n != 10 {
		t.Errorf("the switch runs a P4Info with %d tables, want smarttor.p4's 10", n)
	}

	// Until tor_config is set every frame is dropped (and counted).
	frame := make([]byte, 60)
	copy(frame[12:], []byte{0x08, 0x00})
	if err := host.Inject(frame); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for d.Stats().Received == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if st := d.Stats(); st.Received != 1 || st.Sent != 0 {
		t.Errorf("stats %+v, want one frame received and none sent", st)
	}
	if _, err := sub.ReadTimeout(50 * time.Millisecond); err == nil {
		t.Error("a frame came out of an unconfigured ToR")
	}
}
