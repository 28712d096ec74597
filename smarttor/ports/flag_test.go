package ports

import (
	"flag"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseInterfaceFlag(t *testing.T) {
	tests := []struct {
		in      string
		num     uint32
		name    string
		wantErr bool
	}{
		{"1@veth1", 1, "veth1", false},
		{"0@eth0", 0, "eth0", false},
		{"510@cpu0", 510, "cpu0", false},
		{"veth1", 0, "", true},
		{"@veth1", 0, "", true},
		{"x@veth1", 0, "", true},
		{"-1@veth1", 0, "", true},
		{"4294967296@veth1", 0, "", true},
		{"511@veth1", 0, "", true},
		{"1@", 0, "", true},
		{"1@a/b", 0, "", true},
		{"1@0123456789abcdef", 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			num, name, err := ParseInterfaceFlag(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if num != tt.num || name != tt.name {
				t.Errorf("got %d, %q, want %d, %q", num, name, tt.num, tt.name)
			}
		})
	}
}

func TestInterfaceFlags(t *testing.T) {
	var f InterfaceFlags
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(new(discard))
	fs.Var(&f, "i", "interface")
	if err := fs.Parse([]string{"-i", "1@veth1", "-i", "2@veth2"}); err != nil {
		t.Fatal(err)
	}
	want := InterfaceFlags{{1, "veth1"}, {2, "veth2"}}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	if got := f.String(); got != "1@veth1,2@veth2" {
		t.Errorf("String() = %q", got)
	}
	if err := fs.Parse([]string{"-i", "1@veth3"}); err == nil {
		t.Error("duplicate port number accepted")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
