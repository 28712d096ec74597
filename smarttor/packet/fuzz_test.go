package packet

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus under testdata/")

// seeds are the frames the fuzz corpus under testdata/fuzz/FuzzViews starts
// from.
func seeds() map[string][]byte {
	return map[string][]byte{
		"vxlan":    vxlanFrame(),
		"udp":      Build(&EthernetFields{Dst: Broadcast, Src: macA}, &IPv4Fields{TTL: 1, Src: addrA, Dst: addrB}, &UDPFields{SrcPort: 68, DstPort: 67}, Payload("x")),
		"vlan-arp": Build(&EthernetFields{Dst: Broadcast, Src: macA}, &VLANFields{ID: 7, Type: EtherTypeARP}, Payload(make([]byte, 28))),
		"options":  append(append([]byte{}, Build(&EthernetFields{Dst: macB, Src: macA, Type: EtherTypeIPv4})...), 0x46, 0, 0, 24, 0, 0, 0, 0, 1, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 1, 1, 1, 0),
		"runt":     {0xff, 0xff},
	}
}

// TestFuzzSeeds keeps the seed corpus in step with seeds (-update rewrites it).
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzViews")
	for name, b := range seeds() {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b)))
		path := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFuzzSeeds -update)", err)
		}
		if string(got) != want {
			t.Errorf("%s is stale; run go test -run TestFuzzSeeds -update", path)
		}
	}
}

// FuzzViews walks arbitrary bytes through every view, as the checker and
// the ports' users do: no input may make a view panic once IsValid passed.
func FuzzViews(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		eth := Ethernet(b)
		if !eth.IsValid(len(b)) {
			return
		}
		_, _, et := eth.Dst(), eth.Src(), eth.EtherType()
		rest := eth.Payload()
		for et == EtherTypeVLAN {
			v := VLAN(rest)
			if !v.IsValid(len(rest)) {
				return
			}
			_, _, _ = v.PCP(), v.DEI(), v.ID()
			et, rest = v.EtherType(), v.Payload()
		}
		ip := IPv4(rest)
		if !ip.IsValid(len(rest)) {
			return
		}
		_, _, _, _ = ip.TOS(), ip.ID(), ip.Flags(), ip.FragmentOffset()
		_, _, _ = ip.Src(), ip.Dst(), ip.TTL()
		if ip.IsChecksumValid() != (ip.CalculateChecksum() == ip.Checksum()) {
			// Both agree except for the two encodings of zero.
			if ip.Checksum() != 0 && ip.Checksum() != 0xffff {
				t.Errorf("checksum valid %v but calculated %#04x vs field %#04x", ip.IsChecksumValid(), ip.CalculateChecksum(), ip.Checksum())
			}
		}
		c := append(IPv4(nil), ip[:ip.HeaderLength()]...)
		c.DecTTL()
		udp := UDP(ip.Payload())
		if !udp.IsValid(len(ip.Payload())) {
			return
		}
		_, _ = udp.SrcPort(), udp.DstPort()
		_ = udp.IsChecksumValid(ip.Src(), ip.Dst())
		vx := VXLAN(udp.Payload())
		if !vx.IsValid(len(udp.Payload())) {
			return
		}
		_, _ = vx.Flags(), vx.VNI()
		inner := Ethernet(vx.Payload())
		_ = inner.IsValid(len(inner))
	})
}
