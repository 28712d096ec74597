// Package vcn holds the domain model shared by every component of
// vcn-flowcache: the VCN configuration objects (VCN, subnet, VNIC, security
// list, route table, overlay→substrate mapping), the flow key and flow info a
// smart ToR caches, and the versions that keep that cache honest.
//
// Configuration is divided into three kinds of parts, at the granularity the
// data plane checks: a VNIC's effective Policy (its security lists and
// network security groups), one overlay IP's Mapping (overlay IP in a VCN →
// substrate VTEP and VNI) and one Route table. Each part has a version; a
// VersionVector is a vector clock over parts. A cached flow entry records the
// versions of the parts it was built from, and comparing those with the
// authoritative vector tells which entries are stale.
//
// The package is pure Go with no I/O. It imports only the standard library
// and nothing of this project; everything else may import it.
package vcn
