// Package lab is the embedded lab behind `make run`: a whole vcn-flowcache
// deployment in one process, with no root and no network beyond loopback.
//
//   - the control plane: an embedded etcd in a temporary directory, the
//     controlplane.ControlPlane over it and its gRPC server on 127.0.0.1:0;
//   - the NIS: a real nisvc.Service mirroring the control plane over gRPC,
//     its nisgrpc server on loopback and its VXLAN slow path, reached
//     through a "NIS host" (nishost.go) that turns the Ethernet/IPv4/UDP
//     frames of the substrate segment into slow-path payloads and back;
//   - N smart ToRs: smarttor/device instances running p4src's embedded
//     build, with one in-memory host port per attachment point and a
//     substrate port on one shared learning-bridge ports.Segment, each
//     served over P4Runtime on loopback and driven by a real
//     controller.Agent through controller/switchconn;
//   - synthetic instances that send frames on their host ports and record
//     what arrives, and a correctness oracle (oracle.go) that checks every
//     arriving packet against a reference evaluation of the configuration
//     in force when it was sent.
//
// Entry points: Start(ctx, Topology, ...Option) returns a running *Lab;
// Lab.Send injects one packet of a flow, Lab.RunTraffic runs synthetic
// flows, Lab.DenyPort, AllowPort, MoveVNIC and ChangeRoute change the
// configuration and return a *Change with per-ToR acknowledgement and
// clean-up times, Lab.Stats reads the ToRs' counters, Lab.Verdict judges
// every arrival, Lab.Close tears everything down. Scenario is `make run`
// (cmd/vcnlab).
//
// Quiesce holds traffic during each change, to measure a change alone.
//
// The configuration comes from a Topology (generated, or read from YAML
// under topo/) and is loaded through the control-plane client, as a user
// would load it.
//
// It may import every component of the project (cmd → topo → components).
package lab
