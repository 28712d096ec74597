package controlplane

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyStoreImportsEtcd keeps etcd behind controlplane/store, and the
// client side (api, client) free of the server side.
func TestOnlyStoreImportsEtcd(t *testing.T) {
	const mod = "github.com/vcn-flowcache/vcn-flowcache/"
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(p, "go.etcd.io/") && dir != "store":
				t.Errorf("%s imports %s: only controlplane/store may import etcd", path, p)
			case (dir == "api" || dir == "client") && !strings.HasSuffix(path, "_test.go") &&
				(p == mod+"controlplane" || p == mod+"controlplane/store" || p == mod+"controlplane/server"):
				t.Errorf("%s imports %s: the client side must not link the server side", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
