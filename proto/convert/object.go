package convert

import (
	"fmt"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
)

// ObjectToProto converts a configuration object: a vcn.VCN, vcn.Subnet,
// vcn.VNIC, vcn.SecurityList, vcn.RouteTable or vcn.Mapping.
func ObjectToProto(obj any) (*typesv1.Object, error) {
	switch o := obj.(type) {
	case vcn.VCN:
		return &typesv1.Object{Kind: &typesv1.Object_Vcn{Vcn: VCNToProto(o)}}, nil
	case vcn.Subnet:
		return &typesv1.Object{Kind: &typesv1.Object_Subnet{Subnet: SubnetToProto(o)}}, nil
	case vcn.VNIC:
		return &typesv1.Object{Kind: &typesv1.Object_Vnic{Vnic: VNICToProto(o)}}, nil
	case vcn.SecurityList:
		return &typesv1.Object{Kind: &typesv1.Object_SecurityList{SecurityList: SecurityListToProto(o)}}, nil
	case vcn.RouteTable:
		return &typesv1.Object{Kind: &typesv1.Object_RouteTable{RouteTable: RouteTableToProto(o)}}, nil
	case vcn.Mapping:
		return &typesv1.Object{Kind: &typesv1.Object_Mapping{Mapping: MappingToProto(o)}}, nil
	}
	return nil, fmt.Errorf("not a configuration object: %T", obj)
}

// ObjectFromProto converts a configuration object to the vcn value it
// holds (a vcn.VCN, vcn.Subnet, ...).
func ObjectFromProto(m *typesv1.Object) (any, error) {
	var (
		obj any
		err error
	)
	switch k := m.GetKind().(type) {
	case *typesv1.Object_Vcn:
		obj, err = VCNFromProto(k.Vcn)
	case *typesv1.Object_Subnet:
		obj, err = SubnetFromProto(k.Subnet)
	case *typesv1.Object_Vnic:
		obj, err = VNICFromProto(k.Vnic)
	case *typesv1.Object_SecurityList:
		obj, err = SecurityListFromProto(k.SecurityList)
	case *typesv1.Object_RouteTable:
		obj, err = RouteTableFromProto(k.RouteTable)
	case *typesv1.Object_Mapping:
		obj, err = MappingFromProto(k.Mapping)
	default:
		return nil, fmt.Errorf("object: no kind set")
	}
	return obj, err
}

// PartContentToProto converts a part with its content.
func PartContentToProto(c vcn.PartContent) *typesv1.PartContent {
	out := &typesv1.PartContent{Part: PartVersionToProto(c.PartVersion), Deleted: c.Deleted}
	switch {
	case c.Policy != nil:
		out.Content = &typesv1.PartContent_Policy{Policy: PolicyToProto(*c.Policy)}
	case c.Mapping != nil:
		out.Content = &typesv1.PartContent_Mapping{Mapping: MappingToProto(*c.Mapping)}
	case c.Route != nil:
		out.Content = &typesv1.PartContent_Route{Route: RouteTableToProto(*c.Route)}
	}
	return out
}

// PartContentFromProto converts a part with its content.
func PartContentFromProto(m *typesv1.PartContent) (vcn.PartContent, error) {
	pv, err := PartVersionFromProto(m.GetPart())
	if err != nil {
		return vcn.PartContent{}, err
	}
	c := vcn.PartContent{PartVersion: pv, Deleted: m.GetDeleted()}
	switch k := m.GetContent().(type) {
	case *typesv1.PartContent_Policy:
		p, err := PolicyFromProto(k.Policy)
		if err != nil {
			return vcn.PartContent{}, fmt.Errorf("policy: %w", err)
		}
		c.Policy = &p
	case *typesv1.PartContent_Mapping:
		mp, err := MappingFromProto(k.Mapping)
		if err != nil {
			return vcn.PartContent{}, fmt.Errorf("mapping: %w", err)
		}
		c.Mapping = &mp
	case *typesv1.PartContent_Route:
		rt, err := RouteTableFromProto(k.Route)
		if err != nil {
			return vcn.PartContent{}, fmt.Errorf("route: %w", err)
		}
		c.Route = &rt
	}
	return c, nil
}
