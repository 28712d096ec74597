package main

import (
	"bytes"
	"context"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/server"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// startServer runs a control plane on embedded etcd, served on a loopback
// port, and returns its address.
func startServer(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := store.Open(ctx, t.TempDir(), store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cp, err := controlplane.New(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cp.Close() })
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	server.New(cp).Register(srv)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// vcnctl runs the command line in-process and returns its output.
func vcnctl(t *testing.T, addr string, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errw bytes.Buffer
	cmd := newRootCmd(strings.NewReader(stdin), &out, &errw)
	cmd.SetArgs(append([]string{"--server", addr}, args...))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	return out.String() + errw.String(), err
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func TestVcnctl(t *testing.T) {
	addr := startServer(t)
	steps := []struct {
		name    string
		stdin   string
		args    []string
		wantErr string
	}{
		{"create", "", []string{"create", "-f", "testdata/lab.yaml"}, ""},
		{"list_vnic", "", []string{"list", "vnic"}, ""},
		{"list_vnic_tor", "", []string{"list", "vnics", "--tor", "tor-2"}, ""},
		{"list_sl", "", []string{"list", "sl", "--vcn", "vcn-1"}, ""},
		{"get_mapping_json", "", []string{"get", "mapping", "vcn-1/10.0.1.10", "-o", "json"}, ""},
		{"get_sl", "", []string{"get", "securitylist", "sl-web"}, ""},
		{"get_rt", "", []string{"get", "rt", "rt-1"}, ""},
		{"update_stdin", `{"securityList": {"id": "sl-web", "vcnId": "vcn-1"}}`, []string{"update", "-f", "-"}, ""},
		{"versions", "", []string{"versions"}, ""},
		{"versions_json", "", []string{"versions", "policy/vnic-1", "-o", "json"}, ""},
		{"delete_in_use", "", []string{"delete", "subnet", "sn-1"}, "in use"},
		{"create_invalid", "", []string{"create", "-f", "-"}, ""},
		{"delete", "", []string{"delete", "mapping", "vcn-1/10.0.1.10"}, ""},
		{"watch", "", []string{"watch", "--from", "1", "--count", "9"}, ""},
		{"get_missing", "", []string{"get", "vnic", "nope"}, "not found"},
		{"bad_kind", "", []string{"list", "widget"}, "unknown kind"},
	}
	steps[11].stdin = "subnet: {id: sn-2, vcnId: vcn-1, cidr: 10.9.0.0/24}\n"
	steps[11].wantErr = `subnet "sn-2": cidr: 10.9.0.0/24 is not inside`
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			got, err := vcnctl(t, addr, s.stdin, s.args...)
			if s.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), s.wantErr) {
					t.Fatalf("error %v, want %q", err, s.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, got)
			}
			golden(t, s.name, got)
		})
	}
}

func TestParseObjectsErrors(t *testing.T) {
	for _, in := range []string{
		"vcn: {id: v, cidrs: [ten]}",
		"widget: {id: x}",
		"vcn: [unclosed",
	} {
		if _, err := parseObjects([]byte(in)); err == nil {
			t.Errorf("parseObjects(%q): no error", in)
		}
	}
}
