// Package syntax is the syntactic front-end of the smarttor P4_16 target:
// preprocessor, scanner, parser and syntax tree, modelled on Go's own
// go/token, go/scanner, go/ast and go/parser.
//
// # Phases
//
// ParseProgram runs two phases. Preprocess expands the C-like directives
// of P4 (#include, #define of object-like and function-like macros,
// #undef, #if/#ifdef/#ifndef/#elif/#else/#endif with integer expressions
// and defined(X), #error, #line, #pragma once) into one text in which every
// included file is spliced. #include "f" looks next to the including file,
// then in Options.IncludeDirs, then among the built-in files;
// #include <f> looks in IncludeDirs, then among the built-in <core.p4> and
// <v1model.p4> of package builtin. Files are read through
// Options.ReadFile, Options.FS or the OS, so tests and the target can
// serve them from memory. The parser then scans the whole text into a
// token slice and parses it by recursive descent into a *Program.
//
// The scanner never produces '>>': two adjacent '>' tokens are joined into
// a shift by the expression parser, so bit<8>> and register<bit<8>> close
// their type argument lists. Because the tokens are in a slice, the
// parser looks ahead as far as it needs, instead of keeping a symbol
// table like p4c, to tell a declaration (T x;, T(args) x;, T[4] x;) from
// a statement, and a generic call f<T>(x) from a comparison. A
// parenthesized name is a cast when an operand follows it: (T) x is a
// cast, (a) - b a subtraction.
//
// # Positions
//
// A Pos is a compact integer offset into a FileSet; it becomes
// file:line:col only through FileSet.Position. The preprocessed text is
// one File whose line infos (as with go/token's AddLineInfo) map each of
// its lines back to the file and line it came from, so positions name the
// original file even after #include splicing; built-in files are named
// <core.p4> and <v1model.p4>. Preprocessing keeps every line in place
// (directives and skipped lines become empty lines), so columns are exact
// except after a macro expansion on the same line.
//
// # Errors
//
// Errors of both phases collect in an ErrorList of "file:line:col:
// message" errors sorted by position; ErrorList.Err is nil when there are
// none. Messages read like Go's: expected ';', found 'IDENT' x. The
// parser reports at most one error per line and resynchronizes at the next
// ';', '}' or declaration keyword, leaving BadDecl, BadStmt, BadExpr or
// BadType in the tree, so one run reports several independent errors.
// Nothing panics on any input: nesting depth, include depth, macro
// expansion and the error count are all bounded. The parser does not
// resolve names; the type checker does.
//
// # Tree
//
// The nodes are small structs named for what they are (BinaryExpr,
// TableDecl, ParserState, ...), all with Pos and End, sealed into the Expr,
// Stmt, Decl, Type and TableProperty interfaces by marker methods.
// Annotations stay on the declarations, with their raw tokens and, when
// the body is an expression list or key=value list, in structured form.
// Fprint prints a tree back as canonical P4 source and Fdump as a tree
// with node types and positions; golden tests compare both with files
// under testdata. Inspect walks a tree like go/ast.Inspect.
//
// Beyond what v1model programs use, the parser accepts the newer P4_16
// for loops, break, continue and compound assignments, typedefs of inline
// struct and enum declarations, and P4_14-style @pragma annotations.
//
// This package may import only the standard library and
// smarttor/p4/builtin.
package syntax
