package ports_test

import (
	"context"
	"fmt"
	"time"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// A switch's receive loop: ports deliver into a Ring, the loop pulls
// batches and sends each frame on (here: from port 1 to port 2 and back).
func Example() {
	set, err := ports.NewSet()
	if err != nil {
		panic(err)
	}
	p1, host1 := ports.NewMemPort(1, "eth1")
	p2, host2 := ports.NewMemPort(2, "eth2")
	set.Add(p1)
	set.Add(p2)
	ring := ports.NewRing(0, 0)
	set.Start(ring.Deliver)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		batch := make([]ports.Packet, 32)
		for {
			n, err := ring.Receive(ctx, batch)
			if err != nil {
				return
			}
			for _, pk := range batch[:n] {
				set.Send(3-pk.Port, pk.Frame) // the frame is borrowed until the next Receive
			}
		}
	}()

	frame := make([]byte, 60)
	frame[0], frame[14] = 0x02, 'x'
	host1.Inject(frame)
	got, err := host2.ReadTimeout(5 * time.Second)
	fmt.Println(string(got[14]), err, p2.Counters().OutPkts.Load())
	// Output: x <nil> 1
}
