// DNSError: why a received DNS message was refused.

/// A DNS message that cannot be read. Every hostile or broken packet maps to one of these; none traps.
public enum DNSError: Error, Equatable, Sendable {
    /// The packet ends in the middle of a field.
    case truncated
    /// The header announces more questions or records than the packet could possibly hold.
    case countsExceedPacket
    /// A compression pointer does not point strictly before the name segment it appears in (which is how
    /// a pointer loop shows).
    case badPointer
    /// A label type other than a plain label or a pointer (the reserved `01`/`10` prefixes).
    case badLabelType
    /// A name longer than 255 bytes on the wire.
    case nameTooLong
    /// A record's data does not match its type (an A record that is not 4 bytes, a name running past the
    /// data's end, TXT strings not filling it exactly).
    case badRecordData
    /// A name or a label that cannot be written (a label over 63 bytes, a name over 255).
    case cannotEncode
}
