// ByteReader: big-endian fields read from a received packet, never past its end.

/// Reads big-endian integers and byte runs from a packet. Every read checks the length first and throws
/// the reader's `truncated` error instead of reading past the end, so a decoder built on it cannot trap on
/// a short or hostile packet.
public struct ByteReader<Failure: Error> {
    /// The whole packet (DNS names point back into it).
    public let bytes: [UInt8]
    /// Where the next read starts.
    public var offset: Int
    private let truncated: Failure

    /// Creates a reader at `offset` that throws `truncated` when a read would pass the end.
    public init(_ bytes: [UInt8], offset: Int = 0, truncated: Failure) {
        self.bytes = bytes
        self.offset = offset
        self.truncated = truncated
    }

    /// Bytes left after ``offset``.
    public var remaining: Int { max(0, bytes.count - offset) }

    /// One byte.
    public mutating func u8() throws(Failure) -> UInt8 {
        guard offset < bytes.count else { throw truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A big-endian 16-bit number.
    public mutating func u16() throws(Failure) -> UInt16 {
        let run = try take(2)
        return UInt16(run[run.startIndex]) << 8 | UInt16(run[run.startIndex + 1])
    }

    /// A big-endian 32-bit number.
    public mutating func u32() throws(Failure) -> UInt32 {
        let run = try take(4)
        return run.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The next `count` bytes.
    public mutating func take(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw truncated }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: Int) throws(Failure) { _ = try take(count) }
}
