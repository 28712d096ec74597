package checker

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/packet"
)

var (
	macA  = packet.MAC{0x02, 0, 0, 0, 0, 0x0a}
	macB  = packet.MAC{0x02, 0, 0, 0, 0, 0x0b}
	addrA = netip.MustParseAddr("10.0.0.1")
	addrB = netip.MustParseAddr("10.0.0.2")
)

func vxlanFrame() []byte {
	return packet.Build(
		&packet.EthernetFields{Dst: macB, Src: macA},
		&packet.IPv4Fields{TTL: 63, Src: addrA, Dst: addrB},
		&packet.UDPFields{SrcPort: 49152, NoChecksum: true},
		&packet.VXLANFields{VNI: 7},
		&packet.EthernetFields{Dst: macA, Src: macB},
		&packet.VLANFields{PCP: 3, ID: 42},
		&packet.IPv4Fields{TTL: 5, Src: addrB, Dst: addrA},
		&packet.UDPFields{SrcPort: 1000, DstPort: 2000},
		packet.Payload("hi"),
	)
}

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckPasses(t *testing.T) {
	f := vxlanFrame()
	Check(t, f,
		Len(len(f)), Bytes(f),
		EthDst(macB), EthSrc(macA), EtherType(packet.EtherTypeIPv4), NoVLAN(),
		IPv4Src(addrA), IPv4Dst(addrB), IPv4TTL(63), IPv4TOS(0), IPv4Protocol(packet.ProtocolUDP), IPv4ChecksumValid(),
		UDPSrcPort(49152), UDPDstPort(packet.PortVXLAN), UDPChecksumValid(),
		VXLANVNI(7),
		Inner(EthDst(macA), VLANID(42), VLANPCP(3), IPv4TTL(5), IPv4Dst(addrA),
			UDPDstPort(2000), UDPChecksumValid(), PayloadBytes([]byte("hi"))),
	)
}

func TestCheckReports(t *testing.T) {
	plain := packet.Build(&packet.EthernetFields{Dst: macB, Src: macA, Type: 0x88b5}, packet.Payload("x"))
	badSum := vxlanFrame()
	badSum[packet.EthernetSize+10]++ // outer ipv4 checksum
	tests := []struct {
		name     string
		frame    []byte
		checkers []Checker
		want     []string // substrings of the errors, in order
	}{
		{"wrong ttl and inner dst", vxlanFrame(), []Checker{IPv4TTL(64), Inner(IPv4Dst(addrB))},
			[]string{"ipv4 ttl: got 63, want 64", "inner ipv4 dst: got 10.0.0.1, want 10.0.0.2"}},
		{"missing layers", plain, []Checker{IPv4TTL(1), UDPDstPort(1), VXLANVNI(1), Inner(), VLANID(1)},
			[]string{"no ipv4 header", "no udp header", "no vxlan header", "no VXLAN-encapsulated inner frame", "no 802.1q tag"}},
		{"bad checksum", badSum, []Checker{IPv4ChecksumValid()}, []string{"ipv4 checksum"}},
		{"runt", []byte{1, 2, 3}, []Checker{Len(3)}, []string{"parse frame: ethernet: 3 bytes"}},
		{"payload", plain, []Checker{PayloadBytes([]byte("y"))}, []string{"payload (-want +got)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tt.frame, tt.checkers...)
			if len(r.errs) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(r.errs), len(tt.want), strings.Join(r.errs, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(r.errs[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i, r.errs[i], w)
				}
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	good := vxlanFrame()
	tests := []struct {
		name  string
		frame []byte
		want  string
	}{
		{"truncated outer ipv4", good[:packet.EthernetSize+10], "ipv4: malformed"},
		{"truncated inner", good[:len(good)-30], "ipv4: malformed"},
		{"vlan tag cut", packet.Build(&packet.EthernetFields{Type: packet.EtherTypeVLAN}, packet.Payload{0, 1}), "802.1q tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.frame)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	f, err := Parse(good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]byte("hi"), f.Inner.Payload); diff != "" {
		t.Errorf("inner payload (-want +got):\n%s", diff)
	}
}

// FuzzParse checks that Parse never panics; the seeds are the packet
// package's corpus.
func FuzzParse(f *testing.F) {
	f.Add(vxlanFrame())
	f.Fuzz(func(t *testing.T, b []byte) {
		if fr, err := Parse(b); err == nil && fr.Inner != nil {
			_, _ = Parse(fr.Inner.Raw)
		}
	})
}
