package controlplane

import (
	"context"
	"fmt"
	"net/netip"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func benchCP(b *testing.B, opts ...store.Option) *ControlPlane {
	b.Helper()
	st, err := store.Open(context.Background(), b.TempDir(), opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	cp, err := New(context.Background(), st)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cp.Close() })
	return cp
}

// populate creates a VCN with one subnet of n VNICs, all using security
// list sl-1, and a mapping per VNIC.
func populate(b *testing.B, cp *ControlPlane, n int) {
	b.Helper()
	ctx := context.Background()
	base := []any{
		vcn.VCN{ID: "vcn-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/8")}, VNI: 100},
		vcn.SecurityList{ID: "sl-1", VCNID: "vcn-1", Rules: []vcn.SecurityRule{rule("0.0.0.0/0")}},
		vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1"},
		vcn.Subnet{ID: "sn-1", VCNID: "vcn-1", CIDR: pfx("10.0.0.0/16"), RouteTableID: "rt-1", SecurityListIDs: []string{"sl-1"}},
	}
	for _, o := range base {
		if _, err := cp.Create(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		addr := netip.AddrFrom4([4]byte{10, 0, byte((i + 10) >> 8), byte(i + 10)})
		nic := vcn.VNIC{ID: fmt.Sprintf("vnic-%d", i), SubnetID: "sn-1", Num: uint32(i + 1), IP: addr,
			MAC: vcn.MAC{2, 0, 0, 0, byte(i >> 8), byte(i)}, Attach: vcn.Attachment{ToR: fmt.Sprintf("tor-%d", i/40), Port: uint32(i % 40)}}
		if _, err := cp.Create(ctx, nic); err != nil {
			b.Fatal(err)
		}
		m := vcn.Mapping{VCNID: "vcn-1", OverlayIP: addr, Substrate: netip.AddrFrom4([4]byte{192, 168, 0, byte(i / 40)}), VNI: 100}
		if _, err := cp.Create(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChange measures a configuration change that bumps one part
// (a route table edit), from the call to the bump committed in etcd and
// visible in the mirror.
func BenchmarkChange(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []store.Option
	}{{"fsync", nil}, {"nofsync", []store.Option{store.WithoutFsync()}}} {
		b.Run(bc.name, func(b *testing.B) {
			cp := benchCP(b, bc.opts...)
			populate(b, cp, 0)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// Rules differ from the previous edit's, so each edit bumps.
				t := vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1", Rules: []vcn.RouteRule{{Dest: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(i >> 8), byte(i)}), 32)}}}
				if _, err := cp.Update(ctx, t); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "changes/s")
		})
	}
}

// BenchmarkTenK runs on a VCN of 10k VNICs (and 10k mappings), set up once:
// CompareVersions of a holder's vector of 20k parts (10k VNIC policies, 10k
// mappings) of which 1% are stale, then an edit of the security list all
// 10k VNICs use: one transaction bumping 10k policy parts.
func BenchmarkTenK(b *testing.B) {
	cp := benchCP(b, store.WithoutFsync())
	populate(b, cp, 10000)
	ctx := context.Background()
	held, _, err := cp.Versions(ctx)
	if err != nil {
		b.Fatal(err)
	}
	stale := 0
	for p, v := range held {
		if v > 1 && stale < 200 {
			held[p]--
			stale++
		}
	}
	for _, content := range []bool{false, true} {
		b.Run(fmt.Sprintf("CompareVersions/content=%v", content), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				got, _, err := cp.CompareVersions(ctx, held, false, content)
				if err != nil {
					b.Fatal(err)
				}
				if len(got) != stale {
					b.Fatalf("%d stale, want %d", len(got), stale)
				}
			}
		})
	}
	edits := 0 // every edit must change the rules, across runs too
	b.Run("SecurityListEdit", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			edits++
			l := vcn.SecurityList{ID: "sl-1", VCNID: "vcn-1", Rules: []vcn.SecurityRule{rule(fmt.Sprintf("10.%d.%d.0/24", edits>>8&0xff, edits&0xff))}}
			c, err := cp.Update(ctx, l)
			if err != nil {
				b.Fatal(err)
			}
			if len(c.Bumped) != 10000 {
				b.Fatalf("bumped %d parts, want 10000", len(c.Bumped))
			}
		}
	})
}
