// Package convert converts between the domain types of package vcn and the
// project's protobuf messages, in one place, so that the components' cores
// never take protobuf messages (the gobgp model: the gRPC layer is a thin
// adapter over the Go API).
//
// From protobuf, conversion parses addresses and prefixes and fails with an
// error naming the field; it does not validate objects (vcn's Validate
// does). It may import package vcn and the generated proto packages.
package convert
