// Package netns builds the network-namespace lab (make lab): the embedded
// lab's topology with real Linux hosts. Each host is a network namespace
// whose eth0 (a veth) is the VNIC; the peer is a port of a smarttor switch.
// The switches, their tor-agents and the control plane run in one "tor"
// namespace (AF_PACKET on the switch ends, gRPC on its own loopback); the
// NIS runs in a "nis" namespace joined to the tor namespace by a
// management link and to the ToRs' substrate ports by a Linux bridge in a
// "substrate" namespace. Nothing is created in the root namespace, so
// deleting the lab's namespaces removes every veth and bridge it made.
//
// The topology comes from a small YAML file (topo/lab.yaml, see Lab); Up
// builds it with iproute2 and starts the processes, Down removes it in
// whatever state it is, Status describes it.
//
// It may import package vcn; it runs the project's binaries, never
// imports the components.
package netns
