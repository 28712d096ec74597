package api

import (
	"net/netip"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func TestParseKind(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
	}{
		{"vcn", KindVCN}, {"VCNs", KindVCN}, {"subnet", KindSubnet}, {"vnics", KindVNIC},
		{"securitylist", KindSecurityList}, {"security-lists", KindSecurityList}, {"nsg", KindSecurityList}, {"sl", KindSecurityList},
		{"routetable", KindRouteTable}, {"route-table", KindRouteTable}, {"rt", KindRouteTable}, {"mappings", KindMapping},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseKind(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseKind(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	for _, k := range Kinds {
		if got, err := ParseKind(k.String()); err != nil || got != k {
			t.Errorf("ParseKind(%v.String()) = %v, %v", k, got, err)
		}
	}
	if _, err := ParseKind("widget"); err == nil {
		t.Error("ParseKind(widget): no error")
	}
}

func TestRefOf(t *testing.T) {
	m := vcn.Mapping{VCNID: "vcn-1", OverlayIP: netip.MustParseAddr("10.0.0.1")}
	got, err := RefOf(m)
	if err != nil || got != (Ref{KindMapping, "vcn-1/10.0.0.1"}) || got.String() != "mapping/vcn-1/10.0.0.1" {
		t.Errorf("RefOf(mapping) = %v, %v", got, err)
	}
	if _, err := RefOf(42); err == nil {
		t.Error("RefOf(42): no error")
	}
}
