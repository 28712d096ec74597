package stf

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/compile"
)

// Command returns the "stf" subcommand: smarttor stf PROGRAM.p4 TEST.stf...
// runs each STF file against the program and fails if any does.
func Command() *cobra.Command {
	var verbose bool
	var includes, defines []string
	cmd := &cobra.Command{
		Use:   "stf PROGRAM.p4 TEST.stf...",
		Short: "Run p4c STF packet tests against a P4 program",
		Args:  cobra.MinimumNArgs(2),
		// A failing test is not a usage error.
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := &compile.Options{IncludeDirs: includes, Defines: map[string]string{}}
			for _, d := range defines {
				name, value, ok := strings.Cut(d, "=")
				if !ok {
					value = "1"
				}
				opts.Defines[name] = value
			}
			t, err := NewTarget(args[0], opts)
			if err != nil {
				// The root command may silence errors: print it here.
				fmt.Fprintf(cmd.ErrOrStderr(), "FAIL %s\n%v\n", args[0], err)
				return err
			}
			failed := 0
			for _, path := range args[1:] {
				f, err := ParseFile(path)
				if err == nil {
					log := cmd.ErrOrStderr()
					if !verbose {
						log = nil
					}
					err = t.Run(f, log)
				}
				if err != nil {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "FAIL %s\n%v\n", path, err)
					continue
				}
				fmt.Fprintf(cmd.OutOrStdout(), "PASS %s\n", path)
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d STF files failed", failed, len(args)-1)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "log statements, packets and the switch trace to stderr")
	cmd.Flags().StringArrayVarP(&includes, "include", "I", nil, "add a directory to the #include search path")
	cmd.Flags().StringArrayVarP(&defines, "define", "D", nil, "define a macro, NAME or NAME=VALUE")
	return cmd
}
