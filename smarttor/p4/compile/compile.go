// Package compile is the front door of the smarttor P4 front-end: it
// preprocesses, parses and checks a P4_16 program and generates its P4Info
// as `p4c --p4runtime-files` would. The CLI (cmd/smarttor) and the target
// use it; the interpreter side will add the device configuration (the
// lowered pipeline bundle) here.
//
// compile may import smarttor/p4/syntax, smarttor/p4/types,
// smarttor/p4/p4info, smarttor/p4/builtin, the standard library and the
// P4Runtime API.
package compile

import (
	"errors"
	"fmt"

	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/syntax"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/types"
)

// Options configures Load.
type Options struct {
	// IncludeDirs are searched for #include files after the including
	// file's directory; <core.p4> and <v1model.p4> are built in.
	IncludeDirs []string
	// Defines are macros defined before the first line, like cpp -D.
	Defines map[string]string
	// ReadFile, if not nil, reads the program and included files (for
	// programs held in memory).
	ReadFile func(name string) ([]byte, error)
	// NoP4Info skips P4Info generation.
	NoP4Info bool
}

// Program is a compiled program.
type Program struct {
	Files   *syntax.FileSet
	Syntax  *syntax.Program
	Checked *types.Program
	// P4Info is the program's P4Info; nil with Options.NoP4Info.
	P4Info *p4configv1.P4Info
	// TODO(p4exec): the device configuration (the lowered IR bundle the
	// target loads through SetForwardingPipelineConfig) is added here by
	// the interpreter side.
}

// Load preprocesses, parses and checks the program in path and generates
// its P4Info. Front-end errors are returned as a syntax.ErrorList
// (file:line:col: message, one per line); the Program is returned with
// them when parsing got far enough, for tools that want partial results.
func Load(path string, opts *Options) (*Program, error) {
	return LoadSource(path, nil, opts)
}

// LoadSource is Load for a program whose text is src (read from path when
// src is nil).
func LoadSource(path string, src []byte, opts *Options) (*Program, error) {
	if opts == nil {
		opts = &Options{}
	}
	fset := syntax.NewFileSet()
	sopts := &syntax.Options{IncludeDirs: opts.IncludeDirs, Defines: opts.Defines, ReadFile: opts.ReadFile}
	if src == nil && opts.ReadFile != nil {
		b, err := opts.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		src = b
	}
	prog, err := syntax.ParseProgram(fset, path, src, sopts)
	p := &Program{Files: fset, Syntax: prog}
	if err != nil {
		return p, err
	}
	checked, err := types.Check(fset, prog)
	p.Checked = checked
	if err != nil {
		return p, err
	}
	if opts.NoP4Info {
		return p, nil
	}
	desc, err := Describe(checked)
	if el := ErrorList(err); el != nil {
		return p, el
	}
	if err != nil {
		return p, fmt.Errorf("describing %s for P4Info: %w", path, err)
	}
	info, err := p4info.Build(desc)
	if err != nil {
		return p, fmt.Errorf("building the P4Info of %s: %w", path, err)
	}
	p.P4Info = info
	return p, nil
}

// ErrorList returns err's front-end errors, or nil when err is not a
// syntax.ErrorList.
func ErrorList(err error) syntax.ErrorList {
	var el syntax.ErrorList
	if errors.As(err, &el) {
		return el
	}
	return nil
}
