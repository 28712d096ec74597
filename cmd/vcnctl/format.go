package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"gopkg.in/yaml.v3"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	cpv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// parseObjects reads configuration objects from YAML (JSON being YAML):
// one object per document, or a list of objects per document.
func parseObjects(data []byte) ([]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []any
	for doc := 0; ; doc++ {
		var v any
		if err := dec.Decode(&v); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("document %d: %w", doc, err)
		}
		items, ok := v.([]any)
		if !ok {
			items = []any{v}
		}
		for i, item := range items {
			if item == nil {
				continue
			}
			o, err := parseObject(item)
			if err != nil {
				return nil, fmt.Errorf("document %d, object %d: %w", doc, i, err)
			}
			out = append(out, o)
		}
	}
}

func parseObject(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m typesv1.Object
	if err := protojson.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return convert.ObjectFromProto(&m)
}

// printJSON prints m as indented JSON. protojson varies its whitespace on
// purpose; re-indenting makes the output stable for scripts and diffs.
func (a *app) printJSON(m proto.Message) error {
	b, err := protojson.Marshal(m)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = a.out.Write(out.Bytes())
	return err
}

func (a *app) printChange(verb string, r api.Ref, c api.Change) error {
	if a.output == "json" {
		return a.printJSON(&cpv1.CreateResponse{Bumped: convert.PartVersionsToProto(c.Bumped), Revision: c.Revision})
	}
	parts := make([]string, len(c.Bumped))
	for i, pv := range c.Bumped {
		parts[i] = pv.String()
	}
	bumped := "nothing"
	if len(parts) > 0 {
		bumped = strings.Join(parts, " ")
	}
	_, err := fmt.Fprintf(a.out, "%s %s at revision %d; bumped %s\n", verb, r, c.Revision, bumped)
	return err
}

func (a *app) printObjects(k api.Kind, objs []any, rev int64) error {
	if a.output == "json" {
		resp := &cpv1.ListResponse{Revision: rev}
		for _, o := range objs {
			m, err := convert.ObjectToProto(o)
			if err != nil {
				return err
			}
			resp.Objects = append(resp.Objects, m)
		}
		if len(objs) == 1 && rev == 0 {
			return a.printJSON(resp.Objects[0])
		}
		return a.printJSON(resp)
	}
	w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	headers := map[api.Kind]string{
		api.KindVCN:          "ID\tNAME\tCIDRS\tVNI",
		api.KindSubnet:       "ID\tVCN\tCIDR\tROUTE TABLE\tSECURITY LISTS",
		api.KindVNIC:         "ID\tSUBNET\tNUM\tIP\tMAC\tNSGS\tTOR\tPORT\tVLAN",
		api.KindSecurityList: "ID\tVCN\tKIND\tRULES",
		api.KindRouteTable:   "ID\tVCN\tRULES",
		api.KindMapping:      "VCN\tOVERLAY IP\tSUBSTRATE\tVNI",
	}
	fmt.Fprintln(w, headers[k])
	for _, o := range objs {
		fmt.Fprintln(w, row(o))
	}
	return w.Flush()
}

func list(ss []string) string {
	if len(ss) == 0 {
		return "-"
	}
	return strings.Join(ss, ",")
}

func row(o any) string {
	switch o := o.(type) {
	case vcn.VCN:
		cidrs := make([]string, len(o.CIDRs))
		for i, c := range o.CIDRs {
			cidrs[i] = c.String()
		}
		name := o.Name
		if name == "" {
			name = "-"
		}
		return fmt.Sprintf("%s\t%s\t%s\t%d", o.ID, name, list(cidrs), o.VNI)
	case vcn.Subnet:
		rt := o.RouteTableID
		if rt == "" {
			rt = "-"
		}
		return fmt.Sprintf("%s\t%s\t%s\t%s\t%s", o.ID, o.VCNID, o.CIDR, rt, list(o.SecurityListIDs))
	case vcn.VNIC:
		return fmt.Sprintf("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\t%d", o.ID, o.SubnetID, o.Num, o.IP, o.MAC, list(o.NSGIDs), o.Attach.ToR, o.Attach.Port, o.Attach.VLAN)
	case vcn.SecurityList:
		kind := "security-list"
		if o.Kind == vcn.NetworkSecurityGroup {
			kind = "nsg"
		}
		return fmt.Sprintf("%s\t%s\t%s\t%d", o.ID, o.VCNID, kind, len(o.Rules))
	case vcn.RouteTable:
		return fmt.Sprintf("%s\t%s\t%d", o.ID, o.VCNID, len(o.Rules))
	case vcn.Mapping:
		return fmt.Sprintf("%s\t%s\t%s\t%d", o.VCNID, o.OverlayIP, o.Substrate, o.VNI)
	}
	return fmt.Sprintf("%v", o)
}

