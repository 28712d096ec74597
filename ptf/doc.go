// Package ptf holds packet tests of p4src/smarttor.p4 on the smarttor
// target, PTF-style: send a packet on a port, expect exact packets on
// exact ports and nothing else.
//
// Each test starts its own device (smarttor/device) on in-memory ports,
// serves P4Runtime on a loopback listener and drives it with
// p4runtime-go-client as a controller would: arbitration with an election
// id, SetForwardingPipelineConfig with the embedded build of smarttor.p4
// (package p4src), table writes, counter reads, digests, idle-timeout
// notifications and packet-ins on the StreamChannel. Frames are built with
// gopacket. A barrier (an ARP request for the VTEP on port 9, answered on
// port 9) proves the pipeline has processed everything sent before it, so
// "nothing else came out" is checked without sleeping.
//
// The same cases exist as STF files under stf/ (generated from the Go
// builders with -update, run with smarttor/stf) and as classic PTF tests
// for BMv2 labs under python/. TestNetns repeats three cases on veth pairs
// in a network namespace through AF_PACKET; it runs as root only.
//
// The package has only tests. They may import smarttor's packages, p4src,
// the P4Runtime API and its Go client, gRPC and gopacket; never the
// controller, so they test the P4 program and the target, not our
// controller's encoding of entries.
package ptf
