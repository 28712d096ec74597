package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"

	controllerv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controller/v1"
)

// dialer connects to an agent's admin API.
type dialer func(addr string) (controllerv1.AdminClient, func(), error)

func dialAdmin(addr string) (controllerv1.AdminClient, func(), error) {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, nil, err
	}
	return controllerv1.NewAdminClient(cc), func() { cc.Close() }, nil
}

// cli holds what every command needs; no globals.
type cli struct {
	out    io.Writer
	dial   dialer
	addr   string
	output string
}

func (c *cli) do(fn func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error)) error {
	a, closeFn, err := c.dial(c.addr)
	if err != nil {
		return err
	}
	defer closeFn()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msg, human, err := fn(ctx, a)
	if err != nil {
		return err
	}
	switch c.output {
	case "json":
		b, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(msg)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.out, string(b))
	case "", "table":
		human(c.out)
	default:
		return fmt.Errorf("unknown output format %q: want table or json", c.output)
	}
	return nil
}

func newRootCmd(out io.Writer, dial dialer) *cobra.Command {
	c := &cli{out: out, dial: dial}
	root := &cobra.Command{Use: "torctl", Short: "Inspect and drive a smart-ToR controller (tor-agent)",
		SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().StringVar(&c.addr, "agent", "127.0.0.1:50060", "tor-agent admin address")
	root.PersistentFlags().StringVarP(&c.output, "output", "o", "table", "output format: table or json")
	root.AddCommand(c.cacheCmd(), c.versionsCmd(), c.statsCmd(), c.invalidateCmd(), c.strategyCmd())
	return root
}

func table(w io.Writer, header string, rows [][]string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

func entryRow(e *controllerv1.CacheEntry) []string {
	f, err := convert.FlowInfoFromProto(e.GetFlow())
	if err != nil {
		return []string{"?", err.Error()}
	}
	target := ""
	switch f.Action {
	case vcn.ActionEncap:
		target = fmt.Sprintf("%s vni %d", f.Substrate, f.VNI)
	case vcn.ActionDeliver:
		target = fmt.Sprintf("vnic %d", f.DeliverVNIC)
	}
	var vers []string
	for _, pv := range f.Versions.Parts() {
		vers = append(vers, pv.String())
	}
	stale := ""
	if e.GetStale() {
		stale = "stale"
	}
	k := f.Key
	return []string{fmt.Sprint(k.VNIC), k.Dir.String(), fmt.Sprintf("%s:%d", k.Src, k.SrcPort), fmt.Sprintf("%s:%d", k.Dst, k.DstPort),
		fmt.Sprint(k.Proto), f.Action.String(), target, strings.Join(vers, " "), stale}
}

const entryHeader = "VNIC\tDIR\tSOURCE\tDESTINATION\tPROTO\tACTION\tTARGET\tVERSIONS\t"

func (c *cli) cacheCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "cache", Short: "The flow cache"}
	var vnic uint32
	ls := &cobra.Command{Use: "ls", Short: "List cached flows", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
		return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
			resp, err := a.ListCache(ctx, &controllerv1.ListCacheRequest{Vnic: vnic})
			return resp, func(w io.Writer) {
				rows := make([][]string, 0, len(resp.GetEntries()))
				for _, e := range resp.GetEntries() {
					rows = append(rows, entryRow(e))
				}
				table(w, entryHeader, rows)
			}, err
		})
	}}
	ls.Flags().Uint32Var(&vnic, "vnic", 0, "only this VNIC's flows (its number)")
	show := &cobra.Command{Use: "show KEY", Short: "Show one cached flow",
		Long: "KEY is VNIC/DIR/SRC:SPORT/DST:DPORT/PROTO, e.g. 7/egress/10.0.0.2:4000/10.0.1.3:80/6",
		Args: cobra.ExactArgs(1), RunE: func(_ *cobra.Command, args []string) error {
			k, err := parseKey(args[0])
			if err != nil {
				return err
			}
			return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
				resp, err := a.ShowEntry(ctx, &controllerv1.ShowEntryRequest{Key: convert.FlowKeyToProto(k)})
				return resp, func(w io.Writer) { table(w, entryHeader, [][]string{entryRow(resp.GetEntry())}) }, err
			})
		}}
	cmd.AddCommand(ls, show)
	return cmd
}

