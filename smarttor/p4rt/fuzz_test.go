package p4rt

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
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

// FuzzPipeline runs the whole load path of a pipeline push on arbitrary
// source bytes: the front-end and the lowering of SmartTorCompiler, Commit
// on an ExecTarget, then one arbitrary frame on an arbitrary port. A
// malformed program must be an error, never a panic, and whatever loads
// must survive any frame. Seeds are our own programs (../testdata/*.p4
// and ../p4/compile/testdata/**/*.p4), each with the first packet of its
// STF file when it has one.
func FuzzPipeline(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/*.p4")
	for _, pat := range []string{"../p4/compile/testdata/*.p4", "../p4/compile/testdata/*/*.p4", "../p4/compile/testdata/*/*/*.p4"} {
		more, _ := filepath.Glob(pat)
		seeds = append(seeds, more...)
	}
	eth := []byte{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 1, 0, 2, 0, 8, 0, 0}
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		port, frame := uint16(1), eth
		if stf, err := os.ReadFile(strings.TrimSuffix(name, ".p4") + ".stf"); err == nil {
			port, frame = firstPacket(stf, port, frame)
		}
		f.Add(src, port, frame)
	}
	f.Fuzz(func(t *testing.T, src []byte, port uint16, frame []byte) {
		if len(src) > 1<<16 || len(frame) > 1<<14 {
			return
		}
		b := &Bundle{Files: []BundleFile{{Name: "fuzz.p4", Data: src}}}
		prog, _, err := SmartTorCompiler(nil)(b)
		if err != nil {
			return
		}
		tg := NewExecTarget(exec.New(exec.WithClock(func() int64 { return 1e9 })), nil, DefaultCPUPort, func(uint32, []byte) {})
		if err := tg.Commit(prog); err != nil {
			return
		}
		tg.Process(uint32(port)&0x1ff, frame)
	})
}

// firstPacket returns the port and bytes of the first "packet" statement
// of an STF file, or port and frame when it has none.
func firstPacket(stf []byte, port uint16, frame []byte) (uint16, []byte) {
	for _, line := range strings.Split(string(stf), "\n") {
		fs := strings.Fields(line)
		if len(fs) < 2 || fs[0] != "packet" {
			continue
		}
		p, err := strconv.ParseUint(fs[1], 0, 16)
		if err != nil {
			continue
		}
		b, err := hex.DecodeString(strings.Join(fs[2:], ""))
		if err != nil {
			continue
		}
		return uint16(p), b
	}
	return port, frame
}
