package stf

import (
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ParseFile reads and parses the STF file at path.
func ParseFile(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return Parse(path, src)
}

// Parse parses STF source. name is used in error positions. Every bad
// line is reported (as an ErrorList of "name:line: message"); the File
// holds the statements that parsed.
func Parse(name string, src []byte) (*File, error) {
	f := &File{Name: name}
	var errs ErrorList
	for i, line := range strings.Split(string(src), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		s, err := parseLine(i+1, line)
		if err != nil {
			errs = append(errs, &Error{File: name, Line: i + 1, Msg: err.Error()})
			continue
		}
		if s != nil {
			f.Stmts = append(f.Stmts, s)
		}
	}
	return f, errs.Err()
}

// maxPriority bounds explicit priorities, which share the engine's
// 31-bit priority with a tie breaker of tieBits (see run.priority).
const (
	tieBits     = 10
	maxPriority = 1 << (30 - tieBits)
)

// passThrough lists simple_switch_CLI commands with the form of their
// arguments: 'n' a number, 'i' a number or $ID (an entry added with
// "= ID"), 'N' one or more numbers (to the end), 'q' a
// qualified name, 'v' a value (number, IPv4 or MAC literal), 'r' a meter
// rate RATE:BURST (units per microsecond, as simple_switch_CLI), 'm' a
// value set member: VALUE[&&&MASK], comma-separated for several fields.
var passThrough = map[string]string{
	"mirroring_add":         "nn",
	"mirroring_add_mc":      "nn",
	"mirroring_delete":      "n",
	"mc_mgrp_create":        "n",
	"mc_mgrp_destroy":       "n",
	"mc_node_create":        "nN",
	"mc_node_update":        "nN",
	"mc_node_associate":     "nn",
	"mc_node_dissociate":    "nn",
	"mc_node_destroy":       "n",
	"counter_read":          "qn",
	"counter_write":         "qnnn",
	"counter_reset":         "q",
	"register_read":         "qn",
	"register_write":        "qnv",
	"register_reset":        "q",
	"pvs_add":               "qm",
	"pvs_remove":            "qm",
	"pvs_clear":             "q",
	"meter_set_rates":       "qirr",
	"meter_array_set_rates": "qrr",
}

func parseLine(line int, text string) (Stmt, error) {
	cmd, rest := nextWord(text)
	switch strings.ToLower(cmd) {
	case "packet":
		return parsePacket(line, rest)
	case "expect":
		return parseExpect(line, rest)
	case "add":
		return parseAdd(line, rest)
	case "setdefault":
		return parseSetDefault(line, rest)
	case "check_counter":
		return parseCheckCounter(line, rest)
	case "wait":
		if rest != "" {
			return nil, fmt.Errorf("unexpected %q after wait", rest)
		}
		return &Wait{Line: line}, nil
	case "no_packet":
		return nil, nil
	case "remove":
		if strings.ToLower(rest) != "all" {
			return nil, fmt.Errorf("expected 'remove all', found %q", text)
		}
		return &RemoveAll{Line: line}, nil
	}
	form, ok := passThrough[strings.ToLower(cmd)]
	if !ok {
		return nil, fmt.Errorf("unknown command %q", cmd)
	}
	args := strings.Fields(rest)
	if err := checkArgs(strings.ToLower(cmd), form, args); err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return &Direct{Line: line, Name: strings.ToLower(cmd), Args: args}, nil
}

func checkArgs(cmd, form string, args []string) error {
	i := 0
	for _, c := range form {
		if i >= len(args) {
			return fmt.Errorf("missing argument %d", i+1)
		}
		switch c {
		case 'n':
			if _, err := parseUint(args[i]); err != nil {
				return err
			}
			i++
		case 'N':
			if args[i] == "|" {
				return fmt.Errorf("expected a port, found '|'")
			}
			for ; i < len(args) && args[i] != "|"; i++ {
				if _, err := parseUint(args[i]); err != nil {
					return err
				}
			}
			// "| LAGS": BMv2's LAG list; LAGs are not modelled.
			if i < len(args) {
				return fmt.Errorf("LAG lists are not supported")
			}
		case 'i':
			// an index, or $ID: the entry added with "= ID" (direct meters)
			if id, ok := strings.CutPrefix(args[i], "$"); ok {
				if id == "" {
					return fmt.Errorf("expected an entry id after '$'")
				}
			} else if _, err := parseUint(args[i]); err != nil {
				return err
			}
			i++
		case 'q':
			if !isName(args[i]) {
				return fmt.Errorf("expected a name, found %q", args[i])
			}
			i++
		case 'v':
			if _, err := valueBytes(args[i], -1); err != nil {
				return err
			}
			i++
		case 'r':
			if _, _, err := meterRate(args[i]); err != nil {
				return err
			}
			i++
		case 'm':
			for _, f := range strings.Split(args[i], ",") {
				if err := checkMatchValue(f); err != nil {
					return err
				}
			}
			i++
		}
	}
	if i < len(args) {
		// register_read NAME INDEX == VALUE: an extension checking the value.
		if cmd == "register_read" && len(args) == 4 && args[2] == "==" {
			_, err := valueBytes(args[3], -1)
			return err
		}
		return fmt.Errorf("unexpected %q", strings.Join(args[i:], " "))
	}
	return nil
}

// nextWord splits text at the first run of white space.
func nextWord(text string) (string, string) {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, " \t\r"); i >= 0 {
		return text[:i], strings.TrimSpace(text[i:])
	}
	return text, ""
}

