package syntax

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/builtin"
)

// Options configures the preprocessor.
type Options struct {
	// IncludeDirs are searched, in order, for #include "f" after the
	// including file's directory, and for #include <f> before the
	// built-in core.p4 and v1model.p4.
	IncludeDirs []string
	// FS, if not nil, is where included files are read from (slash
	// separated paths, as fs.FS requires); otherwise the OS file system.
	FS fs.FS
	// ReadFile, if not nil, reads included files and takes precedence over
	// FS. It lets callers serve files from memory.
	ReadFile func(name string) ([]byte, error)
	// Defines are macros defined before the first line, like cpp -D.
	Defines map[string]string
}

// Source is the preprocessor's output: one text in which all #include
// files are spliced, and its File in the FileSet whose line infos map
// every line back to the file and line it came from.
type Source struct {
	File *File
	Text []byte
}

const (
	maxIncludeDepth = 64
	maxExpandDepth  = 64
	maxExpandLen    = 1 << 20 // bytes of macro expansion output per file set
	maxOutputLen    = 64 << 20
)

type macro struct {
	name   string
	params []string // nil for object-like macros
	fn     bool     // function-like, even with no parameters
	body   string
}

type condState struct {
	pos       Position
	active    bool // this branch is being emitted
	taken     bool // some branch of this group was taken
	parentOn  bool // the enclosing region is active
	seenElse  bool
	directive string
}

type preprocessor struct {
	opts   *Options
	macros map[string]*macro
	once   map[string]bool
	errs   ErrorList
	out    []byte
	infos  []lineInfo
	// the original location of the previous emitted line
	lastFile string
	lastLine int
	tooBig   bool
	// budget is what is left of maxExpandLen; expansion stops when it is
	// spent, so that macros doubling at each level cannot take forever.
	budget    int
	exhausted bool
}

// Preprocess runs the C-like preprocessor of P4_16 over src (the text of
// filename; if src is nil the file is read through opts) and adds the
// spliced result to fset. It supports #include, #define (object-like and
// function-like), #undef, #if, #ifdef, #ifndef, #elif, #else, #endif,
// #error, #warning, #line and #pragma once. Errors are returned as an
// ErrorList; the Source is usable even when there are errors.
func Preprocess(fset *FileSet, filename string, src []byte, opts *Options) (*Source, error) {
	if opts == nil {
		opts = &Options{}
	}
	if fset == nil {
		fset = NewFileSet()
	}
	p := &preprocessor{opts: opts, macros: map[string]*macro{}, once: map[string]bool{}, budget: maxExpandLen}
	for name, body := range opts.Defines {
		p.macros[name] = &macro{name: name, body: body}
	}
	if src == nil {
		var err error
		src, err = p.read(filename)
		if err != nil {
			p.errs.Add(Position{Filename: filename}, errorf("cannot read %q: %v", filename, err))
		}
	}
	p.file(filename, src, 0)
	f := fset.AddFile(filename, len(p.out))
	f.SetLinesForContent(p.out)
	for _, li := range p.infos {
		f.AddLineInfo(li.Offset, li.Filename, li.Line)
	}
	p.errs.Sort()
	return &Source{File: f, Text: p.out}, p.errs.Err()
}

func (p *preprocessor) read(name string) ([]byte, error) {
	switch {
	case p.opts.ReadFile != nil:
		return p.opts.ReadFile(name)
	case p.opts.FS != nil:
		return fs.ReadFile(p.opts.FS, strings.TrimPrefix(path.Clean(name), "/"))
	}
	return os.ReadFile(name)
}

func (p *preprocessor) join(dir, name string) string {
	if p.opts.ReadFile != nil || p.opts.FS != nil {
		return path.Join(dir, name)
	}
	return filepath.Join(dir, name)
}

func (p *preprocessor) dir(name string) string {
	if p.opts.ReadFile != nil || p.opts.FS != nil {
		return path.Dir(name)
	}
	return filepath.Dir(name)
}

func (p *preprocessor) errorAt(file string, line, col int, msg string) {
	p.errs.Add(Position{Filename: file, Line: line, Column: col}, msg)
}