func (a *app) printVersions(v vcn.VersionVector, rev int64) error {
	if a.output == "json" {
		return a.printJSON(&cpv1.VersionsResponse{Versions: convert.VectorToProto(v), Revision: rev})
	}
	w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PART\tVERSION")
	for _, pv := range v.Parts() {
		fmt.Fprintf(w, "%s\t%d\n", pv.Part, pv.Version)
	}
	return w.Flush()
}

func (a *app) printEvent(ev api.WatchEvent) error {
	if a.output == "json" {
		resp := &cpv1.WatchResponse{Revision: ev.Revision, Compacted: ev.Compacted}
		for _, b := range ev.Bumps {
			resp.Bumps = append(resp.Bumps, convert.PartContentToProto(b))
		}
		b, err := protojson.Marshal(resp)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Compact(&out, b); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = a.out.Write(out.Bytes())
		return err
	}
	var err error
	switch {
	case ev.Compacted:
		_, err = fmt.Fprintf(a.out, "revision %d: history compacted, bumps lost: resynchronise\n", ev.Revision)
	case len(ev.Bumps) == 0:
		_, err = fmt.Fprintf(a.out, "watching after revision %d\n", ev.Revision)
	}
	for _, b := range ev.Bumps {
		suffix := ""
		if b.Deleted {
			suffix = " deleted"
		}
		if _, err = fmt.Fprintf(a.out, "revision %d: %s%s\n", ev.Revision, b.PartVersion, suffix); err != nil {
			return err
		}
	}
	return err
}

// printRules prints the rules of a security list or route table under its
// row, for get.
func (a *app) printRules(o any) error {
	w := tabwriter.NewWriter(a.out, 0, 4, 2, ' ', 0)
	switch o := o.(type) {
	case vcn.SecurityList:
		if len(o.Rules) == 0 {
			return nil
		}
		fmt.Fprintln(w, "\nDIRECTION\tPROTOCOL\tCIDR\tSRC PORTS\tDST PORTS\tSTATELESS")
		for _, r := range o.Rules {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%v\n", r.Direction, protoName(r.Protocol), r.CIDR, ports(r.SrcPort), ports(r.DstPort), r.Stateless)
		}
	case vcn.RouteTable:
		if len(o.Rules) == 0 {
			return nil
		}
		fmt.Fprintln(w, "\nDEST\tTARGET\tID\tSUBSTRATE")
		for _, r := range o.Rules {
			kind := [...]string{vcn.TargetLocal: "local", vcn.TargetPeering: "peering", vcn.TargetGateway: "gateway"}
			k := fmt.Sprintf("kind(%d)", r.Target.Kind)
			if int(r.Target.Kind) < len(kind) {
				k = kind[r.Target.Kind]
			}
			sub := "-"
			if r.Target.Substrate.IsValid() {
				sub = r.Target.Substrate.String()
			}
			id := r.Target.ID
			if id == "" {
				id = "-"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.Dest, k, id, sub)
		}
	default:
		return nil
	}
	return w.Flush()
}

func protoName(p uint8) string {
	switch p {
	case vcn.ProtoAny:
		return "any"
	case vcn.ProtoICMP:
		return "icmp"
	case vcn.ProtoTCP:
		return "tcp"
	case vcn.ProtoUDP:
		return "udp"
	}
	return fmt.Sprint(p)
}

func ports(r vcn.PortRange) string {
	switch {
	case r.AnyPort():
		return "any"
	case r.Lo == r.Hi:
		return fmt.Sprint(r.Lo)
	}
	return fmt.Sprintf("%d-%d", r.Lo, r.Hi)
}
