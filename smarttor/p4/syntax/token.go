package syntax

// Token is a lexical token kind of P4_16.
type Token int

// The tokens of P4_16. Context-dependent words (key, actions, entries,
// size, ...) are plain identifiers; the parser recognizes them by name.
const (
	ILLEGAL Token = iota
	EOF
	COMMENT

	literalBeg
	IDENT  // main
	INT    // 8w255, 0x1F, 10
	STRING // "abc"
	literalEnd

	operatorBeg
	ADD    // +
	SUB    // -
	MUL    // *
	QUO    // /
	REM    // %
	ADDSAT // |+|
	SUBSAT // |-|
	CONCAT // ++
	AND    // &
	OR     // |
	XOR    // ^
	SHL    // <<
	SHR    // >> (only made by the parser from two adjacent '>')
	LAND   // &&
	LOR    // ||
	MASK   // &&&
	RANGE  // ..
	NOT    // !
	TILDE  // ~
	EQL    // ==
	NEQ    // !=
	LSS    // <
	GTR    // >
	LEQ    // <=
	GEQ    // >=
	ASSIGN // =
	LPAREN // (
	RPAREN // )
	LBRACK // [
	RBRACK // ]
	LBRACE // {
	RBRACE // }
	COMMA  // ,
	PERIOD // .
	SEMI   // ;
	COLON  // :
	QUEST  // ?
	AT     // @
	HASH   // # (a directive that reached the parser)
	DOTS   // ...

	// Compound assignments (P4_16 1.2.5). '>>=' is made by the parser from
	// '>' and '>='.
	ADD_ASSIGN    // +=
	SUB_ASSIGN    // -=
	MUL_ASSIGN    // *=
	QUO_ASSIGN    // /=
	REM_ASSIGN    // %=
	AND_ASSIGN    // &=
	OR_ASSIGN     // |=
	XOR_ASSIGN    // ^=
	SHL_ASSIGN    // <<=
	SHR_ASSIGN    // >>=
	ADDSAT_ASSIGN // |+|=
	SUBSAT_ASSIGN // |-|=
	operatorEnd

	keywordBeg
	ABSTRACT
	ACTION
	APPLY
	BIT
	BOOL
	BREAK
	CONST
	CONTINUE
	CONTROL
	DEFAULT
	ELSE
	ENUM
	ERROR
	EXIT
	EXTERN
	FALSE
	FOR
	HEADER
	HEADERUNION
	IF
	IN
	INOUT
	INT_KW
	LIST
	MATCHKIND
	OUT
	PACKAGE
	PARSER
	RETURN
	SELECT
	STATE
	STRING_KW
	STRUCT
	SWITCH
	TABLE
	THIS
	TRANSITION
	TRUE
	TUPLE
	TYPE
	TYPEDEF
	VALUESET
	VARBIT
	VOID
	DONTCARE // _
	keywordEnd
)

