package ptf

import (
	"testing"
)

// FuzzPipeline sends arbitrary frames into a configured switch (with a
// hit entry, VNICs on ports 1 and 3) on port 1, 2 or 3. Whatever the frame
// does, the switch must survive it and keep working: after it, a valid
// outbound packet is still encapsulated exactly. Seeds: the malformed
// cases and valid frames of every kind the tests send.
func FuzzPipeline(f *testing.F) {
	for _, m := range malformedCases() {
		f.Add(uint8(m.port), m.frame)
	}
	f.Add(uint8(hostPort), hostTCP().bytes())
	f.Add(uint8(substratePort), fromPeer(peerVTEP, 0).wrap(remoteTCP().bytes()))
	f.Add(uint8(substratePort), fromPeer(nisAddr, markNISReturn).wrap(remoteTCP().bytes()))
	f.Add(uint8(hostPort2), tcpFrame{srcMAC: vnic3MAC, dstMAC: routerMAC, vlan: vlan3, src: vnic3IP, dst: remoteIP, sport: 1, dport: 2}.bytes())
	f.Add(uint8(hostPort), arpFrame(vnicMAC, bcastMAC, 1, vnicMAC, vnicIP, nil, vnic2IP))

	s := newSwitch(f)
	s.configure()
	s.placeVNIC(vnic3, hostPort2, vlan3, vnic3MAC, vnic3IP)
	s.encapEntry(outFlow, peerVTEP, nil)
	s.deliverEntry(inFlow, vnic)
	good := hostTCP().bytes()
	want := expected{port: substratePort, frame: toSubstrate(peerVTEP, 0, outFlow).wrap(good)}
	ports := []uint32{hostPort, substratePort, hostPort2}
	f.Fuzz(func(t *testing.T, port uint8, frame []byte) {
		s.t = t
		s.send(ports[int(port)%len(ports)], frame)
		s.barrier()
		for _, e := range s.ends {
			e.Drain()
		}
		s.send(hostPort, good)
		s.verifyPackets(want)
	})
}
