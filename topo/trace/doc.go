// Package trace generates synthetic flow traces for vcn-flowcache: a
// population of instances (VNICs) in VCNs behind smart ToRs, with the
// configuration a real deployment would hold for them (security lists,
// network security groups, route tables, overlay→substrate mappings), and
// a time-ordered stream of packet events over that population.
//
// Two users share it: the embedded lab, whose synthetic instances send the
// trace's packets through real switches, and the trade-off study
// (topo/tradeoff), which replays it against a model of the flow cache.
//
// A trace is deterministic: the same Config (Seed included) yields the same
// population and the same events, on every machine. It is produced lazily:
// a Generator holds only the flows active at the current time (a heap keyed
// by each flow's next packet), so a trace of hours costs memory in
// proportion to its concurrency, not its length.
//
// The shape follows what flow-cache studies of data-centre traffic observe:
// flows arrive as a Poisson process; the remote end of a flow is drawn from
// a Zipf distribution over destinations (a few peers and services take most
// flows); most flows are short (a handful of packets, a request and its
// reply) while a small share is long (many packets spread over seconds) and
// carries most bytes; both directions of a connection appear, since a smart
// ToR caches each direction of a VNIC's flow separately. Configuration
// changes (a policy, a mapping, a route table) arrive as events of their
// own, interleaved with the packets.
//
// The package may import the standard library and package vcn only.
package trace
