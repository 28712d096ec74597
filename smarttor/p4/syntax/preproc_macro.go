package syntax

import (
	"strconv"
	"strings"
)

// expandText expands macros in one line of program text, leaving strings
// and comments alone. inComment carries the block-comment state between
// lines.
func (p *preprocessor) expandText(s string, inComment *bool, file string, line int) string {
	var b strings.Builder
	var seg strings.Builder // code outside comments, expanded in one go
	flush := func() {
		if seg.Len() > 0 {
			b.WriteString(p.expand(seg.String(), nil, 0, file, line))
			seg.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case *inComment:
			if c == '*' && i+1 < len(s) && s[i+1] == '/' {
				*inComment = false
				b.WriteString("*/")
				i++
			} else {
				b.WriteByte(c)
			}
		case c == '"':
			j := skipString(s, i)
			seg.WriteString(s[i:j]) // expand leaves strings alone
			i = j - 1
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			flush()
			b.WriteString(s[i:])
			return b.String()
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			flush()
			*inComment = true
			b.WriteString("/*")
			i++
		default:
			seg.WriteByte(c)
		}
	}
	flush()
	return b.String()
}

// expand macro-expands s (which contains no comments). hide holds the
// macros being expanded, which are not expanded again.
func (p *preprocessor) expand(s string, hide []string, depth int, file string, line int) string {
	if depth > maxExpandDepth {
		p.errorAt(file, line, 1, "macro expansion nested too deeply")
		return s
	}
	if p.exhausted {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if p.exhausted {
			b.WriteString(s[i:])
			return b.String()
		}
		c := s[i]
		switch {
		case c == '"':
			j := skipString(s, i)
			b.WriteString(s[i:j])
			i = j
		case isDigit(c):
			j := i
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				j++
			}
			b.WriteString(s[i:j])
			i = j
		case isLetter(c):
			j := i
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				j++
			}
			name := s[i:j]
			switch name {
			case "__LINE__":
				if p.macros[name] == nil {
					b.WriteString(strconv.Itoa(line))
					i = j
					continue
				}
			case "__FILE__":
				if p.macros[name] == nil {
					b.WriteString(strconv.Quote(file))
					i = j
					continue
				}
			}
			m := p.macros[name]
			if m == nil || hidden(hide, name) {
				b.WriteString(name)
				i = j
				continue
			}
			h := append(hide[:len(hide):len(hide)], name)
			if !m.fn {
				if p.spend(len(m.body), file, line) {
					b.WriteString(p.expand(m.body, h, depth+1, file, line))
				} else {
					b.WriteString(name)
				}
				i = j
				continue
			}
			k := j
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			if k >= len(s) || s[k] != '(' {
				b.WriteString(name) // a function-like macro name without arguments
				i = j
				continue
			}
			args, end, ok := splitArgs(s, k)
			if !ok {
				p.errorAt(file, line, 1, errorf("unterminated argument list invoking macro %q", name))
				b.WriteString(s[i:])
				return b.String()
			}
			if len(args) == 1 && strings.TrimSpace(args[0]) == "" && len(m.params) == 0 {
				args = nil
			}
			if len(args) != len(m.params) {
				p.errorAt(file, line, 1, errorf("macro %q expects %d arguments, got %d", name, len(m.params), len(args)))
				b.WriteString(s[i:end])
				i = end
				continue
			}
			for a := range args {
				args[a] = strings.TrimSpace(p.expand(args[a], hide, depth+1, file, line))
			}
			if !p.spend(substitutedLen(m, args), file, line) {
				b.WriteString(s[i:end])
				i = end
				continue
			}
			b.WriteString(p.expand(substitute(m, args), h, depth+1, file, line))
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func hidden(hide []string, name string) bool {
	for _, h := range hide {
		if h == name {
			return true
		}
	}
	return false
}

// spend takes n bytes from the expansion budget, reporting an error the
// first time the budget runs out.
func (p *preprocessor) spend(n int, file string, line int) bool {
	if p.exhausted {
		return false
	}
	if n > p.budget {
		p.exhausted = true
		p.errorAt(file, line, 1, "macro expansion too large")
		return false
	}
	p.budget -= n
	return true
}

// substitutedLen is the length substitute(m, args) will have, computed
// without building it.
func substitutedLen(m *macro, args []string) int {
	n := len(m.body)
	body := m.body
	for i := 0; i < len(body); {
		if !isLetter(body[i]) {
			i++
			continue
		}
		j := i
		for j < len(body) && (isLetter(body[j]) || isDigit(body[j])) {
			j++
		}
		for k, prm := range m.params {
			if prm == body[i:j] {
				n += len(args[k])
			}
		}
		i = j
	}
	return n
}

// splitArgs splits the parenthesized macro arguments starting at s[open]
// on top-level commas; end is the index after the closing parenthesis.
func splitArgs(s string, open int) (args []string, end int, ok bool) {
	depth := 0
	start := open + 1
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = skipString(s, i) - 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				args = append(args, s[start:i])
				return args, i + 1, true
			}
		case ',':
			if depth == 1 {
				args = append(args, s[start:i])
				start = i + 1
			}
		}
	}
	return nil, len(s), false
}

