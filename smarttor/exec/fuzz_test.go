package exec_test

import (
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// FuzzProcess feeds arbitrary frames on arbitrary ports to the L3 router
// and the features program (wide fields, ternary, multicast, clones,
// recirculation): packet bytes are untrusted input and must never crash
// the target.
func FuzzProcess(f *testing.F) {
	f.Add(uint16(1), ipv4Frame(mac(1), mac(2), ip4(1, 1, 1, 1), ip4(10, 0, 0, 1), 9, "x"))
	f.Add(uint16(4), ipv6Frame(9, 2, "m"))
	f.Add(uint16(4), ipv6Frame(9, 4, "r"))
	f.Add(uint16(511), []byte{})
	f.Add(uint16(3), []byte{0x88, 0xb5})
	l3 := newL3(f)
	l3.route(f, ip4(10, 0, 0, 0), 8, 3, mac(3))
	feat, x := newFeatures(f)
	for i, a := range []int{x.Fwd, x.Mcast, x.CloneIt, x.Recirc, x.DigestIt} {
		var params [][]byte
		switch a {
		case x.Fwd:
			params = [][]byte{{3}}
		case x.Mcast:
			params = [][]byte{{0, 5}}
		case x.CloneIt:
			params = [][]byte{{0, 0, 0, 9}}
		}
		if err := aclEntry(feat, x, byte(i+1), 10, a, params...); err != nil {
			f.Fatal(err)
		}
	}
	if err := feat.WriteMulticastGroup(exec.Insert, 5, []exec.Replica{{Port: 1, Instance: 1}, {Port: 2, Instance: 2}}); err != nil {
		f.Fatal(err)
	}
	if err := feat.WriteCloneSession(exec.Insert, 9, exec.CloneSession{Replicas: []exec.Replica{{Port: 8}}, PacketLengthBytes: 20}); err != nil {
		f.Fatal(err)
	}
	if err := feat.SetValueSet(feat.Pipeline().Program().ValueSets[x.ValueSet].ID,
		[]exec.ValueSetMember{{Match: []match.FieldMatch{{Value: []byte{0x88, 0}, Mask: []byte{0xff, 0}}}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, port uint16, frame []byte) {
		for _, s := range []*exec.Switch{l3.s, feat} {
			s.Process(uint32(port)&0x1ff, frame, func(uint32, []byte) {})
		}
	})
}
