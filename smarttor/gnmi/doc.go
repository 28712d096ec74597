// Package gnmi is the smarttor switch's gNMI server: the openconfig-interfaces
// view of its ports (names, oper-status, counters) for Capabilities, Get and
// Subscribe (ONCE, POLL, and STREAM with SAMPLE, ON_CHANGE and
// TARGET_DEFINED subscriptions), and Set of the one configurable leaf,
// /interfaces/interface[name=X]/config/enabled (admin status), when the
// source is also an AdminSource.
//
// The server reads its data from an InterfaceSource, a snapshot of every
// port plus a feed of operational-status changes; *ports.Set is one. The
// server is thin: it validates requests, turns the snapshot into leaves
// (/interfaces/interface[name=X]/state/...), matches the requested paths
// against them, with "*" for a key value or element name and "..." for any
// number of elements, and maps errors to gRPC status codes: INVALID_ARGUMENT
// for malformed requests and leaves that cannot be set, NOT_FOUND for paths
// outside the model or naming an interface that does not exist (and for
// origins other than "openconfig"), UNIMPLEMENTED for unsupported
// encodings and for Set on a read-only source.
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
