package syntax

import (
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"
)

// A Scanner tokenizes P4_16 source text that has already been
// preprocessed. It never panics: malformed input yields ILLEGAL tokens and
// calls to the error handler.
type Scanner struct {
	file *File
	src  []byte
	err  func(pos Pos, msg string)
	off  int

	// ErrorCount is the number of errors reported.
	ErrorCount int
}

// Init prepares s to scan src, the text of file. err, if not nil, is called
// for each lexical error.
func (s *Scanner) Init(file *File, src []byte, err func(pos Pos, msg string)) {
	s.file, s.src, s.err, s.off, s.ErrorCount = file, src, err, 0, 0
}

func (s *Scanner) error(off int, msg string) {
	s.ErrorCount++
	if s.err != nil {
		s.err(s.file.Pos(off), msg)
	}
}

func (s *Scanner) peek(i int) byte {
	if s.off+i < len(s.src) {
		return s.src[s.off+i]
	}
	return 0
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// skipSpace skips white space and comments.
func (s *Scanner) skipSpace() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.off++
		case c == '/' && s.peek(1) == '/':
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.off++
			}
		case c == '/' && s.peek(1) == '*':
			start := s.off
			s.off += 2
			for {
				if s.off+1 >= len(s.src) {
					s.off = len(s.src)
					s.error(start, "comment not terminated")
					return
				}
				if s.src[s.off] == '*' && s.src[s.off+1] == '/' {
					s.off += 2
					break
				}
				s.off++
			}
		default:
			return
		}
	}
}

// Scan returns the next token, its position and, for identifiers,
// literals and illegal characters, its source text.
func (s *Scanner) Scan() (pos Pos, tok Token, lit string) {
	s.skipSpace()
	start := s.off
	pos = s.file.Pos(start)
	if s.off >= len(s.src) {
		return pos, EOF, ""
	}
	c := s.src[s.off]
	switch {
	case isLetter(c):
		for s.off < len(s.src) && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
			s.off++
		}
		lit = string(s.src[start:s.off])
		return pos, Lookup(lit), lit
	case isDigit(c):
		s.scanNumber()
		return pos, INT, string(s.src[start:s.off])
	case c == '"':
		return pos, STRING, s.scanString()
	}
	s.off++
	tok = ILLEGAL
	switch c {
	case '+':
		tok = s.assignOr(ADD, ADD_ASSIGN)
		if tok == ADD && s.peek(0) == '+' {
			s.off++
			tok = CONCAT
		}
	case '-':
		tok = s.assignOr(SUB, SUB_ASSIGN)
	case '*':
		tok = s.assignOr(MUL, MUL_ASSIGN)
	case '/':
		tok = s.assignOr(QUO, QUO_ASSIGN)
	case '%':
		tok = s.assignOr(REM, REM_ASSIGN)
	case '^':
		tok = s.assignOr(XOR, XOR_ASSIGN)
	case '~':
		tok = TILDE
	case '|':
		switch {
		case s.peek(0) == '|':
			s.off++
			tok = LOR
		case s.peek(0) == '+' && s.peek(1) == '|':
			s.off += 2
			tok = s.assignOr(ADDSAT, ADDSAT_ASSIGN)
		case s.peek(0) == '-' && s.peek(1) == '|':
			s.off += 2
			tok = s.assignOr(SUBSAT, SUBSAT_ASSIGN)
		default:
			tok = s.assignOr(OR, OR_ASSIGN)
		}
	case '&':
		switch {
		case s.peek(0) == '&' && s.peek(1) == '&':
			s.off += 2
			tok = MASK
		case s.peek(0) == '&':
			s.off++
			tok = LAND
		default:
			tok = s.assignOr(AND, AND_ASSIGN)
		}
	case '<':
		switch s.peek(0) {
		case '<':
			s.off++
			tok = s.assignOr(SHL, SHL_ASSIGN)
		case '=':
			s.off++
			tok = LEQ
		default:
			tok = LSS
		}
	case '>':
		// '>>' is never one token: it may close two type argument lists.
		tok = GTR
		if s.peek(0) == '=' {
			s.off++
			tok = GEQ
		}
	case '=':
		tok = ASSIGN
		if s.peek(0) == '=' {
			s.off++
			tok = EQL
		}
	case '!':
		tok = NOT
		if s.peek(0) == '=' {
			s.off++
			tok = NEQ
		}
	case '.':
		tok = PERIOD
		if s.peek(0) == '.' {
			s.off++
			tok = RANGE
			if s.peek(0) == '.' {
				s.off++
				tok = DOTS
			}
		}
	case '(':
		tok = LPAREN
	case ')':
		tok = RPAREN
	case '[':
		tok = LBRACK
	case ']':
		tok = RBRACK
	case '{':
		tok = LBRACE
	case '}':
		tok = RBRACE
	case ',':
		tok = COMMA
	case ';':
		tok = SEMI
	case ':':
		tok = COLON
	case '?':
		tok = QUEST
	case '@':
		tok = AT
	case '#':
		tok = HASH
	default:
		r, size := utf8.DecodeRune(s.src[start:])
		if size > 1 {
			s.off = start + size
		}
		s.error(start, fmt.Sprintf("invalid character %q", r))
		lit = string(s.src[start:s.off])
	}
	return pos, tok, lit
}

