package builtin

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name    string
		ok      bool
		mention string
	}{
		{"core.p4", true, "extern packet_in"},
		{"v1model.p4", true, "package V1Switch"},
		{"psa.p4", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Lookup(tt.name)
			if ok != tt.ok {
				t.Fatalf("Lookup(%q) ok = %v, want %v", tt.name, ok, tt.ok)
			}
			if ok && !bytes.Contains(got, []byte(tt.mention)) {
				t.Errorf("Lookup(%q) lacks %q", tt.name, tt.mention)
			}
		})
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	a, _ := Lookup("core.p4")
	a[0] = 'X'
	b, _ := Lookup("core.p4")
	if b[0] == 'X' {
		t.Error("Lookup returned shared storage")
	}
}

func TestNames(t *testing.T) {
	if diff := cmp.Diff([]string{"core.p4", "v1model.p4"}, Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

// TestV1ModelVersion checks the version guard programs rely on.
func TestV1ModelVersion(t *testing.T) {
	src, _ := Lookup("v1model.p4")
	for _, want := range []string{"#ifndef V1MODEL_VERSION", "#define V1MODEL_VERSION 20200408", "#include <core.p4>"} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("v1model.p4 lacks %q", want)
		}
	}
}
