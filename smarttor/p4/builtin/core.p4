/* core.p4: the P4_16 core library, as declared by the smarttor target.
 * Written for this project from the P4_16 language specification. */
#ifndef SMARTTOR_CORE_P4
#define SMARTTOR_CORE_P4
#define _CORE_P4_ /* as p4c's core.p4, for programs that #ifdef on it */
/// Errors every target signals.
error {
    NoError,               // no error
    PacketTooShort,        // not enough bits in the packet for extract
    NoMatch,               // select expression without a matching case
    StackOutOfBounds,      // header stack index out of range
    HeaderTooShort,        // varbit field larger than the header allows
    ParserTimeout,         // parser exceeded its time budget
    ParserInvalidArgument  // parser operation with an invalid argument
}

/// The packet being parsed.
extern packet_in {
    /// Extracts a fixed-size header into hdr and advances the cursor.
    void extract<T>(out T hdr);
    /// Extracts a header with one varbit field of the given size.
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    /// Reads bits from the cursor without advancing it.
    T lookahead<T>();
    /// Moves the cursor forward.
    void advance(in bit<32> sizeInBits);
    /// Length of the whole packet in bytes.
    bit<32> length();
}

/// The packet being built by a deparser.
extern packet_out {
    /// Appends hdr (only valid headers) to the packet.
    void emit<T>(in T hdr);
}

/// Stops the parser with toSignal when check is false.
extern void verify(in bool check, in error toSignal);

/// The action that does nothing, default for most tables.
@noWarn("unused")
action NoAction() {}

/// The match kinds every target supports.
match_kind {
    exact,
    ternary,
    lpm
}

/// Compile-time assertions.
extern bool static_assert(bool check, string message);
extern bool static_assert(bool check);

#endif /* SMARTTOR_CORE_P4 */
