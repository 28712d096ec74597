// Package nisinttest runs the NIS against the real control plane, with
// real parts only: embedded etcd (controlplane/store), the controlplane
// library and its gRPC server on loopback, configuration made through the
// control plane's gRPC client, the NIS (nisvc.Service) mirroring it over
// gRPC, its nisgrpc server on loopback and a gRPC NIS client standing for
// a ToR controller, and the VXLAN slow path over the in-memory substrate.
//
// The package holds tests and benchmarks only. Being a test harness, it
// may import anything of the project's control plane and NIS (the one
// place where both meet besides the binaries).
package nisinttest
