package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
)

func TestCertPoolErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.pem")
	if err := os.WriteFile(empty, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, want string
	}{
		{"missing file", filepath.Join(dir, "none.pem"), "no such file"},
		{"no certificate", empty, "no certificate in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := api.CertPool(tt.file); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CertPool(%q) = %v, want an error with %q", tt.file, err, tt.want)
			}
		})
	}
}
