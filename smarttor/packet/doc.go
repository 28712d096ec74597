// Package packet has small zero-allocation header views for the smarttor
// switch's own use (its ports, the embedded lab and tests): Ethernet, an
// 802.1Q tag, IPv4, UDP and VXLAN, in the style of gVisor netstack's header
// package. The P4 interpreter parses packets generically and does not need
// them; keep this package minimal.
//
// A view is a []byte starting at the header, with accessors at named
// offsets (an ASCII diagram of the header sits above them). IsValid must
// pass before any accessor is called: accessors do not check bounds beyond
// what IsValid guarantees, and IsValid never panics, whatever the bytes.
// Build composes whole frames from field structs, filling in lengths,
// EtherTypes, protocol numbers and checksums.
//
// The subpackage checker composes packet assertions for tests.
//
// packet may import the standard library only.
package packet
