// Package tradeoff models the seed patent's trade-off on a flow trace:
// how much switch memory (table entries) a smart ToR spends against how
// much of the traffic goes through the slow path (the NIS), for three
// designs:
//
//   - full configuration on the switch: every security rule, mapping and
//     route of every VNIC behind the ToR, expanded the way a data plane holds
//     them (port ranges become ternary entries); no slow path except
//     packets to destinations the configuration does not know;
//   - everything through the NIS: no entries, every packet on the slow path;
//   - the flow cache, across table sizes, under each invalidation strategy
//     (nis-push, nis-notify, tor-passive, tor-active), with the
//     controller's eviction policy: entries idle for the idle timeout
//     leave, and a full table evicts the oldest installation first.
//
// It is a model, not the switch: time advances with the trace, a miss
// installs its entry after a fixed latency (packets of the flow meanwhile
// also take the slow path), a configuration change reaches the controller
// after a strategy-dependent delay, and its dependents are rewritten
// (push, active) or deleted (notify, passive) at a finite rate after that.
// The real switch's and controller's figures come from their own
// benchmarks; this package says what the design costs on a given traffic
// shape.
//
// Entries carry the versions of the parts they were built from, and the
// modelled switch holds a version table updated when the controller learns
// of a change (its one version write). Every packet forwarded by an entry
// behind that table is counted as forwarded under stale configuration: the
// version check of the data plane turns such hits into misses, so the count
// is 0 with the check, and the same model run without the check shows what
// the check prevents.
//
// The package may import the standard library, package vcn and topo/trace.
package tradeoff
