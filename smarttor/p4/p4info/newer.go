package p4info

import (
	"strconv"
	"strings"
	"sync"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// Fields newer than the pinned P4Runtime API (v1.4.0-rc.5) that p4c writes:
// Table.has_initial_entries and ActionProfile's selector_size_semantics
// (sum_of_weights, sum_of_members). Build carries them as unknown fields in
// their wire form, so they reach a controller whose P4Runtime API knows them
// and survive MarshalBinary/UnmarshalBinary; MarshalText prints them by
// name like the known ones. Table.initial_default_action(_id) is not
// written: p4c versions disagree on its form.

// newerField describes a field of newerFields: its name, its kind, and for a
// message kind, its own fields.
type newerField struct {
	name   string
	kind   protoreflect.Kind
	fields map[protowire.Number]newerField
}

// The field numbers of the newer fields.
const (
	tableHasInitialEntries      protowire.Number = 11
	profileSumOfWeights         protowire.Number = 6
	profileSumOfMembers         protowire.Number = 7
	sumOfMembersMaxMemberWeight protowire.Number = 1
)

var newerFields = map[protoreflect.FullName]map[protowire.Number]newerField{
	"p4.config.v1.Table": {
		tableHasInitialEntries: {name: "has_initial_entries", kind: protoreflect.BoolKind},
	},
	"p4.config.v1.ActionProfile": {
		profileSumOfWeights: {name: "sum_of_weights", kind: protoreflect.MessageKind},
		profileSumOfMembers: {name: "sum_of_members", kind: protoreflect.MessageKind, fields: map[protowire.Number]newerField{
			sumOfMembersMaxMemberWeight: {name: "max_member_weight", kind: protoreflect.Int32Kind},
		}},
	},
}

// appendUnknown adds raw wire bytes to m's unknown fields.
func appendUnknown(m protoreflect.Message, raw []byte) {
	m.SetUnknown(append(m.GetUnknown(), raw...))
}

// setHasInitialEntries sets Table.has_initial_entries.
func setHasInitialEntries(t *p4configv1.Table) {
	b := protowire.AppendTag(nil, tableHasInitialEntries, protowire.VarintType)
	appendUnknown(t.ProtoReflect(), protowire.AppendVarint(b, 1))
}

// HasInitialEntries reports Table.has_initial_entries (a table with an
// entries property, const or not), which the pinned API cannot read.
func HasInitialEntries(t *p4configv1.Table) bool {
	found := false
	rangeUnknown(t.ProtoReflect().GetUnknown(), func(num protowire.Number, typ protowire.Type, v uint64, _ []byte) {
		if num == tableHasInitialEntries && typ == protowire.VarintType {
			found = v != 0
		}
	})
	return found
}

// setSelectorSizeSemantics sets ActionProfile.selector_size_semantics.
func setSelectorSizeSemantics(ap *p4configv1.ActionProfile, s SizeSemantics, maxMemberWeight int32) {
	var b []byte
	switch s {
	case SumOfWeights:
		b = protowire.AppendTag(b, profileSumOfWeights, protowire.BytesType)
		b = protowire.AppendBytes(b, nil)
	case SumOfMembers:
		var sub []byte
		if maxMemberWeight != 0 {
			sub = protowire.AppendTag(sub, sumOfMembersMaxMemberWeight, protowire.VarintType)
			sub = protowire.AppendVarint(sub, uint64(int64(maxMemberWeight)))
		}
		b = protowire.AppendTag(b, profileSumOfMembers, protowire.BytesType)
		b = protowire.AppendBytes(b, sub)
	default:
		return
	}
	appendUnknown(ap.ProtoReflect(), b)
}

// rangeUnknown calls f for each field of raw wire bytes: v is the value of
// a varint, b the bytes of a length-delimited field. It stops at malformed
// input.
func rangeUnknown(raw []byte, f func(num protowire.Number, typ protowire.Type, v uint64, b []byte)) {
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return
		}
		raw = raw[n:]
		var v uint64
		var b []byte
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(raw)
		case protowire.BytesType:
			b, n = protowire.ConsumeBytes(raw)
		default:
			n = protowire.ConsumeFieldValue(num, typ, raw)
		}
		if n < 0 {
			return
		}
		raw = raw[n:]
		f(num, typ, v, b)
	}
}

