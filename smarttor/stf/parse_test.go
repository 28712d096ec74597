package stf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []Stmt
	}{
		{"packet", "packet 0 01 02\n  packet 3 0a0B # comment", []Stmt{
			&Packet{Line: 1, Port: 0, Data: []byte{1, 2}},
			&Packet{Line: 2, Port: 3, Data: []byte{0x0a, 0x0b}},
		}},
		// bmv2stf pairs digits from the left: a lone last digit is a byte.
		{"packet odd digits", "packet 0 20 0\npacket 1 1 2 3\npacket 2", []Stmt{
			&Packet{Line: 1, Port: 0, Data: []byte{0x20, 0x00}},
			&Packet{Line: 2, Port: 1, Data: []byte{0x12, 0x03}},
			&Packet{Line: 3, Port: 2, Data: []byte{}},
		}},
		{"expect", "expect 1 01 ** 0a$\nexpect 2\nEXPECT 3 ab", []Stmt{
			&Expect{Line: 1, Port: 1, Pattern: "01**0A", Exact: true},
			&Expect{Line: 2, Port: 2, Any: true},
			&Expect{Line: 3, Port: 3, Pattern: "AB"},
		}},
		{"add", "add ingress.t 10 hdr.h.f:0x0a&&&0xff h.g:10.0.0.0/8 ingress.a(x:1, y : 0x02) = E1", []Stmt{
			&Add{Line: 1, Table: "ingress.t", Priority: 10, HasPriority: true,
				Keys:   []KeyMatch{{"hdr.h.f", "0x0a&&&0xff"}, {"h.g", "10.0.0.0/8"}},
				Action: ActionCall{Name: "ingress.a", Args: []Arg{{"x", "1"}, {"y", "0x02"}}}, ID: "E1"},
		}},
		{"add no key", "add t a()", []Stmt{&Add{Line: 1, Table: "t", Action: ActionCall{Name: "a"}}}},
		{"add stack and mac", "add ex1 100 extra$0.h:0x25** dst:00:11:22:33:44:55 act1(val:0x25)", []Stmt{
			&Add{Line: 1, Table: "ex1", Priority: 100, HasPriority: true,
				Keys:   []KeyMatch{{"extra$0.h", "0x25**"}, {"dst", "00:11:22:33:44:55"}},
				Action: ActionCall{Name: "act1", Args: []Arg{{"val", "0x25"}}}},
		}},
		{"setdefault", "setdefault t drop()\nsetdefault t2 set(p:2)", []Stmt{
			&SetDefault{Line: 1, Table: "t", Action: ActionCall{Name: "drop"}},
			&SetDefault{Line: 2, Table: "t2", Action: ActionCall{Name: "set", Args: []Arg{{"p", "2"}}}},
		}},
		{"check_counter", "check_counter c(3) bytes >= 100\ncheck_counter d($A)", []Stmt{
			&CheckCounter{Line: 1, Counter: "c", Index: "3", Kind: "bytes", Op: ">=", Value: 100},
			&CheckCounter{Line: 2, Counter: "d", Index: "$A", Kind: "packets", Op: "=="},
		}},
		{"direct", "mc_node_create 1 2 3\nmirroring_add 5 6\nregister_write r 1 0xff\nwait\nremove all\nno_packet\nmeter_set_rates dm $e1 1:2 3:4", []Stmt{
			&Direct{Line: 1, Name: "mc_node_create", Args: []string{"1", "2", "3"}},
			&Direct{Line: 2, Name: "mirroring_add", Args: []string{"5", "6"}},
			&Direct{Line: 3, Name: "register_write", Args: []string{"r", "1", "0xff"}},
			&Wait{Line: 4},
			&RemoveAll{Line: 5},
			&Direct{Line: 7, Name: "meter_set_rates", Args: []string{"dm", "$e1", "1:2", "3:4"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("x.stf", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, f.Stmts); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"packet 0 01g", "x.stf:1: packet: invalid packet data"},
		{"packet x 00", `x.stf:1: bad port "x"`},
		{"packet 0 zz", "x.stf:1: packet: invalid packet data"},
		{"expect 0 0g", "x.stf:1: expect: invalid packet data"},
		{"\n\nfrobnicate 1", `x.stf:3: unknown command "frobnicate"`},
		{"add t f:1", "x.stf:1: add: missing action call"},
		{"add t f:1 a(x:1", `x.stf:1: add: missing ')' after the arguments of "a"`},
		{"add t f a()", `x.stf:1: add: expected FIELD:VALUE, found "f"`},
		{"add t f:0xzz a()", `x.stf:1: add: key "f": bad number "0xzz"`},
		{"add t f:1 a(x) ", `x.stf:1: add: expected NAME:VALUE argument, found "x"`},
		{"add t f:1 a() junk", `x.stf:1: add: unexpected "junk" after the action`},
		{"setdefault t", "x.stf:1: setdefault: missing action call"},
		{"check_counter c", "x.stf:1: check_counter: expected NAME(INDEX)"},
		{"check_counter c(1) packets ~ 3", `x.stf:1: check_counter: bad comparison "~"`},
		{"mirroring_add 1", "x.stf:1: mirroring_add: missing argument 2"},
		{"mc_mgrp_create x", `x.stf:1: mc_mgrp_create: bad number "x"`},
		{"wait 3", `x.stf:1: unexpected "3" after wait`},
		{"pvs_add s 0xzz", `x.stf:1: pvs_add: bad number "0xzz"`},
		{"meter_set_rates m 0 1:x 1:1", `x.stf:1: meter_set_rates: bad meter rate "1:x"`},
		{"meter_set_rates m $ 1:1 1:1", "x.stf:1: meter_set_rates: expected an entry id after '$'"},
		{"meter_set_rates m x 1:1 1:1", `x.stf:1: meter_set_rates: bad number "x"`},
		{"register_read r 1 == zz", `x.stf:1: register_read: bad number "zz"`},
		{"mc_node_create 1 2 | 3", "x.stf:1: mc_node_create: LAG lists are not supported"},
		{"add t 1.2.3.400/8 a()", "x.stf:1: add: expected FIELD:VALUE"},
		{"add t f:1.2.3.400 a()", `x.stf:1: add: key "f": bad IPv4 address "1.2.3.400"`},
	} {
		t.Run(tc.src, func(t *testing.T) {
			_, err := Parse("x.stf", []byte(tc.src))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseAllErrors(t *testing.T) {
	_, err := Parse("x.stf", []byte("packet 0 zz\nwait\nexpect x\n"))
	el, ok := err.(ErrorList)
	if !ok || len(el) != 2 || el[0].Line != 1 || el[1].Line != 3 {
		t.Fatalf("got %v, want errors at lines 1 and 3", err)
	}
}

func TestMatchValue(t *testing.T) {
	for _, tc := range []struct {
		value, kind string
		width       int
		want        string // Value/Mask/High/PrefixLen/Wildcard
	}{
		{"10", kindExact, 8, "v=0a"},
		{"0x0a", kindExact, 16, "v=000a"},
		{"10.1.2.3", kindExact, 32, "v=0a010203"},
		{"00:11:22:33:44:55", kindExact, 48, "v=001122334455"},
		{"0x0a&&&0xf0", kindTernary, 8, "v=00 m=f0"},
		{"0x****0101", kindTernary, 32, "v=00000101 m=0000ffff"},
		{"0x0101", kindTernary, 32, "v=00000101 m=0000ffff"},
		{"5", kindTernary, 8, "v=05 m=ff"},
		{"*", kindTernary, 8, "*"},
		{"10.0.0.0/8", kindTernary, 32, "v=0a000000 m=ff000000"},
		{"10.0.0.0/8", kindLPM, 32, "v=0a000000 p=8"},
		{"0x0a0102**", kindLPM, 32, "v=0a010200 p=24"},
		{"0x0a01ff00/16", kindLPM, 32, "v=0a010000 p=16"},
		{"7", kindLPM, 8, "v=07 p=8"},
		{"0x10->0x20", kindRange, 8, "v=10 h=20"},
		{"0x10", kindRange, 8, "v=10 h=10"},
		{"3", kindOptional, 8, "v=03"},
		{"*", kindOptional, 8, "*"},
		{"0b1*1", kindTernary, 3, "v=05 m=05"},
	} {
		t.Run(tc.value+"/"+tc.kind, func(t *testing.T) {
			fm, err := matchValue(tc.value, tc.kind, tc.width)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			add := func(s string) {
				if got != "" {
					got += " "
				}
				got += s
			}
			if fm.Wildcard {
				add("*")
			}
			if fm.Value != nil {
				add("v=" + hexs(fm.Value))
			}
			if fm.Mask != nil {
				add("m=" + hexs(fm.Mask))
			}
			if fm.High != nil {
				add("h=" + hexs(fm.High))
			}
			if tc.kind == kindLPM {
				add("p=" + itoa(uint32(fm.PrefixLen)))
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	for _, tc := range []struct{ value, kind string }{
		{"0x100", kindExact}, {"*", kindExact}, {"1&&&1", kindExact}, {"1->2", kindTernary},
		{"0x0a/9", kindLPM}, {"0x1*", kindExact}, {"-1", kindExact},
	} {
		if _, err := matchValue(tc.value, tc.kind, 8); err == nil {
			t.Errorf("%s %s: no error", tc.value, tc.kind)
		}
	}
}

func hexs(b []byte) string {
	const digits = "0123456789abcdef"
	var s []byte
	for _, c := range b {
		s = append(s, digits[c>>4], digits[c&15])
	}
	return string(s)
}

// FuzzParse checks that no input makes the parser or the key value
// conversion panic.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/*.stf")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("add t 1 k:0x1*&&&0x2 a(b:00:11:22:33:44:55) = X\ncheck_counter c($X) bytes != 3"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, _ := Parse("fuzz.stf", src)
		for _, s := range file.Stmts {
			if a, ok := s.(*Add); ok {
				for _, k := range a.Keys {
					for _, kind := range []string{kindExact, kindLPM, kindTernary, kindRange, kindOptional} {
						_, _ = matchValue(k.Value, kind, 13)
					}
				}
			}
		}
	})
}
