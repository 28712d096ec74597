package syntax

import (
	"strconv"
	"strings"
)

// condEval evaluates the integer expressions of #if and #elif with C
// semantics: identifiers left after macro expansion are 0, arithmetic is
// 64-bit, && || and ?: short-circuit.
type condEval struct {
	toks  []string
	i     int
	err   string
	depth int
}

func evalCondition(s string) (int64, string) {
	toks, err := condTokens(s)
	if err != "" {
		return 0, err
	}
	if len(toks) == 0 {
		return 0, "missing expression"
	}
	e := &condEval{toks: toks}
	v := e.ternary()
	if e.err == "" && e.i < len(e.toks) {
		e.err = errorf("unexpected %q", e.toks[e.i])
	}
	return v, e.err
}

func condTokens(s string) ([]string, string) {
	var toks []string
	ops2 := []string{"||", "&&", "==", "!=", "<=", ">=", "<<", ">>"}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case isLetter(c) || isDigit(c):
			j := i
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			matched := false
			for _, op := range ops2 {
				if strings.HasPrefix(s[i:], op) {
					toks = append(toks, op)
					i += 2
					matched = true
					break
				}
			}
			if matched {
				continue
			}
			if strings.ContainsRune("+-*/%<>!~&|^()?:", rune(c)) {
				toks = append(toks, string(c))
				i++
				continue
			}
			return nil, errorf("invalid character %q in expression", c)
		}
	}
	return toks, ""
}

func (e *condEval) peek() string {
	if e.i < len(e.toks) {
		return e.toks[e.i]
	}
	return ""
}

func (e *condEval) fail(msg string) {
	if e.err == "" {
		e.err = msg
	}
}

func (e *condEval) ternary() int64 {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > 200 {
		e.fail("expression nested too deeply")
		return 0
	}
	c := e.binary(1)
	if e.peek() != "?" {
		return c
	}
	e.i++
	a := e.ternary()
	if e.peek() != ":" {
		e.fail("expected ':' in conditional expression")
		return 0
	}
	e.i++
	b := e.ternary()
	if c != 0 {
		return a
	}
	return b
}

var condPrec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
	"<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9,
	"*": 10, "/": 10, "%": 10,
}

func (e *condEval) binary(prec int) int64 {
	x := e.unary()
	for e.err == "" {
		op := e.peek()
		p, ok := condPrec[op]
		if !ok || p < prec {
			return x
		}
		e.i++
		y := e.binary(p + 1)
		switch op {
		case "||":
			x = b2i(x != 0 || y != 0)
		case "&&":
			x = b2i(x != 0 && y != 0)
		case "|":
			x |= y
		case "^":
			x ^= y
		case "&":
			x &= y
		case "==":
			x = b2i(x == y)
		case "!=":
			x = b2i(x != y)
		case "<":
			x = b2i(x < y)
		case ">":
			x = b2i(x > y)
		case "<=":
			x = b2i(x <= y)
		case ">=":
			x = b2i(x >= y)
		case "<<":
			x <<= uint64(y) & 63
		case ">>":
			x >>= uint64(y) & 63
		case "+":
			x += y
		case "-":
			x -= y
		case "*":
			x *= y
		case "/", "%":
			if y == 0 {
				e.fail("division by zero")
				return 0
			}
			if x == -1<<63 && y == -1 {
				y = 1
			}
			if op == "/" {
				x /= y
			} else {
				x %= y
			}
		}
	}
	return x
}

func (e *condEval) unary() int64 {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > 200 {
		e.fail("expression nested too deeply")
		return 0
	}
	t := e.peek()
	switch t {
	case "":
		e.fail("unexpected end of expression")
		return 0
	case "!":
		e.i++
		return b2i(e.unary() == 0)
	case "~":
		e.i++
		return ^e.unary()
	case "-":
		e.i++
		return -e.unary()
	case "+":
		e.i++
		return e.unary()
	case "(":
		e.i++
		v := e.ternary()
		if e.peek() != ")" {
			e.fail("expected ')'")
			return 0
		}
		e.i++
		return v
	}
	e.i++
	if isDigit(t[0]) {
		num := strings.TrimRight(t, "uUlL")
		v, err := strconv.ParseInt(num, 0, 64)
		if err != nil {
			u, err2 := strconv.ParseUint(num, 0, 64)
			if err2 != nil {
				e.fail(errorf("invalid integer %q", t))
				return 0
			}
			v = int64(u)
		}
		return v
	}
	if isLetter(t[0]) {
		return 0 // an identifier that is not a macro
	}
	e.fail(errorf("unexpected %q", t))
	return 0
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
