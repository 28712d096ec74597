// Package nisvc is the network interface service (NIS): it mirrors the
// VCN configuration from the control plane, resolves flow info for the
// controllers, processes slow-path packets tunnelled to it by smart ToRs and
// tracks which ToR holds which configuration parts so that it can push or
// notify invalidations.
//
// It may import the vcn domain package and the project's generated protobuf
// packages; never controller or smarttor.
package nisvc
