package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func (a *app) changeCmd(verb, short string) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   verb + " -f FILE",
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return fmt.Errorf("-f FILE is required (- for standard input)")
			}
			data, err := a.readFile(file)
			if err != nil {
				return err
			}
			objs, err := parseObjects(data)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			c, err := a.dial()
			if err != nil {
				return err
			}
			defer c.Close()
			for _, o := range objs {
				ctx, cancel := a.ctx(cmd)
				var ch api.Change
				if verb == "create" {
					ch, err = c.Create(ctx, o)
				} else {
					ch, err = c.Update(ctx, o)
				}
				cancel()
				r, _ := api.RefOf(o)
				if err != nil {
					return fmt.Errorf("%s %s: %w", verb, r, err)
				}
				if err := a.printChange(verb+"d", r, ch); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "filename", "f", "", "YAML or JSON file of objects (- for standard input)")
	return cmd
}

func (a *app) readFile(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(a.in)
	}
	return os.ReadFile(name)
}

func (a *app) getCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "get KIND ID",
		Short: "Show one object (mappings: ID is VCN/IP)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := kindArg(args[0])
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) error {
				o, err := c.Get(ctx, api.Ref{Kind: k, ID: args[1]})
				if err != nil {
					return err
				}
				if err := a.printObjects(k, []any{o}, 0); err != nil || a.output == "json" {
					return err
				}
				return a.printRules(o)
			})
		},
	}
}

func (a *app) listCmd() *cobra.Command {
	var f api.ListFilter
	cmd := &cobra.Command{
		Use:   "list KIND",
		Short: "List objects of a kind",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := kindArg(args[0])
			if err != nil {
				return err
			}
			f.Kind = k
			return a.call(cmd, func(ctx context.Context, c *client.Client) error {
				objs, rev, err := c.List(ctx, f)
				if err != nil {
					return err
				}
				return a.printObjects(k, objs, rev)
			})
		},
	}
	cmd.Flags().StringVar(&f.VCNID, "vcn", "", "only objects of this VCN")
	cmd.Flags().StringVar(&f.ToR, "tor", "", "only VNICs behind this ToR")
	return cmd
}

func (a *app) deleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete KIND ID",
		Short: "Delete an object (mappings: ID is VCN/IP)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := kindArg(args[0])
			if err != nil {
				return err
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) error {
				r := api.Ref{Kind: k, ID: args[1]}
				ch, err := c.Delete(ctx, r)
				if err != nil {
					return err
				}
				return a.printChange("deleted", r, ch)
			})
		},
	}
}

func (a *app) versionsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "versions [PART...]",
		Short: "Show part versions (PART is kind/key, e.g. policy/vnic-1)",
		RunE: func(cmd *cobra.Command, args []string) error {
			parts := make([]vcn.PartID, len(args))
			for i, s := range args {
				p, err := vcn.ParsePartID(s)
				if err != nil {
					return err
				}
				parts[i] = p
			}
			return a.call(cmd, func(ctx context.Context, c *client.Client) error {
				v, rev, err := c.Versions(ctx, parts...)
				if err != nil {
					return err
				}
				return a.printVersions(v, rev)
			})
		},
	}
}

func (a *app) watchCmd() *cobra.Command {
	var (
		from    int64
		content bool
		count   int
	)
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Stream version bumps",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.dial()
			if err != nil {
				return err
			}
			defer c.Close()
			ctx := cmd.Context()
			n := 0
			ch, err := c.Watch(ctx, from, content)
			if err != nil {
				return err
			}
			for ev := range ch {
				if err := a.printEvent(ev); err != nil {
					return err
				}
				n += len(ev.Bumps)
				if count > 0 && n >= count {
					return nil
				}
			}
			return ctx.Err()
		},
	}
	cmd.Flags().Int64Var(&from, "from", 0, "start after this revision (0: now)")
	cmd.Flags().BoolVar(&content, "content", false, "include the parts' content")
	cmd.Flags().IntVar(&count, "count", 0, "stop after this many bumps (0: never)")
	return cmd
}
