// Package p4src holds the smart-ToR P4_16 program (smarttor.p4, v1model,
// BMv2-compatible) and its build outputs under build/. The Go package only
// embeds them so that binaries and tests load the same bytes.
//
// It imports nothing of this project.
package p4src
