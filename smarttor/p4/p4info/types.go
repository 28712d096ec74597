package p4info

import (
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
)

// dataType converts a neutral TypeSpec into a P4DataTypeSpec.
func (b *builder) dataType(t TypeSpec) *p4configv1.P4DataTypeSpec {
	d := &p4configv1.P4DataTypeSpec{}
	named := &p4configv1.P4NamedType{Name: t.Name}
	switch t.Kind {
	case TypeBit, TypeInt, TypeVarbit:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Bitstring{Bitstring: bitstring(t)}
	case TypeBool:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Bool{Bool: &p4configv1.P4BoolType{}}
	case TypeTuple:
		tup := &p4configv1.P4TupleTypeSpec{}
		for _, m := range t.Members {
			tup.Members = append(tup.Members, b.dataType(m))
		}
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Tuple{Tuple: tup}
	case TypeStruct:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Struct{Struct: named}
	case TypeHeader:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Header{Header: named}
	case TypeHeaderUnion:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_HeaderUnion{HeaderUnion: named}
	case TypeHeaderStack:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_HeaderStack{HeaderStack: &p4configv1.P4HeaderStackTypeSpec{Header: named, Size: t.Size}}
	case TypeHeaderUnionStack:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_HeaderUnionStack{HeaderUnionStack: &p4configv1.P4HeaderUnionStackTypeSpec{HeaderUnion: named, Size: t.Size}}
	case TypeEnum:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Enum{Enum: named}
	case TypeError:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_Error{Error: &p4configv1.P4ErrorType{}}
	case TypeSerializableEnum:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_SerializableEnum{SerializableEnum: named}
	case TypeNewType:
		d.TypeSpec = &p4configv1.P4DataTypeSpec_NewType{NewType: named}
	default:
		b.errorf("type spec of unknown kind %d", t.Kind)
	}
	return d
}

func bitstring(t TypeSpec) *p4configv1.P4BitstringLikeTypeSpec {
	switch t.Kind {
	case TypeInt:
		return &p4configv1.P4BitstringLikeTypeSpec{TypeSpec: &p4configv1.P4BitstringLikeTypeSpec_Int{Int: &p4configv1.P4IntTypeSpec{Bitwidth: t.Width}}}
	case TypeVarbit:
		return &p4configv1.P4BitstringLikeTypeSpec{TypeSpec: &p4configv1.P4BitstringLikeTypeSpec_Varbit{Varbit: &p4configv1.P4VarbitTypeSpec{MaxBitwidth: t.Width}}}
	}
	return &p4configv1.P4BitstringLikeTypeSpec{TypeSpec: &p4configv1.P4BitstringLikeTypeSpec_Bit{Bit: &p4configv1.P4BitTypeSpec{Bitwidth: t.Width}}}
}