// substitute replaces the parameters of m in its body by args, and pastes
// tokens around ##.
func substitute(m *macro, args []string) string {
	var b strings.Builder
	body := m.body
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '"':
			j := skipString(body, i)
			b.WriteString(body[i:j])
			i = j
		case isLetter(c):
			j := i
			for j < len(body) && (isLetter(body[j]) || isDigit(body[j])) {
				j++
			}
			id := body[i:j]
			replaced := false
			for k, prm := range m.params {
				if prm == id {
					b.WriteString(args[k])
					replaced = true
					break
				}
			}
			if !replaced {
				b.WriteString(id)
			}
			i = j
		case c == '#' && (i+1 >= len(body) || body[i+1] != '#') && i > 0 && body[i-1] == '#':
			// The second '#' of '##' was handled with the first.
			i++
		case c == '#' && (i+1 >= len(body) || body[i+1] != '#'):
			// Stringification: #param becomes "argument".
			j := i + 1
			for j < len(body) && (body[j] == ' ' || body[j] == '\t') {
				j++
			}
			id, _ := leadingIdent(body[j:])
			k := -1
			for n, prm := range m.params {
				if prm == id {
					k = n
				}
			}
			if id == "" || k < 0 {
				b.WriteByte(c)
				i++
				continue
			}
			b.WriteString(strconv.Quote(args[k]))
			i = j + len(id)
		case c == '#' && i+1 < len(body) && body[i+1] == '#':
			// Token pasting: drop the operator and the spaces around it.
			out := strings.TrimRight(b.String(), " \t")
			b.Reset()
			b.WriteString(out)
			i += 2
			for i < len(body) && (body[i] == ' ' || body[i] == '\t') {
				i++
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// condition evaluates the condition of #if, #ifdef or #ifndef.
func (p *preprocessor) condition(kind, rest, file string, line, col int) bool {
	switch kind {
	case "ifdef", "ifndef":
		id, tail := leadingIdent(strings.TrimSpace(rest))
		if id == "" || strings.TrimSpace(tail) != "" {
			p.errorAt(file, line, col, errorf("#%s expects one identifier", kind))
			return false
		}
		_, ok := p.macros[id]
		return ok == (kind == "ifdef")
	}
	text := p.expand(p.replaceDefined(rest), nil, 0, file, line)
	v, err := evalCondition(text)
	if err != "" {
		p.errorAt(file, line, col, "#if: "+err)
		return false
	}
	return v != 0
}

// replaceDefined replaces defined(X) and defined X by 1 or 0 before macro
// expansion.
func (p *preprocessor) replaceDefined(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if !isLetter(c) {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
			j++
		}
		if s[i:j] != "defined" {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		paren := k < len(s) && s[k] == '('
		if paren {
			k++
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
		}
		id, tail := leadingIdent(s[k:])
		if id == "" {
			b.WriteString("defined")
			i = j
			continue
		}
		k = len(s) - len(tail)
		if paren {
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			if k < len(s) && s[k] == ')' {
				k++
			}
		}
		if _, ok := p.macros[id]; ok {
			b.WriteString(" 1 ")
		} else {
			b.WriteString(" 0 ")
		}
		i = k
	}
	return b.String()
}