func parsePort(s string) (uint32, error) {
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("bad port %q", s)
	}
	return uint32(v), nil
}

func parsePacket(line int, rest string) (Stmt, error) {
	port, data := nextWord(rest)
	if port == "" {
		return nil, fmt.Errorf("packet: missing port")
	}
	p, err := parsePort(port)
	if err != nil {
		return nil, err
	}
	data = strings.Join(strings.Fields(data), "")
	// bmv2stf turns the digits into bytes two at a time from the left,
	// so a lone last digit is a byte of its own: "20 0" is 0x20 0x00,
	// "1 2 3" is 0x12 0x03.
	odd := ""
	if len(data)%2 != 0 {
		data, odd = data[:len(data)-1], data[len(data)-1:]
	}
	b, err := hex.DecodeString(data)
	if err == nil && odd != "" {
		var last []byte
		last, err = hex.DecodeString("0" + odd)
		b = append(b, last...)
	}
	if err != nil {
		return nil, fmt.Errorf("packet: invalid packet data: %w", err)
	}
	return &Packet{Line: line, Port: p, Data: b}, nil
}

func parseExpect(line int, rest string) (Stmt, error) {
	port, data := nextWord(rest)
	if port == "" {
		return nil, fmt.Errorf("expect: missing port")
	}
	p, err := parsePort(port)
	if err != nil {
		return nil, err
	}
	data = strings.ToUpper(strings.Join(strings.Fields(data), ""))
	e := &Expect{Line: line, Port: p}
	if data == "" {
		e.Any = true
		return e, nil
	}
	if strings.HasSuffix(data, "$") {
		e.Exact = true
		data = data[:len(data)-1]
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c == '*') {
			return nil, fmt.Errorf("expect: invalid packet data %q at nibble %d", c, i)
		}
	}
	e.Pattern = data
	return e, nil
}

// parseAdd parses "TABLE [PRIORITY] FIELD:VALUE... ACTION(ARG:VALUE, ...) [= ID]".
func parseAdd(line int, rest string) (Stmt, error) {
	table, rest := nextWord(rest)
	if table == "" || !isName(table) {
		return nil, fmt.Errorf("add: expected a table name, found %q", table)
	}
	a := &Add{Line: line, Table: table}
	open := strings.IndexByte(rest, '(')
	if open < 0 {
		return nil, fmt.Errorf("add: missing action call")
	}
	// The action name is the last word before '('.
	head := strings.TrimRight(rest[:open], " \t")
	nameStart := strings.LastIndexAny(head, " \t") + 1
	words := strings.Fields(head[:nameStart])
	if len(words) > 0 && isDecimal(words[0]) {
		p, err := strconv.ParseInt(words[0], 10, 32)
		if err != nil || p >= maxPriority {
			return nil, fmt.Errorf("add: bad priority %q (0 to %d)", words[0], maxPriority-1)
		}
		a.Priority, a.HasPriority = p, true
		words = words[1:]
	}
	for _, w := range words {
		field, value, ok := strings.Cut(w, ":")
		if !ok || field == "" || value == "" {
			return nil, fmt.Errorf("add: expected FIELD:VALUE, found %q", w)
		}
		if err := checkMatchValue(value); err != nil {
			return nil, fmt.Errorf("add: key %q: %w", field, err)
		}
		a.Keys = append(a.Keys, KeyMatch{Field: field, Value: value})
	}
	call, tail, err := parseAction(head[nameStart:], rest[open:])
	if err != nil {
		return nil, fmt.Errorf("add: %w", err)
	}
	a.Action = call
	if tail != "" {
		id, ok := strings.CutPrefix(tail, "=")
		id = strings.TrimSpace(id)
		if !ok || !isName(id) {
			return nil, fmt.Errorf("add: unexpected %q after the action", tail)
		}
		a.ID = id
	}
	return a, nil
}