// typeInfo converts the named types. p4c always writes a type_info, empty
// or not.
func (b *builder) typeInfo(ti *TypeInfo) *p4configv1.P4TypeInfo {
	out := &p4configv1.P4TypeInfo{}
	for _, s := range ti.Structs {
		if out.Structs == nil {
			out.Structs = make(map[string]*p4configv1.P4StructTypeSpec)
		}
		spec := &p4configv1.P4StructTypeSpec{Annotations: annotationStrings(s.Annotations), StructuredAnnotations: structuredAnnotations(s.Annotations)}
		for _, m := range s.Members {
			spec.Members = append(spec.Members, &p4configv1.P4StructTypeSpec_Member{Name: m.Name, TypeSpec: b.dataType(m.Type)})
		}
		out.Structs[s.Name] = spec
	}
	for _, h := range ti.Headers {
		if out.Headers == nil {
			out.Headers = make(map[string]*p4configv1.P4HeaderTypeSpec)
		}
		spec := &p4configv1.P4HeaderTypeSpec{Annotations: annotationStrings(h.Annotations), StructuredAnnotations: structuredAnnotations(h.Annotations)}
		for _, f := range h.Fields {
			if f.Type.Kind != TypeBit && f.Type.Kind != TypeInt && f.Type.Kind != TypeVarbit {
				b.errorf("header %q: field %q is not a bit string", h.Name, f.Name)
			}
			spec.Members = append(spec.Members, &p4configv1.P4HeaderTypeSpec_Member{Name: f.Name, TypeSpec: bitstring(f.Type)})
		}
		out.Headers[h.Name] = spec
	}
	for _, u := range ti.HeaderUnions {
		if out.HeaderUnions == nil {
			out.HeaderUnions = make(map[string]*p4configv1.P4HeaderUnionTypeSpec)
		}
		spec := &p4configv1.P4HeaderUnionTypeSpec{Annotations: annotationStrings(u.Annotations), StructuredAnnotations: structuredAnnotations(u.Annotations)}
		for _, m := range u.Members {
			spec.Members = append(spec.Members, &p4configv1.P4HeaderUnionTypeSpec_Member{Name: m.Name, Header: &p4configv1.P4NamedType{Name: m.Type.Name}})
		}
		out.HeaderUnions[u.Name] = spec
	}
	for _, e := range ti.Enums {
		if out.Enums == nil {
			out.Enums = make(map[string]*p4configv1.P4EnumTypeSpec)
		}
		spec := &p4configv1.P4EnumTypeSpec{Annotations: annotationStrings(e.Annotations), StructuredAnnotations: structuredAnnotations(e.Annotations)}
		for _, m := range e.Members {
			spec.Members = append(spec.Members, &p4configv1.P4EnumTypeSpec_Member{Name: m})
		}
		out.Enums[e.Name] = spec
	}
	if ti.Errors != nil {
		out.Error = &p4configv1.P4ErrorTypeSpec{Members: append([]string(nil), ti.Errors...)}
	}
	for _, e := range ti.SerializableEnums {
		if out.SerializableEnums == nil {
			out.SerializableEnums = make(map[string]*p4configv1.P4SerializableEnumTypeSpec)
		}
		spec := &p4configv1.P4SerializableEnumTypeSpec{
			UnderlyingType:        &p4configv1.P4BitTypeSpec{Bitwidth: e.Width},
			Annotations:           annotationStrings(e.Annotations),
			StructuredAnnotations: structuredAnnotations(e.Annotations),
		}
		for _, m := range e.Members {
			spec.Members = append(spec.Members, &p4configv1.P4SerializableEnumTypeSpec_Member{Name: m.Name, Value: m.Value})
		}
		out.SerializableEnums[e.Name] = spec
	}
	for _, n := range ti.NewTypes {
		if out.NewTypes == nil {
			out.NewTypes = make(map[string]*p4configv1.P4NewTypeSpec)
		}
		spec := &p4configv1.P4NewTypeSpec{Annotations: annotationStrings(without(n.Annotations, "p4runtime_translation", "p4runtime_translation_mappings")), StructuredAnnotations: structuredAnnotations(without(n.Annotations, "p4runtime_translation", "p4runtime_translation_mappings"))}
		if tr := n.Translation; tr != nil {
			tt := &p4configv1.P4NewTypeTranslation{Uri: tr.URI}
			if tr.SDNString {
				tt.SdnType = &p4configv1.P4NewTypeTranslation_SdnString_{SdnString: &p4configv1.P4NewTypeTranslation_SdnString{}}
			} else {
				tt.SdnType = &p4configv1.P4NewTypeTranslation_SdnBitwidth{SdnBitwidth: tr.SDNBitwidth}
			}
			spec.Representation = &p4configv1.P4NewTypeSpec_TranslatedType{TranslatedType: tt}
		} else {
			spec.Representation = &p4configv1.P4NewTypeSpec_OriginalType{OriginalType: b.dataType(n.Original)}
		}
		out.NewTypes[n.Name] = spec
	}
	return out
}
