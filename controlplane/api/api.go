// Package api holds the types of the control plane's Go API that its
// server side (package controlplane) and its client (controlplane/client)
// share: object kinds and references, the result of a change, list
// filters, watch events, the errors a caller tells apart, and reading the
// CA file both sides of mutual TLS use.
//
// It exists so that the client does not link the server side (and with it
// etcd). It imports package vcn and the standard library only.
package api

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// Errors of the API. Invalid input is a *vcn.FieldError naming the field.
var (
	ErrNotFound      = errors.New("not found")
	ErrAlreadyExists = errors.New("already exists")
	// ErrInUse is returned when deleting (or changing) an object that
	// others still refer to.
	ErrInUse = errors.New("in use")
)

// Kind is the kind of a configuration object.
type Kind uint8

// Object kinds. The values match controlplane.v1.ObjectKind.
const (
	KindVCN          Kind = 1
	KindSubnet       Kind = 2
	KindVNIC         Kind = 3
	KindSecurityList Kind = 4
	KindRouteTable   Kind = 5
	KindMapping      Kind = 6
)

// Kinds lists every kind, in the order objects may be created.
var Kinds = []Kind{KindVCN, KindSecurityList, KindRouteTable, KindSubnet, KindVNIC, KindMapping}

var kindNames = [...]string{
	KindVCN: "vcn", KindSubnet: "subnet", KindVNIC: "vnic",
	KindSecurityList: "securitylist", KindRouteTable: "routetable", KindMapping: "mapping",
}

// String returns the kind's name, e.g. "securitylist".
func (k Kind) String() string {
	if k >= KindVCN && k <= KindMapping {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k >= KindVCN && k <= KindMapping }

// ParseKind parses a kind name; it accepts the String form, plurals, and
// "security-list"/"sl"/"nsg", "route-table"/"rt".
func ParseKind(s string) (Kind, error) {
	n := strings.ToLower(strings.ReplaceAll(s, "-", ""))
	n = strings.TrimSuffix(n, "s")
	switch n {
	case "sl", "nsg", "securitylist":
		return KindSecurityList, nil
	case "rt", "routetable":
		return KindRouteTable, nil
	}
	for k := KindVCN; k <= KindMapping; k++ {
		if kindNames[k] == n {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown kind %q: want vcn, subnet, vnic, securitylist, routetable or mapping", s)
}

// Ref names an object. A mapping's ID is "VCNID/overlayIP".
type Ref struct {
	Kind Kind
	ID   string
}

// String formats r as "kind/id".
func (r Ref) String() string { return r.Kind.String() + "/" + r.ID }

// MappingID is the ID of the mapping of overlayIP in VCN vcnID.
func MappingID(vcnID, overlayIP string) string { return vcnID + "/" + overlayIP }

// RefOf returns the reference of a configuration object (a vcn.VCN,
// vcn.Subnet, vcn.VNIC, vcn.SecurityList, vcn.RouteTable or vcn.Mapping).
func RefOf(obj any) (Ref, error) {
	switch o := obj.(type) {
	case vcn.VCN:
		return Ref{KindVCN, o.ID}, nil
	case vcn.Subnet:
		return Ref{KindSubnet, o.ID}, nil
	case vcn.VNIC:
		return Ref{KindVNIC, o.ID}, nil
	case vcn.SecurityList:
		return Ref{KindSecurityList, o.ID}, nil
	case vcn.RouteTable:
		return Ref{KindRouteTable, o.ID}, nil
	case vcn.Mapping:
		return Ref{KindMapping, MappingID(o.VCNID, o.OverlayIP.String())}, nil
	}
	return Ref{}, fmt.Errorf("not a configuration object: %T", obj)
}

// Change is the result of a committed change: the parts it bumped, at
// their new versions, and the store revision of the commit.
type Change struct {
	Bumped   []vcn.PartVersion
	Revision int64
}

// ListFilter selects the objects List returns.
type ListFilter struct {
	Kind  Kind
	VCNID string // only objects of this VCN (VNICs: through their subnet)
	ToR   string // only VNICs behind this ToR
}

// WatchEvent is one step of a watch: the parts bumped at Revision, in part
// order. With content requested, each bump carries the content of the
// bumped version; when a watch resumes from a revision so old that the
// control plane no longer remembers that content (beyond its last 100k
// bumps), it carries the part's current content and the version that
// content is at, newer than the bump (later bumps then repeat it).
//
// The first event of a watch has no bumps: its Revision is the revision the
// watch starts after, from which a resumed watch continues. Compacted means
// the revision asked for is gone: the watcher must resynchronise (with
// CompareVersions) and watch on from Revision.
type WatchEvent struct {
	Revision  int64
	Bumps     []vcn.PartContent
	Compacted bool
}

// ErrorDomain and ErrorReasonField identify the google.rpc.ErrorInfo detail
// with which the gRPC API carries a *vcn.FieldError; its metadata keys are
// "object", "field" and "message".
const (
	ErrorDomain      = "vcn-flowcache.controlplane"
	ErrorReasonField = "FIELD"
)

// ControlPlane is the control plane's Go API. *controlplane.ControlPlane
// implements it in process and *client.Client over gRPC, so that the lab,
// the NIS and the controller can take either.
type ControlPlane interface {
	Create(ctx context.Context, obj any) (Change, error)
	Update(ctx context.Context, obj any) (Change, error)
	Delete(ctx context.Context, r Ref) (Change, error)
	Get(ctx context.Context, r Ref) (any, error)
	List(ctx context.Context, f ListFilter) ([]any, int64, error)
	CompareVersions(ctx context.Context, held vcn.VersionVector, includeNew, includeContent bool) ([]vcn.PartContent, int64, error)
	Versions(ctx context.Context, parts ...vcn.PartID) (vcn.VersionVector, int64, error)
	Watch(ctx context.Context, from int64, includeContent bool) (<-chan WatchEvent, error)
}
