package compile

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// typeSpec converts a type to a P4Info type spec, adding the named types
// it refers to to type_info.
func (d *describer) typeSpec(t types.Type) p4info.TypeSpec {
	switch t := t.(type) {
	case *types.Bits:
		if t.Signed {
			return p4info.TypeSpec{Kind: p4info.TypeInt, Width: int32(t.Width)}
		}
		return p4info.TypeSpec{Kind: p4info.TypeBit, Width: int32(t.Width)}
	case *types.Varbit:
		return p4info.TypeSpec{Kind: p4info.TypeVarbit, Width: int32(t.Max)}
	case *types.Bool:
		return p4info.TypeSpec{Kind: p4info.TypeBool}
	case *types.Tuple:
		ts := p4info.TypeSpec{Kind: p4info.TypeTuple}
		for _, e := range t.Elems {
			ts.Members = append(ts.Members, d.typeSpec(e))
		}
		return ts
	case *types.Stack:
		d.typeSpec(t.Elem)
		if t.Elem.Kind == types.KindHeaderUnion {
			return p4info.TypeSpec{Kind: p4info.TypeHeaderUnionStack, Name: t.Elem.Name, Size: int32(t.Size)}
		}
		return p4info.TypeSpec{Kind: p4info.TypeHeaderStack, Name: t.Elem.Name, Size: int32(t.Size)}
	case *types.Struct:
		d.addStruct(t)
		switch t.Kind {
		case types.KindHeader:
			return p4info.TypeSpec{Kind: p4info.TypeHeader, Name: t.Name}
		case types.KindHeaderUnion:
			return p4info.TypeSpec{Kind: p4info.TypeHeaderUnion, Name: t.Name}
		}
		return p4info.TypeSpec{Kind: p4info.TypeStruct, Name: t.Name}
	case *types.Enum:
		switch {
		case t.Kind == types.KindError:
			if d.out.Types.Errors == nil {
				for _, m := range t.Members {
					d.out.Types.Errors = append(d.out.Types.Errors, m.Name())
				}
			}
			return p4info.TypeSpec{Kind: p4info.TypeError}
		case t.Underlying != nil:
			d.addSerEnum(t)
			return p4info.TypeSpec{Kind: p4info.TypeSerializableEnum, Name: t.Name}
		}
		d.addEnum(t)
		return p4info.TypeSpec{Kind: p4info.TypeEnum, Name: t.Name}
	case *types.NewType:
		d.addNewType(t)
		return p4info.TypeSpec{Kind: p4info.TypeNewType, Name: t.Name}
	}
	d.errorf("type %v has no P4Info type spec", t)
	return p4info.TypeSpec{Kind: p4info.TypeBool}
}

func (d *describer) once(kind, name string) bool {
	k := kind + " " + name
	if d.seenTypes[k] {
		return false
	}
	d.seenTypes[k] = true
	return true
}

func (d *describer) addStruct(t *types.Struct) {
	if !d.once("struct", t.Name) {
		return
	}
	var members []p4info.StructMember
	for _, f := range t.Fields {
		members = append(members, p4info.StructMember{Name: f.Name, Type: d.typeSpec(f.Type)})
	}
	anns := annotations(t.Annotations)
	ti := &d.out.Types
	switch t.Kind {
	case types.KindHeader:
		ti.Headers = append(ti.Headers, p4info.HeaderType{Name: t.Name, Annotations: anns, Fields: members})
	case types.KindHeaderUnion:
		ti.HeaderUnions = append(ti.HeaderUnions, p4info.HeaderUnionType{Name: t.Name, Annotations: anns, Members: members})
	default:
		ti.Structs = append(ti.Structs, p4info.StructType{Name: t.Name, Annotations: anns, Members: members})
	}
}

func (d *describer) addEnum(t *types.Enum) {
	if !d.once("enum", t.Name) {
		return
	}
	e := p4info.EnumType{Name: t.Name, Annotations: annotations(t.Annotations)}
	for _, m := range t.Members {
		e.Members = append(e.Members, m.Name())
	}
	d.out.Types.Enums = append(d.out.Types.Enums, e)
}

func (d *describer) addSerEnum(t *types.Enum) {
	if !d.once("serializable enum", t.Name) {
		return
	}
	w := t.Underlying.Width
	e := p4info.SerializableEnumType{Name: t.Name, Annotations: annotations(t.Annotations), Width: int32(w)}
	for _, m := range t.Members {
		v, _ := types.IntOf(m.Value)
		e.Members = append(e.Members, p4info.SerializableEnumMember{Name: m.Name(), Value: bytesOf(v, w)})
	}
	d.out.Types.SerializableEnums = append(d.out.Types.SerializableEnums, e)
}

// bytesOf encodes v big-endian in the bytes of a w-bit value (two's
// complement for negative values).
func bytesOf(v *big.Int, w int) []byte {
	n := (w + 7) / 8
	if n == 0 {
		n = 1
	}
	if v == nil {
		v = new(big.Int)
	}
	x := new(big.Int).Set(v)
	if x.Sign() < 0 {
		x.Add(x, new(big.Int).Lsh(big.NewInt(1), uint(8*n)))
	}
	out := make([]byte, n)
	return x.FillBytes(out)
}

func (d *describer) addNewType(t *types.NewType) {
	if !d.once("new type", t.Name) {
		return
	}
	nt := p4info.NewType{Name: t.Name, Annotations: annotations(t.Annotations)}
	if tr := translation(t); tr != nil {
		nt.Translation = tr
	} else {
		// p4c describes a new type of a new type by the type beneath both,
		// without listing the inner one for it.
		u := t.Underlying
		for {
			inner, ok := u.(*types.NewType)
			if !ok {
				break
			}
			u = inner.Underlying
		}
		nt.Original = d.typeSpec(u)
	}
	d.out.Types.NewTypes = append(d.out.Types.NewTypes, nt)
}
