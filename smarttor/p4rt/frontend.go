package p4rt

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	"google.golang.org/protobuf/proto"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
)

// LowerFunc lowers a checked program into the interpreter's IR.
type LowerFunc func(p *compile.Program) (*ir.Program, error)

// FrontEnd returns the CompileFunc smarttor uses: it runs the front-end
// (smarttor/p4/compile) on the bundle's sources, Files[0] being the main
// program and #include resolving the others by their bundle names (then
// the include directories of opts, on disk), and lowers the result with
// lower. The P4Info is the front-end's, which Prepare compares with the
// client's.
func FrontEnd(lower LowerFunc, opts *compile.Options) CompileFunc {
	return func(b *Bundle) (*ir.Program, *p4configv1.P4Info, error) {
		if len(b.Files) == 0 {
			return nil, nil, fmt.Errorf("bundle without sources")
		}
		files := map[string][]byte{}
		for _, f := range b.Files {
			files[path.Clean(f.Name)] = f.Data
		}
		o := compile.Options{}
		if opts != nil {
			o = *opts
		}
		o.ReadFile = func(name string) ([]byte, error) {
			if d, ok := files[path.Clean(name)]; ok {
				return d, nil
			}
			return readIncluded(name, o.IncludeDirs)
		}
		main := b.Files[0]
		p, err := compile.LoadSource(path.Clean(main.Name), main.Data, &o)
		if err != nil {
			return nil, nil, fmt.Errorf("compiling %s: %w", main.Name, err)
		}
		prog, err := lower(p)
		if err != nil {
			return nil, nil, fmt.Errorf("lowering %s: %w", main.Name, err)
		}
		return prog, p.P4Info, nil
	}
}

// maxIncludeSize bounds a file #include reads from disk.
const maxIncludeSize = 16 << 20

// readIncluded reads a file a bundle includes from disk: only a regular
// file under one of dirs, of at most maxIncludeSize bytes. The names come
// from the client's sources, so anything else (an absolute path elsewhere,
// "../", /dev/zero, a FIFO) is refused rather than read.
func readIncluded(name string, dirs []string) ([]byte, error) {
	under := false
	for _, d := range dirs {
		if rel, err := filepath.Rel(filepath.Clean(d), filepath.Clean(name)); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel) {
			under = true
			break
		}
	}
	if !under {
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > maxIncludeSize {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", name, maxIncludeSize)
	}
	return os.ReadFile(name)
}

// SmartTorCompiler is the CompileFunc of the smarttor target: the
// front-end and the lowering of smarttor/p4/lower.
func SmartTorCompiler(opts *compile.Options) CompileFunc {
	return FrontEnd(func(p *compile.Program) (*ir.Program, error) { return lower.Lower(p.Checked, p.P4Info) }, opts)
}

// NewBundle compiles the P4 program in path with the front-end and returns
// the device config bundle for it: every source file the preprocessor read
// (the main file first, includes under the names it asked for, so that
// FrontEnd finds them again), and the binary P4Info. This is what
// `smarttor compile` writes next to the P4Info text.
func NewBundle(mainPath string, opts *compile.Options) (*Bundle, *compile.Program, error) {
	o := compile.Options{}
	if opts != nil {
		o = *opts
	}
	var files []BundleFile
	seen := map[string]bool{}
	read := o.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	o.ReadFile = func(name string) ([]byte, error) {
		data, err := read(name)
		if err == nil && !seen[name] {
			seen[name] = true
			files = append(files, BundleFile{Name: name, Data: data})
		}
		return data, err
	}
	p, err := compile.Load(mainPath, &o)
	if err != nil {
		return nil, p, err
	}
	info, err := proto.Marshal(p.P4Info)
	if err != nil {
		return nil, p, fmt.Errorf("encoding the P4Info: %w", err)
	}
	return &Bundle{Files: files, P4Info: info}, p, nil
}
