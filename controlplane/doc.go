// Package controlplane is the VCN control plane: the configuration API
// (create, update, delete, get, list of the objects of package vcn),
// validation, versions over configuration parts, and the watch stream of
// version bumps, over an etcd store (package controlplane/store). The gRPC
// service (controlplane/server) and the daemon (cmd/vcn-controlplane) are
// thin layers over it; other components use controlplane/client, whose
// methods mirror this package's.
//
// # Validation
//
// Before anything is stored, an object passes its own vcn Validate and the
// cross-object checks: references exist and belong to the same VCN (subnet
// → VCN, route table, security lists of kind subnet; VNIC → subnet, NSGs of
// kind NSG; security list, route table, mapping → VCN); a subnet lies
// inside its VCN's CIDRs and overlaps no other subnet of that VCN (VCNs are
// isolated: their address spaces may overlap); a VNIC's IP lies in its
// subnet and is unique in its VCN; MACs, VNIC Nums and (ToR, port, VLAN)
// attachments are unique across the deployment; a mapping's overlay IP
// lies in its VCN. A subnet's, security list's or route table's VCN cannot
// change. Errors are *vcn.FieldError naming the field. A change that
// others' references forbid (deleting a referenced object, shrinking a
// VCN or subnet away from what it holds, turning a used security list into
// an NSG) is api.ErrInUse, also with the field.
//
// # Versions
//
// Versions are kept per part, at the data plane's granularity: PartPolicy
// keyed by VNIC ID (the VNIC's effective rules: its subnet's security
// lists' rules, then its NSGs'), PartMapping keyed "VCNID/overlayIP",
// PartRoute keyed by route table ID. A part's version starts at 0 (absent)
// and every change that touches the part adds exactly 1, in the same etcd
// transaction as the change itself; deleting the part's object bumps it
// too (its content is then Deleted), and versions are never removed, so
// a re-created part goes on counting. What each change bumps:
//
//	VNIC create/delete                policy/<vnic>, mapping/<vcn>/<ip>
//	VNIC NSGs changed                 policy/<vnic>
//	VNIC subnet changed               policy/<vnic>, old and new mapping
//	VNIC IP or attachment changed     old and new mapping (a move)
//	VNIC Num or MAC changed           policy/<vnic>, mapping (data-plane identity)
//	security list rules changed       policy of every VNIC whose subnet lists
//	                                  it or whose NSGs include it
//	subnet security lists changed     policy of each of its VNICs
//	subnet route table changed        route/<old>, route/<new>
//	route table create/edit/delete    route/<table>
//	mapping create/edit/delete        mapping/<vcn>/<ip>
//	VCN, unused security list,        nothing
//	subnet create/delete, no-op edit
//
// Mappings are explicit: a VNIC does not create its Mapping object (the
// control plane does not know ToRs' substrate addresses), but creating,
// moving or deleting a VNIC bumps the mapping part of its IP so that
// cached entries towards it are revalidated.
//
// # Store and concurrency
//
// Key layout under the store's prefix (default "/vcn/"):
//
//	objects/<kind>/<id>      binary vcnflowcache.types.v1.Object; kind is vcn,
//	                         subnet, vnic, securitylist, routetable, mapping;
//	                         mappings are objects/mapping/<vcn>/<ip>
//	versions/<kind>/<key>    decimal version of a part: versions/policy/<vnic>,
//	                         versions/mapping/<vcn>/<ip>, versions/route/<table>
//	meta/config              the write guard (see below)
//
// Each ControlPlane mirrors the store in memory, fed by an etcd watch; a
// change is planned against the mirror and committed in one transaction
// that writes the object, every bumped version and meta/config, if
// meta/config's mod revision is still the one the mirror had: concurrent
// writers (other goroutines, other ControlPlanes on the same cluster) make
// the compare fail, and the change is planned again once the mirror has
// caught up. One guard key rather than a compare per key read: validation
// reads ranges (every subnet of a VCN, every VNIC using a security list),
// and per-key compares would miss an object another writer inserts into
// such a range; the guard makes changes serializable. The etcd revision of the commit is the change's Revision;
// Watch streams versions/ from etcd's history, so it resumes from any
// revision not yet compacted.
//
// It may import the vcn domain package, the project's generated protobuf
// packages and proto/convert, and its own subpackages. Only its store
// subpackage imports etcd.
package controlplane