func parseSetDefault(line int, rest string) (Stmt, error) {
	table, rest := nextWord(rest)
	if table == "" || !isName(table) {
		return nil, fmt.Errorf("setdefault: expected a table name, found %q", table)
	}
	open := strings.IndexByte(rest, '(')
	if open < 0 {
		return nil, fmt.Errorf("setdefault: missing action call")
	}
	call, tail, err := parseAction(strings.TrimSpace(rest[:open]), rest[open:])
	if err != nil {
		return nil, fmt.Errorf("setdefault: %w", err)
	}
	if tail != "" {
		return nil, fmt.Errorf("setdefault: unexpected %q after the action", tail)
	}
	return &SetDefault{Line: line, Table: table, Action: call}, nil
}

// parseAction parses the action name and "(args) tail"; it returns what
// follows the closing parenthesis.
func parseAction(name, paren string) (ActionCall, string, error) {
	call := ActionCall{Name: name}
	if name == "" || !isName(name) {
		return call, "", fmt.Errorf("expected an action name, found %q", name)
	}
	end := strings.IndexByte(paren, ')')
	if end < 0 {
		return call, "", fmt.Errorf("missing ')' after the arguments of %q", name)
	}
	inner := strings.TrimSpace(paren[1:end])
	if inner != "" {
		for _, a := range strings.Split(inner, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(a), ":")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || !isName(k) || v == "" {
				return call, "", fmt.Errorf("expected NAME:VALUE argument, found %q", strings.TrimSpace(a))
			}
			if _, err := valueBytes(v, -1); err != nil {
				return call, "", fmt.Errorf("argument %q: %w", k, err)
			}
			call.Args = append(call.Args, Arg{Name: k, Value: v})
		}
	}
	return call, strings.TrimSpace(paren[end+1:]), nil
}

func parseCheckCounter(line int, rest string) (Stmt, error) {
	open := strings.IndexByte(rest, '(')
	end := strings.IndexByte(rest, ')')
	if open < 0 || end < open {
		return nil, fmt.Errorf("check_counter: expected NAME(INDEX)")
	}
	c := &CheckCounter{Line: line, Counter: strings.TrimSpace(rest[:open]), Index: strings.TrimSpace(rest[open+1 : end]),
		Kind: "packets", Op: "=="}
	if !isName(c.Counter) {
		return nil, fmt.Errorf("check_counter: expected a counter name, found %q", c.Counter)
	}
	if strings.HasPrefix(c.Index, "$") {
		if !isName(c.Index[1:]) {
			return nil, fmt.Errorf("check_counter: bad entry id %q", c.Index)
		}
	} else if _, err := parseUint(c.Index); err != nil {
		return nil, fmt.Errorf("check_counter: bad index: %w", err)
	}
	words := strings.Fields(rest[end+1:])
	switch len(words) {
	case 0:
		return c, nil
	case 3:
	default:
		return nil, fmt.Errorf("check_counter: expected 'packets|bytes OP VALUE' after %s(%s)", c.Counter, c.Index)
	}
	c.Kind = strings.ToLower(words[0])
	if c.Kind != "packets" && c.Kind != "bytes" {
		return nil, fmt.Errorf("check_counter: expected packets or bytes, found %q", words[0])
	}
	switch words[1] {
	case "==", "!=", "<", "<=", ">", ">=":
		c.Op = words[1]
	default:
		return nil, fmt.Errorf("check_counter: bad comparison %q", words[1])
	}
	v, err := parseUint(words[2])
	if err != nil {
		return nil, fmt.Errorf("check_counter: %w", err)
	}
	c.Value = v
	return c, nil
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isName reports whether s is a qualified name as STF writes them:
// identifiers (with '$') joined by dots, with optional [N] indexes.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '$' || c == '.' || c == '[' || c == ']' ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func parseUint(s string) (uint64, error) {
	v, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return v, nil
}

// meterRate parses simple_switch_CLI's RATE:BURST, the rate in units per
// microsecond, into units per second and the burst.
func meterRate(s string) (int64, int64, error) {
	r, b, ok := strings.Cut(s, ":")
	rate, err1 := strconv.ParseFloat(r, 64)
	burst, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || rate < 0 || rate > 1e9 || burst < 0 {
		return 0, 0, fmt.Errorf("bad meter rate %q (want RATE:BURST)", s)
	}
	return int64(rate*1e6 + 0.5), burst, nil
}
