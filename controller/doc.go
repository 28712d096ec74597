// Package controller is the per-ToR P4Runtime controller (the agent): it
// reads digests from a smart ToR, asks the NIS for flow info, installs
// flow-cache entries with their version metadata and runs the four
// invalidation strategies.
//
// Design:
//   - One switch connection (controller/switchconn) reports events; the
//     agent's event loop owns arbitration and stream messages.
//   - Misses go into a bounded, de-duplicating queue; one worker resolves
//     them in batches through the NIS and installs them. Installing writes
//     the version entries a batch needs first and the flow entries second
//     (two Writes: P4Runtime may apply one batch in any order).
//   - One writer lock serialises every change of the flow cache and of
//     its record (install, delete, bump); flows released at the NIS while
//     their resolution was in flight are resolved again.
//   - controller/cache is the record of the switch: which part each version
//     slot holds at which version, and which entries depend on it. A bump
//     is one version write per part, after which every dependent entry
//     misses in the data plane; deleting or rewriting the entries follows
//     in batches.
//   - Becoming primary (start, restart, takeover, reconnect) re-programs the
//     static state and reconciles: every version entry is deleted, so no
//     old entry can forward, and every entry is re-resolved and rewritten
//     with fresh slots.
//
// It may import package vcn, proto/convert, the generated protos, the
// P4Runtime API and its own subpackages. It talks to switches only through
// P4Runtime: it never imports smarttor.
package controller
