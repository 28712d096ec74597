// Command smarttor is the smarttor P4 target's command-line tool: it checks
// P4_16 programs and compiles them into the files a P4Runtime controller
// needs.
//
//	smarttor check PROGRAM.p4
//	smarttor compile PROGRAM.p4 -o DIR
//	smarttor stf PROGRAM.p4 TEST.stf...
//	smarttor run -i 1@veth1 -i 2@veth2 [--pipeline DIR] [--grpc-server-addr ADDR]
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/device"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/lower"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4rt"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/stf"
)

func main() {
	if err := newRoot(os.Stdout, os.Stderr).Execute(); err != nil {
		os.Exit(1)
	}
}

// frontFlags are the preprocessor flags shared by the commands.
type frontFlags struct {
	includes []string
	defines  []string
}

func (f *frontFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVarP(&f.includes, "include", "I", nil, "add a directory to the #include search path")
	cmd.Flags().StringArrayVarP(&f.defines, "define", "D", nil, "define a macro, NAME or NAME=VALUE")
}

func (f *frontFlags) options() *compile.Options {
	opts := &compile.Options{IncludeDirs: f.includes, Defines: map[string]string{}}
	for _, d := range f.defines {
		name, value, ok := strings.Cut(d, "=")
		if !ok {
			value = "1"
		}
		opts.Defines[name] = value
	}
	return opts
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "smarttor",
		Short:         "The smarttor P4 target's tools",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newCheck(stdout, stderr), newCompile(stdout, stderr), newRun(stderr), stf.Command())
	return root
}

// report prints front-end errors one per line (file:line:col: message)
// and returns an error for the exit status.
func report(stderr io.Writer, err error) error {
	if el := compile.ErrorList(err); el != nil {
		for _, e := range el {
			fmt.Fprintln(stderr, e.Error())
		}
		return fmt.Errorf("%d errors", len(el))
	}
	fmt.Fprintln(stderr, "smarttor:", err)
	return err
}

func newCheck(stdout, stderr io.Writer) *cobra.Command {
	var ff frontFlags
	cmd := &cobra.Command{
		Use:   "check PROGRAM.p4",
		Short: "Type-check a P4_16 program and print its errors",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The P4Info is generated too: two objects with one
			// control-plane name are errors of the program here.
			if _, err := compile.Load(args[0], ff.options()); err != nil {
				return report(stderr, err)
			}
			fmt.Fprintf(stdout, "%s: ok\n", args[0])
			return nil
		},
	}
	ff.register(cmd)
	return cmd
}

func newCompile(stdout, stderr io.Writer) *cobra.Command {
	var ff frontFlags
	var outDir string
	cmd := &cobra.Command{
		Use:   "compile PROGRAM.p4 -o DIR",
		Short: "Compile a P4_16 program: write DIR/p4info.txtpb, DIR/p4info.binpb and the device config DIR/smarttor.bundle",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if outDir == "" {
				err := errors.New("missing output directory (-o DIR)")
				fmt.Fprintln(stderr, "smarttor:", err)
				return err
			}
			bundle, p, err := p4rt.NewBundle(args[0], ff.options())
			if err != nil {
				return report(stderr, err)
			}
			if _, err := lower.Lower(p.Checked, p.P4Info); err != nil {
				return report(stderr, fmt.Errorf("%s: %w", args[0], err))
			}
			devcfg, err := bundle.MarshalBinary()
			if err != nil {
				return report(stderr, err)
			}
			bin, err := p4info.MarshalBinary(p.P4Info)
			if err != nil {
				return report(stderr, err)
			}
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return report(stderr, err)
			}
			files := []struct {
				name string
				data []byte
			}{
				{"p4info.txtpb", p4info.MarshalText(p.P4Info)},
				{"p4info.binpb", bin},
				{device.BundleFile, devcfg},
			}
			for _, f := range files {
				path := filepath.Join(outDir, f.name)
				if err := os.WriteFile(path, f.data, 0o644); err != nil {
					return report(stderr, err)
				}
				fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", path, len(f.data))
			}
			info := p.P4Info
			fmt.Fprintf(stdout, "%s: %d tables, %d actions, %d counters, %d direct counters, %d meters, %d registers, %d digests\n",
				args[0], len(info.Tables), len(info.Actions), len(info.Counters), len(info.DirectCounters), len(info.Meters), len(info.Registers), len(info.Digests))
			return nil
		},
	}
	ff.register(cmd)
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "output directory")
	return cmd
}
