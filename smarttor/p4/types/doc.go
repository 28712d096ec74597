// Package types resolves names and checks types in a parsed P4_16 program
// (the subset v1model programs use) and produces the checked-program model
// the rest of the smarttor target builds on: P4Info generation and lowering
// to the interpreter's IR.
//
// The design follows go/types. Check walks the declarations of a
// syntax.Program in order (P4 requires declaration before use; parser
// states are the exception and are collected first) through nested Scopes:
// the top level, then parsers, controls, externs, functions, actions,
// blocks and states. Every identifier that declares something is recorded
// in Info.Defs, every use in Info.Uses, every expression's type (after the
// spec's implicit conversions: an int literal takes the width of the
// location it is assigned to, a list expression becomes the struct or
// tuple it is passed as) and constant value in Info.Types, and every call
// with its resolved callee, inferred type arguments and arguments in
// parameter order in Info.Calls. Compile-time constants (const
// declarations, widths, sizes, constructor arguments, default action
// arguments, table entries and select keysets) are evaluated with
// math/big.
//
// Generic externs may be instantiated without all their type arguments
// (counter(64, CounterType.packets) c; register<bit<32>>(n) r;); the
// missing ones are inferred from the first method calls, as p4c does.
// Generic structs, extern instances with abstract method implementations
// (and this inside them), and extern instances constructed in a table
// property (implementation = action_profile(128)) are supported; generic
// parsers and controls of the program itself are not.
//
// Lowering reads the model this way: Program.Blocks gives the package's
// parser and control instances; BlockInstance.Decl() is the declaration
// whose statements to lower, and Locals its tables, actions, extern
// instances, value sets and nested instances in declaration order, each
// with its control-plane name. Within bodies, Info.Uses resolves every
// name (to a *Var, *Const, *EnumMember, *Instance, *Table, *Action,
// *State, *ValueSet or *TypeName), Info.Types gives every expression's
// type and constant value, Info.Members the index of selected fields, and
// Info.Calls what each call calls with its arguments in parameter order.
// Objects are per declaration; BlockInstance.Table, Action, Extern and
// Child map them to the instance's own copies.
//
// After checking, the package instance main is expanded into a tree of
// BlockInstances, one per parser or control instance, which carries the
// control-plane names p4c gives objects: a control passed to the package as
// P() is named after its declaration; a nested instance `VersionCheck()
// check;` in control C prefixes what it declares with "C.check"; @name
// annotations replace the local name and a leading '.' makes it absolute.
// Info is keyed by declarations, so controls instantiated several times
// share one set of types; what differs per instance is in the tree.
//
// Errors are reported as file:line:col: message through the syntax
// package's positions, all of them (up to a limit), never as a panic.
//
// types may import only the standard library and smarttor/p4/syntax.
package types
