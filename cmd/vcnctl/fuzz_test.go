package main

import (
	"os"
	"testing"
)

// FuzzParseObjects feeds arbitrary files to the object parser: it must
// return objects or an error, never panic.
func FuzzParseObjects(f *testing.F) {
	seed, err := os.ReadFile("testdata/lab.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"vnic": {"id": "v", "ip": "10.0.0.1", "mac": "zz"}}`))
	f.Add([]byte("- mapping: {vcnId: v, overlayIp: '::1'}\n---\n[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, err := parseObjects(data)
		if err != nil && objs != nil {
			t.Errorf("objects and an error")
		}
	})
}
