package convert

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

// FlowKeyToProto converts a flow key.
func FlowKeyToProto(k vcn.FlowKey) *typesv1.FlowKey {
	return &typesv1.FlowKey{Vnic: k.VNIC, Dir: typesv1.Direction(k.Dir), Src: addrString(k.Src), Dst: addrString(k.Dst),
		Proto: uint32(k.Proto), SrcPort: uint32(k.SrcPort), DstPort: uint32(k.DstPort)}
}

// FlowKeyFromProto converts a flow key and checks that it names a flow.
func FlowKeyFromProto(m *typesv1.FlowKey) (vcn.FlowKey, error) {
	src, err := addr("src", m.GetSrc())
	if err != nil {
		return vcn.FlowKey{}, err
	}
	dst, err := addr("dst", m.GetDst())
	if err != nil {
		return vcn.FlowKey{}, err
	}
	proto, err := u8("proto", m.GetProto())
	if err != nil {
		return vcn.FlowKey{}, err
	}
	sp, err := u16("src_port", m.GetSrcPort())
	if err != nil {
		return vcn.FlowKey{}, err
	}
	dp, err := u16("dst_port", m.GetDstPort())
	if err != nil {
		return vcn.FlowKey{}, err
	}
	k := vcn.FlowKey{VNIC: m.GetVnic(), Dir: vcn.Direction(m.GetDir()), Src: src, Dst: dst, Proto: proto, SrcPort: sp, DstPort: dp}
	if err := k.Valid(); err != nil {
		return vcn.FlowKey{}, err
	}
	return k, nil
}

// FlowInfoToProto converts flow info.
func FlowInfoToProto(f vcn.FlowInfo) *typesv1.FlowInfo {
	return &typesv1.FlowInfo{Key: FlowKeyToProto(f.Key), Action: typesv1.Action(f.Action), Substrate: addrString(f.Substrate),
		Vni: f.VNI, DeliverVnic: f.DeliverVNIC, Versions: &typesv1.FlowVersions{
			Policy:  PartVersionToProto(f.Versions.Policy),
			Mapping: PartVersionToProto(f.Versions.Mapping),
			Route:   PartVersionToProto(f.Versions.Route),
		}}
}

// FlowInfoFromProto converts flow info.
func FlowInfoFromProto(m *typesv1.FlowInfo) (vcn.FlowInfo, error) {
	k, err := FlowKeyFromProto(m.GetKey())
	if err != nil {
		return vcn.FlowInfo{}, fmt.Errorf("key: %w", err)
	}
	s, err := addr("substrate", m.GetSubstrate())
	if err != nil {
		return vcn.FlowInfo{}, err
	}
	f := vcn.FlowInfo{Key: k, Action: vcn.Action(m.GetAction()), Substrate: s, VNI: m.GetVni(), DeliverVNIC: m.GetDeliverVnic()}
	for _, x := range []struct {
		name string
		dst  *vcn.PartVersion
		src  *typesv1.PartVersion
	}{
		{"policy", &f.Versions.Policy, m.GetVersions().GetPolicy()},
		{"mapping", &f.Versions.Mapping, m.GetVersions().GetMapping()},
		{"route", &f.Versions.Route, m.GetVersions().GetRoute()},
	} {
		if *x.dst, err = PartVersionFromProto(x.src); err != nil {
			return vcn.FlowInfo{}, fmt.Errorf("versions.%s: %w", x.name, err)
		}
	}
	return f, nil
}
