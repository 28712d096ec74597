package p4rt

import (
	"os"
	"path/filepath"
	"testing"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
)

// FuzzWrite feeds random bytes, unmarshalled as a WriteRequest, to the
// server's validation and state: it must never panic, whatever the updates
// say. Seeds are the text requests in testdata/write/.
func FuzzWrite(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/write/*.txtpb")
	for _, name := range seeds {
		text, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		req := &p4v1.WriteRequest{}
		if err := prototext.Unmarshal(text, req); err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		b, err := proto.Marshal(req)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	e := newEnv(f)
	c := e.controller(1)
	e.setPipeline(c)
	f.Fuzz(func(t *testing.T, data []byte) {
		req := &p4v1.WriteRequest{}
		if err := proto.Unmarshal(data, req); err != nil {
			return
		}
		e.srv.mu.Lock()
		errs := e.srv.applyLocked(req.GetUpdates())
		e.srv.mu.Unlock()
		if len(errs) != len(req.GetUpdates()) {
			t.Fatalf("%d errors for %d updates", len(errs), len(req.GetUpdates()))
		}
		// Reads of whatever got in must work too.
		if _, err := e.readAll(tableEnt(&p4v1.TableEntry{})); err != nil {
			t.Fatalf("read after fuzzed write: %v", err)
		}
	})
}

// FuzzBundle checks that decoding a device config never panics and that
// what decodes re-encodes to the same bundle.
func FuzzBundle(f *testing.F) {
	b, _ := (&Bundle{Files: []BundleFile{{Name: "a.p4", Data: []byte("control c() { apply {} }")}}, P4Info: []byte{1, 2}}).MarshalBinary()
	f.Add(b)
	f.Add([]byte("header h_t { bit<8> f; }"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeDeviceConfig(data)
		if err != nil {
			return
		}
		enc, err := got.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeDeviceConfig(enc)
		if err != nil || len(again.Files) != len(got.Files) || string(again.P4Info) != string(got.P4Info) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