// emit appends one output line that came from file:line.
func (p *preprocessor) emit(text, file string, line int) {
	if p.tooBig {
		return
	}
	if len(p.out)+len(text) > maxOutputLen {
		p.tooBig = true
		p.errorAt(file, line, 1, "preprocessor output too large")
		return
	}
	if file != p.lastFile || line != p.lastLine+1 {
		p.infos = append(p.infos, lineInfo{Offset: len(p.out), Filename: file, Line: line})
	}
	p.lastFile, p.lastLine = file, line
	p.out = append(p.out, text...)
	p.out = append(p.out, '\n')
}

// logicalLine is a source line after joining backslash-continued lines.
type logicalLine struct {
	text  string
	line  int // first physical line, 1-based
	extra int // number of continuation lines joined
}

func splitLines(src []byte) []logicalLine {
	var lines []logicalLine
	s := strings.TrimPrefix(string(src), "\uFEFF") // a UTF-8 byte order mark
	s = strings.ReplaceAll(s, "\r\n", "\n")
	phys := strings.Split(s, "\n")
	if n := len(phys); n > 0 && phys[n-1] == "" {
		phys = phys[:n-1]
	}
	for i := 0; i < len(phys); i++ {
		ll := logicalLine{text: phys[i], line: i + 1}
		for strings.HasSuffix(ll.text, `\`) && i+1 < len(phys) {
			i++
			ll.text = ll.text[:len(ll.text)-1] + phys[i]
			ll.extra++
		}
		lines = append(lines, ll)
	}
	return lines
}

// file preprocesses the text of one file into the output.
func (p *preprocessor) file(name string, src []byte, depth int) {
	var conds []condState
	active := func() bool { return len(conds) == 0 || conds[len(conds)-1].active }
	inComment := false
	logical := name // file name for positions (#line may change it)
	delta := 0      // #line adjustment
	lines := splitLines(src)
	for li := 0; li < len(lines); li++ {
		ll := lines[li]
		if p.tooBig {
			return
		}
		lineNo := ll.line + delta
		trimmed := strings.TrimLeft(ll.text, " \t")
		if !inComment && strings.HasPrefix(trimmed, "#") {
			col := len(ll.text) - len(trimmed) + 1
			dirFile := logical
			body, stillOpen := stripComments(trimmed[1:], false)
			inComment = stillOpen
			dname, rest := directiveName(body)
			emitBlank := true
			switch dname {
			case "if", "ifdef", "ifndef":
				c := condState{pos: Position{Filename: logical, Line: lineNo, Column: col}, parentOn: active(), directive: dname}
				if c.parentOn {
					c.active = p.condition(dname, rest, logical, lineNo, col)
					c.taken = c.active
				}
				conds = append(conds, c)
			case "elif":
				if len(conds) == 0 {
					p.errorAt(logical, lineNo, col, "#elif without #if")
					break
				}
				c := &conds[len(conds)-1]
				if c.seenElse {
					p.errorAt(logical, lineNo, col, "#elif after #else")
				}
				if c.parentOn && !c.taken {
					c.active = p.condition("if", rest, logical, lineNo, col)
					c.taken = c.active
				} else {
					c.active = false
				}
			case "else":
				if len(conds) == 0 {
					p.errorAt(logical, lineNo, col, "#else without #if")
					break
				}
				c := &conds[len(conds)-1]
				if c.seenElse {
					p.errorAt(logical, lineNo, col, "#else after #else")
				}
				c.seenElse = true
				c.active = c.parentOn && !c.taken
				c.taken = true
			case "endif":
				if len(conds) == 0 {
					p.errorAt(logical, lineNo, col, "#endif without #if")
					break
				}
				conds = conds[:len(conds)-1]
			default:
				if !active() {
					break
				}
				switch dname {
				case "":
					if strings.TrimSpace(rest) != "" {
						p.errorAt(logical, lineNo, col, errorf("invalid preprocessor directive %q", strings.TrimSpace(body)))
					}
				case "define":
					p.define(rest, logical, lineNo, col)
				case "undef":
					id, tail := leadingIdent(strings.TrimSpace(rest))
					if id == "" || strings.TrimSpace(tail) != "" {
						p.errorAt(logical, lineNo, col, "malformed #undef directive")
						break
					}
					delete(p.macros, id)
				case "include":
					p.emit("", logical, lineNo) // keep the directive's line
					emitBlank = false
					p.include(rest, name, logical, lineNo, col, depth)
				case "error":
					p.errorAt(logical, lineNo, col, "#error "+strings.TrimSpace(rest))
				case "warning":
					// Warnings are not errors; there is nowhere to report them.
				case "line":
					n, file, ok := parseLineDirective(p.expand(rest, nil, 0, logical, lineNo))
					if !ok {
						p.errorAt(logical, lineNo, col, "malformed #line directive")
						break
					}
					delta = n - (ll.line + ll.extra + 1)
					if file != "" {
						logical = file
					}
				case "pragma":
					if strings.TrimSpace(rest) == "once" {
						p.once[name] = true
					}
				default:
					p.errorAt(logical, lineNo, col, errorf("unknown preprocessor directive #%s", dname))
				}
			}
			if emitBlank {
				p.emit("", dirFile, lineNo)
			}
		} else if active() {
			text := ll.text
			// A function-like macro call may continue on the next lines:
			// join them, keeping their line count.
			for n := 0; n < 64 && li+1 < len(lines) && p.openMacroCall(text); n++ {
				li++
				text += " " + lines[li].text
				ll.extra += 1 + lines[li].extra
			}
			if p.mentionsMacro(text) {
				text = p.expandText(text, &inComment, logical, lineNo)
			} else {
				_, inComment = stripComments(text, inComment)
			}
			p.emit(text, logical, lineNo)
		} else {
			_, inComment = stripComments(ll.text, inComment)
			p.emit("", logical, lineNo)
		}
		for i := 1; i <= ll.extra; i++ {
			p.emit("", logical, lineNo+i)
		}
	}
	for _, c := range conds {
		p.errs.Add(c.pos, errorf("unterminated #%s", c.directive))
	}
}

// openMacroCall reports whether s ends inside the argument list of a
// function-like macro call.
func (p *preprocessor) openMacroCall(s string) bool {
	if len(p.macros) == 0 || !strings.Contains(s, "(") {
		return false
	}
	s, _ = stripComments(s, false)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			i = skipString(s, i)
		case isLetter(c):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				j++
			}
			if m := p.macros[s[i:j]]; m != nil && m.fn {
				k := j
				for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
					k++
				}
				if k < len(s) && s[k] == '(' {
					if _, _, ok := splitArgs(s, k); !ok {
						return true
					}
				}
			}
			i = j
		case isDigit(c):
			for i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
				i++
			}
		default:
			i++
		}
	}
	return false
}

// mentionsMacro reports whether s contains an identifier that is a
// defined macro (even inside a string or comment: then expansion, which
// knows about those, just finds nothing to do).
func (p *preprocessor) mentionsMacro(s string) bool {
	if strings.Contains(s, "__") && (strings.Contains(s, "__LINE__") || strings.Contains(s, "__FILE__")) {
		return true
	}
	if len(p.macros) == 0 {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isLetter(c):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				j++
			}
			if _, ok := p.macros[s[i:j]]; ok {
				return true
			}
			i = j
		case isDigit(c):
			for i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
				i++
			}
		default:
			i++
		}
	}
	return false
}

// directiveName splits a directive body (after '#') into its name and the
// rest.
func directiveName(body string) (string, string) {
	body = strings.TrimLeft(body, " \t")
	i := 0
	for i < len(body) && (isLetter(body[i]) || isDigit(body[i])) {
		i++
	}
	if i == 0 {
		return "", body
	}
	return body[:i], body[i:]
}

func leadingIdent(s string) (string, string) {
	if s == "" || !isLetter(s[0]) {
		return "", s
	}
	i := 1
	for i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
		i++
	}
	return s[:i], s[i:]
}

// stripComments removes comments from one line, replacing each by a
// space. inComment says whether the line starts inside a block comment;
// the result says whether it ends inside one.
func stripComments(s string, inComment bool) (string, bool) {
	if !inComment && !strings.Contains(s, "/") {
		return s, false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inComment:
			if c == '*' && i+1 < len(s) && s[i+1] == '/' {
				inComment = false
				i++
				b.WriteByte(' ')
			}
		case c == '"':
			j := skipString(s, i)
			b.WriteString(s[i:j])
			i = j - 1
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			return b.String(), false
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			inComment = true
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), inComment
}

// skipString returns the index just after the string literal at s[i].
func skipString(s string, i int) int {
	j := i + 1
	for j < len(s) {
		if s[j] == '\\' {
			j += 2
			continue
		}
		if s[j] == '"' {
			return j + 1
		}
		j++
	}
	return len(s)
}

func (p *preprocessor) define(rest, file string, line, col int) {
	rest = strings.TrimLeft(rest, " \t")
	name, tail := leadingIdent(rest)
	if name == "" {
		p.errorAt(file, line, col, "macro name missing in #define")
		return
	}
	if name == "defined" {
		p.errorAt(file, line, col, `"defined" cannot be used as a macro name`)
		return
	}
	m := &macro{name: name}
	if strings.HasPrefix(tail, "(") {
		end := strings.IndexByte(tail, ')')
		if end < 0 {
			p.errorAt(file, line, col, errorf("missing ')' in parameter list of macro %q", name))
			return
		}
		m.fn = true
		if params := strings.TrimSpace(tail[1:end]); params != "" {
			for _, prm := range strings.Split(params, ",") {
				prm = strings.TrimSpace(prm)
				id, after := leadingIdent(prm)
				if id == "" || after != "" {
					p.errorAt(file, line, col, errorf("invalid parameter %q in macro %q", prm, name))
					return
				}
				m.params = append(m.params, id)
			}
		}
		tail = tail[end+1:]
	} else if tail != "" && tail[0] != ' ' && tail[0] != '\t' {
		p.errorAt(file, line, col, errorf("missing white space after the name of macro %q", name))
	}
	m.body = strings.TrimSpace(tail)
	p.macros[name] = m
}

func (p *preprocessor) include(rest, curName, file string, line, col, depth int) {
	arg := strings.TrimSpace(rest)
	if arg != "" && arg[0] != '"' && arg[0] != '<' {
		arg = strings.TrimSpace(p.expand(arg, nil, 0, file, line))
	}
	var name string
	angle := false
	switch {
	case len(arg) >= 2 && arg[0] == '"' && strings.IndexByte(arg[1:], '"') >= 0:
		end := strings.IndexByte(arg[1:], '"') + 1
		name = arg[1:end]
		if strings.TrimSpace(arg[end+1:]) != "" {
			p.errorAt(file, line, col, "extra tokens after #include")
		}
	case len(arg) >= 2 && arg[0] == '<' && strings.IndexByte(arg, '>') > 0:
		end := strings.IndexByte(arg, '>')
		name = arg[1:end]
		angle = true
		if strings.TrimSpace(arg[end+1:]) != "" {
			p.errorAt(file, line, col, "extra tokens after #include")
		}
	default:
		p.errorAt(file, line, col, `#include expects "FILENAME" or <FILENAME>`)
		return
	}
	if name == "" {
		p.errorAt(file, line, col, "empty file name in #include")
		return
	}
	if depth >= maxIncludeDepth {
		p.errorAt(file, line, col, errorf("#include nested too deeply (%q)", name))
		return
	}
	var candidates []string
	if !angle {
		candidates = append(candidates, p.join(p.dir(curName), name))
	}
	for _, d := range p.opts.IncludeDirs {
		candidates = append(candidates, p.join(d, name))
	}
	var lastErr error
	for _, c := range candidates {
		src, err := p.read(c)
		if err == nil {
			if !p.once[c] {
				p.file(c, src, depth+1)
			}
			return
		}
		lastErr = err
	}
	if src, ok := builtin.Lookup(name); ok {
		bname := "<" + name + ">"
		if !p.once[bname] {
			p.file(bname, src, depth+1)
		}
		return
	}
	msg := errorf("cannot find include file %q", name)
	if lastErr != nil && !errors.Is(lastErr, fs.ErrNotExist) {
		msg = errorf("cannot read include file %q: %v", name, lastErr)
	}
	p.errorAt(file, line, col, msg)
}

func parseLineDirective(s string) (int, string, bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil || n <= 0 {
		return 0, "", false
	}
	rest := strings.TrimSpace(s[i:])
	if rest == "" {
		return n, "", true
	}
	if len(rest) >= 2 && rest[0] == '"' && rest[len(rest)-1] == '"' {
		return n, rest[1 : len(rest)-1], true
	}
	return 0, "", false
}
