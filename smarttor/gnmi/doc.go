// Package gnmi is the smarttor switch's gNMI server: the openconfig-interfaces
// view of its ports (names, oper-status, counters) for Capabilities, Get and
// Subscribe (ONCE, POLL, and STREAM with SAMPLE, ON_CHANGE and
// TARGET_DEFINED subscriptions). Set is not implemented: ports have no
// configuration to change yet.
//
// The server reads its data from an InterfaceSource, a snapshot of every
// port plus a feed of operational-status changes; *ports.Set is one. The
// server is thin: it validates requests, turns the snapshot into leaves
// (/interfaces/interface[name=X]/state/...), matches the requested paths
// against them, with "*" for a key value or element name and "..." for any
// number of elements, and maps errors to gRPC status codes: INVALID_ARGUMENT
// for malformed requests, NOT_FOUND for paths outside the model or naming
// an interface that does not exist, UNIMPLEMENTED for Set and unsupported
// encodings.
//
// Values are sent as the request's encoding asks: PROTO as scalar typed
// values, JSON_IETF as RFC 7951 JSON (64-bit counters as strings), JSON as
// plain JSON. Every update carries the leaf's absolute path; the
// notification prefix carries only the request's target and origin.
//
// gnmi may import the standard library, gRPC, the gNMI API and
// smarttor/ports (for the types of InterfaceSource); ports never imports
// gnmi.
package gnmi
