package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
)

// app holds what the flags of the root command set; each command gets it
// explicitly (no globals).
type app struct {
	server        string
	tlsCert       string
	tlsKey        string
	tlsCA         string
	tlsServerName string
	output        string
	timeout       time.Duration

	in       io.Reader
	out, err io.Writer
}

func newRootCmd(in io.Reader, out, errw io.Writer) *cobra.Command {
	a := &app{in: in, out: out, err: errw}
	root := &cobra.Command{
		Use:           "vcnctl",
		Short:         "Configure the VCN control plane",
		SilenceUsage:  true,
		SilenceErrors: false,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if a.output != "table" && a.output != "json" {
				return fmt.Errorf("--output %q: want table or json", a.output)
			}
			return nil
		},
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	f := root.PersistentFlags()
	f.StringVar(&a.server, "server", "127.0.0.1:50051", "control plane address")
	f.StringVar(&a.tlsCert, "tls-cert", "", "client certificate (mutual TLS)")
	f.StringVar(&a.tlsKey, "tls-key", "", "client key")
	f.StringVar(&a.tlsCA, "tls-ca", "", "CA of the server certificate (enables TLS)")
	f.StringVar(&a.tlsServerName, "tls-server-name", "", "name to check in the server certificate")
	f.StringVarP(&a.output, "output", "o", "table", "output format: table or json")
	f.DurationVar(&a.timeout, "timeout", 30*time.Second, "timeout of each request (not of watch)")
	root.AddCommand(
		a.changeCmd("create", "Create the objects of a YAML or JSON file"),
		a.changeCmd("update", "Update the objects of a YAML or JSON file"),
		a.getCmd(), a.listCmd(), a.deleteCmd(), a.versionsCmd(), a.watchCmd(),
	)
	return root
}

// dial connects to the control plane.
func (a *app) dial() (*client.Client, error) {
	var opts []client.Option
	if a.tlsCA != "" || a.tlsCert != "" {
		t, err := client.TLSConfig(a.tlsCert, a.tlsKey, a.tlsCA, a.tlsServerName)
		if err != nil {
			return nil, err
		}
		opts = append(opts, client.WithTLS(t))
	}
	return client.Dial(a.server, opts...)
}

func (a *app) ctx(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	return context.WithTimeout(cmd.Context(), a.timeout)
}

// call dials the control plane and runs f on the client with a context
// bounded by --timeout.
func (a *app) call(cmd *cobra.Command, f func(context.Context, *client.Client) error) error {
	c, err := a.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := a.ctx(cmd)
	defer cancel()
	return f(ctx, c)
}

func kindArg(s string) (api.Kind, error) { return api.ParseKind(s) }
