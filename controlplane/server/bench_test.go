package server_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// BenchmarkCompareVersionsGRPC10k is CompareVersions as the NIS and the
// controllers call it: through the client, over gRPC (bufconn), with a
// vector of 20k parts (10k VNIC policies, 10k mappings), 1% stale.
func BenchmarkCompareVersionsGRPC10k(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	base := []any{
		vcn.VCN{ID: "vcn-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/8")}, VNI: 100},
		vcn.SecurityList{ID: "sl-1", VCNID: "vcn-1", Rules: []vcn.SecurityRule{{Direction: vcn.Ingress, CIDR: pfx("0.0.0.0/0")}}},
		vcn.Subnet{ID: "sn-1", VCNID: "vcn-1", CIDR: pfx("10.0.0.0/16"), SecurityListIDs: []string{"sl-1"}},
	}
	for _, o := range base {
		if _, err := e.cp.Create(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
	const n = 10000
	for i := 0; i < n; i++ {
		addr := netip.AddrFrom4([4]byte{10, 0, byte((i + 10) >> 8), byte(i + 10)})
		nic := vcn.VNIC{ID: fmt.Sprintf("vnic-%d", i), SubnetID: "sn-1", Num: uint32(i + 1), IP: addr,
			MAC: vcn.MAC{2, 0, 0, 0, byte(i >> 8), byte(i)}, Attach: vcn.Attachment{ToR: fmt.Sprintf("tor-%d", i/40), Port: uint32(i % 40)}}
		if _, err := e.cp.Create(ctx, nic); err != nil {
			b.Fatal(err)
		}
		m := vcn.Mapping{VCNID: "vcn-1", OverlayIP: addr, Substrate: netip.AddrFrom4([4]byte{192, 168, 0, byte(i / 40)}), VNI: 100}
		if _, err := e.cp.Create(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	held, _, err := e.cli.Versions(ctx)
	if err != nil {
		b.Fatal(err)
	}
	stale := 0
	for p, v := range held {
		// A held version 0 means "not held" on the wire: stay above it.
		if v > 1 && stale < len(held)/100 {
			held[p]--
			stale++
		}
	}
	for _, content := range []bool{false, true} {
		b.Run(fmt.Sprintf("content=%v", content), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				got, _, err := e.cli.CompareVersions(ctx, held, false, content)
				if err != nil {
					b.Fatal(err)
				}
				if len(got) != stale {
					b.Fatalf("%d stale, want %d", len(got), stale)
				}
			}
		})
	}
}
