package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRoot(&out, &errb)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), errb.String(), err
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string
	}{
		{"ok", "#include <core.p4>\nconst bit<8> X = 1;\n", ""},
		{"errors", "#include <core.p4>\nconst bit<8> X = Y;\nconst bit<8> Z = W;\n", "bad.p4:2:18: undeclared name \"Y\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "bad.p4")
			if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, err := run(t, "check", path)
			if tc.wantErr == "" {
				// No main package: only that error is expected.
				if err == nil || !strings.Contains(stderr, "no package instance named main") {
					t.Fatalf("check: err %v, stderr %q", err, stderr)
				}
				return
			}
			if err == nil {
				t.Fatal("check succeeded, want errors")
			}
			if !strings.Contains(stderr, filepath.Join(dir, tc.wantErr)) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, filepath.Join(dir, tc.wantErr))
			}
			if !strings.Contains(stderr, "undeclared name \"W\"") {
				t.Errorf("stderr = %q: want every error reported", stderr)
			}
		})
	}
}

func TestCompileSmartTor(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, err := run(t, "compile", "../../p4src/smarttor.p4", "-o", dir)
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, stderr)
	}
	for _, f := range []string{"p4info.txtpb", "p4info.binpb"} {
		if !strings.Contains(stdout, filepath.Join(dir, f)) {
			t.Errorf("stdout %q does not say it wrote %s", stdout, f)
		}
	}
	txt, err := os.ReadFile(filepath.Join(dir, "p4info.txtpb"))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(filepath.Join(dir, "p4info.binpb"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := p4info.UnmarshalText(txt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p4info.UnmarshalBinary(bin)
	if err != nil {
		t.Fatal(err)
	}
	if string(p4info.MarshalText(a)) != string(p4info.MarshalText(b)) {
		t.Error("text and binary P4Info differ")
	}
	if _, _, err := run(t, "compile", "../../p4src/smarttor.p4"); err == nil {
		t.Error("compile without -o succeeded")
	}
	if _, _, err := run(t, "check", "../../p4src/smarttor.p4"); err != nil {
		t.Errorf("check smarttor.p4: %v", err)
	}
}
