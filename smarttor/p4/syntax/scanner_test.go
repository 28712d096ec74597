package syntax

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// scanString returns the tokens of src as "TOK" or "TOK:lit" strings.
func scanString(src string) ([]string, []string) {
	fset := NewFileSet()
	f := fset.AddFile("x.p4", len(src))
	f.SetLinesForContent([]byte(src))
	var errs []string
	var s Scanner
	s.Init(f, []byte(src), func(pos Pos, msg string) {
		errs = append(errs, fmt.Sprintf("%s: %s", fset.Position(pos), msg))
	})
	var toks []string
	for {
		_, tok, lit := s.Scan()
		if tok == EOF {
			break
		}
		if tok.IsLiteral() || tok == ILLEGAL {
			toks = append(toks, tok.String()+":"+lit)
		} else {
			toks = append(toks, tok.String())
		}
	}
	return toks, errs
}

func TestScanner(t *testing.T) {
	tests := []struct {
		src  string
		want string
		errs string
	}{
		{"", "", ""},
		{"a _b c9 _", "IDENT:a IDENT:_b IDENT:c9 _", ""},
		{"header_union header struct", "header_union header struct", ""},
		{"8w255 16s-1 0x1F 0b1010 0o17 0d99 1_000 32w0xFF_FF 4s3", "INT:8w255 INT:16s-1 INT:0x1F INT:0b1010 INT:0o17 INT:0d99 INT:1_000 INT:32w0xFF_FF INT:4s3", ""},
		{"a &&& b && c & d", "IDENT:a &&& IDENT:b && IDENT:c & IDENT:d", ""},
		{"1..5 a.b ...", "INT:1 .. INT:5 IDENT:a . IDENT:b ...", ""},
		{"a |+| b |-| c || d | e", "IDENT:a |+| IDENT:b |-| IDENT:c || IDENT:d | IDENT:e", ""},
		{"a ++ b + c - d", "IDENT:a ++ IDENT:b + IDENT:c - IDENT:d", ""},
		{"x << 2 >> 3", "IDENT:x << INT:2 > > INT:3", ""},
		{"bit<8>> <= >= == != = !", "bit < INT:8 > > <= >= == != = !", ""},
		{"@name(\"a\\\"b\") ; : ? ~ ^ % * /", "@ IDENT:name ( STRING:\"a\\\"b\" ) ; : ? ~ ^ % * /", ""},
		{"a // comment\nb /* multi\nline */ c", "IDENT:a IDENT:b IDENT:c", ""},
		{"{ } [ ] ( ) ,", "{ } [ ] ( ) ,", ""},
		{"+= -= *= /= %= &= |= ^= <<= |+|= |-|= >>=", "+= -= *= /= %= &= |= ^= <<= |+|= |-|= > >=", ""},
		{"for break continue", "for break continue", ""},
		{"\"unterminated\n", "STRING:\"unterminated", "x.p4:1:1: string literal not terminated"},
		{"a /* never closed", "IDENT:a", "x.p4:1:3: comment not terminated"},
		{"a $ b", "IDENT:a ILLEGAL:$ IDENT:b", "x.p4:1:3: invalid character '$'"},
		{"é", "ILLEGAL:é", "x.p4:1:1: invalid character 'é'"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			toks, errs := scanString(tt.src)
			if diff := cmp.Diff(tt.want, strings.Join(toks, " ")); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.errs, strings.Join(errs, "\n")); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		lit      string
		value    string
		width    int
		signed   bool
		hasWidth bool
		err      bool
	}{
		{"0", "0", 0, false, false, false},
		{"255", "255", 0, false, false, false},
		{"8w255", "255", 8, false, true, false},
		{"16s-1", "-1", 16, true, true, false},
		{"4s3", "3", 4, true, true, false},
		{"0x1F", "31", 0, false, false, false},
		{"0X1f", "31", 0, false, false, false},
		{"0b1010", "10", 0, false, false, false},
		{"0o17", "15", 0, false, false, false},
		{"0d99", "99", 0, false, false, false},
		{"1_000", "1000", 0, false, false, false},
		{"32w0xFF_FF", "65535", 32, false, true, false},
		{"128w0xffffffffffffffffffffffffffffffff", "340282366920938463463374607431768211455", 128, false, true, false},
		{"0x", "", 0, false, false, true},
		{"0b102", "", 0, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.lit, func(t *testing.T) {
			v, err := ParseInt(tt.lit)
			if (err != nil) != tt.err {
				t.Fatalf("ParseInt(%q) error = %v, want error %v", tt.lit, err, tt.err)
			}
			if tt.err {
				return
			}
			want, _ := new(big.Int).SetString(tt.value, 10)
			if v.Value.Cmp(want) != 0 || v.Width != tt.width || v.Signed != tt.signed || v.HasWidth != tt.hasWidth {
				t.Errorf("ParseInt(%q) = %v w%d s%v h%v, want %v w%d s%v h%v", tt.lit, v.Value, v.Width, v.Signed, v.HasWidth, want, tt.width, tt.signed, tt.hasWidth)
			}
		})
	}
}

func TestUnquoteString(t *testing.T) {
	tests := []struct{ lit, want string }{
		{`"abc"`, "abc"},
		{`"a\"b"`, `a"b`},
		{`"a\nb\t\\"`, "a\nb\t\\"},
		{`"open`, "open"},
	}
	for _, tt := range tests {
		if got := UnquoteString(tt.lit); got != tt.want {
			t.Errorf("UnquoteString(%s) = %q, want %q", tt.lit, got, tt.want)
		}
	}
}
