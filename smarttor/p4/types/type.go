package types

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Type is a P4 type. Named types (structs, headers, enums, new types,
// externs, parsers, controls, packages) are pointers compared by identity;
// the others are compared structurally by Identical.
type Type interface {
	String() string
	isType()
}

type (
	// Bits is bit<Width> or, when Signed, int<Width>.
	Bits struct {
		Width  int
		Signed bool
	}

	// Varbit is varbit<Max>.
	Varbit struct{ Max int }

	// InfInt is the infinite-precision integer type of untyped integer
	// literals and compile-time int values.
	InfInt struct{}

	// Bool is bool.
	Bool struct{}

	// String is string (compile-time only: annotations, log_msg).
	String struct{}

	// Void is the result type of methods and functions without a value.
	Void struct{}

	// DontCare is the type of _ used as an argument or keyset.
	DontCare struct{}

	// Struct is a struct, header or header_union. Name is "" for the type
	// of a struct-valued initializer {a = x, ...} whose target type is not
	// known yet.
	Struct struct {
		Kind        StructKind
		Name        string
		Fields      []*Field
		Annotations syntax.Annotations
		Decl        *syntax.StructDecl // nil for anonymous types
		// TypeParams of a generic struct declaration; a specialization
		// (pair_t<bit<4>>) has Generic and Args instead.
		TypeParams []*TypeParam
		Generic    *Struct
		Args       []Type
	}

	// Stack is a header stack Elem[Size]; Elem is a header or union.
	Stack struct {
		Elem *Struct
		Size int
	}

	// Tuple is tuple<Elems>, also the type of a list expression {a, b}
	// whose target type is not known yet.
	Tuple struct{ Elems []Type }

	// List is list<Elem>: a list expression of any length whose
	// elements are all Elem ((list<bit<8>>){1, 2}, or {} for none).
	List struct{ Elem Type }

	// Enum is an enum, a serializable enum (Underlying not nil), or one of
	// the built-in member sets error and match_kind (Kind tells).
	Enum struct {
		Kind        EnumKind
		Name        string
		Underlying  *Bits // serializable enums only
		Members     []*EnumMember
		Annotations syntax.Annotations
		Decl        *syntax.EnumDecl // nil for error and match_kind
	}

	// NewType is a type introduced by `type U T;`.
	NewType struct {
		Name        string
		Underlying  Type
		Annotations syntax.Annotations
		Decl        *syntax.TypedefDecl
	}

	// TypeParam is a type parameter of a generic declaration.
	TypeParam struct {
		Name string
		Pos  syntax.Pos
	}

	// Extern is an extern object type. A generic extern declaration has
	// TypeParams and no Args; a specialization (register<bit<32>, bit<10>>)
	// points to it through Generic and carries the Args.
	Extern struct {
		Name        string
		TypeParams  []*TypeParam
		Ctors       []*Signature
		Methods     []*Method
		Annotations syntax.Annotations
		Decl        *syntax.ExternDecl
		Generic     *Extern // the declaration a specialization instantiates
		Args        []Type  // type arguments of a specialization
	}

	// Block is a parser or control type, declared as a type
	// (parser P(...);) or with a body (parser P(...) { ... }).
	Block struct {
		Kind        BlockKind
		Name        string
		TypeParams  []*TypeParam
		Params      []*Param
		CtorParams  []*Param
		Annotations syntax.Annotations
		Decl        syntax.Decl // *ParserDecl, *ControlDecl, *ParserTypeDecl or *ControlTypeDecl
		Generic     *Block
		Args        []Type
	}

	// Package is a package type such as V1Switch.
	Package struct {
		Name       string
		TypeParams []*TypeParam
		Params     []*Param
		Decl       *syntax.PackageDecl
		Generic    *Package
		Args       []Type
	}

	// TableType is the type of a table.
	TableType struct{ Table *Table }

	// ApplyResult is the type of t.apply(): a struct with hit, miss and
	// action_run.
	ApplyResult struct{ Table *Table }

	// ActionEnum is the type of t.apply().action_run.
	ActionEnum struct{ Table *Table }

	// ActionType is the type of an action name.
	ActionType struct{ Action *Action }

	// FuncType is the type of a function or method name (not called).
	FuncType struct{ Sig *Signature }

	// Set is the type of a keyset (a mask, a range, a value set).
	Set struct{ Elem Type }

	// StateType is the type of a parser state name.
	StateType struct{}
)

// StructKind tells structs, headers and header unions apart.
type StructKind int

// The struct kinds.
const (
	KindStruct StructKind = iota
	KindHeader
	KindHeaderUnion
)

// EnumKind tells user enums and the built-in error and match_kind apart.
type EnumKind int

// The enum kinds.
const (
	KindEnum EnumKind = iota
	KindError
	KindMatchKind
)

// BlockKind tells parsers and controls apart.
type BlockKind int

// The block kinds.
const (
	KindParser BlockKind = iota
	KindControl
)

// String returns "parser" or "control".
func (k BlockKind) String() string {
	if k == KindParser {
		return "parser"
	}
	return "control"
}

// Field is a field of a struct, header or header union.
type Field struct {
	Name        string
	Type        Type
	Annotations syntax.Annotations
	Pos         syntax.Pos
}

// Direction is a parameter direction.
type Direction int

// The directions. DirNone is a directionless parameter: action data, or a
// compile-time argument of an extern or constructor.
const (
	DirNone Direction = iota
	DirIn
	DirOut
	DirInOut
)

// String returns the P4 keyword, "" for DirNone.
func (d Direction) String() string {
	return [...]string{"", "in", "out", "inout"}[d]
}

// Param is a parameter of an action, function, method, parser, control or
// package.
type Param struct {
	Name        string
	Dir         Direction
	Type        Type
	Default     syntax.Expr // nil without a default value
	Annotations syntax.Annotations
	Pos         syntax.Pos
	Index       int // position in the parameter list
}

// Signature is the type of a function, method or constructor.
type Signature struct {
	TypeParams []*TypeParam
	Params     []*Param
	Result     Type // Void for no result; nil for constructors
}

// Method is a method or constructor of an extern.
type Method struct {
	Name        string
	Sig         *Signature
	Abstract    bool
	Annotations syntax.Annotations
	Decl        *syntax.Method
}

// Universe types, shared by every program.
var (
	TypeBool     Type = &Bool{}
	TypeString   Type = &String{}
	TypeVoid     Type = &Void{}
	TypeInfInt   Type = &InfInt{}
	TypeDontCare Type = &DontCare{}
	TypeState    Type = &StateType{}
)

func (*Bits) isType()        {}
func (*Varbit) isType()      {}
func (*InfInt) isType()      {}
func (*Bool) isType()        {}
func (*String) isType()      {}
func (*Void) isType()        {}
func (*DontCare) isType()    {}
func (*Struct) isType()      {}
func (*Stack) isType()       {}
func (*Tuple) isType()       {}
func (*List) isType()        {}
func (*Enum) isType()        {}
func (*NewType) isType()     {}
func (*TypeParam) isType()   {}
func (*Extern) isType()      {}
func (*Block) isType()       {}
func (*Package) isType()     {}
func (*TableType) isType()   {}
func (*ApplyResult) isType() {}
func (*ActionEnum) isType()  {}
func (*ActionType) isType()  {}
func (*FuncType) isType()    {}
func (*Set) isType()         {}
func (*StateType) isType()   {}

func (t *Bits) String() string {
	if t.Signed {
		return fmt.Sprintf("int<%d>", t.Width)
	}
	return fmt.Sprintf("bit<%d>", t.Width)
}
func (t *Varbit) String() string    { return fmt.Sprintf("varbit<%d>", t.Max) }
func (*InfInt) String() string      { return "int" }
func (*Bool) String() string        { return "bool" }
func (*String) String() string      { return "string" }
func (*Void) String() string        { return "void" }
func (*DontCare) String() string    { return "_" }
func (*StateType) String() string   { return "state" }
func (t *TypeParam) String() string { return t.Name }
func (t *Stack) String() string     { return fmt.Sprintf("%s[%d]", t.Elem, t.Size) }
func (t *Enum) String() string      { return t.Name }
func (t *NewType) String() string   { return t.Name }
func (t *Set) String() string       { return "set<" + t.Elem.String() + ">" }
func (t *TableType) String() string {
	return "table " + t.Table.Name()
}
func (t *ApplyResult) String() string { return "apply result of table " + t.Table.Name() }
func (t *ActionEnum) String() string  { return "action_run of table " + t.Table.Name() }
func (t *ActionType) String() string  { return "action " + t.Action.Name() }
func (t *FuncType) String() string    { return "function" }

func (t *Struct) String() string {
	if t.Name != "" {
		return withArgs(t.Name, t.Args)
	}
	var b strings.Builder
	b.WriteString("{")
	for i, f := range t.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name + ": " + f.Type.String())
	}
	b.WriteString("}")
	return b.String()
}

