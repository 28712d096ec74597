package netns

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, d)
	}
}

// TestPlan checks what the lab of topo/lab.yaml would build and run.
func TestPlan(t *testing.T) {
	l, err := Load(filepath.Join("..", "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# namespaces: %s\n", strings.Join(l.Namespaces(), " "))
	for _, s := range l.Setup() {
		fmt.Fprintf(&b, "%s\n", strings.Join(s, " "))
	}
	for _, o := range l.offloads() {
		fmt.Fprintf(&b, "# offloads off: %s in %s\n", o[1], o[0])
	}
	for _, p := range l.Procs("STATE", "P4") {
		fmt.Fprintf(&b, "ip netns exec %s %s %s  # %s, ready: %q\n", p.NS, p.Bin, strings.Join(p.Args, " "), p.Name, p.Ready)
	}
	golden(t, "plan.golden", b.String())
	golden(t, "vcn.yaml.golden", l.VCNConfig())
}

func TestParseErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"unknown field", "prefix:", "prefx:", "field prefx not found"},
		{"bad prefix", `prefix: ""`, `prefix: "Bad_Prefix"`, "prefix"},
		{"vni zero", "vni: 100", "vni: 0", "24-bit non-zero vni"},
		{"router outside", "router: 10.0.1.1", "router: 10.0.2.1", "router inside"},
		{"nis outside", "nis: 192.168.0.254", "nis: 192.168.1.254", "nis address inside"},
		{"bad nis mac", `nisMAC: "02:00:00:00:fe:01"`, `nisMAC: "zz"`, "substrate.nisMAC"},
		{"management not /30", "management: 10.254.0.0/30", "management: 10.254.0.0/24", "management"},
		{"vtep outside", "vtep: 192.168.0.2", "vtep: 192.168.9.2", "not in the substrate"},
		{"unknown tor", "tor: tor2, port: 2", "tor: tor9, port: 2", `unknown tor "tor9"`},
		{"duplicate port", "tor: tor1, port: 2", "tor: tor1, port: 1", "unique port"},
		{"substrate port", "tor: tor1, port: 2", "tor: tor1, port: 9", "unique port"},
		{"host outside", "ip: 10.0.1.22", "ip: 10.0.2.22", "not a host address"},
		{"host is router", "ip: 10.0.1.22", "ip: 10.0.1.1", "not a host address"},
		{"reserved name", "name: h4", "name: nis", "not tor, nis or substrate"},
		{"long name", "name: h4", "name: hostnumberfour", "want a unique"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(good), c.old, c.new, 1)
			if src == string(good) {
				t.Fatalf("%q not in lab.yaml", c.old)
			}
			_, err := Parse([]byte(src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse error = %v, want one containing %q", err, c.want)
			}
		})
	}
	if _, err := Parse(good); err != nil {
		t.Errorf("lab.yaml: %v", err)
	}
}

func TestAlive(t *testing.T) {
	if !alive(os.Getpid()) {
		t.Error("alive(self) = false")
	}
	if alive(1 << 30) {
		t.Error("alive(1<<30) = true")
	}
}