var tokenNames = [...]string{
	ILLEGAL: "ILLEGAL",
	EOF:     "EOF",
	COMMENT: "COMMENT",
	IDENT:   "IDENT",
	INT:     "INT",
	STRING:  "STRING",

	ADD: "+", SUB: "-", MUL: "*", QUO: "/", REM: "%",
	ADDSAT: "|+|", SUBSAT: "|-|", CONCAT: "++",
	AND: "&", OR: "|", XOR: "^", SHL: "<<", SHR: ">>",
	LAND: "&&", LOR: "||", MASK: "&&&", RANGE: "..",
	NOT: "!", TILDE: "~",
	EQL: "==", NEQ: "!=", LSS: "<", GTR: ">", LEQ: "<=", GEQ: ">=",
	ASSIGN: "=",
	LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]", LBRACE: "{", RBRACE: "}",
	COMMA: ",", PERIOD: ".", SEMI: ";", COLON: ":", QUEST: "?", AT: "@", HASH: "#",
	DOTS:       "...",
	ADD_ASSIGN: "+=", SUB_ASSIGN: "-=", MUL_ASSIGN: "*=", QUO_ASSIGN: "/=", REM_ASSIGN: "%=",
	AND_ASSIGN: "&=", OR_ASSIGN: "|=", XOR_ASSIGN: "^=", SHL_ASSIGN: "<<=", SHR_ASSIGN: ">>=",
	ADDSAT_ASSIGN: "|+|=", SUBSAT_ASSIGN: "|-|=",

	ABSTRACT:    "abstract",
	ACTION:      "action",
	APPLY:       "apply",
	BIT:         "bit",
	BOOL:        "bool",
	BREAK:       "break",
	CONST:       "const",
	CONTINUE:    "continue",
	CONTROL:     "control",
	DEFAULT:     "default",
	ELSE:        "else",
	ENUM:        "enum",
	ERROR:       "error",
	EXIT:        "exit",
	EXTERN:      "extern",
	FALSE:       "false",
	FOR:         "for",
	HEADER:      "header",
	HEADERUNION: "header_union",
	IF:          "if",
	IN:          "in",
	INOUT:       "inout",
	INT_KW:      "int",
	LIST:        "list",
	MATCHKIND:   "match_kind",
	OUT:         "out",
	PACKAGE:     "package",
	PARSER:      "parser",
	RETURN:      "return",
	SELECT:      "select",
	STATE:       "state",
	STRING_KW:   "string",
	STRUCT:      "struct",
	SWITCH:      "switch",
	TABLE:       "table",
	THIS:        "this",
	TRANSITION:  "transition",
	TRUE:        "true",
	TUPLE:       "tuple",
	TYPE:        "type",
	TYPEDEF:     "typedef",
	VALUESET:    "value_set",
	VARBIT:      "varbit",
	VOID:        "void",
	DONTCARE:    "_",
}

// String returns the token's spelling for operators and keywords, and its
// class name (IDENT, INT, ...) otherwise.
func (t Token) String() string {
	if t >= 0 && int(t) < len(tokenNames) && tokenNames[t] != "" {
		return tokenNames[t]
	}
	return "token(?)"
}

// IsKeyword reports whether t is a reserved word.
func (t Token) IsKeyword() bool { return keywordBeg < t && t < keywordEnd }

// IsOperator reports whether t is an operator or delimiter.
func (t Token) IsOperator() bool { return operatorBeg < t && t < operatorEnd }

// IsLiteral reports whether t is an identifier or a literal.
func (t Token) IsLiteral() bool { return literalBeg < t && t < literalEnd }

var keywords map[string]Token

func init() {
	keywords = make(map[string]Token, keywordEnd-keywordBeg)
	for t := keywordBeg + 1; t < keywordEnd; t++ {
		keywords[tokenNames[t]] = t
	}
}

// Lookup maps an identifier to its keyword token, or IDENT.
func Lookup(ident string) Token {
	if t, ok := keywords[ident]; ok {
		return t
	}
	return IDENT
}

// IsAssign reports whether t is '=' or a compound assignment.
func (t Token) IsAssign() bool { return t == ASSIGN || ADD_ASSIGN <= t && t <= SUBSAT_ASSIGN }

// Binary operator precedences, following p4c's grammar: unlike C, the
// bitwise operators bind tighter than comparisons.
const (
	precLowest = iota
	precTernary
	precLOr
	precLAnd
	precEq
	precRel
	precOr
	precXor
	precAnd
	precShift
	precAdd
	precMul
)

// Precedence returns the binary precedence of t, or 0 if t is not a binary
// operator of expressions (MASK and RANGE belong to keysets only).
func (t Token) Precedence() int {
	switch t {
	case LOR:
		return precLOr
	case LAND:
		return precLAnd
	case EQL, NEQ:
		return precEq
	case LSS, GTR, LEQ, GEQ:
		return precRel
	case OR:
		return precOr
	case XOR:
		return precXor
	case AND:
		return precAnd
	case SHL, SHR:
		return precShift
	case ADD, SUB, ADDSAT, SUBSAT, CONCAT:
		return precAdd
	case MUL, QUO, REM:
		return precMul
	}
	return 0
}
