package p4info

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// TextHeader is the comment block p4c writes at the top of a .p4info.txtpb.
const TextHeader = "# proto-file: p4/config/v1/p4info.proto\n# proto-message: p4.config.v1.P4Info\n\n"

// MarshalText writes info in the protobuf text format exactly as p4c (C++
// TextFormat) writes it, after TextHeader: fields in field-number order, map
// entries sorted by key, two-space indentation, strings C-escaped. The
// output is byte-for-byte stable.
func MarshalText(info *p4configv1.P4Info) []byte {
	var sb strings.Builder
	sb.WriteString(TextHeader)
	writeMessage(&sb, info.ProtoReflect(), 0)
	return []byte(sb.String())
}

// UnmarshalText parses a P4Info in text format (with or without
// TextHeader). It knows the fields newer than the pinned P4Runtime API that
// MarshalText writes and keeps them (as unknown fields, like Build).
func UnmarshalText(b []byte) (*p4configv1.P4Info, error) {
	dyn, err := newDynamicP4Info()
	if err != nil {
		return nil, fmt.Errorf("parse p4info text: %w", err)
	}
	if err := prototext.Unmarshal(b, dyn); err != nil {
		return nil, fmt.Errorf("parse p4info text: %w", err)
	}
	wire, err := proto.Marshal(dyn)
	if err != nil {
		return nil, fmt.Errorf("parse p4info text: %w", err)
	}
	info := &p4configv1.P4Info{}
	if err := proto.Unmarshal(wire, info); err != nil {
		return nil, fmt.Errorf("parse p4info text: %w", err)
	}
	return info, nil
}

// MarshalBinary writes info in deterministic protobuf wire format.
func MarshalBinary(info *p4configv1.P4Info) ([]byte, error) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(info)
	if err != nil {
		return nil, fmt.Errorf("marshal p4info: %w", err)
	}
	return b, nil
}

// UnmarshalBinary parses a P4Info in wire format.
func UnmarshalBinary(b []byte) (*p4configv1.P4Info, error) {
	info := &p4configv1.P4Info{}
	if err := proto.Unmarshal(b, info); err != nil {
		return nil, fmt.Errorf("parse p4info: %w", err)
	}
	return info, nil
}

// textItem is the text of one field (all elements of a repeated field,
// all entries of a map) with its number, for ordering.
type textItem struct {
	num  protoreflect.FieldNumber
	text string
}

func writeMessage(sb *strings.Builder, m protoreflect.Message, depth int) {
	var items []textItem
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		var fsb strings.Builder
		switch {
		case fd.IsMap():
			writeMap(&fsb, fd, v.Map(), depth)
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				writeField(&fsb, fd, l.Get(i), depth)
			}
		default:
			writeField(&fsb, fd, v, depth)
		}
		items = append(items, textItem{fd.Number(), fsb.String()})
		return true
	})
	if raw := m.GetUnknown(); len(raw) > 0 {
		items = append(items, unknownItems(raw, newerFields[m.Descriptor().FullName()], depth)...)
	}
	writeItems(sb, items)
}

// writeItems writes items in field-number order.
func writeItems(sb *strings.Builder, items []textItem) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].num < items[j].num })
	for _, it := range items {
		sb.WriteString(it.text)
	}
}

func writeMap(sb *strings.Builder, fd protoreflect.FieldDescriptor, m protoreflect.Map, depth int) {
	type entry struct {
		k protoreflect.MapKey
		v protoreflect.Value
	}
	var es []entry
	m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		es = append(es, entry{k, v})
		return true
	})
	sort.Slice(es, func(i, j int) bool { return lessKey(es[i].k, es[j].k) })
	ind := strings.Repeat("  ", depth)
	for _, e := range es {
		sb.WriteString(ind + string(fd.Name()) + " {\n")
		writeField(sb, fd.MapKey(), e.k.Value(), depth+1)
		writeField(sb, fd.MapValue(), e.v, depth+1)
		sb.WriteString(ind + "}\n")
	}
}

func lessKey(a, b protoreflect.MapKey) bool {
	switch a.Interface().(type) {
	case string:
		return a.String() < b.String()
	case bool:
		return !a.Bool() && b.Bool()
	case int32, int64:
		return a.Int() < b.Int()
	default:
		return a.Uint() < b.Uint()
	}
}

func writeField(sb *strings.Builder, fd protoreflect.FieldDescriptor, v protoreflect.Value, depth int) {
	ind := strings.Repeat("  ", depth)
	name := string(fd.Name())
	if fd.Kind() == protoreflect.GroupKind {
		name = string(fd.Message().Name())
	}
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		sb.WriteString(ind + name + " {\n")
		writeMessage(sb, v.Message(), depth+1)
		sb.WriteString(ind + "}\n")
		return
	}
	sb.WriteString(ind + name + ": ")
	switch fd.Kind() {
	case protoreflect.StringKind:
		sb.WriteString(`"` + cEscape([]byte(v.String())) + `"`)
	case protoreflect.BytesKind:
		sb.WriteString(`"` + cEscape(v.Bytes()) + `"`)
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			sb.WriteString(string(ev.Name()))
		} else {
			sb.WriteString(strconv.Itoa(int(v.Enum())))
		}
	case protoreflect.BoolKind:
		sb.WriteString(strconv.FormatBool(v.Bool()))
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		sb.WriteString(strconv.FormatInt(v.Int(), 10))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		sb.WriteString(strconv.FormatUint(v.Uint(), 10))
	case protoreflect.FloatKind:
		sb.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 32))
	case protoreflect.DoubleKind:
		sb.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	}
	sb.WriteString("\n")
}

// cEscape escapes like protobuf's C++ CEscape: the usual backslash escapes
// and three-digit octal for bytes outside printable ASCII.
func cEscape(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch c {
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '"':
			sb.WriteString(`\"`)
		case '\'':
			sb.WriteString(`\'`)
		case '\\':
			sb.WriteString(`\\`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&sb, "\\%03o", c)
			} else {
				sb.WriteByte(c)
			}
		}
	}
	return sb.String()
}