// parseKey parses VNIC/DIR/SRC:SPORT/DST:DPORT/PROTO.
func parseKey(s string) (vcn.FlowKey, error) {
	f := strings.Split(s, "/")
	if len(f) != 5 {
		return vcn.FlowKey{}, fmt.Errorf("flow key %q: want VNIC/DIR/SRC:SPORT/DST:DPORT/PROTO", s)
	}
	var k vcn.FlowKey
	if _, err := fmt.Sscan(f[0], &k.VNIC); err != nil {
		return k, fmt.Errorf("flow key %q: vnic: %w", s, err)
	}
	switch f[1] {
	case "egress":
		k.Dir = vcn.Egress
	case "ingress":
		k.Dir = vcn.Ingress
	default:
		return k, fmt.Errorf("flow key %q: direction must be egress or ingress", s)
	}
	src, err := netip.ParseAddrPort(f[2])
	if err != nil {
		return k, fmt.Errorf("flow key %q: source: %w", s, err)
	}
	dst, err := netip.ParseAddrPort(f[3])
	if err != nil {
		return k, fmt.Errorf("flow key %q: destination: %w", s, err)
	}
	if _, err := fmt.Sscan(f[4], &k.Proto); err != nil {
		return k, fmt.Errorf("flow key %q: protocol: %w", s, err)
	}
	k.Src, k.SrcPort, k.Dst, k.DstPort = src.Addr(), src.Port(), dst.Addr(), dst.Port()
	return k, k.Valid()
}

func (c *cli) versionsCmd() *cobra.Command {
	return &cobra.Command{Use: "versions", Short: "Parts the switch holds, their versions and slots", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
				resp, err := a.Versions(ctx, &controllerv1.VersionsRequest{})
				return resp, func(w io.Writer) {
					var rows [][]string
					for _, pv := range resp.GetVersions().GetParts() {
						p, err := convert.PartIDFromProto(pv.GetPart())
						if err != nil {
							continue
						}
						rows = append(rows, []string{p.String(), fmt.Sprint(pv.GetVersion()), fmt.Sprint(resp.GetSlots()[p.String()])})
					}
					table(w, "PART\tVERSION\tSLOT", rows)
				}, err
			})
		}}
}

func (c *cli) statsCmd() *cobra.Command {
	return &cobra.Command{Use: "stats", Short: "Hits, misses, installs, evictions, queues", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
				r, err := a.Stats(ctx, &controllerv1.StatsRequest{})
				return r, func(w io.Writer) {
					rows := [][]string{
						{"strategy", r.GetStrategy()},
						{"hits", fmt.Sprint(r.GetHits())}, {"misses", fmt.Sprint(r.GetMisses())}, {"stale", fmt.Sprint(r.GetStale())},
						{"entries", fmt.Sprintf("%d / %d", r.GetEntries(), r.GetCapacity())},
						{"installs", fmt.Sprint(r.GetInstalls())}, {"installs/s", fmt.Sprintf("%.1f", r.GetInstallsPerSecond())},
						{"evictions", fmt.Sprint(r.GetEvictions())},
					}
					names := make([]string, 0, len(r.GetQueueDepths()))
					for n := range r.GetQueueDepths() {
						names = append(names, n)
					}
					sort.Strings(names)
					for _, n := range names {
						rows = append(rows, []string{"queue " + n, fmt.Sprint(r.GetQueueDepths()[n])})
					}
					table(w, "STAT\tVALUE", rows)
				}, err
			})
		}}
}

func (c *cli) invalidateCmd() *cobra.Command {
	var vnic uint32
	var part string
	cmd := &cobra.Command{Use: "invalidate", Short: "Delete the cached flows of a VNIC or of a part", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			req := &controllerv1.InvalidateRequest{Vnic: vnic}
			if part != "" {
				p, err := vcn.ParsePartID(part)
				if err != nil {
					return err
				}
				req.Part = convert.PartIDToProto(p)
			}
			if vnic == 0 && part == "" {
				return fmt.Errorf("name --vnic or --part")
			}
			return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
				resp, err := a.Invalidate(ctx, req)
				return resp, func(w io.Writer) { fmt.Fprintf(w, "%d entries invalidated\n", resp.GetEntries()) }, err
			})
		}}
	cmd.Flags().Uint32Var(&vnic, "vnic", 0, "VNIC number")
	cmd.Flags().StringVar(&part, "part", "", "part, e.g. policy/vnic-1, mapping/vcn-1/10.0.0.5, route/rt-1")
	return cmd
}

func (c *cli) strategyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "strategy", Short: "The invalidation strategy"}
	get := &cobra.Command{Use: "get", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
		return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
			resp, err := a.GetStrategy(ctx, &controllerv1.GetStrategyRequest{})
			return resp, func(w io.Writer) { fmt.Fprintln(w, resp.GetStrategy()) }, err
		})
	}}
	set := &cobra.Command{Use: "set STRATEGY", Short: "nis-push, nis-notify, tor-passive or tor-active", Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return c.do(func(ctx context.Context, a controllerv1.AdminClient) (proto.Message, func(io.Writer), error) {
				resp, err := a.SetStrategy(ctx, &controllerv1.SetStrategyRequest{Strategy: args[0]})
				return resp, func(w io.Writer) { fmt.Fprintf(w, "%s (was %s)\n", args[0], resp.GetPrevious()) }, err
			})
		}}
	cmd.AddCommand(get, set)
	return cmd
}
