package gnmi

import (
	"context"
	"strings"

	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// AdminSource is an InterfaceSource whose interfaces gNMI Set can enable
// and disable through /interfaces/interface[name=X]/config/enabled.
// *ports.Set is one; with a source that is not, Set is UNIMPLEMENTED.
type AdminSource interface {
	SetEnabled(name string, enabled bool) error
}

var _ AdminSource = (*ports.Set)(nil)

// enabledPath is the one settable leaf, below the interface element.
var enabledPath = []string{"config", "enabled"}

// setOp is one validated change.
type setOp struct {
	name    string
	enabled bool
	path    *gpb.Path
	op      gpb.UpdateResult_Operation
}

// Set implements gNMI Set for config/enabled: update and replace set it,
// delete restores the default (enabled). All operations are validated
// before any is applied; if applying one fails, those applied are undone.
func (s *Server) Set(_ context.Context, req *gpb.SetRequest) (*gpb.SetResponse, error) {
	admin, ok := s.src.(AdminSource)
	if !ok {
		return nil, status.Error(codes.Unimplemented, "set is not supported: interfaces are read-only")
	}
	if len(req.GetUnionReplace()) > 0 {
		return nil, status.Error(codes.Unimplemented, "union_replace is not supported")
	}
	known := map[string]bool{}
	for _, st := range s.src.Statuses() {
		known[st.Name] = true
	}
	var ops []setOp
	add := func(p *gpb.Path, op gpb.UpdateResult_Operation, v *gpb.TypedValue) error {
		name, err := settable(req.GetPrefix(), p)
		if err != nil {
			return err
		}
		if !known[name] {
			return status.Errorf(codes.NotFound, "interface %q does not exist", name)
		}
		enabled := true
		if op != gpb.UpdateResult_DELETE {
			if enabled, err = boolOf(v); err != nil {
				return err
			}
		}
		ops = append(ops, setOp{name: name, enabled: enabled, path: p, op: op})
		return nil
	}
	for _, p := range req.GetDelete() {
		if err := add(p, gpb.UpdateResult_DELETE, nil); err != nil {
			return nil, err
		}
	}
	for _, u := range req.GetReplace() {
		if err := add(u.GetPath(), gpb.UpdateResult_REPLACE, u.GetVal()); err != nil {
			return nil, err
		}
	}
	for _, u := range req.GetUpdate() {
		if err := add(u.GetPath(), gpb.UpdateResult_UPDATE, u.GetVal()); err != nil {
			return nil, err
		}
	}
	was := map[string]bool{}
	for _, st := range s.src.Statuses() {
		was[st.Name] = st.Enabled
	}
	resp := &gpb.SetResponse{Prefix: req.GetPrefix(), Timestamp: s.now().UnixNano()}
	for i, o := range ops {
		if err := admin.SetEnabled(o.name, o.enabled); err != nil {
			for _, u := range ops[:i] {
				_ = admin.SetEnabled(u.name, was[u.name])
			}
			return nil, status.Errorf(codes.Aborted, "set %s enabled: %v; earlier changes undone", o.name, err)
		}
		resp.Response = append(resp.Response, &gpb.UpdateResult{Path: o.path, Op: o.op})
	}
	return resp, nil
}

// settable checks that prefix+p is an interface's config/enabled and
// returns the interface name.
func settable(prefix, p *gpb.Path) (string, error) {
	pat, err := compile(prefix, p)
	if err != nil {
		return "", err
	}
	bad := status.Errorf(codes.InvalidArgument, "path %s cannot be set; only /interfaces/interface[name=X]/config/enabled can", pathString(prefix, p))
	if len(pat) != 2+len(enabledPath) || pat[0].GetName() != "interfaces" || pat[1].GetName() != "interface" {
		return "", bad
	}
	for i, n := range enabledPath {
		if pat[2+i].GetName() != n {
			return "", bad
		}
	}
	name := pat[1].GetKey()["name"]
	if name == "" || name == "*" || len(pat[1].GetKey()) != 1 {
		return "", status.Errorf(codes.InvalidArgument, "path %s: set needs one interface name, not a wildcard", pathString(prefix, p))
	}
	return name, nil
}

// boolOf reads a boolean from a typed value: a bool, or JSON true/false.
func boolOf(v *gpb.TypedValue) (bool, error) {
	var j []byte
	switch x := v.GetValue().(type) {
	case *gpb.TypedValue_BoolVal:
		return x.BoolVal, nil
	case *gpb.TypedValue_JsonVal:
		j = x.JsonVal
	case *gpb.TypedValue_JsonIetfVal:
		j = x.JsonIetfVal
	default:
		return false, status.Errorf(codes.InvalidArgument, "enabled takes a boolean, not %T", v.GetValue())
	}
	switch strings.TrimSpace(string(j)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, status.Errorf(codes.InvalidArgument, "enabled takes a boolean, not %q", j)
}
