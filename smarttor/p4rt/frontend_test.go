package p4rt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/protobuf/proto"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir/irtest"
)

// TestFrontEndPrepare runs the real front-end on the project's P4 program
// shipped as a bundle, and checks that Prepare accepts its P4Info and
// refuses another one. The lowering is a stand-in until it exists.
func TestFrontEndPrepare(t *testing.T) {
	root := "../../p4src"
	var b Bundle
	for _, name := range []string{"smarttor.p4", "include/headers.p4", "include/metadata.p4"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Skipf("p4src not available: %v", err)
		}
		b.Files = append(b.Files, BundleFile{Name: name, Data: data})
	}
	cfg, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want, err := compile.Load(filepath.Join(root, "smarttor.p4"), nil)
	if err != nil {
		t.Fatalf("front-end: %v", err)
	}
	l3, err := irtest.BuildL3()
	if err != nil {
		t.Fatal(err)
	}
	lowered := 0
	lower := func(*compile.Program) (*ir.Program, error) { lowered++; return l3.Prog, nil }
	tgt := NewExecTarget(exec.New(), FrontEnd(lower, nil), DefaultCPUPort, nil)
	if _, err := tgt.Prepare(want.P4Info, cfg); err != nil {
		t.Fatalf("Prepare with the program's P4Info: %v", err)
	}
	if lowered != 1 {
		t.Errorf("lowered %d times", lowered)
	}
	other := proto.Clone(want.P4Info).(*p4configv1.P4Info)
	other.Tables = other.Tables[1:]
	if _, err := tgt.Prepare(other, cfg); err == nil {
		t.Errorf("Prepare accepted a P4Info that does not match the program")
	}
	// The P4 text alone is a device config too.
	if _, err := tgt.Prepare(want.P4Info, b.Files[0].Data); err == nil {
		t.Errorf("Prepare of the main file alone found its includes")
	}
}

func TestSamePipelineInfoNamesTheDifference(t *testing.T) {
	e := newEnv(t)
	other := proto.Clone(e.info).(*p4configv1.P4Info)
	other.Tables[0].Size = 7
	other.Actions = other.Actions[1:]
	err := SamePipelineInfo(e.info, other)
	if err == nil {
		t.Fatal("different P4Infos compare equal")
	}
	for _, want := range []string{`table "ingress.flow" (id 0x2000001) differs`, `the sent P4Info has action "ingress.fwd"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if err := SamePipelineInfo(e.info, proto.Clone(e.info).(*p4configv1.P4Info)); err != nil {
		t.Errorf("equal P4Infos: %v", err)
	}
}

// TestSamePipelineInfoUnknownFields checks that fields newer than the
// pinned P4Runtime API (unknown fields here), which a client built on that
// API drops, do not make two P4Infos differ.
func TestSamePipelineInfoUnknownFields(t *testing.T) {
	e := newEnv(t)
	generated := proto.Clone(e.info).(*p4configv1.P4Info)
	// Table.has_initial_entries (field 11) = true.
	generated.Tables[0].ProtoReflect().SetUnknown([]byte{11 << 3, 1})
	if err := SamePipelineInfo(e.info, generated); err != nil {
		t.Errorf("P4Infos differing only in unknown fields: %v", err)
	}
	if len(generated.Tables[0].ProtoReflect().GetUnknown()) == 0 {
		t.Error("SamePipelineInfo changed its argument")
	}
}

func TestNewBundle(t *testing.T) {
	b, p, err := NewBundle("../../p4src/smarttor.p4", nil)
	if err != nil {
		if _, statErr := os.Stat("../../p4src/smarttor.p4"); statErr != nil {
			t.Skip("p4src not available")
		}
		t.Fatal(err)
	}
	if len(b.Files) < 2 || b.Files[0].Name != "../../p4src/smarttor.p4" {
		t.Errorf("bundle files %v", func() (n []string) {
			for _, f := range b.Files {
				n = append(n, f.Name)
			}
			return
		}())
	}
	cfg, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	tgt := NewExecTarget(exec.New(), SmartTorCompiler(nil), DefaultCPUPort, nil)
	prepared, err := tgt.Prepare(p.P4Info, cfg)
	if err != nil {
		t.Fatalf("Prepare of the bundle: %v", err)
	}
	if err := tgt.Commit(prepared); err != nil {
		t.Fatal(err)
	}
}

// TestFrontEndReadsIncludesOnlyFromIncludeDirs checks that a bundle's
// #include reaches the disk only for regular files under the include
// directories: the names come from the client, which must not make the
// switch read /dev/zero (forever) or any file it likes.
func TestFrontEndReadsIncludesOnlyFromIncludeDirs(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc")
	if err := os.MkdirAll(filepath.Join(inc, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"secret.h": "const bit<8> S = 1;\n", "inc/ok.h": "const bit<8> K = 1;\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, include string
		ok            bool
	}{
		{"in include dir", "ok.h", true},
		{"absolute elsewhere", filepath.Join(dir, "secret.h"), false},
		{"dot-dot out of include dir", "../secret.h", false},
		{"device", strings.Repeat("../", 64) + "dev/zero", false},
		{"directory", "sub", false},
	}
	compile := SmartTorCompiler(&compile.Options{IncludeDirs: []string{inc}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "#include \"" + tt.include + "\"\n"
			_, _, err := compile(&Bundle{Files: []BundleFile{{Name: "main.p4", Data: []byte(src)}}})
			if read := err == nil || !strings.Contains(err.Error(), "include file"); read != tt.ok {
				t.Errorf("#include %q: read %v, want %v (err %v)", tt.include, read, tt.ok, err)
			}
		})
	}
}
