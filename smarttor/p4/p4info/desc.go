package p4info

// Program is the neutral description of a program's control-plane objects,
// filled by the front-end. Every slice is in p4c's collection order (see the
// package doc). Names are fully qualified control-plane names
// ("MyIngress.ipv4_lpm", "NoAction"); references between objects are by name.
type Program struct {
	// The pkg_info: Name, Version, Organization, Contact and URL come from
	// the main package's @pkginfo annotation; Annotations are the package's
	// other annotations (with @brief/@description as doc). Arch defaults to
	// "v1model".
	Name, Version, Organization, Contact, URL, Arch string
	Annotations                                     []Annotation

	Tables                   []Table
	Actions                  []Action
	ActionProfiles           []ActionProfile
	Counters                 []Counter
	DirectCounters           []DirectCounter
	Meters                   []Meter
	DirectMeters             []DirectMeter
	ControllerPacketMetadata []ControllerHeader
	ValueSets                []ValueSet
	Registers                []Register
	Digests                  []Digest
	Types                    TypeInfo
}

// Annotation is one P4 annotation as written: @Name or @Name(Body). Body is
// the source text between the parentheses, e.g. `"unused"` for
// @noWarn("unused"); HasBody distinguishes @x() from @x.
type Annotation struct {
	Name    string
	Body    string
	HasBody bool
	// Structured is set for a structured annotation @Name[...], which
	// P4Info lists apart (structured_annotations): Exprs holds its
	// expression list, KVs its key=value pairs.
	Structured bool
	Exprs      []AnnotationValue
	KVs        []AnnotationKV
}

// AnnotationValue is a value of a structured annotation: an int64, a
// string or a bool (Kind says which).
type AnnotationValue struct {
	Kind AnnotationValueKind
	Int  int64
	Str  string
	Bool bool
}

// AnnotationValueKind is the type of an AnnotationValue.
type AnnotationValueKind int

// The kinds of structured annotation values.
const (
	AnnotationInt AnnotationValueKind = iota + 1
	AnnotationString
	AnnotationBool
)

// AnnotationKV is a key=value pair of a structured annotation.
type AnnotationKV struct {
	Key   string
	Value AnnotationValue
}

// String renders the annotation the way p4c puts it in P4Info.
func (a Annotation) String() string {
	if !a.HasBody && a.Body == "" {
		return "@" + a.Name
	}
	return "@" + a.Name + "(" + a.Body + ")"
}

// MatchType is how a key field matches (P4Info's MatchField.MatchType).
type MatchType int

// The match kinds of core.p4 and v1model.
const (
	MatchExact MatchType = iota + 1
	MatchLPM
	MatchTernary
	MatchRange
	MatchOptional
	MatchSelector // v1model's selector: not a P4Info match field
)

// Scope says where an action may be used in a table (ActionRef.Scope).
type Scope int

// The scopes. ScopeFromAnnotations derives it from @tableonly/@defaultonly.
const (
	ScopeFromAnnotations Scope = iota
	ScopeTableAndDefault
	ScopeTableOnly
	ScopeDefaultOnly
)

// Table describes a P4 table.
type Table struct {
	ID          uint32 // @id, 0 if absent
	Name        string
	Annotations []Annotation
	Keys        []MatchField
	Actions     []ActionRef
	// ConstDefaultAction names the default action when it is declared
	// const; InitialDefaultAction names the (non-const) default action. The
	// P4Info carries only the const one; both are kept for the target.
	ConstDefaultAction   string
	InitialDefaultAction string
	// Size is the size property, 0 for the v1model default (1024).
	Size int64
	// SupportTimeout is v1model's support_timeout = true.
	SupportTimeout bool
	// ConstEntries is true for a table with const entries (is_const_table);
	// InitialEntries for one with an entries property, const or not
	// (has_initial_entries).
	ConstEntries   bool
	InitialEntries bool
	// Implementation names the action profile or selector, "" if none.
	Implementation string
	// DirectCounter and DirectMeter name the table's direct resources, ""
	// if none; p4c lists the counter before the meter in
	// direct_resource_ids.
	DirectCounter, DirectMeter string
}

// DefaultTableSize is v1model's table size when the size property is absent.
const DefaultTableSize = 1024

// MatchField is one table key element. ID is 0 unless @id was given; the
// others are numbered as p4c's FieldIdAllocator does: a counter starting at
// 1 walks the elements in order (selector ones included), advancing by one
// at each element with an @id, and an element without one takes the first
// value from the counter that no @id took. The same rule numbers action
// parameters, controller metadata and value set fields.
type MatchField struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Bitwidth    int32
	Match       MatchType
	// TypeName is the user type (a new type) of the key, "" for none.
	TypeName string
}

// ActionRef is an entry of a table's actions list.
type ActionRef struct {
	Name        string
	Scope       Scope
	Annotations []Annotation
}

// Action describes an action.
type Action struct {
	ID          uint32 // @id, 0 if absent
	Name        string
	Annotations []Annotation
	Params      []Param
}

// Param is an action parameter (directionless). ID is 0 unless @id was given
// (numbering as for MatchField). Bitwidth is 0 for a plain enum, whose
// TypeName is the enum's name.
type Param struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Bitwidth    int32
	TypeName    string
}

// ActionProfile describes an action_profile or action_selector instance.
type ActionProfile struct {
	ID           uint32
	Name         string
	Annotations  []Annotation
	Tables       []string // tables using it as implementation
	WithSelector bool
	Size         int64
	// MaxGroupSize, SizeSemantics and MaxMemberWeight come from a selector's
	// @max_group_size, @selector_size_semantics and @max_member_weight;
	// p4c ignores them on an action profile without selector.
	MaxGroupSize    int32
	SizeSemantics   SizeSemantics
	MaxMemberWeight int32
}

