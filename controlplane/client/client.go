// Package client is the Go client of the control plane's gRPC API, for the
// NIS, the controller, the lab and vcnctl. Its methods mirror the Go API of
// package controlplane and take and return package vcn types; errors come
// back as the same values (api.ErrNotFound, api.ErrAlreadyExists,
// api.ErrInUse, *vcn.FieldError), so callers test them with errors.Is and
// errors.As whether they hold a ControlPlane or a Client. Watch reconnects
// and resumes from the last revision it delivered.
//
// It may import controlplane/api, package vcn, the generated proto packages,
// proto/convert and gRPC; never the server side or etcd.
package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	cpv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
	typesv1 "github.com/vcn-flowcache/vcn-flowcache/proto/types/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Client calls a control plane. It is safe for concurrent use.
type Client struct {
	conn *grpc.ClientConn // nil when built with New
	rpc  cpv1.ControlPlaneClient
}

type options struct {
	tls  *tls.Config
	dial []grpc.DialOption
}

// Option configures Dial.
type Option func(*options)

// WithTLS makes Dial use TLS (see TLSConfig); without it the connection is
// plaintext.
func WithTLS(t *tls.Config) Option { return func(o *options) { o.tls = t } }

// WithDialOptions adds gRPC dial options.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.dial = append(o.dial, opts...) }
}

// Dial returns a client of the control plane at target ("host:port"). The
// connection is made lazily and re-made by gRPC when it breaks.
func Dial(target string, opts ...Option) (*Client, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	creds := insecure.NewCredentials()
	if o.tls != nil {
		creds = credentials.NewTLS(o.tls)
	}
	// Vectors and their stale contents grow with the deployment: accept
	// messages as large as the server does.
	const maxMsg = 256 << 20
	conn, err := grpc.NewClient(target, append([]grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMsg), grpc.MaxCallSendMsgSize(maxMsg)),
	}, o.dial...)...)
	if err != nil {
		return nil, fmt.Errorf("control plane client: %w", err)
	}
	return &Client{conn: conn, rpc: cpv1.NewControlPlaneClient(conn)}, nil
}

// New returns a client over an existing connection, which the caller
// keeps and closes.
func New(conn grpc.ClientConnInterface) *Client {
	return &Client{rpc: cpv1.NewControlPlaneClient(conn)}
}

