package stf_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/stf"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func target(t testing.TB, path string) *stf.Target {
	t.Helper()
	tg, err := stf.NewTarget(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// TestRunErrors checks that bad statements fail with file:line and a
// message naming what is wrong.
func TestRunErrors(t *testing.T) {
	tg := target(t, "../testdata/tables.p4")
	for _, tc := range []struct{ src, want string }{
		{"add nosuch k8:1 set_exact(v:1)", `x.stf:1: no table "nosuch"`},
		{"add t_exact k8:1 nosuch(v:1)", `x.stf:1: table "I.t_exact": no action "nosuch"`},
		{"add t_exact k8:1 set_exact()", `x.stf:1: action "I.set_exact": missing argument "v"`},
		{"add t_exact k8:1 set_exact(v:1, w:2)", `x.stf:1: action "I.set_exact" has no parameter "w"`},
		{"add t_exact k8:1 set_exact(v:0x100)", `x.stf:1: action "I.set_exact" argument "v": value 0x100 does not fit in 8 bits`},
		{"add t_exact k9:1 set_exact(v:1)", `x.stf:1: table "I.t_exact" has no key field "k9" (its keys: hdr.h.k8)`},
		{"add t_exact k8:0x1ff set_exact(v:1)", `x.stf:1: key "hdr.h.k8": value 0x1ff does not fit in 8 bits`},
		{"add t_exact k8:1&&&1 set_exact(v:1)", `x.stf:1: key "hdr.h.k8": value&&&mask for a exact key`},
		{"\nadd t_exact k8:1 set_exact(v:1)\nadd t_exact k8:1 set_exact(v:2)", `x.stf:3: adding to table "I.t_exact"`},
		{"add t k8:1 set_exact(v:1)", `x.stf:1: table name "t" is ambiguous between I.t_exact and I.t_opt and I.t_const`},
		{"setdefault t_const set_const(v:1)", `x.stf:1: default action is constant`},
		{"check_counter nosuch(1)", `x.stf:1: no counter "nosuch"`},
		{"check_counter c($X)", `x.stf:1: check_counter: no entry added with id "X"`},
		{"register_read r 1", `x.stf:1: no register "r"`},
		{"mc_node_associate 1 0", `x.stf:1: no multicast group 1`},
	} {
		t.Run(tc.src, func(t *testing.T) {
			f, err := stf.Parse("x.stf", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			err = tg.Run(f, nil)
			var e *stf.Error
			if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v, want %q...", err, tc.want)
			}
		})
	}
}

// TestMismatchReport checks the report of a failing run against
// testdata/mismatch.golden (regenerate with -update).
func TestMismatchReport(t *testing.T) {
	tg := target(t, "../testdata/tables.p4")
	src := `add t_fwd k8:1 fwd(port:2)
packet 0 01 1234 0a010203 00 00 00 00 00 00 00 00
expect 2 01 1234 0a010203 ee ** 00 00 00 cd 01 ff
packet 0 02 0000 00000000 00 00 00 00 00 00 00 00
expect 1 02 0000 00000000 ee 00 00 00 00 c2 80 ff 00
packet 0 03 0000 00000000 00 00 00 00 00 00 00 00
expect 1 03 0000 00000000 ee 00 00 00 00 cd 80 ff$
expect 1 05
expect 3 00
`
	f, err := stf.Parse("mismatch.stf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	err = tg.Run(f, nil)
	var m *stf.Mismatch
	if !errors.As(err, &m) || !errors.Is(err, stf.ErrMismatch) {
		t.Fatalf("got %v, want a Mismatch", err)
	}
	const golden = "testdata/mismatch.golden"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(m.Report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), m.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func TestCommand(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr bool
		wantOut string
	}{
		{"pass", []string{"../testdata/tables.p4", "../testdata/tables.stf"}, false, "PASS ../testdata/tables.stf\n"},
		{"fail", []string{"../testdata/tables.p4", "../testdata/tables.stf", "testdata/mismatch.stf"}, true, "PASS ../testdata/tables.stf\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := stf.Command()
			var out, errOut bytes.Buffer
			cmd.SetOut(&out)
			cmd.SetErr(&errOut)
			cmd.SetArgs(tc.args)
			err := cmd.Execute()
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v; stderr:\n%s", err, tc.wantErr, errOut.String())
			}
			if out.String() != tc.wantOut {
				t.Errorf("stdout = %q, want %q", out.String(), tc.wantOut)
			}
			if tc.wantErr && !strings.Contains(errOut.String(), "FAIL testdata/mismatch.stf") {
				t.Errorf("stderr lacks the failure:\n%s", errOut.String())
			}
		})
	}
}

func BenchmarkRun(b *testing.B) {
	tg := target(b, "../testdata/tables.p4")
	f, err := stf.ParseFile("../testdata/tables.stf")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := tg.Run(f, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("../testdata/l2.stf")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := stf.Parse("l2.stf", src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnnamedPorts checks bmv2stf's interfaces: only ports that a packet
// or expect statement names exist, so output to any other port is lost
// rather than reported as unexpected.
func TestUnnamedPorts(t *testing.T) {
	tg := target(t, "../testdata/tables.p4")
	const pkt = "packet 0 01 1234 0a010203 00 00 00 00 00 00 00 00\n"
	for _, tc := range []struct {
		name, src string
		pass      bool
	}{
		// t_fwd's default sends to port 1, which nothing names.
		{"lost on unnamed port", pkt, true},
		{"unexpected on port named by expect", pkt + "expect 1 02\n", false},
		{"unexpected on port named by packet", pkt + "packet 1\n", false},
		{"any on named port", pkt + "expect 1\n", true},
		{"empty packet", "packet 0\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := stf.Parse("x.stf", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			err = tg.Run(f, nil)
			if (err == nil) != tc.pass {
				t.Errorf("pass = %v, want %v (err: %v)", err == nil, tc.pass, err)
			}
		})
	}
}

// TestErrorInIncludedFile: an error in a file the program includes is
// reported with that file's name and line; one after the #include with
// the including file's line.
func TestErrorInIncludedFile(t *testing.T) {
	_, err := stf.NewTarget("testdata/inc_error.p4", nil)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"testdata/inc_error.h:3:", "testdata/inc_error.p4:6:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// TestRunScopeAndMeterErrors: @tableonly and @defaultonly actions (decls.p4)
// and meter_set_rates of a direct meter by entry id (direct_meter.p4).
func TestRunScopeAndMeterErrors(t *testing.T) {
	for _, tc := range []struct{ prog, src, want string }{
		{"decls", "setdefault by_kind only()", `x.stf:1: invalid argument: action "I.only" is @tableonly`},
		{"decls", "add by_kind kind:1 NoAction()", `x.stf:1: adding to table "I.by_kind": invalid argument: action "NoAction" is @defaultonly`},
		{"direct_meter", "meter_set_rates dm $X 1:1 1:1", `x.stf:1: meter_set_rates: no entry added with id "X"`},
		{"direct_meter", "meter_set_rates nosuch $X 1:1 1:1", `x.stf:1: no direct meter "nosuch"`},
	} {
		t.Run(tc.prog+"/"+tc.src, func(t *testing.T) {
			f, err := stf.Parse("x.stf", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			err = target(t, "../testdata/"+tc.prog+".p4").Run(f, nil)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v, want %q...", err, tc.want)
			}
		})
	}
}
