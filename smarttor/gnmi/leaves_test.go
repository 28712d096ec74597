package gnmi

import (
	"strings"
	"testing"

	gpb "github.com/openconfig/gnmi/proto/gnmi"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

func TestPatternMatches(t *testing.T) {
	leafPath := []elem{{name: "interfaces"}, {name: "interface", key: "eth1"}, {name: "state"}, {name: "counters"}, {name: "in-pkts"}}
	tests := []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/interfaces", true},
		{"/interfaces/interface[name=eth1]/state/counters/in-pkts", true},
		{"/interfaces/interface[name=*]/state/counters/in-pkts", true},
		{"/interfaces/interface/state/counters", true},
		{"/interfaces/*/state/*/in-pkts", true},
		{"/.../in-pkts", true},
		{"/interfaces/.../counters/...", true},
		{"/...", true},
		{"/interfaces/interface[name=eth2]", false},
		{"/interfaces/interface[ifindex=1]", false},
		{"/interfaces/interface[name=eth1]/state/counters/in-pkts/extra", false},
		{"/.../out-pkts", false},
		{"/state", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			pat, err := joinPath(nil, p(tt.path))
			if err != nil {
				t.Fatal(err)
			}
			if got := pat.matches(leafPath); got != tt.want {
				t.Errorf("matches = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestInSchema(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/interfaces/interface[name=anything]/state/oper-status", true},
		{"/interfaces/interface/config/enabled", true},
		{"/.../last-change", true},
		{"/interfaces/interface[name=x]/state/counters/in-fcs-errors", false},
		{"/interfaces/interface[name=x]/subinterfaces", false},
		{"/network-instances", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			pat, err := joinPath(nil, p(tt.path))
			if err != nil {
				t.Fatal(err)
			}
			if got := pat.inSchema(); got != tt.want {
				t.Errorf("inSchema = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJoinPathErrors(t *testing.T) {
	tests := []struct {
		name         string
		prefix, path *gpb.Path
	}{
		{"keys on ellipsis", nil, &gpb.Path{Elem: []*gpb.PathElem{{Name: "...", Key: map[string]string{"a": "b"}}}}},
		{"empty name", nil, &gpb.Path{Elem: []*gpb.PathElem{{}}}},
		{"origin clash", &gpb.Path{Origin: "openconfig"}, &gpb.Path{Origin: "x"}},
		{"bad origin", nil, &gpb.Path{Origin: "cli"}},
		{"deprecated element", &gpb.Path{Element: []string{"interfaces"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := joinPath(tt.prefix, tt.path); err == nil {
				t.Error("joinPath succeeded")
			}
		})
	}
}

// FuzzPattern feeds arbitrary paths (elements split on "/", a key after
// "=") through validation and matching: no request path may panic.
func FuzzPattern(f *testing.F) {
	for _, s := range []string{"interfaces/interface=eth1/state", ".../in-pkts", "*/*=*/...", "...=x", ""} {
		f.Add(s, "openconfig")
	}
	f.Fuzz(func(t *testing.T, s, origin string) {
		path := &gpb.Path{Origin: origin}
		for _, part := range strings.Split(s, "/") {
			name, key, ok := strings.Cut(part, "=")
			e := &gpb.PathElem{Name: name}
			if ok {
				e.Key = map[string]string{"name": key}
			}
			path.Elem = append(path.Elem, e)
		}
		pat, err := joinPath(nil, path)
		if err != nil {
			return
		}
		pat.inSchema()
		for _, l := range leavesOf([]ports.Status{{Name: "eth1"}}) {
			pat.matches(l.path)
		}
	})
}