// Close closes the connection Dial made.
func (c *Client) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// TLSConfig loads a client certificate and key (for mutual TLS; both may
// be empty) and the CA that signs the server's certificate (empty: the
// system roots). serverName overrides the name checked in the server's
// certificate.
func TLSConfig(certFile, keyFile, caFile, serverName string) (*tls.Config, error) {
	cfg := &tls.Config{ServerName: serverName, MinVersion: tls.VersionTLS12}
	if certFile != "" || keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if caFile != "" {
		pool, err := api.CertPool(caFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// ErrorFromStatus turns a status error of the control plane back into the
// Go API's error values (api.ErrNotFound, ..., *vcn.FieldError); other
// errors are returned as they are.
func ErrorFromStatus(err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	var fe error
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetReason() == api.ErrorReasonField && info.GetDomain() == api.ErrorDomain {
			md := info.GetMetadata()
			fe = &vcn.FieldError{Object: md["object"], Field: md["field"], Msg: md["message"]}
		}
	}
	var sentinel error
	switch st.Code() {
	case codes.NotFound:
		sentinel = api.ErrNotFound
	case codes.AlreadyExists:
		sentinel = api.ErrAlreadyExists
	case codes.FailedPrecondition:
		sentinel = api.ErrInUse
	case codes.InvalidArgument:
		if fe != nil {
			return fe
		}
		return err
	default:
		return err
	}
	if fe != nil {
		return fmt.Errorf("%w: %w", sentinel, fe)
	}
	return fmt.Errorf("%s: %w", st.Message(), sentinel)
}

func toObject(obj any) (*typesv1.Object, error) {
	m, err := convert.ObjectToProto(obj)
	if err != nil {
		return nil, fmt.Errorf("control plane client: %w", err)
	}
	return m, nil
}

func refProto(r api.Ref) *cpv1.ObjectRef {
	return &cpv1.ObjectRef{Kind: cpv1.ObjectKind(r.Kind), Id: r.ID}
}

func change(bumped []*typesv1.PartVersion, rev int64) (api.Change, error) {
	pvs, err := convert.PartVersionsFromProto(bumped)
	if err != nil {
		return api.Change{}, fmt.Errorf("control plane client: bumped%w", err)
	}
	return api.Change{Bumped: pvs, Revision: rev}, nil
}

// Create stores a new object (a vcn.VCN, vcn.Subnet, ...).
func (c *Client) Create(ctx context.Context, obj any) (api.Change, error) {
	m, err := toObject(obj)
	if err != nil {
		return api.Change{}, err
	}
	resp, err := c.rpc.Create(ctx, &cpv1.CreateRequest{Object: m})
	if err != nil {
		return api.Change{}, ErrorFromStatus(err)
	}
	return change(resp.GetBumped(), resp.GetRevision())
}

// Update replaces an existing object.
func (c *Client) Update(ctx context.Context, obj any) (api.Change, error) {
	m, err := toObject(obj)
	if err != nil {
		return api.Change{}, err
	}
	resp, err := c.rpc.Update(ctx, &cpv1.UpdateRequest{Object: m})
	if err != nil {
		return api.Change{}, ErrorFromStatus(err)
	}
	return change(resp.GetBumped(), resp.GetRevision())
}

// Delete removes an object.
func (c *Client) Delete(ctx context.Context, r api.Ref) (api.Change, error) {
	resp, err := c.rpc.Delete(ctx, &cpv1.DeleteRequest{Ref: refProto(r)})
	if err != nil {
		return api.Change{}, ErrorFromStatus(err)
	}
	return change(resp.GetBumped(), resp.GetRevision())
}

// Get returns the object r names (a vcn.VCN, vcn.Subnet, ...).
func (c *Client) Get(ctx context.Context, r api.Ref) (any, error) {
	resp, err := c.rpc.Get(ctx, &cpv1.GetRequest{Ref: refProto(r)})
	if err != nil {
		return nil, ErrorFromStatus(err)
	}
	return convert.ObjectFromProto(resp.GetObject())
}

// List returns the objects f selects, sorted by ID, and the revision.
func (c *Client) List(ctx context.Context, f api.ListFilter) ([]any, int64, error) {
	resp, err := c.rpc.List(ctx, &cpv1.ListRequest{Kind: cpv1.ObjectKind(f.Kind), VcnId: f.VCNID, Tor: f.ToR})
	if err != nil {
		return nil, 0, ErrorFromStatus(err)
	}
	out := make([]any, len(resp.GetObjects()))
	for i, m := range resp.GetObjects() {
		if out[i], err = convert.ObjectFromProto(m); err != nil {
			return nil, 0, fmt.Errorf("control plane client: objects[%d]: %w", i, err)
		}
	}
	return out, resp.GetRevision(), nil
}

// CompareVersions returns the parts of held that are stale (with
// includeNew, every part held is behind on), with their content when
// includeContent is set, and the revision compared at.
func (c *Client) CompareVersions(ctx context.Context, held vcn.VersionVector, includeNew, includeContent bool) ([]vcn.PartContent, int64, error) {
	resp, err := c.rpc.CompareVersions(ctx, &cpv1.CompareVersionsRequest{
		Held: convert.VectorToProto(held), IncludeNew: includeNew, IncludeContent: includeContent,
	})
	if err != nil {
		return nil, 0, ErrorFromStatus(err)
	}
	out, err := contents(resp.GetStale())
	if err != nil {
		return nil, 0, err
	}
	return out, resp.GetRevision(), nil
}

func contents(ms []*typesv1.PartContent) ([]vcn.PartContent, error) {
	out := make([]vcn.PartContent, len(ms))
	for i, m := range ms {
		pc, err := convert.PartContentFromProto(m)
		if err != nil {
			return nil, fmt.Errorf("control plane client: parts[%d]: %w", i, err)
		}
		out[i] = pc
	}
	return out, nil
}

// Versions returns the current versions of the given parts (of every
// part if none is given) and the revision.
func (c *Client) Versions(ctx context.Context, parts ...vcn.PartID) (vcn.VersionVector, int64, error) {
	req := &cpv1.VersionsRequest{}
	for _, p := range parts {
		req.Parts = append(req.Parts, convert.PartIDToProto(p))
	}
	resp, err := c.rpc.Versions(ctx, req)
	if err != nil {
		return nil, 0, ErrorFromStatus(err)
	}
	v, err := convert.VectorFromProto(resp.GetVersions())
	if err != nil {
		return nil, 0, fmt.Errorf("control plane client: %w", err)
	}
	return v, resp.GetRevision(), nil
}

// permanent reports whether a watch error will not go away by retrying.
func permanent(err error) bool {
	switch status.Code(err) {
	case codes.InvalidArgument, codes.Unimplemented, codes.PermissionDenied, codes.Unauthenticated:
		return true
	}
	return errors.Is(err, context.Canceled)
}
