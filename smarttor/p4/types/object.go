package types

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
)

// Object is a named entity a name resolves to: a constant, variable,
// parameter, type name, function, action, table, instance, parser state,
// enum member or value set.
type Object interface {
	Name() string
	Pos() syntax.Pos
	Type() Type
}

type object struct {
	name string
	pos  syntax.Pos
	typ  Type
}

func (o *object) Name() string    { return o.name }
func (o *object) Pos() syntax.Pos { return o.pos }
func (o *object) Type() Type      { return o.typ }

type (
	// Const is a compile-time constant declared with const.
	Const struct {
		object
		Value Value
		Decl  *syntax.ConstDecl
	}

	// Var is a local variable or a parameter. Param is set for parameters
	// (of actions, functions, parsers, controls, constructors).
	Var struct {
		object
		Param *Param
		Decl  *syntax.VarDecl // for local variables
	}

	// TypeName is a type declaration (typedef, struct, header, enum,
	// extern, parser, control, package) or a type parameter.
	TypeName struct {
		object
		Decl syntax.Decl // nil for type parameters and built-ins
	}

	// Func is a function or an extern function. Functions of one name
	// may be overloaded by arity; Funcs holds them all.
	Func struct {
		object
		Sig         *Signature
		Extern      bool
		Annotations syntax.Annotations
		Decl        *syntax.FunctionDecl
		Overloads   []*Func // all functions with this name, including this one
	}

	// Action is an action declaration. Parent is the parser or control it
	// is declared in, nil at top level.
	Action struct {
		object
		Params      []*Param
		Annotations syntax.Annotations
		Decl        *syntax.ActionDecl
		Parent      *Block
	}

	// Instance is an instantiation: of an extern (counter(...) c;), of a
	// parser or control inside another (VersionCheck() check;), or of the
	// package (V1Switch(...) main;). Args are the constructor arguments in
	// parameter order; Values their constant values where they are
	// compile-time known (nil otherwise: nested block instances).
	Instance struct {
		object
		Args        []syntax.Expr
		Values      []Value
		Ctor        *Signature
		Annotations syntax.Annotations
		Decl        *syntax.Instantiation
		Parent      *Block // enclosing parser or control, nil at top level
		// Property is set (and Decl nil) for an instance constructed in
		// place in a table property: implementation = action_profile(128).
		Property *syntax.ValueProperty
		// Methods are the implementations of the extern's abstract
		// methods given with the instantiation.
		Methods []*Func
		// InPlace is set for an instance constructed in place as a
		// constructor argument of a parser or control instantiation
		// (C2(C1()) c2): it belongs to each instance of c2, named as the
		// constructor parameter (see moveCtorArgs).
		InPlace bool
	}

	// State is a parser state; accept and reject are built in (Decl nil).
	State struct {
		object
		Decl *syntax.ParserState
	}

	// EnumMember is a member of an enum, of error or of match_kind. Value
	// is the member's value in a serializable enum, nil otherwise.
	EnumMember struct {
		object
		Enum  *Enum
		Index int
		Value Value
		Decl  syntax.Node
	}

	// ValueSet is a parser value_set.
	ValueSet struct {
		object
		Elem        Type
		Size        int64
		Annotations syntax.Annotations
		Decl        *syntax.ValueSetDecl
	}
)

// Type of an EnumMember is its enum.
func (m *EnumMember) String() string { return m.Enum.Name + "." + m.name }

// Scope is a lexical scope. Top-level declarations, parsers, controls,
// externs, functions, actions, blocks and states open scopes.
type Scope struct {
	parent *Scope
	names  map[string]Object
}

// NewScope returns a scope nested in parent (nil for the top level).
func NewScope(parent *Scope) *Scope {
	return &Scope{parent: parent, names: map[string]Object{}}
}

// Parent returns the enclosing scope.
func (s *Scope) Parent() *Scope { return s.parent }

// Lookup looks name up in s and its parents.
func (s *Scope) Lookup(name string) Object {
	for ; s != nil; s = s.parent {
		if o, ok := s.names[name]; ok {
			return o
		}
	}
	return nil
}

// LookupLocal looks name up in s only.
func (s *Scope) LookupLocal(name string) Object { return s.names[name] }

// insert adds o and returns the object it replaces in this scope, if any.
func (s *Scope) insert(o Object) Object {
	prev := s.names[o.Name()]
	s.names[o.Name()] = o
	return prev
}

// Names returns the names declared directly in s (unordered).
func (s *Scope) Names() []string {
	out := make([]string, 0, len(s.names))
	for n := range s.names {
		out = append(out, n)
	}
	return out
}

// ControlPlaneName returns the local control-plane name of a declaration:
// its @name annotation if present, else name. A leading '.' marks an
// absolute name (the caller strips it).
func ControlPlaneName(anns syntax.Annotations, name string) string {
	if a := anns.Get("name"); a != nil {
		if s, ok := a.StringArg(); ok {
			return s
		}
	}
	return name
}
