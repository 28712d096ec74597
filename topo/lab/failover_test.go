package lab

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/controller/switchconn"
	"github.com/vcn-flowcache/vcn-flowcache/p4src"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/device"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

// TestFailover runs two controller connections with different election
// ids against one real switch: the higher one is primary and pushes the
// pipeline, the other waits as backup; when the primary goes away the
// backup takes over the running pipeline (not fresh: the switch's entries
// survive, and the agent reconciles them).
func TestFailover(t *testing.T) {
	d, err := device.New(device.Options{DeviceID: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go d.Serve(lis)
	info, err := p4info.UnmarshalText(p4src.P4InfoText)
	if err != nil {
		t.Fatal(err)
	}
	conn := func(id uint64) *switchconn.Conn {
		c, err := switchconn.New(switchconn.Options{Addr: lis.Addr().String(), DeviceID: 1, ElectionID: id,
			P4Info: info, DeviceConfig: p4src.DeviceConfig})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	wait := func(c *switchconn.Conn, want switchconn.EventKind) switchconn.Event {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			select {
			case ev := <-c.Events():
				if ev.Kind == want {
					return ev
				}
			case <-deadline:
				t.Fatalf("no %v event", want)
			}
		}
	}
	pctx, stopPrimary := context.WithCancel(context.Background())
	primary := conn(20)
	go primary.Run(pctx)
	if ev := wait(primary, switchconn.Ready); !ev.Fresh {
		t.Error("the first primary did not push the pipeline")
	}

	bctx, stopBackup := context.WithCancel(context.Background())
	defer stopBackup()
	backup := conn(10)
	go backup.Run(bctx)
	wait(backup, switchconn.Backup)
	if backup.Primary() {
		t.Fatal("the lower election id is primary")
	}

	stopPrimary()
	if ev := wait(backup, switchconn.Ready); ev.Fresh {
		t.Error("the backup re-pushed the pipeline on takeover; the running one (and its entries) should be kept")
	}
	if !backup.Primary() {
		t.Error("the backup did not become primary")
	}
}

// TestSwitchRestart: the switch restarts (a new process on the same
// address, no pipeline): the connection notices, pushes the pipeline again
// and reports a fresh start, so the agent re-programs everything.
func TestSwitchRestart(t *testing.T) {
	start := func(addr string) (*device.Device, string) {
		t.Helper()
		d, err := device.New(device.Options{DeviceID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Start(); err != nil {
			t.Fatal(err)
		}
		var lis net.Listener
		for i := 0; ; i++ { // the old listener's port may take a moment to free
			if lis, err = net.Listen("tcp", addr); err == nil || i == 100 {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil {
			t.Fatal(err)
		}
		go d.Serve(lis)
		return d, lis.Addr().String()
	}
	d, addr := start("127.0.0.1:0")
	info, err := p4info.UnmarshalText(p4src.P4InfoText)
	if err != nil {
		t.Fatal(err)
	}
	c, err := switchconn.New(switchconn.Options{Addr: addr, DeviceID: 1, ElectionID: 10, P4Info: info, DeviceConfig: p4src.DeviceConfig})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	wait := func(want switchconn.EventKind) switchconn.Event {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			select {
			case ev := <-c.Events():
				if ev.Kind == want {
					return ev
				}
			case <-deadline:
				t.Fatalf("no %v event", want)
			}
		}
	}
	if ev := wait(switchconn.Ready); !ev.Fresh {
		t.Error("first start not fresh")
	}
	d.Close()
	wait(switchconn.Disconnected)
	d2, _ := start(addr)
	defer d2.Close()
	if ev := wait(switchconn.Ready); !ev.Fresh {
		t.Error("after the switch restarted, the pipeline was not pushed again")
	}
}