func (t *Tuple) String() string { return "tuple<" + typeList(t.Elems) + ">" }
func (t *List) String() string  { return "list<" + typeList([]Type{t.Elem}) + ">" }

func typeList(ts []Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		if t == nil {
			s[i] = "?"
			continue
		}
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}

func withArgs(name string, args []Type) string {
	if len(args) == 0 {
		return name
	}
	return name + "<" + typeList(args) + ">"
}

func (t *Extern) String() string  { return withArgs(t.Name, t.Args) }
func (t *Block) String() string   { return withArgs(t.Name, t.Args) }
func (t *Package) String() string { return withArgs(t.Name, t.Args) }

// Field returns the field with the given name, or nil.
func (t *Struct) Field(name string) *Field {
	for _, f := range t.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// FieldIndex returns the index of the named field, or -1.
func (t *Struct) FieldIndex(name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Member returns the enum member with the given name, or nil.
func (t *Enum) Member(name string) *EnumMember {
	for _, m := range t.Members {
		if m.name == name {
			return m
		}
	}
	return nil
}

// Root returns the generic declaration of an extern, or t itself.
func (t *Extern) Root() *Extern {
	if t.Generic != nil {
		return t.Generic
	}
	return t
}

// Root returns the generic declaration of a block type, or t itself.
func (t *Block) Root() *Block {
	if t.Generic != nil {
		return t.Generic
	}
	return t
}

// Underlying returns the type below new types and serializable enums: the
// representation a value has on the wire.
func Underlying(t Type) Type {
	for i := 0; i < 16; i++ {
		switch u := t.(type) {
		case *NewType:
			t = u.Underlying
		case *Enum:
			if u.Underlying == nil {
				return t
			}
			return u.Underlying
		default:
			return t
		}
	}
	return t
}

// Width returns the width in bits of a fixed-width bit-string-like type
// (bit, int, bool, serializable enum, new type of those) and whether t is
// one.
func Width(t Type) (int, bool) {
	switch u := Underlying(t).(type) {
	case *Bits:
		return u.Width, true
	case *Bool:
		return 1, true
	}
	return 0, false
}

// BitWidth returns the total width of a header, struct of fixed-width
// fields or bit-string-like type; varbit fields count their maximum.
func BitWidth(t Type) int {
	switch u := Underlying(t).(type) {
	case *Bits:
		return u.Width
	case *Bool:
		return 1
	case *Varbit:
		return u.Max
	case *Struct:
		n := 0
		for _, f := range u.Fields {
			n += BitWidth(f.Type)
		}
		return n
	case *Stack:
		return u.Size * BitWidth(u.Elem)
	case *Tuple:
		n := 0
		for _, e := range u.Elems {
			n += BitWidth(e)
		}
		return n
	case *Enum:
		if u.Kind == KindError {
			return 0
		}
	}
	return 0
}

// Identical reports whether a and b are the same type.
func Identical(a, b Type) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	switch x := a.(type) {
	case *Bits:
		y, ok := b.(*Bits)
		return ok && x.Width == y.Width && x.Signed == y.Signed
	case *Varbit:
		y, ok := b.(*Varbit)
		return ok && x.Max == y.Max
	case *InfInt:
		_, ok := b.(*InfInt)
		return ok
	case *Bool:
		_, ok := b.(*Bool)
		return ok
	case *String:
		_, ok := b.(*String)
		return ok
	case *Void:
		_, ok := b.(*Void)
		return ok
	case *DontCare:
		_, ok := b.(*DontCare)
		return ok
	case *StateType:
		_, ok := b.(*StateType)
		return ok
	case *Stack:
		y, ok := b.(*Stack)
		return ok && x.Size == y.Size && Identical(x.Elem, y.Elem)
	case *List:
		y, ok := b.(*List)
		return ok && Identical(x.Elem, y.Elem)
	case *Tuple:
		y, ok := b.(*Tuple)
		return ok && identicalList(x.Elems, y.Elems)
	case *Struct:
		y, ok := b.(*Struct)
		if !ok || x.Name == "" || y.Name == "" {
			return false
		}
		return x.Decl != nil && x.Decl == y.Decl && identicalList(x.Args, y.Args)
	case *Extern:
		y, ok := b.(*Extern)
		return ok && x.Root() == y.Root() && identicalList(x.Args, y.Args)
	case *Block:
		y, ok := b.(*Block)
		return ok && x.Root() == y.Root() && identicalList(x.Args, y.Args)
	case *TableType:
		y, ok := b.(*TableType)
		return ok && x.Table == y.Table
	case *ApplyResult:
		y, ok := b.(*ApplyResult)
		return ok && x.Table == y.Table
	case *ActionEnum:
		y, ok := b.(*ActionEnum)
		return ok && x.Table == y.Table
	case *Set:
		y, ok := b.(*Set)
		return ok && Identical(x.Elem, y.Elem)
	}
	return false
}

func identicalList(a, b []Type) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Identical(a[i], b[i]) {
			return false
		}
	}
	return true
}

// isInteger reports whether t is bit<W>, int<W> or int.
func isInteger(t Type) bool {
	switch t.(type) {
	case *Bits, *InfInt:
		return true
	}
	return false
}

// isHeaderLike reports whether t is a header or header union.
func isHeaderLike(t Type) bool {
	s, ok := t.(*Struct)
	return ok && s.Kind != KindStruct
}

// fits reports whether v is representable in t (bit or int of a width).
func fits(v *big.Int, t *Bits) bool {
	if t.Signed {
		lim := new(big.Int).Lsh(big.NewInt(1), uint(t.Width-1))
		return v.Cmp(new(big.Int).Neg(lim)) >= 0 && v.Cmp(lim) < 0
	}
	return v.Sign() >= 0 && v.BitLen() <= t.Width
}
