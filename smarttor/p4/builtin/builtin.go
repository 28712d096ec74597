// Package builtin holds the smarttor target's own declarations of the P4_16
// core library (core.p4) and of the v1model architecture (v1model.p4),
// which programs include as <core.p4> and <v1model.p4>.
//
// The files are written for this project (not copied from p4c): they
// declare the same names, signatures, field names and widths as BMv2's
// v1model so that programs written for BMv2 compile unchanged and produce
// the same P4Info. v1model.p4 honours V1MODEL_VERSION like BMv2's: a
// program may define an older version before including it; the default is
// 20200408.
//
// The package may import only the standard library.
package builtin

import (
	_ "embed"
	"sort"
)

//go:embed core.p4
var coreP4 []byte

//go:embed v1model.p4
var v1modelP4 []byte

var files = map[string][]byte{
	"core.p4":    coreP4,
	"v1model.p4": v1modelP4,
}

// Lookup returns the text of a built-in include file, by the name used in
// #include <name> ("core.p4" or "v1model.p4"). The returned slice is a
// copy the caller may modify.
func Lookup(name string) ([]byte, bool) {
	b, ok := files[name]
	if !ok {
		return nil, false
	}
	return append([]byte(nil), b...), true
}

// Names returns the names of the built-in files, sorted.
func Names() []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