// assignOr returns op, or opAssign when '=' follows (and consumes it).
func (s *Scanner) assignOr(op, opAssign Token) Token {
	if s.peek(0) == '=' {
		s.off++
		return opAssign
	}
	return op
}

// scanNumber scans an integer literal: digits with an optional base prefix
// (0x 0X 0b 0B 0o 0O 0d 0D), underscores, and an optional width prefix
// "<digits>w" or "<digits>s" (which may be followed by '-').
func (s *Scanner) scanNumber() {
	s.scanDigits()
	if c := s.peek(0); (c == 'w' || c == 's') && (isDigit(s.peek(1)) || s.peek(1) == '-' && isDigit(s.peek(2))) {
		s.off++
		if s.peek(0) == '-' {
			s.off++
		}
		s.scanDigits()
	}
}

func (s *Scanner) scanDigits() {
	if s.peek(0) == '0' {
		switch s.peek(1) {
		case 'x', 'X', 'b', 'B', 'o', 'O', 'd', 'D':
			s.off += 2
			for s.off < len(s.src) && (isHex(s.src[s.off]) || s.src[s.off] == '_') {
				s.off++
			}
			return
		}
	}
	for s.off < len(s.src) && (isDigit(s.src[s.off]) || s.src[s.off] == '_') {
		s.off++
	}
}

func (s *Scanner) scanString() string {
	start := s.off
	s.off++ // opening quote
	for {
		if s.off >= len(s.src) || s.src[s.off] == '\n' {
			s.error(start, "string literal not terminated")
			return string(s.src[start:s.off])
		}
		c := s.src[s.off]
		s.off++
		if c == '"' {
			break
		}
		if c == '\\' && s.off < len(s.src) && s.src[s.off] != '\n' {
			s.off++
		}
	}
	return string(s.src[start:s.off])
}

// UnquoteString returns the value of a string literal, interpreting the
// escapes \n \t \r \\ \" and \0; other escaped characters stand for
// themselves.
func UnquoteString(lit string) string {
	if len(lit) >= 2 && lit[0] == '"' && lit[len(lit)-1] == '"' {
		lit = lit[1 : len(lit)-1]
	} else if len(lit) >= 1 && lit[0] == '"' {
		lit = lit[1:]
	}
	if !strings.Contains(lit, `\`) {
		return lit
	}
	var b strings.Builder
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if c != '\\' || i+1 >= len(lit) {
			b.WriteByte(c)
			continue
		}
		i++
		switch lit[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		default:
			b.WriteByte(lit[i])
		}
	}
	return b.String()
}

// IntValue is the meaning of an integer literal.
type IntValue struct {
	Value    *big.Int // never nil; negative only for signed literals like 8s-1
	Width    int      // bit width from a "Nw"/"Ns" prefix; 0 if none
	Signed   bool     // "Ns" prefix
	HasWidth bool     // a width prefix was given
}

// ParseInt interprets an integer literal as the scanner returns it.
func ParseInt(lit string) (IntValue, error) {
	v := IntValue{Value: new(big.Int)}
	digits := lit
	// A width prefix ends at the first w or s; hexadecimal digits contain
	// neither, and an unprefixed hexadecimal literal starts with 0x.
	if i := strings.IndexAny(lit, "ws"); i > 0 && !strings.HasPrefix(lit, "0x") && !strings.HasPrefix(lit, "0X") {
		w, ok := new(big.Int).SetString(strings.ReplaceAll(lit[:i], "_", ""), 10)
		if !ok || !w.IsInt64() || w.Int64() > 1<<20 {
			return v, fmt.Errorf("invalid width in integer literal %q", lit)
		}
		v.Width, v.HasWidth, v.Signed = int(w.Int64()), true, lit[i] == 's'
		digits = lit[i+1:]
	}
	neg := false
	if strings.HasPrefix(digits, "-") {
		neg = true
		digits = digits[1:]
	}
	base := 10
	if len(digits) > 1 && digits[0] == '0' {
		switch digits[1] {
		case 'x', 'X':
			base = 16
		case 'b', 'B':
			base = 2
		case 'o', 'O':
			base = 8
		case 'd', 'D':
			base = 10
		}
		if base != 10 || digits[1] == 'd' || digits[1] == 'D' {
			digits = digits[2:]
		}
	}
	clean := strings.ReplaceAll(digits, "_", "")
	if clean == "" {
		return v, fmt.Errorf("invalid integer literal %q", lit)
	}
	if _, ok := v.Value.SetString(clean, base); !ok {
		return v, fmt.Errorf("invalid digits in integer literal %q", lit)
	}
	if neg {
		v.Value.Neg(v.Value)
	}
	return v, nil
}
