// Package controller is the per-ToR P4Runtime controller: it reads digests
// from a smart ToR, asks the NIS for flow info, installs flow-cache entries
// with their version metadata and runs the four invalidation strategies.
//
// It may import the vcn domain package, the project's generated protobuf
// packages and the P4Runtime API. It talks to switches only through
// P4Runtime: it never imports smarttor.
package controller
