package gnmi

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// fixture is a Set of two in-memory ports behind a gNMI server on bufconn.
type fixture struct {
	set    *ports.Set
	eth1   *ports.MemEnd
	eth2   *ports.MemEnd
	client gpb.GNMIClient
}

func newFixture(t *testing.T, opts ...Option) *fixture {
	t.Helper()
	set, err := ports.NewSet()
	if err != nil {
		t.Fatal(err)
	}
	p1, e1 := ports.NewMemPort(1, "eth1")
	p2, e2 := ports.NewMemPort(2, "eth2")
	for _, p := range []ports.Port{p1, p2} {
		if err := set.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	// The switch: everything that arrives is dropped after counting.
	if err := set.Start(func(uint32, []byte) bool { return true }); err != nil {
		t.Fatal(err)
	}

	lis := bufconn.Listen(1 << 20)
	g := grpc.NewServer()
	NewServer(set, opts...).Register(g)
	go g.Serve(lis)
	t.Cleanup(g.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &fixture{set: set, eth1: e1, eth2: e2, client: gpb.NewGNMIClient(conn)}
}

// frame is a 60-byte unicast frame.
func frame() []byte {
	f := make([]byte, 60)
	f[0], f[12], f[13] = 0x02, 0x88, 0xb5
	return f
}

func (f *fixture) inject(t *testing.T, e *ports.MemEnd, n int) {
	t.Helper()
	for range n {
		if err := e.Inject(frame()); err != nil {
			t.Fatal(err)
		}
	}
}

// p parses a path like "/interfaces/interface[name=eth1]/state"; an
// origin goes first as "openconfig:".
func p(s string) *gpb.Path {
	path := &gpb.Path{}
	if o, rest, ok := strings.Cut(s, ":/"); ok {
		path.Origin, s = o, "/"+rest
	}
	for _, part := range strings.Split(strings.Trim(s, "/"), "/") {
		if part == "" {
			continue
		}
		e := &gpb.PathElem{Name: part}
		if name, kv, ok := strings.Cut(part, "["); ok {
			k, v, _ := strings.Cut(strings.TrimSuffix(kv, "]"), "=")
			e = &gpb.PathElem{Name: name, Key: map[string]string{k: v}}
		}
		path.Elem = append(path.Elem, e)
	}
	return path
}

// str renders a path as p parses it.
func str(path *gpb.Path) string {
	var b strings.Builder
	for _, e := range path.GetElem() {
		b.WriteString("/" + e.GetName())
		keys := make([]string, 0, len(e.GetKey()))
		for k, v := range e.GetKey() {
			keys = append(keys, fmt.Sprintf("[%s=%s]", k, v))
		}
		sort.Strings(keys)
		b.WriteString(strings.Join(keys, ""))
	}
	return b.String()
}

func val(v *gpb.TypedValue) string {
	switch x := v.GetValue().(type) {
	case *gpb.TypedValue_UintVal:
		return fmt.Sprint(x.UintVal)
	case *gpb.TypedValue_StringVal:
		return x.StringVal
	case *gpb.TypedValue_BoolVal:
		return fmt.Sprint(x.BoolVal)
	case *gpb.TypedValue_JsonIetfVal:
		return "ietf:" + string(x.JsonIetfVal)
	case *gpb.TypedValue_JsonVal:
		return "json:" + string(x.JsonVal)
	}
	return fmt.Sprintf("%v", v)
}

// flat maps the updates of notifications to path → value, deletes to
// path → "<deleted>".
func flat(ns ...*gpb.Notification) map[string]string {
	m := map[string]string{}
	for _, n := range ns {
		for _, u := range n.GetUpdate() {
			m[str(u.GetPath())] = val(u.GetVal())
		}
		for _, d := range n.GetDelete() {
			m[str(d)] = "<deleted>"
		}
	}
	return m
}

// pick keeps the entries whose path ends in one of the suffixes.
func pick(m map[string]string, suffixes ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		for _, s := range suffixes {
			if strings.HasSuffix(k, s) {
				out[k] = v
			}
		}
	}
	return out
}

func TestCapabilities(t *testing.T) {
	f := newFixture(t)
	got, err := f.client.Capabilities(context.Background(), &gpb.CapabilityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetGNMIVersion() != Version || len(got.GetSupportedModels()) != 1 ||
		got.GetSupportedModels()[0].GetName() != "openconfig-interfaces" {
		t.Errorf("capabilities = %v", got)
	}
	encs := map[gpb.Encoding]bool{}
	for _, e := range got.GetSupportedEncodings() {
		encs[e] = true
	}
	if !encs[gpb.Encoding_JSON_IETF] || !encs[gpb.Encoding_PROTO] {
		t.Errorf("encodings %v lack JSON_IETF or PROTO", got.GetSupportedEncodings())
	}
}

const (
	eth1 = "/interfaces/interface[name=eth1]"
	eth2 = "/interfaces/interface[name=eth2]"
)

func TestGet(t *testing.T) {
	f := newFixture(t)
	f.inject(t, f.eth1, 3)
	f.eth2.SetLinkUp(false)

	tests := []struct {
		name   string
		req    *gpb.GetRequest
		filter []string // keep only these suffixes of the result, if set
		want   map[string]string
	}{
		{"counter", &gpb.GetRequest{Path: []*gpb.Path{p(eth1 + "/state/counters/in-pkts")}, Encoding: gpb.Encoding_PROTO}, nil,
			map[string]string{eth1 + "/state/counters/in-pkts": "3"}},
		{"json_ietf counter is a string", &gpb.GetRequest{Path: []*gpb.Path{p(eth1 + "/state/counters/in-octets")}, Encoding: gpb.Encoding_JSON_IETF}, nil,
			map[string]string{eth1 + "/state/counters/in-octets": `ietf:"180"`}},
		{"json", &gpb.GetRequest{Path: []*gpb.Path{p(eth1 + "/state/counters/in-unicast-pkts"), p(eth1 + "/state/oper-status")}}, nil,
			map[string]string{eth1 + "/state/counters/in-unicast-pkts": "json:3", eth1 + "/state/oper-status": `json:"UP"`}},
		{"wildcard name", &gpb.GetRequest{Path: []*gpb.Path{p("/interfaces/interface[name=*]/state/oper-status")}, Encoding: gpb.Encoding_PROTO}, nil,
			map[string]string{eth1 + "/state/oper-status": "UP", eth2 + "/state/oper-status": "DOWN"}},
		{"interface without key", &gpb.GetRequest{Path: []*gpb.Path{p("/interfaces/interface/state/name")}, Encoding: gpb.Encoding_PROTO}, nil,
			map[string]string{eth1 + "/state/name": "eth1", eth2 + "/state/name": "eth2"}},
		{"ellipsis", &gpb.GetRequest{Path: []*gpb.Path{p("/interfaces/.../out-pkts")}, Encoding: gpb.Encoding_PROTO}, nil,
			map[string]string{eth1 + "/state/counters/out-pkts": "0", eth2 + "/state/counters/out-pkts": "0"}},
		{"prefix and origin", &gpb.GetRequest{Prefix: p("openconfig:" + eth1 + "/state"), Path: []*gpb.Path{p("counters/in-discards"), p("ifindex")}, Encoding: gpb.Encoding_PROTO}, nil,
			map[string]string{eth1 + "/state/counters/in-discards": "0", eth1 + "/state/ifindex": "1"}},
		{"subtree", &gpb.GetRequest{Path: []*gpb.Path{p(eth2 + "/state/counters")}, Encoding: gpb.Encoding_PROTO}, []string{"in-errors", "out-discards"},
			map[string]string{eth2 + "/state/counters/in-errors": "0", eth2 + "/state/counters/out-discards": "0"}},
		{"config type", &gpb.GetRequest{Path: []*gpb.Path{p(eth1)}, Type: gpb.GetRequest_CONFIG, Encoding: gpb.Encoding_PROTO}, nil,
			map[string]string{eth1 + "/name": "eth1", eth1 + "/config/name": "eth1", eth1 + "/config/enabled": "true"}},
		{"state type", &gpb.GetRequest{Path: []*gpb.Path{p(eth1 + "/...")}, Type: gpb.GetRequest_STATE, Encoding: gpb.Encoding_PROTO}, []string{"name", "enabled"},
			map[string]string{eth1 + "/state/name": "eth1", eth1 + "/state/enabled": "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.client.Get(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.GetNotification()) != max(1, len(tt.req.GetPath())) {
				t.Errorf("got %d notifications, want one per path", len(resp.GetNotification()))
			}
			got := flat(resp.GetNotification()...)
			if tt.filter != nil {
				got = pick(got, tt.filter...)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("updates (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGetErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		req  *gpb.GetRequest
		want codes.Code
	}{
		{"unknown path", &gpb.GetRequest{Path: []*gpb.Path{p("/system/state/hostname")}}, codes.NotFound},
		{"unknown leaf", &gpb.GetRequest{Path: []*gpb.Path{p(eth1 + "/state/counters/in-bogus")}}, codes.NotFound},
		{"unknown interface", &gpb.GetRequest{Path: []*gpb.Path{p("/interfaces/interface[name=eth9]/state/oper-status")}}, codes.NotFound},
		{"unknown key", &gpb.GetRequest{Path: []*gpb.Path{p("/interfaces/interface[id=1]/state/oper-status")}}, codes.NotFound},
		{"unknown origin", &gpb.GetRequest{Path: []*gpb.Path{p("rfc7951:" + eth1)}}, codes.NotFound},
		{"clashing origins", &gpb.GetRequest{Prefix: &gpb.Path{Origin: "openconfig"}, Path: []*gpb.Path{{Origin: "other"}}}, codes.InvalidArgument},
		{"empty element", &gpb.GetRequest{Path: []*gpb.Path{{Elem: []*gpb.PathElem{{Name: "interfaces"}, {}}}}}, codes.InvalidArgument},
		{"deprecated element", &gpb.GetRequest{Path: []*gpb.Path{{Element: []string{"interfaces"}}}}, codes.InvalidArgument},
		{"ascii encoding", &gpb.GetRequest{Path: []*gpb.Path{p(eth1)}, Encoding: gpb.Encoding_ASCII}, codes.Unimplemented},
		{"unknown model", &gpb.GetRequest{Path: []*gpb.Path{p(eth1)}, UseModels: []*gpb.ModelData{{Name: "openconfig-bgp"}}}, codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.client.Get(context.Background(), tt.req)
			if got := status.Code(err); got != tt.want {
				t.Errorf("code = %v (%v), want %v", got, err, tt.want)
			}
		})
	}
}

// readOnly hides the source's SetEnabled.
type readOnly struct{ InterfaceSource }

func TestSetReadOnly(t *testing.T) {
	set, _ := ports.NewSet()
	s := NewServer(readOnly{set})
	_, err := s.Set(context.Background(), &gpb.SetRequest{})
	if status.Code(err) != codes.Unimplemented {
		t.Errorf("Set: %v, want UNIMPLEMENTED", err)
	}
}

func TestSet(t *testing.T) {
	boolVal := func(b bool) *gpb.TypedValue { return &gpb.TypedValue{Value: &gpb.TypedValue_BoolVal{BoolVal: b}} }
	jsonVal := func(j string) *gpb.TypedValue {
		return &gpb.TypedValue{Value: &gpb.TypedValue_JsonIetfVal{JsonIetfVal: []byte(j)}}
	}
	upd := func(path string, v *gpb.TypedValue) *gpb.Update { return &gpb.Update{Path: p(path), Val: v} }
	tests := []struct {
		name     string
		req      *gpb.SetRequest
		wantCode codes.Code
		want     map[string]string // admin-status after the Set
	}{
		{"disable", &gpb.SetRequest{Update: []*gpb.Update{upd(eth1+"/config/enabled", boolVal(false))}}, codes.OK,
			map[string]string{eth1: "DOWN", eth2: "UP"}},
		{"json replace with prefix", &gpb.SetRequest{Prefix: p("/interfaces"), Replace: []*gpb.Update{upd("interface[name=eth2]/config/enabled", jsonVal("false"))}}, codes.OK,
			map[string]string{eth1: "UP", eth2: "DOWN"}},
		{"delete restores default", &gpb.SetRequest{
			Update: []*gpb.Update{upd(eth1+"/config/enabled", boolVal(false))},
			Delete: []*gpb.Path{p(eth1 + "/config/enabled")}}, codes.OK,
			map[string]string{eth1: "DOWN", eth2: "UP"}}, // delete first, then update
		{"state leaf", &gpb.SetRequest{Update: []*gpb.Update{upd(eth1+"/state/enabled", boolVal(false))}}, codes.InvalidArgument, nil},
		{"wildcard", &gpb.SetRequest{Update: []*gpb.Update{upd("/interfaces/interface[name=*]/config/enabled", boolVal(false))}}, codes.InvalidArgument, nil},
		{"not a bool", &gpb.SetRequest{Update: []*gpb.Update{upd(eth1+"/config/enabled", jsonVal(`"no"`))}}, codes.InvalidArgument, nil},
		{"unknown interface", &gpb.SetRequest{Update: []*gpb.Update{upd("/interfaces/interface[name=eth9]/config/enabled", boolVal(false))}}, codes.NotFound, nil},
		{"unknown path", &gpb.SetRequest{Update: []*gpb.Update{upd("/system/config/hostname", boolVal(false))}}, codes.NotFound, nil},
		{"valid then invalid changes nothing", &gpb.SetRequest{Update: []*gpb.Update{
			upd(eth1+"/config/enabled", boolVal(false)), upd(eth2+"/state/name", boolVal(false))}}, codes.InvalidArgument, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.client.Set(context.Background(), tt.req)
			if got := status.Code(err); got != tt.wantCode {
				t.Fatalf("code = %v (%v), want %v", got, err, tt.wantCode)
			}
			want := tt.want
			if want == nil {
				want = map[string]string{eth1: "UP", eth2: "UP"}
			}
			resp, err := f.client.Get(context.Background(), &gpb.GetRequest{
				Path: []*gpb.Path{p("/interfaces/interface/state/admin-status")}, Encoding: gpb.Encoding_PROTO})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for k, v := range flat(resp.GetNotification()...) {
				got[strings.TrimSuffix(k, "/state/admin-status")] = v
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("admin-status (-want +got):\n%s", diff)
			}
		})
	}
}
