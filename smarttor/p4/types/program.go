package types

import (
	"math/big"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Program is a checked P4 program: the syntax tree plus everything the
// checker learnt about it. The Info maps are keyed by syntax nodes of
// declarations, so a control instantiated twice shares one set of types
// and resolutions; what differs per instance (control-plane names,
// extern instances) is in the BlockInstance tree under Blocks.
type Program struct {
	Syntax *syntax.Program
	Files  *syntax.FileSet
	Info   *Info
	Scope  *Scope // the top-level scope

	// Named types in declaration order, for type_info and lowering.
	Structs    []*Struct // structs, headers and header unions
	Enums      []*Enum   // plain and serializable enums
	NewTypes   []*NewType
	Errors     *Enum // every error member, core.p4's first
	MatchKinds *Enum

	Consts  []*Const
	Actions []*Action // every action declaration, in program order
	Tables  []*Table  // every table declaration, in program order

	// Main is the package instance named main, Package its type, and
	// Blocks the instances of the package's arguments in parameter order
	// (parser, verifyChecksum, ingress, egress, computeChecksum, deparser
	// for V1Switch).
	Main    *Instance
	Package *Package
	Blocks  []*BlockInstance

	// Digests are the digest<T>(receiver, data) calls reachable from
	// Blocks, one per call site and block instance.
	Digests []*Digest

	// Externs are the extern instances declared at top level.
	Externs []*ExternInstance
	externs map[*Instance]*ExternInstance
}

// Info holds the results of name resolution and type checking, like
// go/types.Info.
type Info struct {
	// Types has the type (and constant value, when the expression is a
	// compile-time constant) of every expression, after implicit
	// conversions: an int literal assigned to bit<8> has type bit<8>, a
	// list expression passed as a struct has the struct type. Lowering
	// should use Value when it is set.
	Types map[syntax.Expr]TypeAndValue
	// Defs maps declaring identifiers to their objects; Uses maps every
	// other resolved identifier (including the Sel of member expressions
	// naming enum, error and match_kind members, action names in tables
	// and switch labels, transition targets, and type names) to its
	// object. Field selections are not objects: see Members.
	Defs map[*syntax.Ident]Object
	Uses map[*syntax.Ident]Object
	// Calls describes every call expression.
	Calls map[*syntax.CallExpr]*Call
	// TypeOf has the resolved type of every type syntax node.
	TypeOf map[syntax.Type]Type
	// Members records, for member expressions that select a struct,
	// header or union field, the field's index in its type (the type of
	// X in Types). Other member expressions are: enum members (Value is
	// the *EnumMember), stack next/last/size/lastIndex (X has a *Stack
	// type), hit/miss/action_run of an apply result, and method names
	// (type *FuncType; the call is in Calls).
	Members map[*syntax.MemberExpr]int
	// Instances maps instantiations to their objects.
	Instances map[*syntax.Instantiation]*Instance
	// TableOf maps table declarations to their objects.
	TableOf map[*syntax.TableDecl]*Table
	// ActionOf maps action declarations to their objects.
	ActionOf map[*syntax.ActionDecl]*Action
	// Keysets has the decoded keyset of every select case.
	Keysets map[*syntax.SelectCase][]*Keyset
	// StateOf maps parser states (and transition targets via Uses) to
	// their objects.
	StateOf map[*syntax.ParserState]*State
	// BlockOf maps parser and control declarations to their types.
	BlockOf map[syntax.Decl]*Block
}

// TypeAndValue is the type of an expression and, for compile-time
// constants, its value. IsType is set for expressions that denote a type
// (error in error.NoMatch, a type in a cast).
type TypeAndValue struct {
	Type   Type
	Value  Value
	IsType bool
	// LValue is set for expressions that may be assigned or passed to out
	// and inout parameters.
	LValue bool
}

// CallKind says what a call expression calls.
type CallKind int

// The call kinds.
const (
	CallFunction       CallKind = iota + 1 // a function with a body
	CallExternFunction                     // an extern function: mark_to_drop, digest, hash, verify...
	CallAction                             // an action called directly
	CallExternMethod                       // a method of an extern instance or of packet_in/packet_out
	CallTableApply                         // t.apply()
	CallBlockApply                         // c.apply(args) on a control or parser instance
	CallHeaderMethod                       // isValid, setValid, setInvalid of a header or union
	CallStackMethod                        // push_front, pop_front of a header stack
	CallConstructor                        // P() as a package argument: Block is the instantiated type
)

var callKindNames = [...]string{"", "function", "extern function", "action", "extern method", "table apply", "block apply", "header method", "stack method", "constructor"}

// String returns a readable name of the kind.
func (k CallKind) String() string {
	if int(k) < len(callKindNames) {
		return callKindNames[k]
	}
	return "call"
}

// Call describes a call expression.
type Call struct {
	Kind     CallKind
	Name     string    // function, action, method or built-in method name
	Func     *Func     // CallFunction, CallExternFunction: the chosen overload
	Action   *Action   // CallAction
	Method   *Method   // CallExternMethod: the chosen overload
	Table    *Table    // CallTableApply
	Block    *Block    // CallBlockApply: the applied block's type
	Instance *Instance // the receiver, when it names an instance (extern, block)
	// CtorParam is the receiver of a CallBlockApply that names a
	// constructor parameter of a control or parser type: the instance
	// bound to it is BlockInstance.CtorBlock's.
	CtorParam *Param
	Recv      syntax.Expr // the receiver expression of methods and apply, nil otherwise
	Sig       *Signature  // the signature with type arguments substituted
	TypeArgs  []Type      // inferred or given type arguments of the callee's own type parameters
	// Args has one entry per parameter of Sig, in parameter order: named
	// arguments are put in place; a missing optional argument is nil (its
	// default, if any, is Sig.Params[i].Default).
	Args []syntax.Expr
}

// Block instances: the instance tree with control-plane names.

// BlockInstance is one instance of a parser or control: a package argument
// or a nested instantiation. Name is the control-plane prefix of everything
// declared in it, as p4c forms it: the control's name for a package
// argument ("SmartTorIngress"), the parent's prefix and the instance name
// for nested ones ("SmartTorIngress.policy_check").
type BlockInstance struct {
	Name     string
	Type     *Block
	Param    *Param    // the package parameter it is bound to; nil for nested instances
	Instance *Instance // the nested instantiation; nil for package arguments given as P()
	Parent   *BlockInstance
	// CtorArgs are the constant values of the constructor arguments, in
	// the order of Type.CtorParams (nil where not constant).
	CtorArgs []Value

	Tables    []*TableInstance
	Actions   []*ActionInstance // actions declared in the block
	Externs   []*ExternInstance // extern instances declared in the block
	ValueSets []*ValueSetInstance
	Children  []*BlockInstance // nested parser/control instances, in declaration order
	// Locals has all of the above in declaration order: *TableInstance,
	// *ActionInstance, *ExternInstance, *ValueSetInstance and
	// *BlockInstance.
	Locals []any

	prog     *Program
	tables   map[*Table]*TableInstance
	actions  map[*Action]*ActionInstance
	externs  map[*Instance]*ExternInstance
	children map[*Instance]*BlockInstance
	// ctorBlocks binds constructor parameters of a parser or control type
	// to the block instances given as their arguments.
	ctorBlocks map[*Param]*BlockInstance
}

// CtorBlock returns the block instance passed as constructor argument p,
// nil if there is none.
func (b *BlockInstance) CtorBlock(p *Param) *BlockInstance { return b.ctorBlocks[p] }

// Table returns the instance of a table declared in the block.
func (b *BlockInstance) Table(t *Table) *TableInstance { return b.tables[t] }

// Action returns the instance of an action declared in the block.
func (b *BlockInstance) Action(a *Action) *ActionInstance { return b.actions[a] }

// Extern returns the instance of an extern instantiation in the block, in
// an enclosing block instance, or at top level; nil if there is none.
func (b *BlockInstance) Extern(i *Instance) *ExternInstance {
	var p *Program
	for ; b != nil; b = b.Parent {
		if e := b.externs[i]; e != nil {
			return e
		}
		p = b.prog
	}
	if p != nil {
		return p.externs[i]
	}
	return nil
}

// Child returns the nested block instance created by instantiation i.
func (b *BlockInstance) Child(i *Instance) *BlockInstance { return b.children[i] }

// Decl returns the block's declaration (*syntax.ParserDecl or
// *syntax.ControlDecl).
func (b *BlockInstance) Decl() syntax.Decl { return b.Type.Root().Decl }

// TableInstance is a table in a block instance.
type TableInstance struct {
	Name   string // fully qualified control-plane name
	Table  *Table
	Size   int64 // Table.Size, or the constructor argument it names
	Block  *BlockInstance
	Hidden bool // @hidden: not in P4Info
}

// ActionInstance is an action declared in a block instance.
type ActionInstance struct {
	Name   string // fully qualified control-plane name
	Action *Action
	Block  *BlockInstance
	Hidden bool
}

// ExternInstance is an extern instance in a block instance (or, with Block
// nil, at top level).
type ExternInstance struct {
	Name     string // fully qualified control-plane name
	Instance *Instance
	Extern   *Extern
	Block    *BlockInstance
	Hidden   bool
}

// ValueSetInstance is a value_set in a parser instance.
type ValueSetInstance struct {
	Name     string
	ValueSet *ValueSet
	Block    *BlockInstance
}

// Digest is one digest<T>(receiver, data) call in a block instance.
type Digest struct {
	Type     Type // T
	Receiver Value
	Call     *syntax.CallExpr
	Block    *BlockInstance
}

// ActionName returns the fully qualified control-plane name of action a
// as used from block b: an action declared in b (or an enclosing instance)
// gets that instance's prefix; a top-level action keeps its own name.
func (p *Program) ActionName(b *BlockInstance, a *Action) string {
	for x := b; x != nil; x = x.Parent {
		if ai := x.actions[a]; ai != nil {
			return ai.Name
		}
	}
	return qualify("", ControlPlaneName(a.Annotations, a.Name()))
}

// qualify joins a prefix and a local control-plane name; a local name with
// a leading '.' is absolute.
func qualify(prefix, local string) string {
	if len(local) > 0 && local[0] == '.' {
		return local[1:]
	}
	if prefix == "" {
		return local
	}
	return prefix + "." + local
}

// Tables

// Table is a table declaration with its properties decoded.
type Table struct {
	object
	Annotations syntax.Annotations
	Decl        *syntax.TableDecl
	Parent      *Block

	Keys    []*Key
	Actions []*TableAction
	// Default is the default action: the default_action property, or
	// NoAction added as p4c does when it is absent (DefaultImplicit).
	Default         *ActionCall
	DefaultConst    bool
	DefaultImplicit bool
	Entries         []*Entry
	EntriesConst    bool
	HasEntries      bool
	// Size is the size property, 0 when absent. When the size is a
	// constructor parameter of the enclosing control, SizeParam is set and
	// each TableInstance has its own Size.
	Size      int64
	SizeParam *Param
	// Counters, Meters and Implementation name extern instances (direct
	// counter, direct meter, action profile or selector).
	Counters       *Instance
	Meters         *Instance
	Implementation *Instance
	SupportTimeout bool
	// IdleTimeoutWithAutoDelete is the v1model property of that name.
	IdleTimeoutWithAutoDelete bool
	// SmallestPriorityWins is largest_priority_wins = false: among
	// matching entries the one with the smallest priority wins.
	SmallestPriorityWins bool
	// Other holds properties the checker does not interpret.
	Other []*syntax.ValueProperty
}

// Key is a table key element.
type Key struct {
	Expr        syntax.Expr
	MatchKind   string // exact, lpm, ternary, range, optional, selector
	Name        string // @name or p4c's name from the expression text
	Type        Type
	Width       int
	Annotations syntax.Annotations
}

// ActionScope says where an action of a table may be used.
type ActionScope int

// The scopes.
const (
	ScopeTableAndDefault ActionScope = iota
	ScopeTableOnly
	ScopeDefaultOnly
)

// TableAction is an entry of the actions property. Args binds the
// directional parameters (a(x) in the list); the remaining parameters are
// action data supplied by the control plane.
type TableAction struct {
	Action      *Action
	Scope       ActionScope
	Annotations syntax.Annotations
	Args        []syntax.Expr // one per directional parameter, in order
	Ref         *syntax.ActionRef
	Implicit    bool // NoAction added by the checker
}

// ActionCall is an action with arguments: a default action or an entry's
// action. Args has one expression per parameter, Values their constant
// values (for action data parameters; nil where not constant).
type ActionCall struct {
	Action *Action
	Args   []syntax.Expr
	Values []Value
	Ref    *syntax.ActionRef
}

// Entry is a table entry of the entries property.
type Entry struct {
	Keys        []*Keyset // one per table key
	Action      *ActionCall
	Priority    int64
	HasPriority bool
	Const       bool
	Annotations syntax.Annotations
	Decl        *syntax.Entry
	// prioAnn marks a priority from an @priority(N) annotation.
	prioAnn bool
}

// KeysetKind is the form of a keyset element.
type KeysetKind int

// The keyset forms.
const (
	KeysetExact    KeysetKind = iota + 1 // a value
	KeysetMask                           // value &&& mask
	KeysetRange                          // lo .. hi
	KeysetDefault                        // default or _
	KeysetValueSet                       // the name of a value_set
)

// Keyset is one element of a select case or table entry keyset, with its
// values evaluated. For KeysetExact, Value; KeysetMask, Value and Mask;
// KeysetRange, Value (low) and Hi.
type Keyset struct {
	Kind     KeysetKind
	Value    *big.Int
	Mask     *big.Int
	Hi       *big.Int
	Type     Type // the key's type
	ValueSet *ValueSet
	// Field is, for a value set of a struct type matching all keys, the
	// index of the struct field this key is matched against; -1 when the
	// value set's elements are the key's values themselves.
	Field int
	Expr  syntax.Expr
}