// SizeSemantics says what an action selector's size and max group size
// count (P4Info's ActionProfile.selector_size_semantics).
type SizeSemantics int

// The size semantics; NoSizeSemantics leaves the field unset.
const (
	NoSizeSemantics SizeSemantics = iota
	SumOfWeights
	SumOfMembers
)

// CounterUnit is what a counter counts.
type CounterUnit int

// v1model's CounterType values.
const (
	CounterPackets CounterUnit = iota + 1
	CounterBytes
	CounterPacketsAndBytes
)

// MeterUnit is what a meter measures.
type MeterUnit int

// v1model's MeterType values.
const (
	MeterPackets MeterUnit = iota + 1
	MeterBytes
)

// Counter is an indexed counter array.
type Counter struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Unit        CounterUnit
	Size        int64
	IndexType   string // user type of the index, "" if none
}

// DirectCounter is a counter attached to the entries of one table. p4c adds
// direct counters (and direct meters) while it serialises their table, so
// they come in the order of their tables.
type DirectCounter struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Unit        CounterUnit
	Table       string
}

// Meter is an indexed meter array.
type Meter struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Unit        MeterUnit
	Size        int64
	IndexType   string
}

// DirectMeter is a meter attached to the entries of one table.
type DirectMeter struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Unit        MeterUnit
	Table       string
}

// Register is a register array of cells of type Type.
type Register struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Type        TypeSpec
	Size        int32
	IndexType   string
}

// Digest is a v1model digest<T> call site: Name is the type name of T (as
// p4c names it) and Type its type spec.
type Digest struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Type        TypeSpec
}

// ControllerHeader is a header type annotated @controller_header("Name").
// Annotations are the header type's, including @controller_header. p4c
// hashes the header type's name (TypeName, e.g. "packet_in_header_t") for
// the id and puts it in the alias suffix set, but writes Name (the
// annotation's string, e.g. "packet_in") as both name and alias. Metadata
// are the fields of the flattened header.
type ControllerHeader struct {
	ID          uint32
	Name        string
	TypeName    string
	Annotations []Annotation
	Metadata    []ControllerMetadata
}

// ControllerMetadata is a field of a controller header.
type ControllerMetadata struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Bitwidth    int32
	TypeName    string
}

// ValueSet is a parser value_set; Match are its fields (one per struct
// member or one for a bit type).
type ValueSet struct {
	ID          uint32
	Name        string
	Annotations []Annotation
	Match       []MatchField
	Size        int32
}

// TypeKind says which arm of P4DataTypeSpec a TypeSpec is.
type TypeKind int

// The kinds of P4DataTypeSpec.
const (
	TypeBit TypeKind = iota + 1
	TypeInt
	TypeVarbit
	TypeBool
	TypeTuple
	TypeStruct
	TypeHeader
	TypeHeaderUnion
	TypeHeaderStack
	TypeHeaderUnionStack
	TypeEnum
	TypeError
	TypeSerializableEnum
	TypeNewType
)

// TypeSpec is a neutral P4DataTypeSpec: Width for bit/int/varbit (max width),
// Name for named kinds and stacks (the element type), Members for tuples,
// Size for stacks.
type TypeSpec struct {
	Kind    TypeKind
	Width   int32
	Name    string
	Members []TypeSpec
	Size    int32
}

// TypeInfo lists the named types P4Info describes in type_info. Order does
// not matter (they are maps keyed by name).
type TypeInfo struct {
	Structs           []StructType
	Headers           []HeaderType
	HeaderUnions      []HeaderUnionType
	Enums             []EnumType
	Errors            []string // error members, nil if error is not used
	SerializableEnums []SerializableEnumType
	NewTypes          []NewType
}

// StructType is a struct and its members.
type StructType struct {
	Name        string
	Annotations []Annotation
	Members     []StructMember
}

// StructMember is a named member of a struct.
type StructMember struct {
	Name string
	Type TypeSpec
}

// HeaderType is a header and its fields; Type of each field is bit, int or
// varbit.
type HeaderType struct {
	Name        string
	Annotations []Annotation
	Fields      []StructMember
}

// HeaderUnionType is a header union; each member's Name is the field name
// and Type.Name the header type.
type HeaderUnionType struct {
	Name        string
	Annotations []Annotation
	Members     []StructMember
}

// EnumType is a plain enum.
type EnumType struct {
	Name        string
	Annotations []Annotation
	Members     []string
}

// SerializableEnumType is an enum bit<Width>.
type SerializableEnumType struct {
	Name        string
	Annotations []Annotation
	Width       int32
	Members     []SerializableEnumMember
}

// SerializableEnumMember is one member; Value is big-endian in the minimum
// number of bytes for Width, as p4c encodes it.
type SerializableEnumMember struct {
	Name  string
	Value []byte
}

// NewType is a `type T U` declaration. With @p4runtime_translation(URI, W)
// Translation is set; otherwise Original is the underlying type.
type NewType struct {
	Name        string
	Annotations []Annotation
	Original    TypeSpec
	Translation *Translation
}

// Translation is @p4runtime_translation's argument: the URI and either the
// SDN bit width or, with SDNString, a string.
type Translation struct {
	URI         string
	SDNBitwidth int32
	SDNString   bool
}