// unknownItems returns the printable newer fields of raw, described by
// schema, as text items in field-number order with the known fields.
func unknownItems(raw []byte, schema map[protowire.Number]newerField, depth int) []textItem {
	var out []textItem
	ind := strings.Repeat("  ", depth)
	rangeUnknown(raw, func(num protowire.Number, typ protowire.Type, v uint64, b []byte) {
		fd, ok := schema[num]
		if !ok {
			return // not one p4c writes
		}
		var sb strings.Builder
		switch {
		case fd.kind == protoreflect.MessageKind && typ == protowire.BytesType:
			sb.WriteString(ind + fd.name + " {\n")
			writeItems(&sb, unknownItems(b, fd.fields, depth+1))
			sb.WriteString(ind + "}\n")
		case fd.kind == protoreflect.BoolKind && typ == protowire.VarintType:
			sb.WriteString(ind + fd.name + ": " + strconv.FormatBool(v != 0) + "\n")
		case fd.kind == protoreflect.Int32Kind && typ == protowire.VarintType:
			sb.WriteString(ind + fd.name + ": " + strconv.FormatInt(int64(int32(v)), 10) + "\n")
		default:
			return
		}
		out = append(out, textItem{num: protoreflect.FieldNumber(num), text: sb.String()})
	})
	return out
}

// extendedP4Info returns the descriptor of P4Info with the newer fields
// added, for parsing text that has them: the pinned p4info.proto, plus
// Table.has_initial_entries and ActionProfile's selector_size_semantics
// oneof (sum_of_weights, sum_of_members).
var extendedP4Info = sync.OnceValues(func() (protoreflect.MessageDescriptor, error) {
	fdp := protodesc.ToFileDescriptorProto(p4configv1.File_p4_config_v1_p4info_proto)
	msg := func(name string) *descriptorpb.DescriptorProto {
		for _, m := range fdp.MessageType {
			if m.GetName() == name {
				return m
			}
		}
		return nil
	}
	field := func(name string, num protowire.Number, typ descriptorpb.FieldDescriptorProto_Type) *descriptorpb.FieldDescriptorProto {
		return &descriptorpb.FieldDescriptorProto{
			Name: proto.String(name), Number: proto.Int32(int32(num)),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(), Type: typ.Enum(),
		}
	}
	if t := msg("Table"); t != nil {
		t.Field = append(t.Field, field("has_initial_entries", tableHasInitialEntries, descriptorpb.FieldDescriptorProto_TYPE_BOOL))
	}
	if ap := msg("ActionProfile"); ap != nil {
		weight := field("max_member_weight", sumOfMembersMaxMemberWeight, descriptorpb.FieldDescriptorProto_TYPE_INT32)
		ap.NestedType = append(ap.NestedType,
			&descriptorpb.DescriptorProto{Name: proto.String("SumOfWeights")},
			&descriptorpb.DescriptorProto{Name: proto.String("SumOfMembers"), Field: []*descriptorpb.FieldDescriptorProto{weight}})
		oneof := int32(len(ap.OneofDecl))
		ap.OneofDecl = append(ap.OneofDecl, &descriptorpb.OneofDescriptorProto{Name: proto.String("selector_size_semantics")})
		for _, f := range []struct {
			name, typ string
			num       protowire.Number
		}{{"sum_of_weights", "SumOfWeights", profileSumOfWeights}, {"sum_of_members", "SumOfMembers", profileSumOfMembers}} {
			fd := field(f.name, f.num, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE)
			fd.TypeName = proto.String(".p4.config.v1.ActionProfile." + f.typ)
			fd.OneofIndex = proto.Int32(oneof)
			ap.Field = append(ap.Field, fd)
		}
	}
	fdp.Name = proto.String("smarttor/p4info/extended_p4info.proto")
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		return nil, err
	}
	return fd.Messages().ByName("P4Info"), nil
})

// newDynamicP4Info returns an empty P4Info message of the extended
// descriptor.
func newDynamicP4Info() (*dynamicpb.Message, error) {
	md, err := extendedP4Info()
	if err != nil {
		return nil, err
	}
	return dynamicpb.NewMessage(md), nil
}
