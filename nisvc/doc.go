// Package nisvc is the network interface service (NIS): it mirrors the
// VCN configuration from the control plane, resolves flow info for the
// smart-ToR controllers, tracks which ToR holds which flows and pushes or
// notifies invalidations, and (in nisvc/slowpath) forwards the packets ToRs
// tunnel to it on a miss.
//
// This package wires the parts into a Service, the Go API that the gRPC
// adapter (nisvc/nisgrpc) and cmd/nisvc use:
//
//	nisvc/config     immutable configuration snapshots (copy-on-write per kind)
//	nisvc/mirror     keeps a snapshot in step with the control plane
//	nisvc/resolve    flow info from a snapshot, lock-free
//	nisvc/track      who holds what; coalescing push/notify subscriptions
//	nisvc/shard      which replica owns which VNIC (rendezvous hashing)
//	nisvc/slowpath   the VXLAN slow path and its transports
//	nisvc/nisgrpc    the proto/nis/v1 NIS gRPC server
//	nisvc/membership the member list in etcd (leases), for shard
//
// Replicas. Every replica mirrors the whole configuration; a VNIC's flows
// are resolved, tracked and invalidated by its owner only (ErrNotOwner
// elsewhere). When the member list changes, the flows a replica tracks for
// VNICs it no longer owns are sent to their ToRs as Removed, so that the
// controllers resolve them again at the new owner, which then tracks them.
//
// Races. ResolveFlows resolves a batch against one snapshot and records it;
// if a newer snapshot was published meanwhile, the flows recorded at older
// versions are invalidated at once, so a bump that raced a resolution is
// never lost.
//
// It may import package vcn, the proto packages and proto/convert, its own
// subpackages and gopacket; never controller, controlplane or smarttor.
// (Of its subpackages, only nisvc/membership imports controlplane/store,
// and nisvc/nisinttest, tests only, the whole control plane.)
package nisvc
