// Package match implements the table matching engines of the smart-ToR
// interpreter: Exact (hash on the key bytes), LPM (one longest-prefix field
// plus exact fields) and Ternary (ternary, range, optional, LPM and exact
// fields with priorities). They store values of any type V (the interpreter
// stores a pointer to an immutable action entry) and leave the default entry
// to the caller: a miss is (zero V, false).
//
// Keys. A Schema lists the match fields; a key is the concatenation of the
// fields, each byte-aligned and big-endian in ceil(bits/8) bytes with the
// unused high bits zero. Values of inserted entries are checked against the
// field widths (ErrInvalid), and masks are canonicalised: value & mask (the
// prefix mask for LPM), so callers may pass unmasked values.
//
// Semantics follow P4Runtime: an exact or LPM entry is identified by its
// (masked) key; a ternary entry by its masked match and its priority, and the
// entry with the numerically largest priority wins. Inserting a ternary entry
// whose priority equals that of an entry it overlaps with (some key matches
// both) fails with ErrPriorityTie, so a look-up never depends on insertion
// order. Insert of an existing entry fails with ErrExists; Modify and Delete
// of a missing one with ErrNotFound.
//
// Concurrency. Each table is single-writer/many-reader under a sync.RWMutex:
// Lookup takes the read lock, so packets on several cores look up in
// parallel; Insert, Modify, Delete and Apply take the write lock (Apply holds
// it for a whole batch). This was picked over an immutable snapshot behind an
// atomic pointer because a P4Runtime batch against a 100k-entry table would
// otherwise copy the table, and a flow cache is written all the time. Range
// holds the read lock: its callback must not write to the table.
//
// Lookup does not allocate: Exact indexes its map with string(key), which the
// compiler does without a copy; LPM masks the key into a stack buffer (keys up
// to MaxStackKey bytes; longer keys allocate).
//
// match may import only the standard library.
package match
