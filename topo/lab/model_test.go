package lab

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// TestVerdict checks the oracle's judgement on a made-up history, so that
// a stale count of 0 in the lab means something: a packet sent after the
// deny was acknowledged and delivered anyway is stale, one sent before is
// not, a delivery at a place no configuration names is wrong.
func TestVerdict(t *testing.T) {
	topo := Topology{ToRs: 2, VNICsPerToR: 2, VCNs: 1}.Defaults()
	cfg, err := topo.Build()
	if err != nil {
		t.Fatal(err)
	}
	l := &Lab{Topology: topo, start: time.Now()}
	o := newOracle(l, cfg)
	l.oracle = o

	deny := cfg
	deny.SecurityLists = slices.Clone(cfg.SecurityLists)
	sl := deny.SecurityLists[0]
	sl.Rules = slices.DeleteFunc(slices.Clone(sl.Rules), func(r vcn.SecurityRule) bool { return r.DstPort.Lo == 8080 })
	deny.SecurityLists[0] = sl
	t0 := l.start
	o.epochs = append(o.epochs, &epoch{name: "deny", cfg: deny, model: newModel(deny, topo.ToRs),
		committed: t0.Add(10 * time.Millisecond), acked: t0.Add(20 * time.Millisecond)})

	src, dst := cfg.VNICs[0], cfg.VNICs[2] // tor-0 → tor-1
	key := func(port uint16) vcn.FlowKey {
		return vcn.FlowKey{VNIC: src.Num, Dir: vcn.Egress, Src: src.IP, Dst: dst.IP, Proto: vcn.ProtoTCP, SrcPort: 4000, DstPort: port}
	}
	at := location{tor: dst.Attach.ToR, port: dst.Attach.Port}
	for _, tc := range []struct {
		name string
		sent time.Duration // after the start
		port uint16
		loc  location
		want Verdict
	}{
		{"allowed", 30 * time.Millisecond, 80, at, Verdict{Arrived: 1}},
		{"before the ack", 15 * time.Millisecond, 8080, at, Verdict{Arrived: 1}},
		{"after the ack", 25 * time.Millisecond, 8080, at, Verdict{Arrived: 1, Stale: 1}},
		{"elsewhere", 30 * time.Millisecond, 80, location{tor: "tor-0", port: 2}, Verdict{Arrived: 1, Wrong: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o.sent = map[uint64]sentPkt{1: {key: key(tc.port), at: t0.Add(tc.sent)}}
			o.arrivals = []arrival{{seq: 1, loc: tc.loc}}
			got := l.Verdict()
			got.Examples, got.Reestablished = nil, nil
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("verdict (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExpect checks the reference evaluation of the generated topology.
func TestExpect(t *testing.T) {
	topo := Topology{ToRs: 2, VNICsPerToR: 2, VCNs: 2}.Defaults()
	cfg, err := topo.Build()
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(cfg, topo.ToRs)
	a, b := cfg.VNICs[0], cfg.VNICs[2] // VCN 0, tor-0 and tor-1
	other := cfg.VNICs[1]              // VCN 1
	for _, tc := range []struct {
		name   string
		k      vcn.FlowKey
		want   location
		wantOK bool
	}{
		{"tcp 80", vcn.FlowKey{VNIC: a.Num, Src: a.IP, Dst: b.IP, Proto: vcn.ProtoTCP, SrcPort: 1, DstPort: 80},
			location{tor: "tor-1", port: 1}, true},
		{"tcp 22 denied", vcn.FlowKey{VNIC: a.Num, Src: a.IP, Dst: b.IP, Proto: vcn.ProtoTCP, SrcPort: 1, DstPort: 22}, location{}, false},
		{"icmp", vcn.FlowKey{VNIC: a.Num, Src: a.IP, Dst: b.IP, Proto: vcn.ProtoICMP}, location{tor: "tor-1", port: 1}, true},
		{"other VCN", vcn.FlowKey{VNIC: a.Num, Src: a.IP, Dst: other.IP, Proto: vcn.ProtoICMP}, location{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.expect(tc.k)
			if ok != tc.wantOK || got != tc.want {
				t.Errorf("expect(%v) = %v, %v; want %v, %v", tc.k, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
